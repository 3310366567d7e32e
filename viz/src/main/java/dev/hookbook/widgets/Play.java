package dev.hookbook.widgets;

/**
 * A play button that counts from {@code min} to {@code max}, one step every {@code intervalMs}
 * milliseconds, in the front end (ipywidgets' {@code Play}, {@code PlayModel}); link it to a
 * slider with {@link Widgets#jslink}. Java sees each value as it comes.
 */
public final class Play extends Widget<Integer> {

    /** Counts from {@code min} to {@code max}, a step every {@code intervalMs} ms while playing; starts at {@code min}. */
    public Play(int min, int max, int intervalMs) {
        super("PlayModel", "PlayView");
        if (min > max || intervalMs <= 0) {
            throw new IllegalArgumentException("Play expected min <= max and intervalMs > 0, got min=" + min
                    + ", max=" + max + ", intervalMs=" + intervalMs);
        }
        describedBy("", Style.description());
        setInitial("disabled", false);
        setInitial("interval", intervalMs);
        setInitial("max", max);
        setInitial("min", min);
        setInitial("playing", false);
        setInitial("repeat", false);
        setInitial("show_repeat", true);
        setInitial("step", 1);
        setInitial("value", min);
    }

    @Override
    public Integer value() {
        return ((Number) get("value")).intValue();
    }

    @Override
    public void setValue(Integer value) {
        set("value", value);
    }

    /** Whether the front end is playing. */
    public boolean playing() {
        return Boolean.TRUE.equals(get("playing"));
    }

    /** Starts or pauses playing (in the front end). */
    public Play setPlaying(boolean playing) {
        set("playing", playing);
        return this;
    }

    /** Counts in steps of {@code step} (default 1), as ipywidgets' {@code Play.step}. */
    public Play step(int step) {
        if (step < 1) throw new IllegalArgumentException("Play.step expected a step >= 1, got " + step);
        set("step", step);
        return this;
    }

    /** Whether to start again from {@code min} after {@code max}. */
    public Play repeat(boolean repeat) {
        set("repeat", repeat);
        return this;
    }
}

package dev.hookbook.widgets;

/** A slider of whole numbers (ipywidgets' {@code IntSlider}, {@code IntSliderModel}). */
public final class IntSlider extends Widget<Integer> {

    /** A slider from {@code min} to {@code max} in steps of 1, at {@code value}. */
    public IntSlider(String description, int min, int max, int value) {
        super("IntSliderModel", "IntSliderView");
        Sliders.check("IntSlider", min, max, value);
        describedBy(description, Style.slider());
        Sliders.keys(this, "d");
        setInitial("max", max);
        setInitial("min", min);
        setInitial("step", 1);
        setInitial("value", value);
    }

    @Override
    public Integer value() {
        return ((Number) get("value")).intValue();
    }

    /** Moves the slider (clamped to its range, as the front end would). */
    @Override
    public void setValue(Integer value) {
        set("value", Math.max(min(), Math.min(max(), value)));
    }

    public int min() {
        return ((Number) get("min")).intValue();
    }

    public int max() {
        return ((Number) get("max")).intValue();
    }

    /** Sets the step between values (default 1). */
    public IntSlider step(int step) {
        set("step", step);
        return this;
    }
}

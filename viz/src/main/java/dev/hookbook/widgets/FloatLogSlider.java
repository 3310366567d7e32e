package dev.hookbook.widgets;

/**
 * A slider on a logarithmic scale, for values such as a learning rate (ipywidgets'
 * {@code FloatLogSlider}, {@code FloatLogSliderModel}): the front end moves the exponent, base 10,
 * in steps of 0.1.
 */
public final class FloatLogSlider extends Widget<Float> {

    /** A slider from {@code min} to {@code max} (both &gt; 0; the values, not their exponents), at {@code value}. */
    public FloatLogSlider(String description, float min, float max, float value) {
        super("FloatLogSliderModel", "FloatLogSliderView");
        if (!(min > 0)) {
            throw new IllegalArgumentException("FloatLogSlider expected min > 0, got " + min);
        }
        Sliders.check("FloatLogSlider", min, max, value);
        describedBy(description, Style.slider());
        setInitial("base", 10.0);
        Sliders.keys(this, ".3g");
        setInitial("max", Math.log10(max));
        setInitial("min", Math.log10(min));
        setInitial("step", 0.1);
        setInitial("value", (double) value);
    }

    @Override
    public Float value() {
        return ((Number) get("value")).floatValue();
    }

    /** Moves the slider (clamped to its range). */
    @Override
    public void setValue(Float value) {
        double min = Math.pow(10, ((Number) get("min")).doubleValue()), max = Math.pow(10, ((Number) get("max")).doubleValue());
        set("value", Math.max(min, Math.min(max, value.doubleValue())));
    }
}

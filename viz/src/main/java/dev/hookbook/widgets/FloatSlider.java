package dev.hookbook.widgets;

/** A slider of real numbers (ipywidgets' {@code FloatSlider}, {@code FloatSliderModel}). */
public final class FloatSlider extends Widget<Float> {

    /** A slider from {@code min} to {@code max} in steps of {@code step}, at {@code value}. */
    public FloatSlider(String description, float min, float max, float step, float value) {
        super("FloatSliderModel", "FloatSliderView");
        Sliders.check("FloatSlider", min, max, value);
        if (!(step > 0)) {
            throw new IllegalArgumentException("FloatSlider expected a step > 0, got " + step);
        }
        describedBy(description, Style.slider());
        Sliders.keys(this, ".2f");
        setInitial("max", (double) max);
        setInitial("min", (double) min);
        setInitial("step", (double) step);
        setInitial("value", (double) value);
    }

    @Override
    public Float value() {
        return ((Number) get("value")).floatValue();
    }

    /** Moves the slider (clamped to its range). */
    @Override
    public void setValue(Float value) {
        double min = ((Number) get("min")).doubleValue(), max = ((Number) get("max")).doubleValue();
        set("value", Math.max(min, Math.min(max, value.doubleValue())));
    }

    /** Sets the readout's format, a Python format such as {@code ".2f"} or {@code ".1e"}. */
    public FloatSlider readoutFormat(String format) {
        set("readout_format", format);
        return this;
    }
}

package dev.hookbook.widgets;

/** What the sliders share: their keys and the checks of their range. */
final class Sliders {

    private Sliders() {}

    /** The keys every ipywidgets slider has, with {@code readoutFormat} its readout's format. */
    static void keys(Widget<?> slider, String readoutFormat) {
        slider.setInitial("behavior", "drag-tap");
        slider.setInitial("continuous_update", true);
        slider.setInitial("disabled", false);
        slider.setInitial("orientation", "horizontal");
        slider.setInitial("readout", true);
        slider.setInitial("readout_format", readoutFormat);
    }

    static void check(String widget, double min, double max, double value) {
        if (!(min <= max) || !(value >= min && value <= max)) {
            throw new IllegalArgumentException(widget + " expected min <= value <= max, got min=" + min
                    + ", value=" + value + ", max=" + max);
        }
    }
}

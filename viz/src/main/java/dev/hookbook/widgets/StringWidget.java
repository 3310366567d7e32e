package dev.hookbook.widgets;

/**
 * A widget whose value is a string shown as it is (ipywidgets' {@code StringModel}, the base of
 * {@code Label} and {@code HTML}): the same state, each with its own model, view and style.
 */
abstract class StringWidget extends Widget<String> {

    StringWidget(String model, String view, Style style, String value) {
        super(model, view);
        describedBy("", style);
        setInitial("placeholder", "\u200b");
        setInitial("value", value == null ? "" : value);
    }

    @Override
    public String value() {
        return (String) get("value");
    }

    @Override
    public void setValue(String value) {
        set("value", value == null ? "" : value);
    }
}

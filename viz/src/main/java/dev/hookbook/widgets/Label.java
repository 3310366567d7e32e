package dev.hookbook.widgets;

/** A line of plain text (ipywidgets' {@code Label}, {@code LabelModel}). */
public final class Label extends Widget<String> {

    /** A label showing {@code value}. */
    public Label(String value) {
        super("LabelModel", "LabelView");
        describedBy("", Style.label());
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

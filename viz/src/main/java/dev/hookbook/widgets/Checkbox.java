package dev.hookbook.widgets;

/** A check box (ipywidgets' {@code Checkbox}, {@code CheckboxModel}). */
public final class Checkbox extends Widget<Boolean> {

    /** A check box labelled {@code description}, ticked when {@code value}. */
    public Checkbox(String description, boolean value) {
        super("CheckboxModel", "CheckboxView");
        describedBy(description, Style.checkbox());
        setInitial("disabled", false);
        setInitial("indent", true);
        setInitial("value", value);
    }

    @Override
    public Boolean value() {
        return Boolean.TRUE.equals(get("value"));
    }

    @Override
    public void setValue(Boolean value) {
        set("value", Boolean.TRUE.equals(value));
    }
}

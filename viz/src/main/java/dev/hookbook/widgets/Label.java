package dev.hookbook.widgets;

/** A line of plain text (ipywidgets' {@code Label}, {@code LabelModel}). */
public final class Label extends StringWidget {

    /** A label showing {@code value}. */
    public Label(String value) {
        super("LabelModel", "LabelView", Style.label(), value);
    }
}

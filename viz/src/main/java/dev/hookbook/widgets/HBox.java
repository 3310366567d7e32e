package dev.hookbook.widgets;

/** Widgets side by side (ipywidgets' {@code HBox}, {@code HBoxModel}). */
public final class HBox extends Box {

    /** {@code children} side by side, in order. */
    public HBox(Widget<?>... children) {
        super("HBoxModel", "HBoxView", children);
    }
}

package dev.hookbook.widgets;

/** Widgets side by side (ipywidgets' {@code HBox}, {@code HBoxModel}). */
public final class HBox extends Box {

    public HBox(Widget<?>... children) {
        super("HBoxModel", "HBoxView", children);
    }
}

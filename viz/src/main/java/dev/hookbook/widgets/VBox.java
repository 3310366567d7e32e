package dev.hookbook.widgets;

/** Widgets one below the other (ipywidgets' {@code VBox}, {@code VBoxModel}). */
public final class VBox extends Box {

    public VBox(Widget<?>... children) {
        super("VBoxModel", "VBoxView", children);
    }
}

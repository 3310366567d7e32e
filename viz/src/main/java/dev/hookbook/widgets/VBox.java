package dev.hookbook.widgets;

/** Widgets one below the other (ipywidgets' {@code VBox}, {@code VBoxModel}). */
public final class VBox extends Box {

    /** {@code children} one below the other, in order. */
    public VBox(Widget<?>... children) {
        super("VBoxModel", "VBoxView", children);
    }
}

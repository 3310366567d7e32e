package dev.hookbook.widgets;

import dev.hookbook.display.MimeBundle;

import java.util.ArrayList;
import java.util.List;

/** What {@link HBox} and {@link VBox} share: children as {@code "IPY_MODEL_<id>"} references, shown before the box. */
abstract class Box extends Widget<List<Widget<?>>> {

    private volatile List<Widget<?>> children;

    Box(String modelName, String viewName, Widget<?>... children) {
        super(modelName, viewName);
        domWidget();
        setInitial("box_style", "");
        this.children = List.of(children);
        setInitial("children", references(this.children));
    }

    private static List<String> references(List<Widget<?>> children) {
        List<String> references = new ArrayList<>();
        for (Widget<?> child : children) {
            references.add(child.reference());
        }
        return references;
    }

    @Override
    String valueKey() {
        return "children";
    }

    /** The widgets in the box, in order. */
    @Override
    public final List<Widget<?>> value() {
        return children;
    }

    /** Replaces the widgets in the box (each is shown first). */
    @Override
    public final void setValue(List<Widget<?>> children) {
        List<Widget<?>> copy = List.copyOf(children);
        if (isOpen()) {
            copy.forEach(Widget::ensureOpen);
        }
        this.children = copy;
        set("children", references(copy));
    }

    @Override
    List<Widget<?>> referenced() {
        List<Widget<?>> all = new ArrayList<>(super.referenced());
        all.addAll(children);
        return all;
    }

    /**
     * Without widgets a box shows the picture of the last {@link Image} in it (or in a box in it),
     * so a notebook saved with an explorer or an {@code interact} still shows its chart.
     */
    @Override
    void fallback(MimeBundle bundle) {
        Image image = lastImage();
        if (image != null) image.fallback(bundle);
    }

    /** The last {@link Image} with a picture in this box or in a box in it, or null if there is none. */
    public Image lastImage() {
        List<Widget<?>> children = value();
        for (int i = children.size() - 1; i >= 0; i--) {
            Widget<?> child = children.get(i);
            Image found = child instanceof Image picture && picture.value().length > 0 ? picture
                    : child instanceof Box inner ? inner.lastImage() : null;
            if (found != null) return found;
        }
        return null;
    }

    @Override
    String plainValue() {
        return children.toString();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(children=" + children + ")";
    }
}

package dev.hookbook.widgets;

import java.util.List;

/**
 * Two widgets' keys kept equal by the front end itself, with no round trip through the kernel
 * (ipywidgets' {@code jslink}, {@code LinkModel}); made by {@link Widgets#jslink}.
 */
public final class Link extends ValuelessModel {

    private final Widget<?> source;
    private final Widget<?> target;

    Link(Widget<?> source, String sourceKey, Widget<?> target, String targetKey) {
        super(CONTROLS, VERSION, "LinkModel", CONTROLS, null);
        for (String key : List.of(sourceKey, targetKey)) {
            if (key == null || key.isEmpty()) {
                throw new IllegalArgumentException("jslink expected the names of two state keys, got '" + key + "'");
            }
        }
        if (!source.state().containsKey(sourceKey) || !target.state().containsKey(targetKey)) {
            throw new IllegalArgumentException("jslink expected keys the widgets have, got " + source.getClass().getSimpleName()
                    + "." + sourceKey + " and " + target.getClass().getSimpleName() + "." + targetKey);
        }
        this.source = source;
        this.target = target;
        setInitial("source", List.of(source.reference(), sourceKey));
        setInitial("target", List.of(target.reference(), targetKey));
        ensureOpen();
    }

    @Override
    List<Widget<?>> referenced() {
        return List.of(source, target);
    }

    @Override
    public String toString() {
        return "Link(source=" + get("source") + ", target=" + get("target") + ")";
    }
}

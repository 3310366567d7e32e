package dev.hookbook.widgets;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A push button (ipywidgets' {@code Button}, {@code ButtonModel}). Its value is its label; a click
 * in the front end (the {@code custom} message {@code {"event": "click"}}) runs the
 * {@link #onClick} actions on the kernel's comm thread.
 */
public final class Button extends Widget<String> {

    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger clicks = new AtomicInteger();

    /** A button whose label is {@code description}. */
    public Button(String description) {
        super("ButtonModel", "ButtonView");
        domWidget();
        setInitial("button_style", "");
        setInitial("description", description == null ? "" : description);
        setInitial("disabled", false);
        setInitial("icon", "");
        setInitial("style", own(Style.button()));
    }

    /** Runs {@code action} at each click (ipywidgets' {@code on_click}). */
    public Button onClick(Runnable action) {
        actions.add(java.util.Objects.requireNonNull(action, "action"));
        return this;
    }

    /** Clicks the button from Java: runs the click actions, as a click in the front end does. */
    public void click() {
        clicks.incrementAndGet();
        for (Runnable action : actions) {
            action.run();
        }
    }

    /** How many times the button was clicked. */
    public int clicks() {
        return clicks.get();
    }

    @Override
    String valueKey() {
        return "description";
    }

    /** The button's label. */
    @Override
    public String value() {
        return (String) get("description");
    }

    /** Changes the button's label. */
    @Override
    public void setValue(String description) {
        set("description", description == null ? "" : description);
    }

    @Override
    void onCustom(Map<String, Object> content) {
        if ("click".equals(content.get("event"))) {
            click();
        }
    }

    @Override
    public String toString() {
        return "Button(description='" + value() + "')";
    }
}

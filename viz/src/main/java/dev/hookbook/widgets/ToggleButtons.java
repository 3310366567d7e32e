package dev.hookbook.widgets;

import java.util.List;

/** A row of buttons of which one is pressed, the first at the start (ipywidgets' {@code ToggleButtons}). */
public final class ToggleButtons extends Selection {

    /** One button per option (at least one), labelled {@code description}. */
    public ToggleButtons(String description, List<String> options) {
        super("ToggleButtons", "ToggleButtonsModel", "ToggleButtonsView", description, options, Style.toggleButtons());
        setInitial("button_style", "");
        setInitial("icons", List.of());
        setInitial("tooltips", List.of());
    }
}

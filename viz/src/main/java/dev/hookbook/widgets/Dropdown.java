package dev.hookbook.widgets;

import java.util.List;

/** A drop-down list of options, the first selected (ipywidgets' {@code Dropdown}, {@code DropdownModel}). */
public final class Dropdown extends Selection {

    /** A drop-down of {@code options} (at least one), labelled {@code description}. */
    public Dropdown(String description, List<String> options) {
        super("Dropdown", "DropdownModel", "DropdownView", description, options, Style.description());
    }
}

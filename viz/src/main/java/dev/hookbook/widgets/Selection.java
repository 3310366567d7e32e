package dev.hookbook.widgets;

import java.util.List;

/** What the one-of-several widgets share: the labels and the selected index, the keys ipywidgets syncs. */
abstract class Selection extends Widget<String> {

    private final List<String> options;

    Selection(String widget, String modelName, String viewName, String description, List<String> options, Style style) {
        super(modelName, viewName);
        if (options == null || options.isEmpty()) {
            throw new IllegalArgumentException(widget + " expected at least one option, got " + options);
        }
        this.options = List.copyOf(options);
        setInitial("_options_labels", this.options);
        describedBy(description, style);
        setInitial("disabled", false);
        setInitial("index", 0);
    }

    @Override
    final String valueKey() {
        return "index";
    }

    /** The selected option's label. */
    @Override
    public final String value() {
        return options.get(index());
    }

    /** Selects {@code option}, one of the options. */
    @Override
    public final void setValue(String option) {
        int index = options.indexOf(option);
        if (index < 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expected one of " + options + ", got '" + option + "'");
        }
        set("index", index);
    }

    /** The selected option's position. */
    public final int index() {
        Object index = get("index");
        return index instanceof Number number ? number.intValue() : 0;
    }

    /** The options, in order. */
    public final List<String> options() {
        return options;
    }
}

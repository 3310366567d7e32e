package dev.hookbook.widgets;

import java.util.List;

/** ipywidgets' {@code Layout} ({@code LayoutModel} of {@code @jupyter-widgets/base}): every CSS key unset. */
final class Layout extends ValuelessModel {

    private static final List<String> KEYS = List.of("align_content", "align_items", "align_self", "border_bottom",
            "border_left", "border_right", "border_top", "bottom", "display", "flex", "flex_flow", "grid_area",
            "grid_auto_columns", "grid_auto_flow", "grid_auto_rows", "grid_column", "grid_gap", "grid_row",
            "grid_template_areas", "grid_template_columns", "grid_template_rows", "height", "justify_content",
            "justify_items", "left", "margin", "max_height", "max_width", "min_height", "min_width", "object_fit",
            "object_position", "order", "overflow", "padding", "right", "top", "visibility", "width");

    Layout() {
        super(BASE, VERSION, "LayoutModel", BASE, "LayoutView");
        for (String key : KEYS) {
            setInitial(key, null);
        }
    }

    @Override
    public String toString() {
        return "Layout()";
    }
}

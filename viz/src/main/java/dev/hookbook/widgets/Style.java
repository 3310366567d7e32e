package dev.hookbook.widgets;

import java.util.Map;

/** A control's style model ({@code SliderStyleModel}, {@code DescriptionStyleModel}, ...), shown by the base module's {@code StyleView}. */
final class Style extends ValuelessModel {

    private Style(String modelName, Map<String, Object> keys) {
        super(CONTROLS, VERSION, modelName, BASE, "StyleView");
        keys.forEach(this::setInitial);
    }

    private static Style of(String modelName, Object... keysAndValues) {
        Map<String, Object> keys = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            keys.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return new Style(modelName, keys);
    }

    static Style description() {
        return of("DescriptionStyleModel", "description_width", "");
    }

    static Style slider() {
        return of("SliderStyleModel", "description_width", "", "handle_color", null);
    }

    static Style checkbox() {
        return of("CheckboxStyleModel", "background", null, "description_width", "");
    }

    static Style toggleButtons() {
        return of("ToggleButtonsStyleModel", "button_width", "", "description_width", "", "font_weight", "");
    }

    static Style button() {
        return of("ButtonStyleModel", "button_color", null, "font_family", null, "font_size", null, "font_style", null,
                "font_variant", null, "font_weight", null, "text_color", null, "text_decoration", null);
    }

    static Style label() {
        return of("LabelStyleModel", "background", null, "description_width", "", "font_family", null, "font_size", null,
                "font_style", null, "font_variant", null, "font_weight", null, "text_color", null, "text_decoration", null);
    }

    static Style html() {
        return of("HTMLStyleModel", "background", null, "description_width", "", "font_size", null, "text_color", null);
    }

    @Override
    public String toString() {
        return get("_model_name") + "()";
    }
}

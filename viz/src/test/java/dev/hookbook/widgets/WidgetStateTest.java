package dev.hookbook.widgets;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each widget's full state against the state ipywidgets 8.1 sends for the same widget
 * ({@code ipywidgets-states.json}, written by {@code tools/widgets/dump_ipywidgets_states.py}):
 * the same keys, the same model and view names, modules and versions, the same values.
 */
class WidgetStateTest {

    private static final JsonObject IPYWIDGETS = load();
    private static final Gson GSON = new GsonBuilder().serializeNulls().create();

    private static JsonObject load() {
        try (var in = WidgetStateTest.class.getResourceAsStream("ipywidgets-states.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state as JSON, references and binary values written as the fixture writes them, keys sorted. */
    private static JsonElement normalised(Widget<?> widget) {
        Map<String, Object> state = new TreeMap<>();
        widget.state().forEach((key, value) -> state.put(key, plain(value)));
        return GSON.toJsonTree(state);
    }

    private static Object plain(Object value) {
        if (value instanceof byte[]) {
            return "<bytes>";
        }
        if (value instanceof String text && text.startsWith(Widget.REFERENCE)) {
            return Widget.REFERENCE;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(WidgetStateTest::plain).toList();
        }
        if (value instanceof Float number) {
            return Math.round(number * 1e6) / 1e6; // float arguments, compared as the doubles Python has
        }
        return value;
    }

    private static void assertLikeIpywidgets(String name, Widget<?> widget) {
        JsonObject expected = IPYWIDGETS.getAsJsonObject(name);
        JsonObject actual = normalised(widget).getAsJsonObject();
        assertEquals(new TreeMap<>(expected.asMap()).keySet(), new TreeMap<>(actual.asMap()).keySet(), name + " keys");
        for (String key : expected.keySet()) {
            JsonElement want = expected.get(key), got = actual.get(key);
            if (want.isJsonPrimitive() && want.getAsJsonPrimitive().isNumber()) {
                assertEquals(want.getAsDouble(), got.getAsDouble(), 1e-6, name + "." + key);
            } else {
                assertEquals(want, got, name + "." + key);
            }
        }
    }

    /** The owned model that {@code key} ("style", "layout") refers to. */
    private static Widget<?> model(Widget<?> widget, String key) {
        Object reference = widget.state().get(key);
        return widget.referenced().stream().filter(m -> m.reference().equals(reference)).findFirst().orElseThrow();
    }

    @Test
    void slidersHaveIpywidgetsState() {
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        assertLikeIpywidgets("IntSlider", slider);
        assertLikeIpywidgets("SliderStyleModel", model(slider, "style"));
        assertLikeIpywidgets("LayoutModel", model(slider, "layout"));
        assertLikeIpywidgets("FloatSlider", new FloatSlider("lr", 0f, 1f, 0.05f, 0.5f));
        assertLikeIpywidgets("FloatLogSlider", new FloatLogSlider("lr", 1e-4f, 1f, 0.01f));
    }

    @Test
    void selectionsHaveIpywidgetsState() {
        Dropdown dropdown = new Dropdown("act", List.of("relu", "tanh"));
        assertLikeIpywidgets("Dropdown", dropdown);
        assertLikeIpywidgets("DescriptionStyleModel", model(dropdown, "style"));
        ToggleButtons toggles = new ToggleButtons("data", List.of("circle", "xor"));
        assertLikeIpywidgets("ToggleButtons", toggles);
        assertLikeIpywidgets("ToggleButtonsStyleModel", model(toggles, "style"));
    }

    @Test
    void buttonsAndTextHaveIpywidgetsState() {
        Checkbox checkbox = new Checkbox("noise", true);
        assertLikeIpywidgets("Checkbox", checkbox);
        assertLikeIpywidgets("CheckboxStyleModel", model(checkbox, "style"));
        Button button = new Button("go");
        assertLikeIpywidgets("Button", button);
        assertLikeIpywidgets("ButtonStyleModel", model(button, "style"));
        assertLikeIpywidgets("Play", new Play(0, 10, 200));
        Label label = new Label("hello");
        assertLikeIpywidgets("Label", label);
        assertLikeIpywidgets("LabelStyleModel", model(label, "style"));
        HTML html = new HTML("<b>hi</b>");
        assertLikeIpywidgets("HTML", html);
        assertLikeIpywidgets("HTMLStyleModel", model(html, "style"));
    }

    @Test
    void containersImagesAndLinksHaveIpywidgetsState() {
        assertLikeIpywidgets("Image", new Image(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
        assertLikeIpywidgets("Output", new Output());
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        Play play = new Play(0, 10, 200);
        HBox box = new HBox(slider);
        assertLikeIpywidgets("HBox", box);
        assertEquals(List.of("IPY_MODEL_" + slider.modelId()), box.state().get("children"));
        assertLikeIpywidgets("VBox", new VBox(slider, play));
        Link link = Widgets.jslink(play, slider);
        assertLikeIpywidgets("LinkModel", link);
        assertEquals(List.of("IPY_MODEL_" + play.modelId(), "value"), link.state().get("source"));
    }

    @Test
    void theProtocolVersionIsIpywidgets8s() {
        assertEquals(IPYWIDGETS.get("protocol").getAsString(), Widget.PROTOCOL_VERSION);
    }

    @Test
    void valuesWorkWithoutAKernel() {
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        List<Integer> seen = new java.util.ArrayList<>();
        slider.observe(seen::add);
        slider.setValue(7);
        slider.setValue(7); // unchanged: nobody told
        slider.setValue(40); // clamped to max
        assertEquals(List.of(7, 10), seen);
        assertEquals(10, slider.value());
        Dropdown dropdown = new Dropdown("act", List.of("relu", "tanh"));
        dropdown.setValue("tanh");
        assertEquals(1, dropdown.index());
        assertEquals("tanh", dropdown.value());
        assertTrue(slider.toMimeBundle(java.util.Set.of()).data().keySet().equals(java.util.Set.of("text/plain")),
                "outside a kernel only the text fallback");
        assertEquals("IntSlider(description='n', value=10)", slider.toMimeBundle(java.util.Set.of()).plainText());
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> new IntSlider("n", 0, 10, 11));
        assertEquals("IntSlider expected min <= value <= max, got min=0.0, value=11.0, max=10.0", range.getMessage());
        IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
                () -> new Dropdown("act", List.of("relu")).setValue("gelu"));
        assertEquals("Dropdown expected one of [relu], got 'gelu'", option.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FloatLogSlider("lr", 0f, 1f, 0.5f));
        assertThrows(IllegalArgumentException.class, () -> new Dropdown("act", List.of()));
    }
}

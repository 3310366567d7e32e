package dev.hookbook.widgets;

import dev.hookbook.display.CommListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The widget protocol as a widget speaks it, with a test playing the front end. */
class WidgetCommTest {

    private RecordingComms comms;

    @BeforeEach
    void install() {
        comms = new RecordingComms();
    }

    @AfterEach
    void uninstall() {
        comms.close();
    }

    @Test
    void showingOpensTheLayoutAndStyleFirstThenTheWidgetWithItsState() {
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        assertTrue(comms.sent().isEmpty(), "nothing is sent before the widget is shown");
        var bundle = slider.toMimeBundle(Set.of());
        List<RecordingComms.Sent> opens = comms.sent();
        assertEquals(3, opens.size());
        assertEquals(List.of("LayoutModel", "SliderStyleModel", "IntSliderModel"),
                opens.stream().map(o -> ((Map<?, ?>) o.data().get("state")).get("_model_name")).toList());
        RecordingComms.Sent open = opens.get(2);
        assertEquals("jupyter.widget", open.target());
        assertEquals(slider.modelId(), open.commId());
        assertEquals(Map.of("version", "2.1.0"), open.metadata());
        assertEquals(List.of(), open.data().get("buffer_paths"));
        assertEquals(3, ((Map<?, ?>) open.data().get("state")).get("value"));
        assertEquals("{\"version_major\": 2, \"version_minor\": 0, \"model_id\": \"" + slider.modelId() + "\"}",
                bundle.data().get(Widget.VIEW_MIME));
        assertEquals("IntSlider(description='n', value=3)", bundle.plainText());
        slider.toMimeBundle(Set.of());
        assertEquals(3, comms.sent().size(), "shown twice, opened once");
    }

    @Test
    void aValueSetInJavaIsSentAsAnUpdate() {
        FloatSlider slider = new FloatSlider("lr", 0f, 1f, 0.1f, 0.5f);
        slider.toMimeBundle(Set.of());
        slider.setValue(0.25f);
        RecordingComms.Sent update = comms.last();
        assertEquals("msg", update.kind());
        assertEquals(Map.of("method", "update", "state", Map.of("value", 0.25), "buffer_paths", List.of()), update.data());
    }

    @Test
    void anUpdateFromTheFrontEndIsEchoedThenSeenAndObserved() {
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        List<Integer> seen = new ArrayList<>();
        slider.observe(seen::add);
        slider.toMimeBundle(Set.of());
        comms.fromFrontEnd(slider.modelId(), Map.of("method", "update", "state", Map.of("value", 8L), "buffer_paths", List.of()), List.of());
        assertEquals(8, slider.value());
        assertEquals(List.of(8), seen);
        assertEquals(Map.of("method", "echo_update", "state", Map.of("value", 8L), "buffer_paths", List.of()), comms.last().data());
    }

    @Test
    void requestStateIsAnsweredWithTheFullState() {
        Checkbox box = new Checkbox("noise", true);
        box.toMimeBundle(Set.of());
        comms.fromFrontEnd(box.modelId(), Map.of("method", "request_state"), List.of());
        Map<?, ?> state = (Map<?, ?>) comms.last().data().get("state");
        assertEquals("update", comms.last().data().get("method"));
        assertEquals(box.state().keySet(), state.keySet());
    }

    @Test
    void aClickRunsTheActions() {
        Button button = new Button("go");
        AtomicInteger clicks = new AtomicInteger();
        button.onClick(clicks::incrementAndGet);
        button.toMimeBundle(Set.of());
        comms.fromFrontEnd(button.modelId(), Map.of("method", "custom", "content", Map.of("event", "click")), List.of());
        comms.fromFrontEnd(button.modelId(), Map.of("method", "custom", "content", Map.of("event", "other")), List.of());
        assertEquals(1, clicks.get());
        assertEquals(1, button.clicks());
    }

    @Test
    void imagesTravelAsBinaryBuffers() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
        Image image = new Image(png);
        var bundle = image.toMimeBundle(Set.of());
        RecordingComms.Sent open = comms.last();
        assertEquals(List.of(List.of("value")), open.data().get("buffer_paths"));
        assertFalse(((Map<?, ?>) open.data().get("state")).containsKey("value"), "the bytes are a buffer, not JSON");
        assertArrayEquals(png, open.buffers().get(0));
        assertTrue(bundle.data().containsKey("image/png"), "the PNG is the fallback");
        byte[] next = {(byte) 0x89, 'P', 'N', 'G', 9};
        image.setValue(next);
        assertEquals(List.of(List.of("value")), comms.last().data().get("buffer_paths"));
        assertArrayEquals(next, comms.last().buffers().get(0));
        comms.fromFrontEnd(image.modelId(), Map.of("method", "update", "state", Map.of(), "buffer_paths", List.of(List.of("value"))),
                List.of(png));
        assertArrayEquals(png, image.value());
    }

    @Test
    void closingClosesTheWidgetAndItsModels() {
        int before = Widgets.openCount();
        Dropdown dropdown = new Dropdown("act", List.of("relu", "tanh"));
        dropdown.toMimeBundle(Set.of());
        assertEquals(before + 3, Widgets.openCount());
        dropdown.close();
        assertEquals(before, Widgets.openCount());
        assertEquals(3, comms.sent().stream().filter(s -> s.kind().equals("close")).count());
        dropdown.setValue("tanh");
        assertEquals("close", comms.last().kind(), "a closed widget sends nothing");
    }

    @Test
    void boxesOpenTheirChildrenFirstAndReferToThem() {
        IntSlider slider = new IntSlider("n", 0, 10, 3);
        Label label = new Label("x");
        HBox box = new HBox(slider, label);
        box.toMimeBundle(Set.of());
        RecordingComms.Sent open = comms.last();
        assertEquals(box.modelId(), open.commId());
        Map<?, ?> state = (Map<?, ?>) open.data().get("state");
        assertEquals(List.of("IPY_MODEL_" + slider.modelId(), "IPY_MODEL_" + label.modelId()), state.get("children"));
        assertTrue(comms.sent().stream().anyMatch(s -> s.commId().equals(slider.modelId())));
    }

    @Test
    void theControlCommAnswersRequestStatesWithEveryOpenWidget() {
        Image image = new Image(new byte[] {1, 2});
        image.toMimeBundle(Set.of());
        CommListener control = comms.targets.get(Widgets.CONTROL_TARGET).opened("control-1", Map.of(), List.of());
        control.onMessage(Map.of("method", "request_states"), List.of());
        RecordingComms.Sent reply = comms.last();
        assertEquals("control-1", reply.commId());
        assertEquals("update_states", reply.data().get("method"));
        Map<?, ?> states = (Map<?, ?>) reply.data().get("states");
        Map<?, ?> entry = (Map<?, ?>) states.get(image.modelId());
        assertEquals("ImageModel", entry.get("model_name"));
        assertTrue(((List<?>) reply.data().get("buffer_paths")).contains(List.of(image.modelId(), "state", "value")));
    }

    @Test
    void outputCaptureSetsTheRunningRequestsMsgIdWhileTheBlockRuns() {
        Output out = new Output();
        List<Object> during = new ArrayList<>();
        out.capture(() -> during.add(out.state().get("msg_id")));
        assertEquals(List.of("request-1"), during);
        assertEquals("", out.state().get("msg_id"));
        out.appendStdout("hi\n");
        assertEquals(List.of(Map.of("output_type", "stream", "name", "stdout", "text", "hi\n")), out.value());
    }

    @Test
    void interactRedrawsOffTheCallersThreadAndCoalescesMoves() throws Exception {
        IntSlider slider = new IntSlider("n", 0, 100, 0);
        CountDownLatch firstRedrawStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        VBox view = Widgets.interact(() -> {
            int run = runs.incrementAndGet();
            threads.add(Thread.currentThread().getName());
            if (run == 2) {
                firstRedrawStarted.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return "n=" + slider.value();
        }, slider);
        assertEquals(1, runs.get(), "drawn once at the start");
        slider.setValue(1);
        assertTrue(firstRedrawStarted.await(10, TimeUnit.SECONDS));
        for (int i = 2; i <= 50; i++) {
            slider.setValue(i); // dragged while the redraw runs
        }
        release.countDown();
        HTML text = (HTML) ((VBox) view.value().get(1)).value().get(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!text.value().contains("n=50") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("<pre>n=50</pre>", text.value());
        assertEquals(3, runs.get(), "49 moves during a redraw make one more run");
        assertTrue(threads.get(1).startsWith("hookbook-widgets-interact"), threads::toString);
    }
}

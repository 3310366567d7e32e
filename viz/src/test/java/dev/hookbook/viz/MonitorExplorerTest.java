package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.widgets.Image;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Monitor#explorer()}: the steps it keeps, its controls, its redraws and its fallback without a kernel. */
class MonitorExplorerTest {

    /** Trains the digits CNN {@code steps} steps with {@code monitor} made by {@code attach}. */
    private static Monitor trained(int steps, Function<Sequential, Monitor> attach) {
        Hookbook.manualSeed(1);
        Sequential model = Models.cnn();
        Monitor monitor = attach.apply(model);
        Adam opt = new Adam(model.parameters(), 0.01f);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < steps; i++) Models.step(model, opt, batches.get(i % batches.size()), monitor);
        monitor.close();
        return monitor;
    }

    /** Waits for a redraw done off this thread: the bytes of {@code image} differ from {@code before}. */
    private static byte[] changed(Image image, byte[] before) throws InterruptedException {
        for (int i = 0; i < 600 && Arrays.equals(image.value(), before); i++) Thread.sleep(50);
        return image.value();
    }

    /**
     * Waits until the picture is {@code expected} (at most 30 s): after two controls move, the
     * coalesced redraws may first show the picture of the first move alone.
     */
    private static byte[] becomes(Image image, byte[] expected) throws InterruptedException {
        for (int i = 0; i < 600 && !Arrays.equals(image.value(), expected); i++) Thread.sleep(50);
        return image.value();
    }

    /** Writes the picture into the directory named by HOOKBOOK_TEST_PICTURES, when set, to look at it. */
    private static void save(String name, Image image) throws IOException {
        String dir = System.getenv("HOOKBOOK_TEST_PICTURES");
        if (dir != null) Files.write(Files.createDirectories(Path.of(dir)).resolve(name), image.value());
    }

    @Test
    void theSliderRunsOverTheRecordedStepsAndTheDropdownOverTheModules() {
        MonitorExplorer explorer = trained(12, Monitor::attach).explorer();
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), explorer.steps());
        assertEquals(1, explorer.stepSlider().min());
        assertEquals(12, explorer.stepSlider().max());
        assertEquals(12, explorer.stepSlider().value(), "it starts at the last step");
        assertEquals(12, explorer.play().value());
        assertEquals(List.of("0 (Conv2d)", "1 (BatchNorm2d)", "2 (ReLU)", "3 (MaxPool2d)", "4 (Flatten)", "5 (Linear)"),
                explorer.moduleDropdown().options());
        assertEquals("step 12, module 0 (Conv2d)", explorer.showing());
        assertTrue(explorer.image().value().length > 1000, "the picture of the last step is drawn at once");
        assertTrue(explorer.widget().value().contains(explorer.moduleDropdown()));
    }

    @Test
    void movingTheSliderOrTheDropdownRedrawsThePicture() throws Exception {
        MonitorExplorer explorer = trained(12, Monitor::attach).explorer();
        Image image = explorer.image();
        byte[] last = image.value();
        save("conv-step12.png", image);

        explorer.stepSlider().setValue(1);
        byte[] first = changed(image, last);
        assertFalse(Arrays.equals(first, last), "step 1 is drawn");
        assertEquals("step 1, module 0 (Conv2d)", explorer.showing());
        save("conv-step1.png", image);

        explorer.moduleDropdown().setValue("5 (Linear)");
        byte[] linear = changed(image, first);
        assertFalse(Arrays.equals(linear, first), "another module is drawn");
        assertTrue(linear.length < first.length, "a Linear layer has no feature maps: a smaller picture");
        save("linear-step1.png", image);

        explorer.stepSlider().setValue(12);
        explorer.moduleDropdown().setValue("0 (Conv2d)");
        assertArrayEquals(last, becomes(image, last), "the same step and module draw the same picture");
    }

    @Test
    void aLongRunKeepsABoundedNumberOfStepsSpreadFromFirstToLast() {
        Monitor monitor = trained(41, model -> Monitor.attach(model).explorerSteps(8));
        List<StepSnapshot> kept = monitor.snapshots();
        assertTrue(kept.size() <= 9, "at most 8 spread steps and the latest, got " + kept.size());
        assertEquals(1, kept.get(0).step());
        assertEquals(41, kept.get(kept.size() - 1).step());
        int stride = kept.get(1).step() - kept.get(0).step();
        for (int i = 1; i < kept.size(); i++) assertEquals(1 + i * stride, kept.get(i).step(), "evenly spread: " + kept);
        long bytes = kept.stream().mapToLong(StepSnapshot::bytes).max().orElseThrow();
        // 6 modules x 2 histograms of 40 bins, 8 maps of 8 x 8: well under 8 KB a step.
        assertTrue(bytes < 8_000, "a snapshot holds " + bytes + " bytes");

        MonitorExplorer explorer = monitor.explorer();
        assertEquals(stride, ((Number) explorer.stepSlider().state().get("step")).intValue());
        assertEquals(stride, ((Number) explorer.play().state().get("step")).intValue());
        explorer.stepSlider().setValue(1 + stride + 1); // between two kept steps: the one before
        assertEquals("step " + (1 + stride) + ", module 0 (Conv2d)", explorer.showing());
    }

    @Test
    void aSnapshotKeepsAFewSmallFeatureMaps() {
        float[] values = new float[16 * 28 * 28];
        for (int i = 0; i < values.length; i++) values[i] = i % 28; // the column index
        FeatureMaps small = StepSnapshot.shrink(new FeatureMaps(3, 16, 28, 28, values));
        assertEquals(StepSnapshot.CHANNELS, small.channels());
        assertEquals(14, small.height());
        assertEquals(14, small.width());
        assertEquals(0.5f, small.at(0, 0, 0), "columns 0 and 1 averaged");
        assertEquals(26.5f, small.at(7, 13, 13), "columns 26 and 27 averaged");
        assertEquals(3, small.step());
    }

    @Test
    void withoutAKernelTheExplorerShowsThePictureOfTheLastStep() {
        MonitorExplorer explorer = trained(5, Monitor::attach).explorer();
        MimeBundle bundle = explorer.toMimeBundle(Set.of(MimeBundle.PNG));
        assertEquals(Base64.getEncoder().encodeToString(explorer.image().value()), bundle.data().get(MimeBundle.PNG));
        assertEquals("MonitorExplorer(5 steps kept of 5, 6 modules; showing step 5, module 0 (Conv2d))", bundle.plainText());
        assertFalse(bundle.data().containsKey("application/vnd.jupyter.widget-view+json"), "no widget without a kernel");
    }

    @Test
    void anExplorerBeforeAnyStepSaysSo() {
        Monitor monitor = Monitor.attach(Models.cnn());
        MonitorExplorer explorer = monitor.explorer();
        monitor.close();
        assertEquals(List.of(), explorer.steps());
        assertTrue(explorer.toString().contains("nothing recorded"), explorer.toString());
        assertThrows(IllegalArgumentException.class, () -> monitor.explorerSteps(1));
    }

}

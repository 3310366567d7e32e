package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.display.Display;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.viz.live.FrameLoop;
import dev.hookbook.viz.live.LiveView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Live charts: throttled, always ending on the final state, and never in the way of training. */
class LiveViewTest {

    @Test
    void aNotebookGetsOneOutputPerChartUpdatedInPlaceAFewChartsAFrame() {
        Hookbook.manualSeed(0);
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        CountingDisplay display = new CountingDisplay();
        Monitor monitor = Monitor.attach(model).framesPerSecond(4).show(display);
        int charts = monitor.charts().size();
        assertEquals(charts, display.displays.get(), "show() puts one output per chart where it is called");

        List<Batch> batches = Models.batches(32);
        long start = System.nanoTime();
        for (int i = 0; i < 120; i++) Models.step(model, opt, batches.get(i % batches.size()), monitor);
        double seconds = (System.nanoTime() - start) / 1e9;
        int updatesBeforeClose = display.updates.get();
        long framesBeforeClose = monitor.frames();
        monitor.close();

        assertEquals(charts, display.displays.get(), "the outputs are updated in place");
        // show()'s own frame, at most 4 a second while training, and one per scheduled trailing frame.
        long bound = 2 + (long) Math.ceil(seconds * 4);
        assertTrue(framesBeforeClose <= bound, framesBeforeClose + " frames in " + seconds + " s, at most " + bound);
        assertTrue(updatesBeforeClose <= (framesBeforeClose - 1) * dev.hookbook.viz.live.NotebookView.CHARTS_PER_FRAME,
                updatesBeforeClose + " chart images in " + (framesBeforeClose - 1) + " live frames");
        assertTrue(display.updates.get() >= updatesBeforeClose + charts - dev.hookbook.viz.live.NotebookView.CHARTS_PER_FRAME,
                "close() redraws every chart, sending those that changed");
        BufferedImage last = (BufferedImage) display.last;
        assertTrue(last.getWidth() >= 500 && last.getWidth() <= 1000, "one chart per image, " + last.getWidth() + " wide");
        assertEquals(0, monitor.problems());
    }

    @Test
    void theEndOfACellDrawsTheFinalStateWithoutCloseOrFlush() {
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        CountingDisplay display = new CountingDisplay();
        // One frame a minute: only the end of the cell can bring the output up to date.
        Monitor monitor = Monitor.attach(model).framesPerSecond(1.0 / 60).show(display);
        List<Batch> batches = Models.batches(32);
        for (int cell = 1; cell <= 2; cell++) {
            for (int i = 0; i < 5; i++) Models.step(model, opt, batches.get(i), monitor);
            assertEquals(1, display.cellEnd.size(), "one final frame booked per cell, however many steps");
            int frames = display.frames();
            Object before = display.last;
            display.endCell();
            assertTrue(display.frames() > frames, "the end of cell " + cell + " drew a frame");
            assertTrue(display.last != before);
            assertEquals(5 * cell, monitor.steps(), "every step of the cell is in it");
        }
        monitor.close();
        assertEquals(0, monitor.problems());
    }

    @Test
    void anyViewMayBookTheFinalFrame() {
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        AtomicInteger shown = new AtomicInteger();
        List<Runnable> booked = new java.util.concurrent.CopyOnWriteArrayList<>();
        LiveView booking = new LiveView() {
            @Override
            public void show(java.util.Map<String, org.jfree.chart.JFreeChart> charts) {
                shown.incrementAndGet();
            }

            @Override
            public double defaultFramesPerSecond() {
                return 1.0 / 60; // one frame a minute: only the booked frame brings the view up to date
            }

            @Override
            public void bookFinalFrame(Runnable finalFrame) {
                booked.add(finalFrame);
            }
        };
        Monitor monitor = Monitor.attach(model).show(booking);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < 3; i++) Models.step(model, opt, batches.get(i), monitor);
        assertEquals(2, booked.size(), "offered at the end of each completed step");
        int frames = shown.get();
        booked.get(0).run();
        assertTrue(shown.get() > frames, "the booked frame draws"); // (the first step's frame may come in between)
        assertEquals(3, monitor.steps(), "and ends the step in progress first");
        monitor.close();
        assertEquals(0, monitor.problems());
    }

    @Test
    void aTrailingFrameFollowsTheLastStepWithoutAFlush() throws Exception {
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        CountingDisplay display = new CountingDisplay();
        Monitor monitor = Monitor.attach(model).framesPerSecond(20).show(display);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < 3; i++) Models.step(model, opt, batches.get(i), monitor);
        monitor.step();
        int frames = display.frames();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (display.frames() == frames && System.nanoTime() < deadline) Thread.sleep(10);
        assertTrue(display.frames() > frames, "a frame came after the last step");
        monitor.close();
    }

    @Test
    void aFailingDisplayNeverBreaksTraining() {
        Hookbook.manualSeed(1);
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        CountingDisplay display = new CountingDisplay();
        Monitor monitor = Monitor.attach(model).framesPerSecond(50).show(display);
        display.fail = true;
        List<Batch> batches = Models.batches(32);
        float first = 0, last = 0;
        for (int i = 0; i < 40; i++) {
            float loss = Models.step(model, opt, batches.get(i), monitor);
            if (i == 0) first = loss;
            last = loss;
        }
        monitor.flush();
        monitor.close();
        assertTrue(last < first, "training went on: loss " + first + " -> " + last);
        assertEquals(40, monitor.steps());
        assertTrue(monitor.problems() > 0, "the failures were reported");
    }

    @Test
    void aFailingViewNeverBreaksTraining() {
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        AtomicInteger calls = new AtomicInteger();
        LiveView broken = new LiveView() {
            @Override
            public void show(java.util.Map<String, org.jfree.chart.JFreeChart> charts) {
                calls.incrementAndGet();
                throw new OutOfMemoryError("pretend the renderer ran out of memory");
            }

            @Override
            public double defaultFramesPerSecond() {
                return 100;
            }
        };
        Monitor monitor = Monitor.attach(model).show(broken);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < 10; i++) Models.step(model, opt, batches.get(i), monitor);
        monitor.close();
        assertEquals(10, monitor.steps());
        assertTrue(calls.get() >= 2);
        assertTrue(monitor.problems() >= 2);
    }

    @Test
    void headlessChartsAreFilesRewrittenAsStepsGo(@TempDir Path dir) throws Exception {
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        Monitor monitor = Monitor.attach(model).show(dir);
        Path loss = dir.resolve("loss.png");
        assertTrue(Files.exists(loss), "show() writes the files at once");
        long firstSize = Files.size(loss);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < 5; i++) Models.step(model, opt, batches.get(i), monitor);
        monitor.close();
        assertTrue(Files.exists(dir.resolve("features-0.png")), "':' in a chart name becomes '-'");
        assertTrue(Files.size(loss) != firstSize, "rewritten with the loss curve");
        try (var files = Files.list(dir)) {
            assertEquals(6, files.count(), "no partial files left");
        }
    }

    @Test
    void withoutADisplayOrScreenShowWritesFiles() {
        assertTrue(Display.current().isEmpty());
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
        assertTrue(dev.hookbook.viz.live.LiveViews.forEnvironment("t", Path.of("x"))
                instanceof dev.hookbook.viz.live.PngDirectoryView);
    }

    @Test
    void theFrameLoopThrottlesRequests() throws Exception {
        AtomicInteger frames = new AtomicInteger();
        try (FrameLoop loop = new FrameLoop(frames::incrementAndGet, 10, e -> { })) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < 500_000_000L) loop.request(); // half a second of requests
            loop.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(frames.get() <= 2 + Math.ceil(seconds * 10), frames.get() + " frames in " + seconds + " s");
            assertTrue(frames.get() >= 3);
        }
    }
}

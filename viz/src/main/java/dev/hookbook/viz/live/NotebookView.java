package dev.hookbook.viz.live;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import org.jfree.chart.JFreeChart;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Charts in a notebook: one output per chart, each an image replaced in place with
 * {@link DisplayHandle#update} when its picture changed.
 *
 * <p>A frame costs the drawing of a few charts, not of all: each frame redraws at most
 * {@link #CHARTS_PER_FRAME} charts, those redrawn longest ago first, and sends only those whose
 * pixels changed. So the output moves at the frame rate while each chart is redrawn every few
 * frames, and a frame's image is one chart (tens of kilobytes), not all of them. The final frame
 * ({@link #showAll}: the first, a flush, a close, a cell's end) redraws every chart.
 *
 * <p>Frames draw into images they reuse, since a chart image is a megabyte or two and a fresh
 * one per chart and frame kept the collector busy next to training (in G1, arrays of half a
 * region or more are allocated one by one in the old generation, and each starts a concurrent
 * cycle sooner). An image is drawn into again only after another one has been sent in its
 * place: the display renders an image while {@code display} or {@code update} runs (as
 * {@link Display#display} asks), and the latest one it was sent is never touched.
 */
public final class NotebookView implements LiveView {
    /** How many charts one live frame redraws at most. */
    public static final int CHARTS_PER_FRAME = 2;

    private final Display display;
    private final AtomicBoolean finalFrameBooked = new AtomicBoolean();
    private final Map<String, Output> outputs = new LinkedHashMap<>();

    private final Map<Dimension, BufferedImage> spare = new HashMap<>(); // one free image per size
    private long frame; // frames shown so far, the clock of "redrawn longest ago"

    /** One chart's output: its handle, the image it shows and the frame that last redrew it. */
    private static final class Output {
        DisplayHandle handle;
        BufferedImage shown;
        long drawnAt = -1;
    }

    public NotebookView(Display display) {
        this.display = display;
    }

    /**
     * A notebook output is final once its cell ends: {@code finalFrame} runs then (once per cell,
     * however often this is called), so the output always ends on the final state.
     */
    @Override
    public void bookFinalFrame(Runnable finalFrame) {
        if (finalFrameBooked.compareAndSet(false, true)) {
            display.atCellEnd(() -> {
                finalFrameBooked.set(false);
                finalFrame.run();
            });
        }
    }

    /** A live frame: the {@link #CHARTS_PER_FRAME} charts redrawn longest ago (never drawn: first). */
    @Override
    public void show(Map<String, JFreeChart> charts) {
        show(charts, CHARTS_PER_FRAME);
    }

    /** A final frame: every chart. */
    @Override
    public void showAll(Map<String, JFreeChart> charts) {
        show(charts, charts.size());
    }

    private void show(Map<String, JFreeChart> charts, int atMost) {
        for (String name : charts.keySet()) outputs.computeIfAbsent(name, n -> new Output());
        List<String> due = charts.keySet().stream()
                .sorted(Comparator.comparingLong(name -> outputs.get(name).drawnAt)) // stable: ties keep chart order
                .limit(atMost)
                .toList();
        for (String name : charts.keySet()) { // in chart order, so the outputs appear in that order
            if (due.contains(name)) send(outputs.get(name), charts.get(name), ChartCanvas.size(name));
        }
        frame++;
    }

    /** Draws {@code chart} and sends it when its pixels differ from what its output shows. */
    private void send(Output out, JFreeChart chart, Dimension size) {
        BufferedImage image = spare.remove(size);
        if (image == null) image = new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB);
        ChartCanvas.draw(chart, image);
        out.drawnAt = frame;
        if (out.shown != null && Arrays.equals(pixels(out.shown), pixels(image))) {
            spare.put(size, image);
            return;
        }
        if (out.handle == null) {
            out.handle = display.display(image);
        } else {
            out.handle.update(image);
        }
        if (out.shown != null) spare.put(size, out.shown);
        out.shown = image;
    }

    private static int[] pixels(BufferedImage image) {
        return ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    }

    @Override
    public double defaultFramesPerSecond() {
        return 4;
    }
}

package dev.hookbook.viz;

import dev.hookbook.viz.chart.MonitorCharts;
import dev.hookbook.viz.live.FrameLoop;
import dev.hookbook.viz.live.LiveView;
import org.jfree.chart.JFreeChart;

import java.util.Map;
import java.util.function.Supplier;

/**
 * The drawing half of a {@link Monitor}: its charts and, once shown, the {@link LiveView} they
 * are shown in with the {@link FrameLoop} that redraws them there, off the training thread.
 *
 * <p>The charts are the same JFreeChart objects for the monitor's whole life (users restyle
 * them); each frame and each {@link #charts()} call brings them up to date from a fresh
 * {@link Recording}.
 */
final class LiveCharts {
    private final Supplier<Recording> recording;
    private final ProblemCounter problems;

    // The frame thread and a user's charts() both change the same chart objects: the lock keeps
    // them from doing it at once. It also orders show() and close(). The training thread never
    // takes it: requestFrame() only reads the volatile field below.
    private final Object lock = new Object();
    private MonitorCharts charts; // made at the first frame or charts() call
    private boolean closed;
    private volatile Shown shown; // null until show()

    /** A view and the loop that draws into it. */
    private record Shown(LiveView view, FrameLoop loop) {}

    LiveCharts(Supplier<Recording> recording, ProblemCounter problems) {
        this.recording = recording;
        this.problems = problems;
    }

    /** The charts by name, brought up to date with what is recorded now. */
    Map<String, JFreeChart> charts() {
        synchronized (lock) {
            Shown s = shown;
            update(s == null ? null : s.view());
            return charts.charts();
        }
    }

    /** Shows the charts in {@code view}, replacing any earlier one; the first frame is drawn before this returns. */
    void show(LiveView view, double framesPerSecond) {
        Shown old;
        Shown fresh;
        synchronized (lock) {
            if (closed) throw new IllegalStateException("show(): this monitor is closed");
            old = shown;
            fresh = new Shown(view, new FrameLoop(() -> drawFrame(view, false), () -> drawFrame(view, true),
                    framesPerSecond, e -> problems.report("drawing the charts", e), System::nanoTime));
            shown = fresh;
        }
        // Outside the lock: both wait for the frame thread, which takes the lock to draw.
        if (old != null) old.loop().close();
        fresh.loop().flush(); // now, so the output appears where show() was called
    }

    /**
     * Asks for a frame with the latest data and hands the view {@code finalFrame} to book (see
     * {@link LiveView#bookFinalFrame}). Returns at once: it runs on the training thread.
     */
    void requestFrame(Runnable finalFrame) {
        Shown s = shown;
        if (s == null) return;
        s.loop().request();
        s.view().bookFinalFrame(finalFrame);
    }

    /** Draws a frame now, when shown, and waits for it. */
    void flush() {
        Shown s = shown;
        if (s != null) s.loop().flush();
    }

    /** How many frames have been drawn (0 when not shown). */
    long frames() {
        Shown s = shown;
        return s == null ? 0 : s.loop().frames();
    }

    /** Draws the final frame and stops the frame loop; the charts stay readable. Twice does nothing. */
    void close() {
        Shown s;
        synchronized (lock) {
            if (closed) return;
            closed = true;
            s = shown;
        }
        if (s != null) {
            s.loop().flush();
            s.loop().close();
        }
    }

    /**
     * One frame, on the frame thread: the charts brought up to date, then shown in {@code view},
     * all of them when {@code full} (see {@link LiveView#showAll}).
     */
    private void drawFrame(LiveView view, boolean full) {
        synchronized (lock) {
            update(view);
            try {
                if (full) {
                    view.showAll(charts.charts());
                } else {
                    view.show(charts.charts());
                }
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Brings the charts up to date, on the view's chart thread when there is a view (lock held). */
    private void update(LiveView view) {
        Recording r = recording.get();
        if (charts == null) charts = new MonitorCharts(r);
        MonitorCharts c = charts;
        if (view != null) {
            view.onChartThread(() -> c.update(r));
        } else {
            c.update(r);
        }
    }
}

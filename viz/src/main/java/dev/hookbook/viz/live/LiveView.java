package dev.hookbook.viz.live;

import org.jfree.chart.JFreeChart;

import java.util.Map;

/**
 * Where a monitor's charts are shown while training runs: a notebook output, a window, or
 * files. A {@link FrameLoop} calls {@link #show} off the training thread, a few times a second.
 */
public interface LiveView {

    /** Shows the charts as they are now. Called on the frame thread, never concurrently. */
    void show(Map<String, JFreeChart> charts) throws Exception;

    /**
     * Shows every chart as it is now: the frame of {@code show()}, of a flush, of a close and of a
     * cell's end. A view that draws only some charts per live frame draws them all here.
     */
    default void showAll(Map<String, JFreeChart> charts) throws Exception {
        show(charts);
    }

    /** Runs {@code change} to the charts on the thread that draws them (for Swing, the event thread). */
    default void onChartThread(Runnable change) {
        change.run();
    }

    /** How often this view is redrawn unless the monitor says otherwise. */
    double defaultFramesPerSecond();

    /**
     * Called after every recorded step with {@code finalFrame}, which brings the charts up to date
     * and draws them. A view whose output stops changing at some point books it for that point,
     * so the output ends on the final state. By default nothing is booked: a window or a file is
     * brought up to date by the frame loop's trailing frame.
     */
    default void bookFinalFrame(Runnable finalFrame) {}
}

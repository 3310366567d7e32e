package dev.hookbook.viz.live;

import org.jfree.chart.ChartPanel;
import org.jfree.chart.JFreeChart;

import javax.swing.JFrame;
import javax.swing.JPanel;
import javax.swing.JScrollPane;
import javax.swing.SwingUtilities;
import java.awt.Dimension;
import java.awt.GridLayout;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;

/**
 * Charts in a Swing window of chart panels (for JShell on a desktop). The charts are changed
 * on the event thread only, so the panels, which repaint themselves on every change, never see
 * a chart half updated. Closing the window does not stop training.
 */
public final class SwingWindowView implements LiveView {
    private final String title;
    private JFrame frame;

    public SwingWindowView(String title) {
        this.title = title;
    }

    @Override
    public void onChartThread(Runnable change) {
        if (SwingUtilities.isEventDispatchThread()) {
            change.run();
            return;
        }
        try {
            SwingUtilities.invokeAndWait(change);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) throw r;
            if (cause instanceof Error err) throw err;
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void show(Map<String, JFreeChart> charts) {
        onChartThread(() -> {
            if (frame != null) return; // the panels redraw themselves when their chart changes
            JPanel grid = new JPanel(new GridLayout(0, 2, 4, 4));
            charts.values().forEach(chart -> {
                ChartPanel panel = new ChartPanel(chart);
                panel.setPreferredSize(new Dimension(640, 440));
                grid.add(panel);
            });
            frame = new JFrame(title);
            frame.setDefaultCloseOperation(JFrame.DISPOSE_ON_CLOSE);
            frame.add(new JScrollPane(grid));
            frame.pack();
            frame.setSize(Math.min(frame.getWidth() + 24, 1400), Math.min(frame.getHeight(), 960));
            frame.setVisible(true);
        });
    }

    @Override
    public double defaultFramesPerSecond() {
        return 5;
    }
}

package dev.hookbook.viz.live;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.viz.chart.GridPlot;
import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Charts in a notebook: one output holding all charts as one image, replaced in place with
 * {@link DisplayHandle#update} at each frame. Line charts and heat maps sit two to a row; a grid
 * of histograms gets a row of its own, so its cells stay readable.
 */
public final class NotebookView implements LiveView {
    /** The size of each chart in the composed image. */
    static final int TILE_WIDTH = 600, TILE_HEIGHT = 420, GRID_HEIGHT = 560;

    private final Display display;
    private DisplayHandle handle;
    private final AtomicBoolean finalFrameBooked = new AtomicBoolean();

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

    @Override
    public void show(Map<String, JFreeChart> charts) {
        BufferedImage image = compose(charts.values());
        if (handle == null) {
            handle = display.display(image);
        } else {
            handle.update(image);
        }
    }

    /** Lays the charts out top to bottom: grids on a full row, the others in pairs. */
    static BufferedImage compose(Collection<JFreeChart> charts) {
        List<Rectangle> places = new ArrayList<>();
        int y = 0, column = 0;
        for (JFreeChart chart : charts) {
            if (chart.getPlot() instanceof GridPlot) {
                if (column > 0) y += TILE_HEIGHT; // finish the half-filled row
                places.add(new Rectangle(0, y, 2 * TILE_WIDTH, GRID_HEIGHT));
                y += GRID_HEIGHT;
                column = 0;
            } else {
                places.add(new Rectangle(column * TILE_WIDTH, y, TILE_WIDTH, TILE_HEIGHT));
                column++;
                if (column == 2) {
                    y += TILE_HEIGHT;
                    column = 0;
                }
            }
        }
        int height = Math.max(1, y + (column > 0 ? TILE_HEIGHT : 0));
        BufferedImage image = new BufferedImage(2 * TILE_WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            int i = 0;
            for (JFreeChart chart : charts) chart.draw(g2, places.get(i++));
        } finally {
            g2.dispose();
        }
        return image;
    }

    @Override
    public double defaultFramesPerSecond() {
        return 2;
    }
}

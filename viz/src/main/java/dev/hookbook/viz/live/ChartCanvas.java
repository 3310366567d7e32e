package dev.hookbook.viz.live;

import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Dimension;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Draws a chart over the whole of an image that a live view reuses from frame to frame, at the
 * size its kind of chart is shown at (the notebook and the PNG files alike).
 */
final class ChartCanvas {
    /** Image sizes: line charts wide and low, a grid of histograms larger so its cells stay readable. */
    static final Dimension LINE = new Dimension(760, 360), GRID = new Dimension(900, 520), MAPS = new Dimension(560, 460);

    private ChartCanvas() {}

    /** The size of a chart's image, by its name (see {@code Monitor.charts()}). */
    static Dimension size(String chartName) {
        if (chartName.equals("activations") || chartName.equals("weights")) return GRID;
        if (chartName.startsWith("features:")) return MAPS;
        return LINE;
    }

    /**
     * Paints {@code image} white, then {@code chart} on it, antialiased. The views use opaque
     * {@code TYPE_INT_RGB} images: PNG then writes three bytes a pixel instead of four.
     */
    static void draw(JFreeChart chart, BufferedImage image) {
        Graphics2D g2 = image.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setColor(Color.WHITE);
            g2.fillRect(0, 0, image.getWidth(), image.getHeight());
            chart.draw(g2, new Rectangle(image.getWidth(), image.getHeight()));
        } finally {
            g2.dispose();
        }
    }
}

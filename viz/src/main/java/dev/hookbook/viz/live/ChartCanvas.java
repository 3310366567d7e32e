package dev.hookbook.viz.live;

import org.jfree.chart.JFreeChart;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/** Draws a chart over the whole of an image that a live view reuses from frame to frame. */
final class ChartCanvas {
    private ChartCanvas() {}

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

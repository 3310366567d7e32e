package dev.hookbook.viz.chart;

import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CrosshairState;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRendererState;
import org.jfree.data.xy.XYDataset;
import org.jfree.data.xy.XYZDataset;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.Locale;

/**
 * Heat-map cells that also print their value, as seaborn's {@code annot=True}, when the cells
 * are large enough for the longest value (a few rows and columns); smaller cells show colour
 * only. The text is white on dark cells and black on light ones.
 */
final class ValueBlocks extends XYBlockRenderer {
    private static final long serialVersionUID = 1L;

    private final String format;
    private final String widest;

    /** Cells coloured by {@code scale}; {@code values} set the format and the longest text the cells must hold. */
    ValueBlocks(ColorRamp scale, float[] values) {
        setPaintScale(scale);
        double largest = 0;
        for (float v : values) {
            if (Float.isFinite(v)) largest = Math.max(largest, Math.abs(v));
        }
        format = format(largest);
        String longest = "";
        for (float v : values) {
            String text = String.format(Locale.ROOT, format, v);
            if (Float.isFinite(v) && text.length() > longest.length()) longest = text;
        }
        widest = longest;
    }

    /**
     * One format for every cell, so that the decimals line up: three significant digits of the
     * largest |value| (2.00, -0.50, 0.25), or powers of ten when it is very small or very large.
     */
    static String format(double largest) {
        if (largest == 0) return "%.0f";
        if (largest < 0.01 || largest >= 10_000) return "%.2e";
        int decimals = Math.max(0, 2 - (int) Math.floor(Math.log10(largest)));
        return "%." + decimals + "f";
    }

    @Override
    public void drawItem(Graphics2D g2, XYItemRendererState state, Rectangle2D dataArea, PlotRenderingInfo info,
                         XYPlot plot, ValueAxis domainAxis, ValueAxis rangeAxis, XYDataset dataset, int series,
                         int item, CrosshairState crosshairState, int pass) {
        super.drawItem(g2, state, dataArea, info, plot, domainAxis, rangeAxis, dataset, series, item, crosshairState, pass);
        double x = dataset.getXValue(series, item), y = dataset.getYValue(series, item);
        double z = ((XYZDataset) dataset).getZValue(series, item);
        double x0 = domainAxis.valueToJava2D(x - 0.5, dataArea, plot.getDomainAxisEdge());
        double x1 = domainAxis.valueToJava2D(x + 0.5, dataArea, plot.getDomainAxisEdge());
        double y0 = rangeAxis.valueToJava2D(y - 0.5, dataArea, plot.getRangeAxisEdge());
        double y1 = rangeAxis.valueToJava2D(y + 0.5, dataArea, plot.getRangeAxisEdge());
        g2.setFont(ChartStyle.SMALL);
        FontMetrics metrics = g2.getFontMetrics();
        if (metrics.stringWidth(widest) + 6 > Math.abs(x1 - x0) || metrics.getHeight() + 2 > Math.abs(y1 - y0)) return;
        String text = String.format(Locale.ROOT, format, z);
        Color cell = (Color) getPaintScale().getPaint(z);
        double luminance = 0.299 * cell.getRed() + 0.587 * cell.getGreen() + 0.114 * cell.getBlue();
        g2.setPaint(luminance < 140 ? Color.WHITE : Color.BLACK);
        float cx = (float) ((x0 + x1) / 2), cy = (float) ((y0 + y1) / 2);
        g2.drawString(text, cx - metrics.stringWidth(text) / 2f, cy + (metrics.getAscent() - metrics.getDescent()) / 2f);
    }
}

package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures with a heat map laid over each, in a grid with their captions, a line saying how the
 * colours were scaled, and the colour bar under them.
 */
public final class OverlayChart {
    private OverlayChart() {}

    /**
     * @param pictures the pictures with their heat maps already laid over them
     * @param scale    the heat maps' colours, over the share of each picture's largest |value|
     */
    public static JFreeChart of(List<BufferedImage> pictures, List<String> captions, ColorRamp scale) {
        JFreeChart chart = new JFreeChart(new ImageGridPlot(pictures, captions));
        chart.removeLegend();
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        chart.getPlot().setOutlineVisible(false);
        TextTitle note = new TextTitle("Over each picture (in grey): its heat map as a share of its largest |value|,"
                + " more opaque where larger.", ChartStyle.SUBTITLE);
        note.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(note);
        chart.addSubtitle(HeatmapChart.colourBar(scale, "share of the picture's largest |value|", RectangleEdge.BOTTOM));
        return chart;
    }
}

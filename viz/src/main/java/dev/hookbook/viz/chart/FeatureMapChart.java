package dev.hookbook.viz.chart;

import dev.hookbook.viz.FeatureMaps;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;

/**
 * A heat map of a convolution's output for one image: one tile per channel, laid out left to
 * right and top to bottom, every pixel coloured by its value on one shared scale.
 */
public final class FeatureMapChart {
    private final JFreeChart chart;
    private final XYPlot plot;
    private final DefaultXYZDataset dataset = new DefaultXYZDataset();
    private final XYBlockRenderer blocks = new XYBlockRenderer();
    private final PaintScaleLegend legend;
    private final TextTitle caption;
    private final String path;

    public FeatureMapChart(String path, String kind, String name) {
        this.path = path;
        NumberAxis x = new NumberAxis();
        x.setVisible(false);
        NumberAxis y = new NumberAxis();
        y.setVisible(false);
        y.setInverted(true); // row 0 of an image at the top
        blocks.setPaintScale(new ColorRamp(0, 1));
        plot = new XYPlot(dataset, x, y, blocks);
        plot.setNoDataMessage("waiting for a forward pass through " + path);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        chart = ChartStyle.chart(ChartStyle.titled("Feature maps of " + path + " (" + kind + ")", name),
                "What each output channel of the layer sees in one image", plot, false);
        caption = (TextTitle) chart.getSubtitle(0);
        NumberAxis scaleAxis = new NumberAxis("output value");
        scaleAxis.setTickLabelFont(ChartStyle.SMALL);
        scaleAxis.setLabelFont(ChartStyle.SMALL);
        legend = new PaintScaleLegend(new ColorRamp(0, 1), scaleAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
    }

    /** Shows {@code maps}: the tiles are arranged about as wide as tall. */
    public void set(FeatureMaps maps) {
        int perRow = Math.max(1, (int) Math.ceil(Math.sqrt(maps.channels())));
        int rows = (maps.channels() + perRow - 1) / perRow;
        int h = maps.height(), w = maps.width();
        int n = maps.channels() * h * w;
        double[][] xyz = new double[3][n];
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (int c = 0; c < maps.channels(); c++) {
            int x0 = (c % perRow) * (w + 1), y0 = (c / perRow) * (h + 1); // one empty pixel between tiles
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++, k++) {
                    double v = maps.at(c, y, x);
                    xyz[0][k] = x0 + x;
                    xyz[1][k] = y0 + y;
                    xyz[2][k] = v;
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (!(hi > lo)) {
            lo = Double.isFinite(lo) ? lo - 0.5 : 0;
            hi = lo + 1;
        }
        ColorRamp scale = new ColorRamp(lo, hi);
        blocks.setPaintScale(scale);
        legend.setScale(scale);
        legend.getAxis().setRange(lo, hi);
        plot.getDomainAxis().setRange(-0.5, perRow * (w + 1) - 1.5);
        plot.getRangeAxis().setRange(-0.5, rows * (h + 1) - 1.5);
        caption.setText("Channels 0 to " + (maps.channels() - 1) + " (one " + h + "x" + w + " tile each), for the first image"
                + " of the batch at step " + maps.step() + ". Bright = strong response.");
        dataset.addSeries(path, xyz);
    }

    public XYPlot plot() {
        return plot;
    }

    public JFreeChart chart() {
        return chart;
    }
}

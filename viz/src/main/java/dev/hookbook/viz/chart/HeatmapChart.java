package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Matrices as heat maps: one cell per value, the first row at the top as in a table, labels on
 * both axes, and a colour bar. Signed values get a blue-white-red scale centred on 0, so the
 * sign reads at a glance; values that are all zero or more get viridis from 0 to the largest.
 * Cells that are not numbers stay grey.
 */
public final class HeatmapChart {
    /** The plot behind the cells: what a NaN or infinite cell shows. */
    static final Color MISSING = new Color(0xBDBDBD);

    private HeatmapChart() {}

    /** The scale for {@code values}: diverging around 0 when any is negative, else viridis from 0. */
    public static ColorRamp scaleFor(float[] values) {
        double largest = 0;
        boolean negative = false;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            negative |= v < 0;
            largest = Math.max(largest, Math.abs(v));
        }
        if (largest == 0) largest = 1;       // all zeros: any range shows them as the lowest colour
        return negative ? ColorRamp.diverging(largest) : new ColorRamp(0, largest);
    }

    /** A heat map of {@code values} ({@code rows x columns}, row by row). */
    public static JFreeChart of(float[] values, int rows, int columns, List<String> rowLabels,
                                List<String> columnLabels, String title) {
        ColorRamp scale = scaleFor(values);
        XYPlot plot = cells(values, 0, rows, columns, scale, rowLabels, columnLabels);
        plot.setRenderer(new ValueBlocks(scale, values));
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        String explanation = scale.getLowerBound() < 0
                ? "Blue: negative, red: positive, white: 0."
                : "Dark: 0, yellow: the largest value.";
        if (hasMissing(values)) explanation += " Grey: not a number.";
        TextTitle sub = new TextTitle(explanation, ChartStyle.SUBTITLE);
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(0, sub);
        chart.addSubtitle(colourBar(scale, null, RectangleEdge.RIGHT));
        return chart;
    }

    /**
     * Attention patterns {@code [heads, queries, keys]} (row by row), one small heat map per head
     * with the tokens on both axes, all on one 0..1 scale with one colour bar.
     */
    public static JFreeChart attention(float[] weights, int heads, int queries, int keys,
                                       List<String> queryTokens, List<String> keyTokens, String title) {
        ColorRamp scale = new ColorRamp(0, 1);
        HeadGrid grid = new HeadGrid(queryTokens, keyTokens);
        for (int h = 0; h < heads; h++) {
            XYPlot plot = cells(weights, h * queries * keys, queries, keys, scale, queryTokens, keyTokens);
            if (heads > 1) {
                NumberAxis head = new NumberAxis("head " + h);   // a caption above each map: an axis that draws only its label
                head.setLabelFont(ChartStyle.CELL_LABEL);
                head.setTickLabelsVisible(false);
                head.setTickMarksVisible(false);
                head.setAxisLineVisible(false);
                plot.setDomainAxis(1, head);
                plot.setDomainAxisLocation(1, AxisLocation.TOP_OR_LEFT);
            }
            grid.add(plot);
        }
        JFreeChart chart = new JFreeChart(title, ChartStyle.TITLE, grid, false);
        chart.setBackgroundPaint(Color.WHITE);
        grid.setOutlineVisible(false);
        TextTitle sub = new TextTitle("Row: the query (the token that looks), column: the key (the token it looks at).",
                ChartStyle.SUBTITLE);
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(0, sub);
        chart.addSubtitle(colourBar(scale, "attention weight", RectangleEdge.RIGHT));
        return chart;
    }

    /** The cells of one matrix starting at {@code offset}, on {@code scale}, with labelled axes. */
    static XYPlot cells(float[] values, int offset, int rows, int columns, ColorRamp scale,
                        List<String> rowLabels, List<String> columnLabels) {
        int finite = 0;
        for (int i = 0; i < rows * columns; i++) {
            if (Float.isFinite(values[offset + i])) finite++;
        }
        double[][] xyz = new double[3][finite];
        int k = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                float v = values[offset + r * columns + c];
                if (!Float.isFinite(v)) continue;        // left out: the grey plot shows through
                xyz[0][k] = c;
                xyz[1][k] = r;
                xyz[2][k] = v;
                k++;
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("values", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setPaintScale(scale);
        LabelAxis across = new LabelAxis(null, columnLabels);
        LabelAxis down = new LabelAxis(null, rowLabels);
        down.setInverted(true);                               // the first row at the top, as in a table
        XYPlot plot = new XYPlot(dataset, across, down, blocks);
        plot.setBackgroundPaint(MISSING);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        return plot;
    }

    /** A colour bar for {@code scale} at {@code edge}, with its own numbered axis. */
    static PaintScaleLegend colourBar(ColorRamp scale, String label, RectangleEdge edge) {
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(scale.getLowerBound(), scale.getUpperBound());
        axis.setTickUnit(new NumberTickUnit(tickStep(scale.getUpperBound() - scale.getLowerBound())));
        axis.setTickLabelFont(ChartStyle.SMALL);
        axis.setLabelFont(ChartStyle.SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        legend.setPosition(edge);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(12);
        legend.setSubdivisionCount(128);
        legend.setBackgroundPaint(Color.WHITE);
        return legend;
    }

    /** A round step (1, 2 or 5 times a power of ten) that puts four to ten ticks on {@code span}. */
    static double tickStep(double span) {
        double power = Math.pow(10, Math.floor(Math.log10(span / 4)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (span / (m * power) <= 10) return m * power;
        }
        return 10 * power;
    }

    private static boolean hasMissing(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) return true;
        }
        return false;
    }

    /**
     * A grid of heads with the number of columns that labels the most tokens (every one, where
     * the area allows), then draws the maps largest.
     */
    static final class HeadGrid extends GridPlot {
        private static final long serialVersionUID = 1L;
        private static final double GAP = 8;       // GridPlot's gap between cells
        private static final double PAD = 3;       // LabelAxis's room around a label
        private final List<String> rowLabels;
        private final List<String> columnLabels;
        private int chosen = 1;

        HeadGrid(List<String> rowLabels, List<String> columnLabels) {
            super(0);
            this.rowLabels = rowLabels.stream().map(LabelAxis::visible).toList();
            this.columnLabels = columnLabels.stream().map(LabelAxis::visible).toList();
        }

        @Override
        public int columns() {
            return chosen;
        }

        @Override
        public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
            FontMetrics metrics = g2.getFontMetrics(ChartStyle.SMALL);
            double text = metrics.getAscent() + metrics.getDescent();
            double rowWidth = rowLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            double columnWidth = columnLabels.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            double caption = cells().size() > 1 ? g2.getFontMetrics(ChartStyle.CELL_LABEL).getHeight() + 4 : 0;
            int n = Math.max(1, cells().size());
            double bestFit = -1, bestSide = -1;
            for (int c = 1; c <= n; c++) {
                int r = (n + c - 1) / c;
                double w = (area.getWidth() - GAP * (c - 1)) / c - rowWidth - 8;          // less the labels on the left
                double h = (area.getHeight() - GAP * (r - 1)) / r - text - 8 - caption;    // less those below, the caption above
                double fit = Math.min(1, Math.min(w / (columnLabels.size() * (columnWidth + PAD)),
                        h / (rowLabels.size() * (text + PAD))));
                double side = Math.min(w / columnLabels.size(), h / rowLabels.size());
                if (fit > bestFit + 1e-9 || Math.abs(fit - bestFit) <= 1e-9 && side > bestSide) {
                    bestFit = fit;
                    bestSide = side;
                    chosen = c;
                }
            }
            super.draw(g2, area, anchor, parentState, info);
        }
    }
}

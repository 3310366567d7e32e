package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.title.LegendTitle;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * The shared look of the monitor's charts: fonts, titles, colours, axes, number formats.
 * {@link #apply(JFreeChart)} gives a chart made with JFreeChart's own factories the same look.
 */
public final class ChartStyle {
    /** The background of every plot: white, so that the palette's lines stand out from it. */
    public static final Color PLOT_BACKGROUND = Color.WHITE;
    static final Color GRIDLINE = new Color(0xDDDDDD);

    /**
     * The series colours: the five colours of Okabe and Ito's colour-blind-safe palette that stand
     * out from a white plot (contrast 3:1 or more; its orange, sky blue and yellow do not), in
     * the order that keeps neighbours apart. After five series the colours repeat with dashes,
     * then with dots (see {@link #seriesStroke}).
     */
    public static final List<Color> PALETTE = List.of(
            new Color(0x0072B2),  // blue
            new Color(0xD55E00),  // vermillion
            new Color(0x009E73),  // bluish green
            new Color(0xCC79A7),  // reddish purple
            new Color(0x000000)); // black

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font SUBTITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    static final Font CELL_LABEL = new Font(Font.SANS_SERIF, Font.BOLD, 11);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);

    private ChartStyle() {}

    /** A chart with a title, an explanatory subtitle, and a white background. */
    static JFreeChart chart(String title, String explanation, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        TextTitle sub = new TextTitle(explanation, SUBTITLE);
        sub.setPaint(Color.DARK_GRAY);
        chart.addSubtitle(0, sub);
        return chart;
    }

    /** The title with the monitor's name, so two runs side by side can be told apart. */
    static String titled(String title, String name) {
        return name == null || name.isEmpty() ? title : title + " (" + name + ")";
    }

    /** A step axis: whole numbers only. */
    static NumberAxis stepAxis() {
        NumberAxis axis = new NumberAxis("training step");
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setAutoRangeIncludesZero(false);
        return axis;
    }

    /** The colour of the {@code i}-th series (lines and histogram cells alike). */
    static Color seriesPaint(int i) {
        return PALETTE.get(i % PALETTE.size());
    }

    /** The line of the {@code i}-th series: solid for the first round of colours, then dashed, then dotted. */
    static Stroke seriesStroke(int i) {
        float[][] dashes = {null, {6f, 3f}, {1.5f, 2.5f}};
        float[] dash = dashes[(i / PALETTE.size()) % dashes.length];
        return new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** A white plot with light grid lines. */
    static void plotBackground(XYPlot plot) {
        plot.setBackgroundPaint(PLOT_BACKGROUND);
        plot.setDomainGridlinePaint(GRIDLINE);
        plot.setRangeGridlinePaint(GRIDLINE);
        plot.setRangeMinorGridlinePaint(new Color(0xF0F0F0));
    }

    /** A log axis labelled at every power of ten (see {@link DecadeAxis}). */
    static DecadeAxis logAxis(String label) {
        return new DecadeAxis(label);
    }

    /**
     * An axis of shares in percent whose labels are never repeated: each tick step is printed with
     * the decimals it needs (a step of 0.5% prints "5.5%", not "6%" twice).
     */
    static NumberAxis percentAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        TickUnits units = new TickUnits();
        for (int exponent = -5; exponent <= 0; exponent++) {
            for (int mantissa : new int[]{1, 2, 5}) {
                double step = mantissa * Math.pow(10, exponent);
                NumberFormat format = NumberFormat.getPercentInstance(Locale.ROOT);
                int decimals = Math.max(0, -(exponent + 2)); // 1% steps need none, 0.1% steps one
                format.setMinimumFractionDigits(decimals);
                format.setMaximumFractionDigits(decimals);
                units.add(new NumberTickUnit(step, format));
            }
        }
        axis.setStandardTickUnits(units);
        return axis;
    }

    /** A number as a short label: 0.00123 -> "1.23e-03", 42.5 -> "42.5". */
    static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 10_000)) return String.format(Locale.ROOT, "%.2e", v);
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    // The public face of the style: what a user's own chart needs to look like the monitor's.

    /** The colour of the {@code i}-th line of a chart: the palette's, repeating after five. */
    public static Color color(int i) {
        return seriesPaint(i);
    }

    /** The stroke of the {@code i}-th line: solid for the first five, then dashed, then dotted. */
    public static Stroke stroke(int i) {
        return seriesStroke(i);
    }

    /**
     * Restyles {@code chart} in place as the monitor's charts are drawn, and returns it: a white
     * background, the fonts, light grid lines, flat bars, and the palette's colours and strokes
     * for every series (matplotlib's {@code plt.style.use(...)} for one chart). Works on XY and
     * category plots, on each plot of a combined one and each cell of a {@link GridPlot}; other
     * plots keep their own look.
     *
     * <pre>{@code
     * JFreeChart chart = ChartFactory.createXYLineChart("Loss", "step", "loss", dataset);
     * ChartStyle.apply(chart);
     * }</pre>
     */
    public static JFreeChart apply(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        if (chart.getTitle() != null) chart.getTitle().setFont(TITLE);
        for (int i = 0; i < chart.getSubtitleCount(); i++) {
            if (chart.getSubtitle(i) instanceof TextTitle text) {
                text.setFont(SUBTITLE);
                text.setPaint(Color.DARK_GRAY);
            }
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(SUBTITLE);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setFrame(BlockBorder.NONE);
        }
        applyToPlot(chart.getPlot());
        return chart;
    }

    private static void applyToPlot(Plot plot) {
        if (plot instanceof CombinedDomainXYPlot combined) combined.getSubplots().forEach(ChartStyle::applyToPlot);
        if (plot instanceof CombinedRangeXYPlot combined) combined.getSubplots().forEach(ChartStyle::applyToPlot);
        if (plot instanceof XYPlot xy) {
            plotBackground(xy);
            for (int a = 0; a < xy.getDomainAxisCount(); a++) axisFonts(xy.getDomainAxis(a));
            for (int a = 0; a < xy.getRangeAxisCount(); a++) axisFonts(xy.getRangeAxis(a));
            for (int r = 0; r < xy.getRendererCount(); r++) {
                XYItemRenderer renderer = xy.getRenderer(r);
                if (renderer == null) continue;
                if (renderer instanceof XYBarRenderer bars) {
                    bars.setBarPainter(new StandardXYBarPainter());   // flat, not JFreeChart's glossy default
                    bars.setShadowVisible(false);
                }
                if (renderer instanceof XYBlockRenderer) continue;    // a heat map is coloured by its paint scale
                int count = xy.getDataset(r) == null ? 0 : xy.getDataset(r).getSeriesCount();
                for (int i = 0; i < count; i++) {
                    renderer.setSeriesPaint(i, color(i));
                    renderer.setSeriesStroke(i, stroke(i));
                }
            }
        } else if (plot instanceof CategoryPlot category) {
            category.setBackgroundPaint(PLOT_BACKGROUND);
            category.setDomainGridlinePaint(GRIDLINE);
            category.setRangeGridlinePaint(GRIDLINE);
            for (int a = 0; a < category.getDomainAxisCount(); a++) axisFonts(category.getDomainAxis(a));
            for (int a = 0; a < category.getRangeAxisCount(); a++) axisFonts(category.getRangeAxis(a));
            for (int r = 0; r < category.getRendererCount(); r++) {
                CategoryItemRenderer renderer = category.getRenderer(r);
                if (renderer == null) continue;
                if (renderer instanceof BarRenderer bars) {
                    bars.setBarPainter(new StandardBarPainter());
                    bars.setShadowVisible(false);
                }
                int count = category.getDataset(r) == null ? 0 : category.getDataset(r).getRowCount();
                for (int i = 0; i < count; i++) {
                    renderer.setSeriesPaint(i, color(i));
                    renderer.setSeriesStroke(i, stroke(i));
                }
            }
        } else if (plot instanceof GridPlot grid) {
            grid.cells().forEach(ChartStyle::applyToPlot);
        }
    }

    private static void axisFonts(Axis axis) {
        if (axis == null) return;
        axis.setLabelFont(SUBTITLE);
        axis.setTickLabelFont(SMALL);
        axis.setTickLabelPaint(Color.DARK_GRAY);
    }
}

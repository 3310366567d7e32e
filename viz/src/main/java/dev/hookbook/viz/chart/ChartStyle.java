package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.title.TextTitle;

import java.awt.Color;
import java.awt.Font;
import java.util.Locale;

/** The shared look of the monitor's charts: fonts, titles, number formats. */
final class ChartStyle {
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

    /** A log axis labelled in powers of ten. */
    static LogAxis logAxis(String label) {
        LogAxis axis = new LogAxis(label);
        axis.setBase(10);
        // Whole powers only: 10^-3, 10^-2, ... read at a glance; 10^-2.4 does not.
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setSmallestValue(1e-12);
        axis.setAutoRangeMinimumSize(1e-12);
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
}

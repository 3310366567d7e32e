package dev.hookbook.viz.chart;

import dev.hookbook.viz.StepStats;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.text.AttributedCharacterIterator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a look at the charts in a browser asked for: readable log and percent axes, colours, legends, reference lines. */
class ChartPolishTest {
    private static final Graphics2D G2 = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();

    @Test
    void aLogAxisLabelsEveryDecadeAndHasMinorTicks() {
        DecadeAxis axis = ChartStyle.logAxis("norm");
        axis.setRange(1e-6, 1e-1);
        List<?> ticks = axis.refreshTicks(G2, new AxisState(), new Rectangle(0, 0, 60, 300), RectangleEdge.LEFT);
        List<Double> decades = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int minor = 0;
        for (Object t : ticks) {
            LogTick tick = (LogTick) t;
            if (tick.getTickType() == TickType.MAJOR) {
                decades.add(tick.getValue());
                labels.add(text(tick));
            } else {
                minor++;
                assertEquals(null, tick.getAttributedLabel(), "minor ticks carry no label");
            }
        }
        assertEquals(6, decades.size(), "1e-6 .. 1e-1: " + labels);
        for (int i = 0; i < 6; i++) assertEquals(Math.pow(10, -6 + i), decades.get(i), 1e-12 * Math.pow(10, -6 + i));
        assertEquals("10-6", labels.get(0).replace('\u2212', '-'), "exponent as a superscript after the base");
        assertEquals(5 * 8, minor, "2..9 times each decade but the last");
    }

    @Test
    void aLogChartWhoseDataSitsInOneDecadeStillShowsTwoLabelledDecades() {
        StepLineChart chart = new StepLineChart("g", "", List.of("a"), "norm", true);
        chart.append(steps(0.02, 0.05, 0.09), s -> Map.of("a", s.loss()));
        render(chart.chart());
        Range r = chart.plot().getRangeAxis().getRange();
        assertEquals(0.01, r.getLowerBound(), 1e-12);
        assertEquals(0.1, r.getUpperBound(), 1e-12);
        assertEquals(2, majorTicks(chart.plot()), "10^-2 and 10^-1");
    }

    @Test
    void percentAxisLabelsAreNeverRepeated() {
        for (double top : new double[]{0.012, 0.065, 0.2, 0.7}) {
            for (int height : new int[]{60, 120, 200, 400}) {
                NumberAxis axis = ChartStyle.percentAxis("share");
                axis.setRange(0, top);
                List<String> labels = new ArrayList<>();
                for (Object t : axis.refreshTicks(G2, new AxisState(), new Rectangle(0, 0, 60, height), RectangleEdge.LEFT)) {
                    labels.add(((Tick) t).getText());
                }
                assertTrue(labels.size() >= 2, "range 0.." + top + " in " + height + " px: " + labels);
                assertEquals(labels.size(), new HashSet<>(labels).size(), "range 0.." + top + " in " + height + " px: " + labels);
            }
        }
    }

    @Test
    void thePaletteIsOkabeItoAndStandsOutFromThePlot() {
        Set<Integer> okabeIto = Set.of(0x000000, 0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7);
        for (Color c : ChartStyle.PALETTE) {
            assertTrue(okabeIto.contains(c.getRGB() & 0xFFFFFF), Integer.toHexString(c.getRGB()) + " is not an Okabe-Ito colour");
            double contrast = contrast(c, ChartStyle.PLOT_BACKGROUND);
            assertTrue(contrast >= 3, Integer.toHexString(c.getRGB()) + " has contrast " + contrast + " on the plot");
        }
        StepLineChart chart = new StepLineChart("g", "", List.of("a", "b", "c", "d", "e", "f", "g"), "v", false);
        XYPlot plot = chart.plot();
        assertEquals(ChartStyle.PLOT_BACKGROUND, plot.getBackgroundPaint());
        Set<String> looks = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            assertTrue(ChartStyle.PALETTE.contains(plot.getRenderer().getSeriesPaint(i)));
            looks.add(plot.getRenderer().getSeriesPaint(i) + " " + plot.getRenderer().getSeriesStroke(i));
        }
        assertEquals(7, looks.size(), "seven lines, seven looks: colours repeat with dashes");
    }

    @Test
    void theLegendListsOnlyDrawnSeries() {
        StepLineChart chart = new StepLineChart("g", "", List.of("0", "flatten", "2"), "norm", true);
        assertEquals(0, chart.plot().getLegendItems().getItemCount(), "nothing drawn yet");
        List<StepStats> steps = steps(0.5, 0.4);
        // "flatten" never has a gradient, "2" only a zero one, which a log axis cannot draw.
        chart.append(steps, s -> Map.of("0", s.loss(), "2", 0.0));
        assertEquals(List.of("0"), legend(chart.plot().getLegendItems()));
        chart.append(steps(0.5, 0.4, 0.3), s -> Map.of("0", s.loss(), "2", s.loss()));
        assertEquals(List.of("0", "2"), legend(chart.plot().getLegendItems()));
    }

    @Test
    void theHealthyUpdateLineIsAlwaysInRange() {
        StepLineChart chart = new StepLineChart("u", "", List.of("w"), "ratio", true);
        ((DecadeAxis) chart.plot().getRangeAxis()).include(MonitorCharts.HEALTHY_UPDATE_RATIO);
        chart.append(steps(0.3, 0.05, 0.02), s -> Map.of("w", s.loss())); // far above 1e-3
        render(chart.chart());
        assertTrue(chart.plot().getRangeAxis().getRange().contains(MonitorCharts.HEALTHY_UPDATE_RATIO),
                "range " + chart.plot().getRangeAxis().getRange());
        assertTrue(chart.plot().getRangeAxis().getRange().getUpperBound() >= 0.3);
    }

    /** Steps whose loss is each value in turn (the tests chart the loss as if it were any figure). */
    private static List<StepStats> steps(double... values) {
        List<StepStats> steps = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            steps.add(new StepStats(i + 1, values[i], Map.of(), Map.of(), Map.of(), Map.of()));
        }
        return steps;
    }

    private static void render(JFreeChart chart) {
        chart.createBufferedImage(600, 400);
    }

    private static int majorTicks(XYPlot plot) {
        int n = 0;
        for (Object t : plot.getRangeAxis().refreshTicks(G2, new AxisState(), new Rectangle(0, 0, 60, 300), RectangleEdge.LEFT)) {
            if (((ValueTick) t).getTickType() == TickType.MAJOR) n++;
        }
        return n;
    }

    private static List<String> legend(LegendItemCollection items) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) labels.add(items.get(i).getLabel());
        return labels;
    }

    private static String text(LogTick tick) {
        StringBuilder s = new StringBuilder();
        AttributedCharacterIterator it = tick.getAttributedLabel().getIterator();
        for (char c = it.first(); c != AttributedCharacterIterator.DONE; c = it.next()) s.append(c);
        return s.toString();
    }

    /** WCAG's contrast ratio of two colours. */
    private static double contrast(Color a, Color b) {
        double la = luminance(a), lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}

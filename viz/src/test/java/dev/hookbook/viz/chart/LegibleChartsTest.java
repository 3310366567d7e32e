package dev.hookbook.viz.chart;

import dev.hookbook.viz.StepStats;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The parts that keep the monitor's charts legible: which series, smoothing, the log floor, marks, captions. */
class LegibleChartsTest {
    private static final Graphics2D G2 = new BufferedImage(10, 10, BufferedImage.TYPE_INT_RGB).createGraphics();

    @Test
    void aKeysBlockIsItsPathUpToItsFirstNumber() {
        assertEquals("blocks.3", SeriesChoice.block("blocks.3.mlp.0.weight"));
        assertEquals("4", SeriesChoice.block("4.weight"));
        assertEquals("4", SeriesChoice.block("4"));
        assertNull(SeriesChoice.block("tok.weight"));
    }

    @Test
    void seriesThatFitAreAllShown() {
        List<String> keys = List.of("0.weight", "0.bias", "2.weight", "2.bias");
        SeriesChoice c = SeriesChoice.of(keys, k -> k.endsWith("weight"), 4, "parameters");
        assertEquals(keys, c.shown());
        assertEquals("", c.note());
    }

    @Test
    void tooManyKeepTheWeightMatricesFirst() {
        List<String> keys = List.of("tok.weight", "blocks.0.mlp.0.weight", "blocks.0.mlp.0.bias", "blocks.1.mlp.0.weight",
                "blocks.1.mlp.0.bias", "head.weight", "head.bias");
        SeriesChoice c = SeriesChoice.of(keys, k -> k.endsWith("weight"), 5, "parameters");
        assertEquals(List.of("tok.weight", "blocks.0.mlp.0.weight", "blocks.1.mlp.0.weight", "head.weight"), c.shown());
        assertEquals("Showing the 4 parameters with weight matrices, of 7 (biases and norms left out); monitor.history() has all.", c.note());
    }

    @Test
    void tooManyMatricesKeepBlocksSpreadFromFirstToLast() {
        List<String> keys = new ArrayList<>(List.of("tok.weight"));
        for (int b = 0; b < 12; b++) {
            keys.add("blocks." + b + ".attn.out_proj.weight");
            keys.add("blocks." + b + ".mlp.0.weight");
            keys.add("blocks." + b + ".mlp.0.bias");
        }
        keys.add("head.weight");
        SeriesChoice c = SeriesChoice.of(keys, k -> k.endsWith("weight"), 10, "parameters");
        // 2 outside the blocks, 2 matrices a block: 4 blocks fit, spread over 0..11.
        List<String> blocks = c.shown().stream().map(SeriesChoice::block).filter(b -> b != null).distinct().toList();
        assertEquals(List.of("blocks.0", "blocks.4", "blocks.7", "blocks.11"), blocks);
        assertEquals(10, c.shown().size());
        assertEquals("tok.weight", c.shown().get(0));
        assertEquals("head.weight", c.shown().get(9));
        assertEquals("Showing 10 of 38 parameters: weight matrices outside the blocks and in blocks.0, 4, 7, 11 (of 12);"
                + " monitor.history() has all.", c.note());
        assertEquals("0, 3", SeriesChoice.list(List.of("0", "3")), "a Sequential's layers");
        assertEquals("a.0, b.1", SeriesChoice.list(List.of("a.0", "b.1")), "no shared path: each named whole");
        assertThrows(IllegalArgumentException.class, () -> SeriesChoice.of(keys, k -> true, 0, "parameters"));
    }

    @Test
    void smoothingDrawsADebiasedMovingAverageOverTheRawLine() {
        StepLineChart chart = new StepLineChart("loss", "", List.of("loss"), "loss", false);
        chart.append(steps(1, 3, 1, 3, 1, 3, 1, 3), s -> Map.of("loss", s.loss()));
        XYDataset smooth = chart.plot().getDataset(0), raw = chart.plot().getDataset(1);
        assertEquals(3.0, raw.getYValue(0, 1));
        assertEquals(1.0, smooth.getYValue(0, 0), 1e-12, "the first point is the first value, not pulled to 0");
        double ema = 0;
        for (int i = 0; i < 8; i++) {
            ema = 0.9 * ema + 0.1 * raw.getYValue(0, i);
            assertEquals(ema / (1 - Math.pow(0.9, i + 1)), smooth.getYValue(0, i), 1e-12, "point " + i);
        }
        double swing = Math.abs(smooth.getYValue(0, 7) - smooth.getYValue(0, 6));
        assertTrue(swing < 0.5, "the average swings " + swing + " where the raw line swings 2");
        chart.smoothing(0.5);
        assertEquals((0.5 * 0.5 * 1 + 0.5 * 3) / 0.75, chart.plot().getDataset(0).getYValue(0, 1), 1e-12, "redrawn with the new weight");
        assertThrows(IllegalArgumentException.class, () -> chart.smoothing(1));
    }

    @Test
    void onALogAxisTheAverageIsGeometric() {
        StepLineChart chart = new StepLineChart("g", "", List.of("a"), "norm", true);
        chart.smoothing(0.5);
        chart.append(steps(1e-4, 1e-2), s -> Map.of("a", s.loss()));
        // log10: -4, then (0.25 * -4 + 0.5 * -2) / 0.75 = -8/3
        assertEquals(Math.pow(10, -8.0 / 3), chart.plot().getDataset(0).getYValue(0, 1), 1e-12);
    }

    @Test
    void aLogAxisKeepsToTheRangeMostStepsUse() {
        StepLineChart chart = new StepLineChart("u", "", List.of("w", "b"), "ratio", true);
        // 100 steps around 1e-3 and 1e-4, the last falls to 1e-11 (a cosine schedule reaching 0)
        double[] w = IntStream.range(0, 100).mapToDouble(i -> i < 99 ? 1e-3 * (1 + 0.5 * Math.sin(i)) : 1e-11).toArray();
        chart.append(steps(w), s -> Map.of("w", s.loss(), "b", s.loss() / 10));
        chart.chart().createBufferedImage(600, 400);
        Range r = chart.plot().getRangeAxis().getRange();
        assertEquals(1e-5, r.getLowerBound(), 1e-17, "the lowest line's body, to its decade: " + r);
        assertEquals(1e-2, r.getUpperBound(), 1e-14);
        TextTitle note = clipNote(chart);
        assertTrue(note.isVisible());
        assertEquals("2 points lie below 1e-5, off the axis: it keeps to the range most steps use.", note.getText());

        StepLineChart few = new StepLineChart("u", "", List.of("w"), "ratio", true);
        few.append(steps(1e-3, 1e-3, 1e-11), s -> Map.of("w", s.loss()));
        few.chart().createBufferedImage(600, 400);
        assertEquals(1e-11, few.plot().getRangeAxis().getRange().getLowerBound(), 1e-20, "with few points, each counts");
        assertFalse(clipNote(few).isVisible());
    }

    @Test
    void aStepIsMarkedOnceWithItsLatestLabel() {
        StepLineChart chart = new StepLineChart("loss", "", List.of("loss"), "loss", false);
        chart.mark(5, "epoch 2");
        chart.mark(5, "epoch 2, lr 3.0e-04"); // a frame drawn between monitor.epoch(2) and monitor.learningRate(...)
        chart.mark(9, "epoch 3");
        var markers = List.copyOf(chart.plot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND));
        assertEquals(2, markers.size());
        assertEquals("epoch 2, lr 3.0e-04", ((org.jfree.chart.plot.Marker) markers.get(0)).getLabel());
    }

    @Test
    void captionsFitTheirCellOnOneLine() {
        FontMetrics bold = G2.getFontMetrics(ChartStyle.CELL_LABEL);
        String path = "blocks.11.attn.out_proj.weight";
        String fitted = CellCaption.fitKeepingEnd(path, bold, 120);
        assertTrue(fitted.startsWith("\u2026") && fitted.endsWith("out_proj.weight"), fitted);
        assertTrue(bold.stringWidth(fitted) <= 120, fitted);
        String module = CellCaption.fitKeepingEnd("blocks.11.attn.out_proj (Linear)", bold, 140);
        assertTrue(module.startsWith("\u2026") && module.endsWith("out_proj (Linear)"), "the kind stays whole: " + module);
        FontMetrics small = G2.getFontMetrics(ChartStyle.SMALL);
        String note = CellCaption.fitKeepingStart("grad norm 2.5e-03 \u00b7 update/weight 7.3e-09", small, 100);
        assertTrue(note.startsWith("grad norm") && note.endsWith("\u2026") && small.stringWidth(note) <= 100, note);
        assertEquals(path, CellCaption.fitKeepingEnd(path, bold, 1000));
        CellCaption caption = new CellCaption("0 (Conv2d)");
        caption.setNote("mean 0.1\nzeros 5%");
        assertEquals("mean 0.1 zeros 5%", caption.note());
    }

    @Test
    void notesUseShortFiguresThatDoNotWrap() {
        assertEquals("9.9e-11", MonitorCharts.figure(9.93e-11));
        assertEquals("0.123", MonitorCharts.figure(0.1234));
        assertEquals("n/a", MonitorCharts.figure(Double.NaN));
    }

    private static TextTitle clipNote(StepLineChart chart) {
        for (Object o : chart.chart().getSubtitles()) {
            if (o instanceof TextTitle t && t.getPosition() == org.jfree.chart.ui.RectangleEdge.BOTTOM) return t;
        }
        throw new AssertionError("no note under the plot");
    }

    private static List<StepStats> steps(double... values) {
        List<StepStats> steps = new ArrayList<>();
        for (int i = 0; i < values.length; i++) steps.add(new StepStats(i + 1, values[i], Map.of(), Map.of(), Map.of(), Map.of()));
        return steps;
    }
}

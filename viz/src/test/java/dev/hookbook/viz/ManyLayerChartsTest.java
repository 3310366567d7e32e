package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.viz.chart.CellCaption;
import dev.hookbook.viz.chart.GridPlot;
import dev.hookbook.viz.chart.StepLineChart;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.Marker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The monitor's charts of a 12-block GPT (126 parameters, 88 leaf modules) stay legible: a
 * chosen subset with a note, no two lines alike, captions that fit their cells. And the charts
 * of a run over epochs mark each epoch and learning rate.
 */
class ManyLayerChartsTest {
    private static Monitor monitor;
    private static Map<String, JFreeChart> charts;

    @BeforeAll
    static void trainTwelveBlocks() {
        Hookbook.manualSeed(0);
        TinyGpt model = new TinyGpt(11, 8, 16, 2, 12);
        monitor = Monitor.attach(model).name("12 blocks");
        TinyGpt.train(model, 6, 4, monitor);
        monitor.close();
        charts = monitor.charts();
    }

    @Test
    void theTwelveBlockChartsRenderToPng(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".png");
            Charts.savePng(e.getValue(), file, 900, 520);
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, e.getKey());
            assertEquals(900, image.getWidth());
        }
    }

    @Test
    void lineChartsDrawAtMostFifteenLinesAndSayWhichWereLeftOut() {
        int parameters = monitor.recording().parameters().size();
        assertEquals(1 + 1 + 12 * 10 + 2 + 2, parameters, "tok, pos, 12 blocks of 10 (the attention's own in_proj is not a leaf's), ln, head");
        for (String name : List.of("gradients", "updates")) {
            XYPlot plot = charts.get(name).getXYPlot();
            assertTrue(plot.getDataset().getSeriesCount() <= 15, name + ": " + plot.getDataset().getSeriesCount() + " series");
            LegendItemCollection legend = plot.getLegendItems();
            assertTrue(legend.getItemCount() >= 5 && legend.getItemCount() <= 15, name + ": " + legend.getItemCount() + " legend items");
            String note = subtitles(charts.get(name));
            assertTrue(note.contains("Showing ") && note.contains("blocks.0, ") && note.contains(", 11 (of 12)"), name + ": " + note);
        }
        List<String> keys = seriesKeys(charts.get("updates").getXYPlot());
        assertTrue(keys.contains("tok.weight") && keys.contains("head.weight"), keys.toString());
        assertTrue(keys.contains("blocks.0.mlp.0.weight") && keys.contains("blocks.11.mlp.2.weight"), "the first and the last block: " + keys);
        assertTrue(keys.stream().noneMatch(k -> k.endsWith("bias") || k.contains(".ln")), "weight matrices only: " + keys);
    }

    @Test
    void noTwoLinesShareAColourAndADash() {
        for (String name : List.of("gradients", "updates")) {
            LegendItemCollection legend = charts.get(name).getXYPlot().getLegendItems();
            Set<String> looks = new HashSet<>();
            for (int i = 0; i < legend.getItemCount(); i++) {
                LegendItem item = legend.get(i);
                assertTrue(looks.add(item.getLinePaint() + " " + item.getLineStroke()), name + ": " + item.getLabel() + " looks like another line");
            }
        }
    }

    @Test
    void histogramGridsKeepToTwelveCellsWithCaptionsThatFit() {
        for (String name : List.of("weights", "activations")) {
            GridPlot grid = (GridPlot) charts.get(name).getPlot();
            assertTrue(grid.cells().size() <= 12 && grid.cells().size() >= 6, name + ": " + grid.cells().size() + " cells");
            Set<String> titles = new HashSet<>();
            for (int i = 0; i < grid.cells().size(); i++) {
                CellCaption caption = grid.caption(i);
                assertTrue(titles.add(caption.title()), name + ": two cells called " + caption.title());
                assertFalse(caption.note().isEmpty(), name + ": " + caption.title() + " has no figures");
                assertFalse(caption.note().contains("\n"), "one line: " + caption.note());
                assertTrue(((XYPlot) grid.cells().get(i)).getAnnotations().isEmpty(), "nothing drawn over the bars of " + caption.title());
            }
            assertTrue(subtitles(charts.get(name)).contains("Showing "), name);
        }
    }

    @Test
    void aModelThatFitsIsChartedWhole() {
        Hookbook.manualSeed(1);
        var model = Models.mlp(ReLU::new);
        try (var m = Monitor.attach(model)) {
            var opt = new Adam(model.parameters(), 1e-3f);
            for (var b : Models.batches(64).subList(0, 3)) Models.step(model, opt, b, m);
            Map<String, JFreeChart> c = m.charts();
            assertEquals(10, seriesKeys(c.get("updates").getXYPlot()).size(), "5 Linear layers: 10 parameters");
            assertFalse(subtitles(c.get("updates")).contains("Showing "), "nothing left out, nothing to say");
            assertEquals(10, ((GridPlot) c.get("weights").getPlot()).cells().size());
        }
    }

    @Test
    void epochsAndLearningRatesAreMarkedOnTheStepAxes() {
        Hookbook.manualSeed(2);
        var model = new Sequential(new dev.hookbook.nn.Flatten(), new Linear(64, 10));
        var batches = Models.batches(256).subList(0, 4);
        try (var m = Monitor.attach(model)) {
            float[] rates = {3e-3f, 3e-3f, 3e-4f};
            for (int epoch = 0; epoch < rates.length; epoch++) {
                var opt = new Adam(model.parameters(), rates[epoch]);
                m.epoch(epoch + 1);
                m.learningRate(rates[epoch]);
                for (var b : batches) Models.step(model, opt, b, m);
            }
            m.step();
            assertEquals(12, m.steps());
            assertEquals(List.of(new StepMark(1, "epoch 1, lr 3.0e-03"), new StepMark(5, "epoch 2"), new StepMark(9, "epoch 3, lr 3.0e-04")),
                    m.recording().marks(), "each epoch starts with the next batch's step; a rate is marked when it changes");
            for (String name : List.of("loss", "gradients", "updates")) {
                Collection<?> markers = m.charts().get(name).getXYPlot().getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
                List<Double> steps = new ArrayList<>();
                for (Object o : markers) steps.add(((org.jfree.chart.plot.ValueMarker) o).getValue());
                assertEquals(List.of(1.0, 5.0, 9.0), steps, name);
                assertEquals("epoch 3, lr 3.0e-04", ((Marker) markers.toArray()[2]).getLabel());
            }
        }
    }

    @Test
    void smoothingIsAnOptionOfTheMonitor() {
        Hookbook.manualSeed(3);
        var model = new Sequential(new dev.hookbook.nn.Flatten(), new Linear(64, 10));
        try (var m = Monitor.attach(model).smoothing(0)) {
            var opt = new Adam(model.parameters(), 1e-2f);
            for (var b : Models.batches(64).subList(0, 5)) Models.step(model, opt, b, m);
            XYPlot loss = m.charts().get("loss").getXYPlot();
            for (int i = 0; i < 5; i++) {
                assertEquals(m.history().get(i).loss(), loss.getDataset().getYValue(0, i), 1e-6, "smoothing 0 draws the raw loss");
            }
            m.smoothing(0.9);
            double first = m.history().get(0).loss(), second = m.history().get(1).loss();
            double expected = (0.9 * 0.1 * first + 0.1 * second) / (1 - 0.81); // debiased average of two points
            assertEquals(expected, m.charts().get("loss").getXYPlot().getDataset().getYValue(0, 1), 1e-6);
        }
        assertThrowsIllegal(() -> Monitor.attach(model).smoothing(1), "smoothing: expected a weight in [0, 1), got 1.0");
    }

    @Test
    void hookPointsAreNotWatched() {
        var model = new Sequential(new Linear(4, 3), new HookPoint(), new ReLU());
        try (var m = Monitor.attach(model)) {
            assertEquals(List.of("0", "2"), List.copyOf(m.recording().modules().keySet()));
        }
    }

    private static void assertThrowsIllegal(Runnable r, String message) {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, r::run);
        assertEquals(message, e.getMessage());
    }

    private static List<String> seriesKeys(XYPlot plot) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) keys.add(plot.getDataset().getSeriesKey(i).toString());
        return keys;
    }

    private static String subtitles(JFreeChart chart) {
        StringBuilder s = new StringBuilder();
        for (Object o : chart.getSubtitles()) {
            if (o instanceof TextTitle t && ((Title) t).isVisible()) s.append(t.getText()).append('\n');
        }
        return s.toString();
    }
}

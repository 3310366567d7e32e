package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The charts of a monitored CNN: the expected names, titles and series, rendered headless. */
class ChartsRenderTest {
    private static Monitor monitor;
    private static Map<String, JFreeChart> charts;
    private static final int STEPS = 6;

    @BeforeAll
    static void train() {
        Hookbook.manualSeed(0);
        Sequential model = Models.cnn();
        Adam opt = new Adam(model.parameters(), 0.01f);
        monitor = Monitor.attach(model);
        List<Batch> batches = Models.batches(32);
        for (int i = 0; i < STEPS; i++) Models.step(model, opt, batches.get(i), monitor);
        charts = monitor.charts();
        monitor.close();
    }

    @Test
    void theChartsAreNamedAsDocumented() {
        assertEquals(List.of("activations", "gradients", "loss", "weights", "updates", "features:0"), new ArrayList<>(charts.keySet()));
        assertTrue(charts.get("gradients").getTitle().getText().startsWith("Gradients"));
        assertTrue(charts.get("features:0").getTitle().getText().contains("Feature maps of 0 (Conv2d)"));
        assertTrue(monitor.charts() == charts || monitor.charts().get("loss") == charts.get("loss"), "the same chart objects every time");
    }

    @Test
    void lineChartsHaveOneSeriesPerModuleAndAPointPerStep() {
        XYDataset gradients = charts.get("gradients").getXYPlot().getDataset();
        assertEquals(6, gradients.getSeriesCount());
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < gradients.getSeriesCount(); i++) keys.add(gradients.getSeriesKey(i).toString());
        assertEquals(List.of("0", "1", "2", "3", "4", "5"), keys);
        assertEquals(STEPS, gradients.getItemCount(5));
        assertTrue(charts.get("gradients").getXYPlot().getRangeAxis() instanceof org.jfree.chart.axis.LogAxis, "log scale");
        XYDataset loss = charts.get("loss").getXYPlot().getDataset();
        assertEquals(1, loss.getSeriesCount());
        assertEquals(STEPS, loss.getItemCount(0));
        assertEquals(monitor.history().get(0).loss(), loss.getYValue(0, 0), 1e-9);
        XYDataset updates = charts.get("updates").getXYPlot().getDataset();
        assertEquals(6, updates.getSeriesCount(), "conv, batch norm and linear weights and biases");
        assertEquals("0.weight", updates.getSeriesKey(0));
    }

    @Test
    void histogramGridsHaveACellPerModuleOrParameter() {
        var grid = (dev.hookbook.viz.chart.GridPlot) charts.get("activations").getPlot();
        assertEquals(6, grid.cells().size());
        XYPlot relu = (XYPlot) grid.cells().get(2);
        assertEquals("2 (ReLU)", grid.caption(2).title(), "named above the cell");
        assertTrue(grid.caption(2).note().startsWith("mean "), grid.caption(2).note());
        assertEquals(40, relu.getDataset().getItemCount(0), "40 bins by default");
        var weights = (dev.hookbook.viz.chart.GridPlot) charts.get("weights").getPlot();
        assertEquals(6, weights.cells().size());
    }

    @Test
    void everyChartRendersToAValidPng(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            Path file = dir.resolve(e.getKey().replace(':', '-') + ".png");
            Charts.savePng(e.getValue(), file, 800, 500);
            BufferedImage image = ImageIO.read(file.toFile());
            assertNotNull(image, e.getKey());
            assertEquals(800, image.getWidth());
            assertEquals(500, image.getHeight());
        }
    }

    @Test
    void everyChartRendersToWellFormedSvgWithItsTitle(@TempDir Path dir) throws Exception {
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            Path file = dir.resolve(e.getKey().replace(':', '-') + ".svg");
            Charts.saveSvg(e.getValue(), file, 800, 500);
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            // The SVG doctype names the W3C's DTD; parsing must not go online for it.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document doc = factory.newDocumentBuilder().parse(file.toFile());
            assertEquals("svg", doc.getDocumentElement().getLocalName());
            String text = Files.readString(file);
            String title = e.getValue().getTitle().getText();
            assertTrue(text.contains(escape(title)), e.getKey() + ": the title is in the SVG text");
        }
    }

    @Test
    void featureMapsShowTheFirstImage() {
        FeatureMaps maps = monitor.recording().featureMaps().get("0");
        assertEquals(8, maps.channels());
        assertEquals(8, maps.height());
        assertEquals(8, maps.width());
        XYDataset heat = charts.get("features:0").getXYPlot().getDataset();
        assertEquals(8 * 64, heat.getItemCount(0));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.hookbook.viz;

import dev.hookbook.viz.png.Png;
import dev.hookbook.data.TensorDataset;
import dev.hookbook.data.ToyData;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Tanh;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.chart.PlaneChart;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Playground's pictures: the decision boundary and the hidden neurons' maps, looked at pixel by pixel. */
class PlaneChartsTest {

    /** tanh(2 * x1): orange on the left half of the plane, blue on the right. */
    private static Sequential leftOrangeRightBlue() {
        Sequential model = new Sequential(new Linear(2, 1), new Tanh());
        model.loadStateDict(Map.of("0.weight", Tensor.of(new float[]{2, 0}, 1, 2), "0.bias", Tensor.of(new float[]{0}, 1)), true);
        return model;
    }

    @Test
    void theFieldIsOrangeWhereTheModelSaysMinusOneAndBlueWherePlusOne() throws Exception {
        TensorDataset data = ToyData.xor(100, 0f, 1);
        JFreeChart chart = Charts.decisionBoundary(leftOrangeRightBlue(), data.x(), data.y());
        ChartRenderingInfo info = new ChartRenderingInfo();
        BufferedImage image = chart.createBufferedImage(480, 480, info);
        save(image, "decision-boundary.png");
        Rectangle2D area = info.getPlotInfo().getDataArea();
        // a point near the middle of the left and right edges, away from the data points (off the x axis: y = 0 row)
        Color left = new Color(image.getRGB((int) (area.getX() + 3), (int) area.getCenterY()));
        Color right = new Color(image.getRGB((int) (area.getMaxX() - 3), (int) area.getCenterY()));
        assertTrue(isOrange(left), "left edge " + left);
        assertTrue(isBlue(right), "right edge " + right);
        // the square is the Playground's [-6, 6]
        var plot = chart.getXYPlot();
        assertEquals(-6, plot.getDomainAxis().getLowerBound());
        assertEquals(6, plot.getRangeAxis().getUpperBound());
        assertEquals(2, plot.getDataset().getSeriesCount());
        assertEquals(50, plot.getDataset().getItemCount(0), "the positive points");
    }

    @Test
    void thePlaneStaysSquareInAWideChart() throws Exception {
        TensorDataset data = ToyData.circle(200, 0f, 1);
        ChartRenderingInfo info = new ChartRenderingInfo();
        save(Charts.decisionBoundary(leftOrangeRightBlue(), data.x(), data.y()).createBufferedImage(640, 400, info), "wide.png");
        Rectangle2D area = info.getPlotInfo().getDataArea();
        assertEquals(area.getHeight(), area.getWidth(), 2, "data area " + area);
    }

    @Test
    void pointsFurtherOutWidenTheSquare() {
        Tensor points = Tensor.of(new float[]{0, 0, 9.5f, -1}, 2, 2);
        JFreeChart chart = Charts.decisionBoundary(leftOrangeRightBlue(), points, Tensor.of(new float[]{1, -1}, 2));
        assertEquals(10, chart.getXYPlot().getDomainAxis().getUpperBound());
    }

    @Test
    void theHiddenLayersAreWhatGoesIntoEachLinearAfterTheFirst() {
        Sequential model = new Sequential(new Linear(2, 3), new Tanh(), new Linear(3, 2), new ReLU(), new Linear(2, 1), new Tanh());
        List<List<float[]>> layers = PlaneMaps.hidden(model, 6, null);
        assertEquals(2, layers.size());
        assertEquals(3, layers.get(0).size());
        assertEquals(2, layers.get(1).size());
        // neuron 1 of layer 1 at grid point 0 (the top-left cell's centre) is tanh(w1 . x + b1)
        Tensor grid = PlaneMaps.grid(6, null);
        assertArrayEquals(new float[]{-5.9f, 5.9f}, new float[]{grid.toFloatArray()[0], grid.toFloatArray()[1]}, 1e-5f);
        float[] w = ((Linear) model.get(0)).weight.toFloatArray(), b = ((Linear) model.get(0)).bias.toFloatArray();
        double expected = Math.tanh(w[2] * -5.9 + w[3] * 5.9 + b[1]);
        assertEquals(expected, layers.get(0).get(1)[0], 1e-5);
        for (float v : layers.get(1).get(0)) assertTrue(v >= 0, "after ReLU");
    }

    @Test
    void withoutActivationsTheHiddenNeuronsAreTheLinearOutputs() {
        Sequential model = new Sequential(new Linear(2, 4), new Linear(4, 1));
        assertEquals(4, PlaneMaps.hidden(model, 6, null).get(0).size());
    }

    @Test
    void neuronMapsDrawEachNeuronAsASmallMap() throws Exception {
        Sequential model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 4), new Tanh(), new Linear(4, 1), new Tanh());
        BufferedImage image = Charts.image(Charts.neuronMaps(model, ToyData.circle(50, 0f, 1).x()), 640, 300);
        save(image, "neuron-maps.png");
        int orange = 0, blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                Color c = new Color(image.getRGB(x, y));
                if (isOrange(c)) orange++;
                if (isBlue(c)) blue++;
            }
        }
        assertTrue(orange > 2000 && blue > 2000, "orange " + orange + ", blue " + blue);
    }

    @Test
    void theColoursAreThePlaygroundsOrangeWhiteAndBlue() {
        assertEquals(PlaneChart.ORANGE, PlaneChart.color(-1, 1));
        assertEquals(PlaneChart.NEUTRAL, PlaneChart.color(0, 1));
        assertEquals(PlaneChart.BLUE, PlaneChart.color(3, 1));
        assertEquals(PlaneChart.NEUTRAL, PlaneChart.color(Double.NaN, 1));
    }

    @Test
    void badShapesSayWhatWasExpected() {
        var model = leftOrangeRightBlue();
        var points = assertThrows(IllegalArgumentException.class,
                () -> Charts.decisionBoundary(model, Tensor.zeros(5, 3), Tensor.zeros(5)));
        assertEquals("Charts.decisionBoundary: expected points [N, 2] (two coordinates each), got [5, 3]", points.getMessage());
        var labels = assertThrows(IllegalArgumentException.class,
                () -> Charts.decisionBoundary(model, Tensor.zeros(5, 2), Tensor.zeros(4)));
        assertEquals("Charts.decisionBoundary: expected one label per point (5), got labels [4] for points [5, 2]", labels.getMessage());
        var outputs = assertThrows(IllegalArgumentException.class,
                () -> Charts.decisionBoundary(new Sequential(new Linear(2, 2)), Tensor.zeros(5, 2), Tensor.zeros(5)));
        assertEquals("Charts.decisionBoundary: expected a model with one output per point ([N, 1] or [N]), got [3600, 2] for 3600 points [3600, 2]",
                outputs.getMessage());
    }

    private static boolean isOrange(Color c) {
        return c.getRed() > 200 && c.getBlue() < 120 && c.getRed() - c.getBlue() > 100;
    }

    private static boolean isBlue(Color c) {
        return c.getBlue() > 150 && c.getRed() < 100;
    }

    private static void save(BufferedImage image, String name) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "plane-charts"));
        Files.write(dir.resolve(name), Png.encode(image));
    }
}

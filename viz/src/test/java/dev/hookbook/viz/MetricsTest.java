package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    /** Scores for 5 samples of 3 classes; the predictions are 2, 0, 1, 1, 0. */
    private static final Tensor LOGITS = Tensor.of(new float[]{
            0.1f, 0.2f, 0.9f,
            3f, -1f, 0f,
            0f, 5f, 4f,
            -2f, -1f, -3f,
            1f, 0f, 0f}, 5, 3);
    private static final Tensor LABELS = Tensor.of(new float[]{2, 0, 2, 1, 1}, 5);

    @Test
    void accuracyIsTheShareWhoseHighestScoreIsTheLabel() {
        assertEquals(0.6f, Metrics.accuracy(LOGITS, LABELS), 1e-6f);
        assertEquals(1f, Metrics.accuracy(LOGITS, Tensor.of(new float[]{2, 0, 1, 1, 0}, 5)));
    }

    @Test
    void theConfusionMatrixCountsTrueClassesAgainstPredictions() {
        ConfusionMatrix m = Metrics.confusion(LOGITS, LABELS, 3);
        assertArrayEquals(new long[][]{{1, 0, 0}, {1, 1, 0}, {0, 1, 1}}, m.counts());
        assertEquals(5, m.total());
        assertEquals(0.6, m.accuracy(), 1e-12);
        assertEquals(0.5, m.recall(1), 1e-12);
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals("""
                ConfusionMatrix(classes=3, total=5, accuracy=0.6000)
                true\\pred    0    1    2  recall
                         0    1    0    0  1.000
                         1    1    1    0  0.500
                         2    0    1    1  0.500""", m.toString());
    }

    @Test
    void wrongShapesAndLabelsAreExplained() {
        var shape = assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(LOGITS, Tensor.zeros(4)));
        assertEquals("accuracy: expected logits [N, classes] and labels [N], found logits [5, 3] and labels [4]", shape.getMessage());
        var label = assertThrows(IllegalArgumentException.class,
                () -> Metrics.confusion(LOGITS, Tensor.of(new float[]{0, 1, 2, 3, 0}, 5), 3));
        assertEquals("confusion: label 3.0 of sample 3 is not a class index 0..2", label.getMessage());
        var names = assertThrows(IllegalArgumentException.class, () -> Metrics.confusion(LOGITS, LABELS, 3).chart("a", "b"));
        assertEquals("chart: 2 class names for 3 classes", names.getMessage());
    }

    @Test
    void theHeatMapNamesTheClassesOnBothAxes() throws Exception {
        ConfusionMatrix m = new ConfusionMatrix(FashionLike.COUNTS);
        JFreeChart chart = m.chart(FashionLike.CLASSES);
        XYPlot plot = chart.getXYPlot();
        assertEquals(List.of(FashionLike.CLASSES), List.of(((SymbolAxis) plot.getDomainAxis()).getSymbols()));
        assertEquals(List.of(FashionLike.CLASSES), List.of(((SymbolAxis) plot.getRangeAxis()).getSymbols()));
        assertEquals(FashionLike.nonZeroCells(), plot.getAnnotations().size(), "a count in every cell that has one");
        Path file = target("confusion.png");
        Charts.savePng(chart, file, 640, 400);               // the size a notebook shows
        BufferedImage image = ImageIO.read(file.toFile());
        assertEquals(640, image.getWidth());
        assertTrue(m.chart().getXYPlot().getDomainAxis() instanceof SymbolAxis, "indices when no names are given");
    }

    @Test
    void imagesAreDrawnInAGridWithTheirCaptions() throws Exception {
        int n = 12;
        float[] values = new float[n * 28 * 28];
        for (int i = 0; i < n; i++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    values[i * 784 + y * 28 + x] = (x + y + i) % 28 < 14 ? 1f : 0f;   // stripes, one phase per image
                }
            }
        }
        String[] captions = new String[n];
        for (int i = 0; i < n; i++) {
            captions[i] = "Shirt → T-shirt/top " + i;
        }
        JFreeChart grid = Charts.images(Tensor.of(values, n, 1, 28, 28), captions);
        BufferedImage picture = Charts.image(grid, 640, 400);
        ImageIO.write(picture, "png", target("images-grey.png").toFile());

        // A line across the first row of pictures meets white and black stripes.
        boolean sawWhite = false, sawBlack = false;
        for (int x = 0; x < 640; x++) {
            int rgb = picture.getRGB(x, 40) & 0xFFFFFF;
            sawWhite |= rgb == 0xFFFFFF;
            sawBlack |= rgb == 0x000000;
        }
        assertTrue(sawWhite && sawBlack, "the stripes are drawn");

        float[] rgb = new float[2 * 3 * 4 * 4];
        for (int p = 0; p < 16; p++) {
            rgb[p] = 1f;                                      // image 0 red
            rgb[48 + 32 + p] = 1f;                            // image 1 blue
        }
        BufferedImage colour = Charts.image(Charts.images(Tensor.of(rgb, 2, 3, 4, 4), "red", "blue"), 400, 240);
        ImageIO.write(colour, "png", target("images-colour.png").toFile());
        assertTrue(contains(colour, 0xFF0000) && contains(colour, 0x0000FF), "red and blue images");
    }

    @Test
    void imagesOfTheWrongShapeOrWithTooManyCaptionsAreRefused() {
        var shape = assertThrows(IllegalArgumentException.class, () -> Charts.images(Tensor.zeros(2, 28, 28)));
        assertEquals("images: expected a tensor [N, 1, H, W] or [N, 3, H, W], found [2, 28, 28]", shape.getMessage());
        var captions = assertThrows(IllegalArgumentException.class, () -> Charts.images(Tensor.zeros(1, 1, 2, 2), "a", "b"));
        assertEquals("images: 2 captions for 1 images", captions.getMessage());
    }

    /** A file under target/metrics-charts, to look at after the build. */
    private static Path target(String name) throws java.io.IOException {
        return java.nio.file.Files.createDirectories(Path.of("target", "metrics-charts")).resolve(name);
    }

    private static boolean contains(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Counts like a small CNN's on Fashion-MNIST's test set: about 91%, shirts the weak class. */
    static final class FashionLike {
        static final String[] CLASSES = {
                "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};
        static final long[][] COUNTS = {
                {862, 1, 16, 22, 4, 1, 86, 0, 8, 0},
                {2, 978, 0, 14, 3, 0, 2, 0, 1, 0},
                {17, 1, 858, 9, 62, 0, 51, 0, 2, 0},
                {18, 5, 10, 916, 28, 0, 21, 0, 2, 0},
                {1, 1, 58, 27, 872, 0, 40, 0, 1, 0},
                {0, 0, 0, 0, 0, 976, 0, 17, 1, 6},
                {123, 1, 68, 27, 72, 0, 698, 0, 11, 0},
                {0, 0, 0, 0, 0, 8, 0, 971, 0, 21},
                {3, 1, 2, 4, 2, 2, 4, 3, 979, 0},
                {0, 0, 0, 0, 0, 5, 1, 32, 0, 962}};

        static int nonZeroCells() {
            int cells = 0;
            for (long[] row : COUNTS) {
                for (long c : row) {
                    cells += c > 0 ? 1 : 0;
                }
            }
            return cells;
        }
    }
}

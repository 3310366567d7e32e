package dev.hookbook.viz.png;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Png} writes files that a standard decoder (ImageIO's) reads back pixel for pixel. */
class PngTest {

    @Test
    void opaqueChartImageRoundTripsAsRgb() throws IOException {
        XYSeries loss = new XYSeries("loss");
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) loss.add(i, Math.exp(-i / 100.0) + 0.05 * random.nextGaussian());
        JFreeChart chart = ChartFactory.createXYLineChart("loss", "step", "loss", new XYSeriesCollection(loss));
        BufferedImage image = new BufferedImage(333, 211, BufferedImage.TYPE_INT_RGB); // odd sizes: no row padding assumed
        chart.draw(image.createGraphics(), new Rectangle(333, 211));

        byte[] png = Png.encode(image);
        BufferedImage back = decode(png);

        assertEquals(2, png[25], "colour type RGB for an opaque image");
        assertFalse(back.getColorModel().hasAlpha(), "the decoded image has no alpha channel");
        assertSamePixels(image, back, 0x00ffffff);
    }

    @Test
    void translucentPixelsKeepTheirAlpha() throws IOException {
        BufferedImage image = new BufferedImage(17, 9, BufferedImage.TYPE_INT_ARGB);
        Random random = new Random(3);
        for (int y = 0; y < 9; y++) {
            for (int x = 0; x < 17; x++) image.setRGB(x, y, random.nextInt()); // every byte, alpha included, varies
        }
        byte[] png = Png.encode(image);

        assertEquals(6, png[25], "colour type RGBA");
        assertSamePixels(image, decode(png), 0xffffffff);
    }

    @Test
    void otherImageTypesAndSubimagesGoThroughImageIo() throws IOException {
        BufferedImage gray = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 4, 0, 200);
        BufferedImage grayBack = decode(Png.encode(gray));
        assertEquals(200, grayBack.getRaster().getSample(3, 4, 0));

        BufferedImage big = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        big.setRGB(12, 7, 0x123456);
        BufferedImage part = big.getSubimage(10, 5, 20, 10); // shares big's array at an offset
        BufferedImage partBack = decode(Png.encode(part));
        assertEquals(20, partBack.getWidth());
        assertEquals(0x123456, partBack.getRGB(2, 2) & 0xffffff);
        assertSamePixels(part, partBack, 0x00ffffff);
    }

    @Test
    void compressesAChartNearlyAsWellAsImageIo() throws IOException {
        XYSeries series = new XYSeries("x");
        for (int i = 0; i < 200; i++) series.add(i, Math.sin(i / 10.0));
        BufferedImage image = new BufferedImage(760, 360, BufferedImage.TYPE_INT_RGB);
        ChartFactory.createXYLineChart("sine", "i", "x", new XYSeriesCollection(series))
                .draw(image.createGraphics(), new Rectangle(760, 360));
        ByteArrayOutputStream imageIo = new ByteArrayOutputStream();
        ImageIO.write(image, "png", imageIo);

        int ours = Png.encode(image).length;
        assertTrue(ours < imageIo.size() * 1.3, "ours " + ours + " bytes against ImageIO's " + imageIo.size());
        assertTrue(ours < 760 * 360 * 3 / 10, "a chart compresses at least tenfold: " + ours + " bytes");
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertTrue(image != null, "ImageIO could not read the PNG");
        return image;
    }

    private static void assertSamePixels(BufferedImage expected, BufferedImage actual, int mask) {
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        int[] want = expected.getRGB(0, 0, expected.getWidth(), expected.getHeight(), null, 0, expected.getWidth());
        int[] got = actual.getRGB(0, 0, actual.getWidth(), actual.getHeight(), null, 0, actual.getWidth());
        for (int i = 0; i < want.length; i++) {
            want[i] &= mask;
            got[i] &= mask;
        }
        assertArrayEquals(want, got);
    }
}

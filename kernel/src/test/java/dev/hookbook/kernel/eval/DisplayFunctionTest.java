package dev.hookbook.kernel.eval;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.kernel.render.ImageFiles;
import org.jfree.chart.ChartFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code display(value)} in plain JShell, where no notebook display is installed: text is
 * printed; a chart or an image is written to {@code hookbook-charts/} and its path printed, as
 * {@code Monitor.show()} does without a screen, and an update rewrites that file.
 */
class DisplayFunctionTest {

    @AfterEach
    void removeTheImages() throws Exception {
        if (Files.isDirectory(ImageFiles.DIRECTORY)) {
            try (Stream<Path> files = Files.walk(ImageFiles.DIRECTORY)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(file);
            }
        }
    }

    private static String printed(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aChartIsWrittenAsAPngWhosePathIsPrintedAndAnUpdateRewritesIt() throws Exception {
        assertNull(Display.current().orElse(null), "plain JShell has no notebook display");
        DisplayHandle[] handle = new DisplayHandle[1];
        String line = printed(() -> handle[0] = DisplayFunction.display(ChartFactory.createXYLineChart("Loss", "step", "loss", null)));
        String[] words = line.strip().split(" saved to ");
        assertEquals("JFreeChart \"Loss\" (640x400)", words[0], line);
        Path file = Path.of(words[1]);
        assertTrue(file.isAbsolute() && file.getFileName().toString().matches("display-\\d+\\.png"), line);
        assertEquals(640, ImageIO.read(file.toFile()).getWidth());

        String again = printed(() -> handle[0].update(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB)));
        assertEquals("", again, "an update rewrites the file quietly");
        assertEquals(30, ImageIO.read(file.toFile()).getWidth());
    }

    @Test
    void textIsPrintedAsBefore() {
        assertEquals("hello" + System.lineSeparator(), printed(() -> DisplayFunction.display("hello")));
        assertTrue(!Files.exists(ImageFiles.DIRECTORY) || ImageFiles.DIRECTORY.toFile().list().length == 0);
    }
}

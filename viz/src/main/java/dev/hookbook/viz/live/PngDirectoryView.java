package dev.hookbook.viz.live;

import dev.hookbook.viz.png.Png;
import org.jfree.chart.JFreeChart;

import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Charts as PNG files in a directory, one per chart, rewritten at each frame (for a headless
 * machine with no notebook: open them in any image viewer, which reloads them). The paths are
 * printed once. Each file is written next to its final name and then renamed, so a viewer never
 * reads half a file. Charts have the sizes they have in a notebook ({@link ChartCanvas#size}),
 * and each size is drawn into the same image frame after frame: a fresh 1-2 MB image per chart
 * and frame kept the collector busy next to training.
 */
public final class PngDirectoryView implements LiveView {
    private final Path directory;
    private final PrintStream out;
    private boolean announced;
    private final Map<Dimension, BufferedImage> canvases = new HashMap<>(); // used on the frame thread only

    public PngDirectoryView(Path directory, PrintStream out) {
        this.directory = directory;
        this.out = out;
    }

    /** The file a chart is written to: its name with ':' (not allowed everywhere) as '-'. */
    public Path file(String chartName) {
        return directory.resolve(chartName.replace(':', '-') + ".png");
    }

    @Override
    public void show(Map<String, JFreeChart> charts) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, JFreeChart> e : charts.entrySet()) {
            Path target = file(e.getKey());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            BufferedImage canvas = canvases.computeIfAbsent(ChartCanvas.size(e.getKey()),
                    size -> new BufferedImage(size.width, size.height, BufferedImage.TYPE_INT_RGB));
            ChartCanvas.draw(e.getValue(), canvas);
            Files.write(partial, Png.encode(canvas));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        if (!announced) {
            announced = true;
            out.println("Live charts (rewritten as training goes) in " + directory.toAbsolutePath() + ":");
            charts.keySet().forEach(name -> out.println("  " + file(name).toAbsolutePath()));
        }
    }

    @Override
    public double defaultFramesPerSecond() {
        return 1;
    }
}

package dev.hookbook.viz.live;

import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.GraphView;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

/**
 * Run by {@link ScreenTest} in a JVM of its own: a gradient graph drawn as the first thing the
 * JVM draws (nothing else has settled the screen yet) still draws without a screen.
 */
public final class GraphViewHeadlessCheck {
    public static void main(String[] args) throws Exception {
        Linear layer = new Linear(3, 2);
        BufferedImage image = GraphView.of(layer.call(Tensor.randn(4, 3)).sum(), layer).toImage();
        ImageIO.write(image, "png", Path.of(args[0], "chart.png").toFile());
        System.out.println("GraphView, drew " + image.getWidth() + "x" + image.getHeight());
    }
}

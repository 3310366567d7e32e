package dev.hookbook.kernel;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The kernel's logo in the two sizes Jupyter front ends show ({@code logo-32x32.png} in the
 * launcher's list, {@code logo-64x64.png} on the launcher card), drawn with Java2D when the
 * kernelspec is written, so no binary file is kept in the repository: three nodes of a small
 * network on a dark disc, the last one caught by a hook.
 */
final class KernelLogo {
    private static final Color DISC = new Color(0x1f, 0x3a, 0x5f);
    private static final Color NODE = new Color(0xf5, 0xf5, 0xf5);
    private static final Color HOOK = new Color(0xf0, 0x8c, 0x2e);

    private KernelLogo() {}

    /** Writes {@code logo-32x32.png} and {@code logo-64x64.png} into {@code directory}. */
    static void write(Path directory) throws IOException {
        for (int size : new int[] {32, 64}) {
            ImageIO.write(draw(size), "png", directory.resolve("logo-" + size + "x" + size + ".png").toFile());
        }
    }

    /** The logo at {@code size x size} pixels, on a transparent background. */
    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.scale(size / 64.0, size / 64.0); // drawn on a 64-unit grid
            g.setColor(DISC);
            g.fill(new Ellipse2D.Double(1, 1, 62, 62));
            double[][] nodes = {{16, 20}, {16, 44}, {34, 32}};
            g.setColor(NODE);
            g.setStroke(new BasicStroke(3f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new Line2D.Double(nodes[0][0], nodes[0][1], nodes[2][0], nodes[2][1]));
            g.draw(new Line2D.Double(nodes[1][0], nodes[1][1], nodes[2][0], nodes[2][1]));
            for (double[] n : nodes) {
                g.fill(new Ellipse2D.Double(n[0] - 5, n[1] - 5, 10, 10));
            }
            // The hook: a shank from the last node, curling up around its output.
            Path2D hook = new Path2D.Double();
            hook.moveTo(39, 32);
            hook.lineTo(46, 32);
            hook.lineTo(46, 44);
            hook.curveTo(46, 52, 56, 52, 56, 44);
            hook.lineTo(56, 40);
            g.setColor(HOOK);
            g.setStroke(new BasicStroke(4.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(hook);
        } finally {
            g.dispose();
        }
        return image;
    }
}

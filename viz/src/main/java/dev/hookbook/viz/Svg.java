package dev.hookbook.viz;

import org.jfree.svg.SVGGraphics2D;

import java.awt.Graphics2D;
import java.util.function.Consumer;

/**
 * SVG output, written by JFreeSVG, which hookbook-viz declares as an optional dependency: its
 * licence is the GPL-3.0 (see NOTICE), so a project using hookbook-viz gets it only by asking for
 * it (the kernel does). Only this class names JFreeSVG's types, and only inside {@link Writer},
 * which the JVM loads at the first SVG drawn; without JFreeSVG every other chart method works, a
 * notebook gets PNG only, and asking for SVG is a one-line error saying what to add.
 */
final class Svg {
    private static final String WRITER_CLASS = "org.jfree.svg.SVGGraphics2D";

    /** Whether JFreeSVG is on the class path (looked up once: the class path does not change). */
    private static final boolean AVAILABLE = lookUpWriter();

    private Svg() {}

    /** Whether JFreeSVG is on the class path. */
    static boolean available() {
        return AVAILABLE;
    }

    private static boolean lookUpWriter() {
        try {
            Class.forName(WRITER_CLASS, false, Svg.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** A standalone SVG document ({@code <?xml ...?><svg ...>}) of what {@code paint} draws. */
    static String document(int width, int height, Consumer<Graphics2D> paint) {
        requireAvailable();
        return Writer.draw(width, height, paint, true);
    }

    /** The {@code <svg>} element alone, as notebooks embed it. */
    static String element(int width, int height, Consumer<Graphics2D> paint) {
        requireAvailable();
        return Writer.draw(width, height, paint, false);
    }

    private static void requireAvailable() {
        if (!available()) {
            throw new IllegalStateException("SVG output needs JFreeSVG on the class path (org.jfree:org.jfree.svg:5.0.7, "
                    + "GPL-3.0, an optional dependency of hookbook-viz): add it to your project, or save PNG with Charts.savePng");
        }
    }

    /** The one place JFreeSVG is used; loaded only when an SVG is drawn. */
    private static final class Writer {
        static String draw(int width, int height, Consumer<Graphics2D> paint, boolean document) {
            SVGGraphics2D graphics = new SVGGraphics2D(width, height);
            paint.accept(graphics);
            return document ? graphics.getSVGDocument() : graphics.getSVGElement();
        }
    }
}

package dev.hookbook.viz;

import dev.hookbook.viz.png.Png;
import dev.hookbook.display.MimeBundle;
import org.jfree.chart.JFreeChart;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Charts, images and gradient graphs as the base64 PNG and the SVG text that notebooks embed. */
final class ChartImages {

    static final int WIDTH = 640;
    static final int HEIGHT = 400;

    private ChartImages() {}

    static MimeBundle chart(JFreeChart chart, boolean png, boolean svg) {
        String title = chart.getTitle() == null ? "" : " \"" + chart.getTitle().getText() + "\"";
        return chart(chart, "JFreeChart" + title, png, svg);
    }

    /** {@code chart} with {@code text} for clients that show no pictures. */
    static MimeBundle chart(JFreeChart chart, String text, boolean png, boolean svg) {
        MimeBundle bundle = MimeBundle.text(text);
        boolean svgWritten = svg && Svg.available(); // without JFreeSVG (optional), a notebook gets PNG instead
        if (png || (svg && !svgWritten)) {
            bundle.with(MimeBundle.PNG, png(chart.createBufferedImage(WIDTH, HEIGHT)))
                    .withMetadata(MimeBundle.PNG, size(WIDTH, HEIGHT));
        }
        if (svgWritten) {
            bundle.with(MimeBundle.SVG, Svg.element(WIDTH, HEIGHT, g -> chart.draw(g, new Rectangle(WIDTH, HEIGHT))));
        }
        return bundle;
    }

    /** {@code {"width": w, "height": h}}, always in that order (Map.of's order varies between runs). */
    private static Map<String, Integer> size(int width, int height) {
        Map<String, Integer> size = new LinkedHashMap<>();
        size.put("width", width);
        size.put("height", height);
        return size;
    }

    /** A gradient graph as SVG (sharp at any size; where JFreeSVG is present) and PNG (for front ends without SVG), with its size. */
    static MimeBundle graph(GraphView graph) {
        BufferedImage image = graph.toImage();
        MimeBundle bundle = MimeBundle.text(graph.toString());
        if (Svg.available()) bundle.with(MimeBundle.SVG, graph.toSvg());
        return bundle.with(MimeBundle.PNG, png(image))
                .withMetadata(MimeBundle.PNG, size(image.getWidth(), image.getHeight()));
    }

    static MimeBundle image(RenderedImage image) {
        return MimeBundle.text("image " + image.getWidth() + "x" + image.getHeight())
                .with(MimeBundle.PNG, png(image));
    }

    private static String png(RenderedImage image) {
        return Base64.getEncoder().encodeToString(Png.encode(image));
    }
}

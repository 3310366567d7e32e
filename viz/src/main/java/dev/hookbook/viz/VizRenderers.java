package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import dev.hookbook.display.RendererProvider;
import dev.hookbook.interp.Heatmap;
import org.jfree.chart.JFreeChart;

import java.awt.image.RenderedImage;
import java.util.List;

/**
 * Shows in a notebook the types the viz draws but does not own: a JFreeChart chart, 640 x 400,
 * as PNG, SVG or both as the notebook asks (the kernel's {@code %chartformat} magic), any
 * Java2D image (a {@code BufferedImage}, say) as PNG, and the engine's {@link Heatmap} as its
 * {@link Charts#heatmap(Heatmap)} chart, with its table as the text. Registered through
 * {@code ServiceLoader}.
 */
public final class VizRenderers implements RendererProvider {

    @Override
    public List<MimeRenderer<?>> renderers() {
        return List.of(
                MimeRenderer.of(JFreeChart.class, (chart, formats) ->
                        ChartImages.chart(chart, formats.contains(MimeBundle.PNG), formats.contains(MimeBundle.SVG))),
                MimeRenderer.of(RenderedImage.class, (image, formats) -> ChartImages.image(image)),
                MimeRenderer.of(Heatmap.class, (heatmap, formats) -> ChartImages.chart(Charts.heatmap(heatmap),
                        heatmap.toString(), formats.contains(MimeBundle.PNG), formats.contains(MimeBundle.SVG))));
    }
}

package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import dev.hookbook.display.RendererProvider;
import org.jfree.chart.JFreeChart;

import java.awt.image.RenderedImage;
import java.util.List;

/**
 * Shows in a notebook the types the viz draws but does not own: a JFreeChart chart, 640 x 400,
 * as PNG, SVG or both as the notebook asks (the kernel's {@code %chartformat} magic), and any
 * Java2D image (a {@code BufferedImage}, say) as PNG. Registered through {@code ServiceLoader}.
 */
public final class VizRenderers implements RendererProvider {

    @Override
    public List<MimeRenderer<?>> renderers() {
        return List.of(
                MimeRenderer.of(JFreeChart.class, (chart, formats) ->
                        ChartImages.chart(chart, formats.contains(MimeBundle.PNG), formats.contains(MimeBundle.SVG))),
                MimeRenderer.of(RenderedImage.class, (image, formats) -> ChartImages.image(image)));
    }
}

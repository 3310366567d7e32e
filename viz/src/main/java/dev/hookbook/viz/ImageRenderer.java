package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;

import java.awt.image.RenderedImage;
import java.util.Set;

/** Shows any Java2D image (a {@code BufferedImage}, say) in a notebook as PNG; registered through {@code ServiceLoader}. */
public final class ImageRenderer implements MimeRenderer<RenderedImage> {

    @Override
    public Class<RenderedImage> type() {
        return RenderedImage.class;
    }

    @Override
    public MimeBundle render(RenderedImage image, Set<String> imageFormats) {
        return ChartImages.image(image);
    }
}

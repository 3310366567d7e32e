package dev.hookbook.widgets;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.viz.png.Png;
import org.jfree.chart.JFreeChart;

import java.awt.image.RenderedImage;

/**
 * A picture (ipywidgets' {@code Image}, {@code ImageModel}): PNG bytes, sent to the front end as a
 * binary buffer, not base64. A chart that redraws on a change is set with {@link #setValue(JFreeChart)}.
 * Without widgets the PNG itself is shown.
 */
public final class Image extends Widget<byte[]> {

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;

    /** An empty image. */
    public Image() {
        this(new byte[0]);
    }

    /** An image of {@code png} (the bytes of a PNG file). */
    public Image(byte[] png) {
        super("ImageModel", "ImageView");
        domWidget();
        setInitial("format", "png");
        setInitial("height", "");
        setInitial("value", png == null ? new byte[0] : png.clone());
        setInitial("width", "");
    }

    /** The PNG bytes shown now. */
    @Override
    public byte[] value() {
        return ((byte[]) get("value")).clone();
    }

    /** Shows {@code png}, the bytes of a PNG file. */
    @Override
    public void setValue(byte[] png) {
        set("value", png == null ? new byte[0] : png.clone());
    }

    /** Shows {@code chart}, drawn 640 x 400 as the notebook shows charts. */
    public void setValue(JFreeChart chart) {
        setValue(Png.encode(chart.createBufferedImage(WIDTH, HEIGHT)));
    }

    /** Shows {@code image}. */
    public void setValue(RenderedImage image) {
        setValue(Png.encode(image));
    }

    @Override
    String plainValue() {
        return ((byte[]) get("value")).length + " bytes of PNG";
    }

    @Override
    void fallback(MimeBundle bundle) {
        byte[] png = (byte[]) get("value");
        if (png.length > 0) {
            bundle.with(MimeBundle.PNG, base64(png));
        }
    }
}

package dev.hookbook.kernel.render;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import dev.hookbook.display.RendererProvider;

import java.util.List;
import java.util.TreeSet;

/** {@link Temperature}'s renderer, registered as a jar registers one: in META-INF/services. */
public final class TemperatureRenderers implements RendererProvider {

    @Override
    public List<MimeRenderer<?>> renderers() {
        return List.of(MimeRenderer.of(Temperature.class, (t, formats) ->
                MimeBundle.html("<b>" + t.celsius() + " &#8451;</b>", t.celsius() + " C")
                        .with("text/x-formats", String.join(",", new TreeSet<>(formats)))));
    }
}

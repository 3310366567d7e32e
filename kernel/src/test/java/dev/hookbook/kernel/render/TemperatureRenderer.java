package dev.hookbook.kernel.render;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;

import java.util.Set;

/** {@link Temperature}'s renderer, registered as a jar registers one: in META-INF/services. */
public final class TemperatureRenderer implements MimeRenderer<Temperature> {

    @Override
    public Class<Temperature> type() {
        return Temperature.class;
    }

    @Override
    public MimeBundle render(Temperature value, Set<String> imageFormats) {
        return MimeBundle.html("<b>" + value.celsius() + " &#8451;</b>", value.celsius() + " C")
                .with("text/x-formats", String.join(",", new java.util.TreeSet<>(imageFormats)));
    }
}

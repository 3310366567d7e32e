package dev.hookbook.viz;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.MimeRenderer;
import org.jfree.chart.JFreeChart;

import java.util.Set;

/**
 * Shows a JFreeChart chart in a notebook, 640 x 400, as PNG, SVG or both, as the notebook asks
 * (the kernel's {@code %chartformat} magic); registered through {@code ServiceLoader}.
 */
public final class ChartRenderer implements MimeRenderer<JFreeChart> {

    @Override
    public Class<JFreeChart> type() {
        return JFreeChart.class;
    }

    @Override
    public MimeBundle render(JFreeChart chart, Set<String> imageFormats) {
        return ChartImages.chart(chart, imageFormats.contains(MimeBundle.PNG), imageFormats.contains(MimeBundle.SVG));
    }
}

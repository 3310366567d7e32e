package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;
import org.jfree.chart.JFreeChart;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JFreeSVG (GPL-3.0) is an optional dependency: the charts load, draw PNG and show in a notebook
 * without it, and only asking for SVG says what is missing. Checked by loading the viz in a class
 * loader that has the engine, JFreeChart and the viz but not JFreeSVG.
 */
class OptionalSvgTest {
    private static final Map<String, double[][]> CURVE = Map.of("train", new double[][]{{0, 3}, {1, 2}, {2, 1}});

    @Test
    void withJFreeSvgPresentChartsAreWrittenAsSvg() {
        assertTrue(Svg.available());
        String svg = Charts.svg(Charts.curves("loss", "", "step", "loss", CURVE), 200, 100);
        assertTrue(svg.contains("<svg"), svg.substring(0, Math.min(200, svg.length())));
    }

    @Test
    void withoutJFreeSvgChartsStillDrawAndShowAsPng() throws Exception {
        try (URLClassLoader withoutSvg = new URLClassLoader(new URL[]{
                location(Charts.class), location(JFreeChart.class), location(Tensor.class)}, ClassLoader.getPlatformClassLoader())) {
            Class<?> charts = withoutSvg.loadClass(Charts.class.getName());
            Class<?> svg = withoutSvg.loadClass(Svg.class.getName());
            assertFalse((Boolean) accessible(svg.getDeclaredMethod("available")).invoke(null));

            Object chart = charts.getMethod("curves", String.class, String.class, String.class, String.class, Map.class)
                    .invoke(null, "loss", "", "step", "loss", CURVE);
            InvocationTargetException error = assertThrows(InvocationTargetException.class, () -> charts
                    .getMethod("svg", chart.getClass(), int.class, int.class).invoke(null, chart, 200, 100));
            assertInstanceOf(IllegalStateException.class, error.getCause());
            assertTrue(error.getCause().getMessage().contains("JFreeSVG"), error.getCause().getMessage());

            // A notebook asking for SVG and PNG gets PNG; asking for SVG alone gets PNG instead of nothing.
            Class<?> images = withoutSvg.loadClass(ChartImages.class.getName());
            Method toBundle = accessible(images.getDeclaredMethod("chart", chart.getClass(), boolean.class, boolean.class));
            for (boolean png : new boolean[]{true, false}) {
                Object bundle = toBundle.invoke(null, chart, png, true);
                @SuppressWarnings("unchecked")
                Set<String> types = ((Map<String, String>) bundle.getClass().getMethod("data").invoke(bundle)).keySet();
                assertEquals(Set.of("text/plain", "image/png"), types);
            }
        }
    }

    private static URL location(Class<?> c) {
        return c.getProtectionDomain().getCodeSource().getLocation();
    }

    private static Method accessible(Method m) {
        m.setAccessible(true);
        return m;
    }
}

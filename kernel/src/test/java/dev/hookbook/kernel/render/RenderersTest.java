package dev.hookbook.kernel.render;

import dev.hookbook.display.Html;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.CallTrace;
import dev.hookbook.trace.ModelSummary;
import dev.hookbook.viz.GraphView;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenderersTest {

    private final Renderers renderers = new Renderers();

    @Test
    void tensorIsItsTextAndAnHtmlTable() {
        Tensor tensor = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        MimeBundle bundle = renderers.render(tensor);
        assertEquals(tensor.toString(), bundle.plainText());
        String html = bundle.data().get(MimeBundle.HTML);
        assertEquals(2, html.split("<tr>").length - 1, html);
        assertTrue(html.contains("<td>6.0000</td>") && html.contains("[2, 3]"), html);
    }

    @Test
    void largeTensorsAreCutInTheMiddle() {
        MimeBundle bundle = renderers.render(Tensor.arange(100).reshape(50, 2));
        String html = bundle.data().get(MimeBundle.HTML);
        assertEquals(17, html.split("<tr>").length - 1, "8 rows, the cut, 8 rows");
        assertTrue(html.contains("<th>[49, :]</th>"), html);
        assertFalse(html.contains("<th>[20, :]</th>"), html);
    }

    @Test
    void higherDimensionsGetARowPerVector() {
        String html = renderers.render(Tensor.zeros(2, 2, 3)).data().get(MimeBundle.HTML);
        assertTrue(html.contains("<th>[1, 0, :]</th>"), html);
        assertTrue(renderers.render(Tensor.scalar(2.5f)).data().get(MimeBundle.HTML).contains("2.5000"));
    }

    @Test
    void moduleIsItsRepr() {
        Sequential model = new Sequential(new Linear(2, 3), new ReLU());
        MimeBundle bundle = renderers.render(model);
        assertEquals(model.toString(), bundle.plainText());
        assertTrue(bundle.plainText().startsWith("Sequential("), bundle.plainText());
        assertEquals(1, bundle.data().size());
    }

    @Test
    void htmlValuesAreTheirHtmlAndTheirText() {
        MimeBundle bundle = renderers.render(new Html("<progress value=\"1\" max=\"2\"></progress>", "1/2"));
        assertEquals("<progress value=\"1\" max=\"2\"></progress>", bundle.data().get(MimeBundle.HTML));
        assertEquals("1/2", bundle.plainText());
    }

    @Test
    void chartsArePngAndSvgWhenAsked() throws IOException {
        XYSeries series = new XYSeries("loss");
        series.add(0, 1.0);
        series.add(1, 0.5);
        JFreeChart chart = ChartFactory.createXYLineChart("Loss", "step", "loss", new XYSeriesCollection(series));
        MimeBundle png = renderers.render(chart);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(png.data().get(MimeBundle.PNG))));
        assertEquals(640, image.getWidth());
        assertFalse(png.data().containsKey(MimeBundle.SVG));
        assertEquals("JFreeChart \"Loss\"", png.plainText());

        renderers.chartFormats(MimeBundle.PNG, MimeBundle.SVG);
        MimeBundle both = renderers.render(chart);
        assertTrue(both.data().get(MimeBundle.SVG).startsWith("<svg"));
        assertTrue(both.data().containsKey(MimeBundle.PNG));
        assertThrows(IllegalArgumentException.class, () -> renderers.chartFormats("image/gif"));
    }

    @Test
    void imagesArePng() {
        MimeBundle bundle = renderers.render(new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB));
        assertTrue(bundle.data().containsKey(MimeBundle.PNG));
        assertEquals("image 3x2", bundle.plainText());
    }

    @Test
    void customRenderersComeFirstAndTheLatestWins() {
        renderers.register(CharSequence.class, s -> MimeBundle.html("<b>" + s + "</b>", s.toString()));
        assertEquals("<b>hi</b>", renderers.render("hi").data().get(MimeBundle.HTML));
        renderers.register(String.class, s -> MimeBundle.text("string " + s));
        assertEquals("string hi", renderers.render("hi").plainText());
        MimeBundle own = MimeBundle.text("as is");
        assertSame(own, renderers.render(own));
    }

    @Test
    void everythingElseIsItsTextAndFailuresDoNotEscape() {
        assertEquals("null", renderers.render(null).plainText());
        assertEquals("[1, 2]", renderers.render(new int[] {1, 2}).plainText());
        assertEquals("[[a], [b]]", renderers.render(new String[][] {{"a"}, {"b"}}).plainText());
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no text");
            }
        };
        assertTrue(renderers.render(broken).plainText().contains("toString failed"));
        renderers.register(Integer.class, i -> {
            throw new IllegalStateException("bad renderer");
        });
        assertTrue(renderers.render(5).plainText().contains("rendering failed"));
    }

    @Test
    void aModelSummaryIsAnHtmlTableAndItsTextTable() {
        Sequential model = new Sequential(new Linear(64, 32), new ReLU(), new Linear(32, 10));
        ModelSummary summary = ModelSummary.of(model, 8, 64);
        MimeBundle bundle = renderers.render(summary);
        assertEquals(summary.toString(), bundle.plainText());
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.startsWith("<table") && html.contains(">Linear (2): 1-3</td>") && html.contains(">2,410</td>"), html);
    }

    @Test
    void aCallTraceIsAFoldingTreeAndItsText() {
        Linear lin = new Linear(2, 1);
        CallTrace trace = CallTrace.record(() -> lin.call(Tensor.ones(3, 2)));
        MimeBundle bundle = renderers.render(trace);
        assertEquals(trace.toString(), bundle.plainText());
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.contains("<details open=\"\"") && html.contains("<summary>Linear.call([3, 2]) <span"), html);
    }

    @Test
    void aGraphViewIsSvgAndPng() throws IOException {
        Sequential model = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
        Tensor loss = F.crossEntropy(model.call(Tensor.randn(5, 4)), Tensor.of(new float[] {0, 1, 0, 1, 1}, 5));
        MimeBundle bundle = renderers.render(GraphView.of(loss, model));
        assertTrue(bundle.data().get(MimeBundle.SVG).contains("<svg") && bundle.data().get(MimeBundle.SVG).contains(">2.weight</text>"));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(bundle.data().get(MimeBundle.PNG))));
        assertTrue(image.getWidth() > 100 && image.getHeight() > 200, image.getWidth() + "x" + image.getHeight());
        assertEquals("{width=" + image.getWidth() + ", height=" + image.getHeight() + "}", bundle.metadata().get(MimeBundle.PNG).toString());
        assertTrue(bundle.plainText().startsWith("GraphView("), bundle.plainText());
    }

    @Test
    void aJarOnTheClassPathRegistersRenderersForItsOwnTypes() {
        MimeBundle bundle = renderers.render(new Temperature(21.5));
        assertEquals("21.5 C", bundle.plainText());
        assertEquals("<b>21.5 &#8451;</b>", bundle.data().get(MimeBundle.HTML));
        assertEquals(MimeBundle.PNG, bundle.data().get("text/x-formats"), "the renderer is told the chart formats");
        renderers.chartFormats(MimeBundle.SVG, MimeBundle.PNG);
        assertEquals(MimeBundle.PNG + "," + MimeBundle.SVG, renderers.render(new Temperature(0)).data().get("text/x-formats"));
    }

    @Test
    void aValueThatRendersItselfIsShownAsItSays() {
        Renderable logo = formats -> MimeBundle.text("logo").with(MimeBundle.SVG, "<svg/>");
        MimeBundle bundle = renderers.render(logo);
        assertEquals("logo", bundle.plainText());
        assertEquals("<svg/>", bundle.data().get(MimeBundle.SVG));
    }

    @Test
    void aRegistrationWinsOverAValuesOwnRenderingAndOverTheClassPaths() {
        renderers.register(Tensor.class, t -> MimeBundle.text("a tensor"));
        renderers.register(Temperature.class, t -> MimeBundle.text("warm"));
        assertEquals("a tensor", renderers.render(Tensor.ones(2)).plainText());
        assertEquals("warm", renderers.render(new Temperature(30)).plainText());
    }
}

package dev.hookbook.display;

import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.CallTrace;
import dev.hookbook.trace.ModelSummary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's values offer their own MIME bundles, whatever shows them. */
class RenderableTest {

    private static final Set<String> PNG_ONLY = Set.of(MimeBundle.PNG);

    @Test
    void aTensorIsItsTextAndAnHtmlTable() {
        Tensor tensor = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        MimeBundle bundle = tensor.toMimeBundle(PNG_ONLY);
        assertEquals(List.of(MimeBundle.TEXT, MimeBundle.HTML), List.copyOf(bundle.data().keySet()));
        assertEquals(tensor.toString(), bundle.plainText());
        String html = bundle.data().get(MimeBundle.HTML);
        assertTrue(html.startsWith("<table class=\"hookbook-tensor\"><caption style=\"text-align:left\">Tensor [2, 3]</caption>"), html);
        assertTrue(html.contains("<tr><th>[1, :]</th><td>4.0000</td><td>5.0000</td><td>6.0000</td></tr>"), html);
    }

    @Test
    void htmlIsItsHtmlAndItsText() {
        MimeBundle bundle = new Html("<b>done</b>", "done").toMimeBundle(PNG_ONLY);
        assertEquals("done", bundle.plainText());
        assertEquals("<b>done</b>", bundle.data().get(MimeBundle.HTML));
    }

    @Test
    void aBundleIsItself() {
        MimeBundle bundle = MimeBundle.text("x").with(MimeBundle.SVG, "<svg/>");
        assertSame(bundle, bundle.toMimeBundle(Set.of(MimeBundle.SVG)));
    }

    @Test
    void summariesAndTracesAreTheirHtmlAndTheirText() {
        Linear lin = new Linear(2, 3);
        ModelSummary summary = ModelSummary.of(lin, 4, 2);
        MimeBundle s = summary.toMimeBundle(PNG_ONLY);
        assertEquals(summary.toString(), s.plainText());
        assertEquals(summary.toHtml(), s.data().get(MimeBundle.HTML));

        CallTrace trace = CallTrace.record(() -> lin.call(Tensor.ones(3, 2)));
        MimeBundle t = trace.toMimeBundle(PNG_ONLY);
        assertEquals(trace.toString(), t.plainText());
        assertEquals(trace.toHtml(), t.data().get(MimeBundle.HTML));
    }
}

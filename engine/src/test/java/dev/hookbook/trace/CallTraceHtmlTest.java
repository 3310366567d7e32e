package dev.hookbook.trace;

import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CallTrace's HTML form: the same steps as the text, as nested details with wall times. */
class CallTraceHtmlTest {

    /** Takes at least 30 ms, so its call's time is known from below. */
    static final class SlowLayer extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return x;
        }
    }

    private static Element parse(String html) throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
        return doc.getDocumentElement();
    }

    /** Each step's own line, in document order: a summary's text without its time, or a leaf div's. */
    private static void lines(Element e, List<String> out, List<String> times) {
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node n = children.item(i);
            if (!(n instanceof Element child)) continue;
            if (child.getTagName().equals("summary") || child.getTagName().equals("div")) {
                NodeList spans = child.getElementsByTagName("span");
                String time = spans.getLength() == 0 ? "" : spans.item(0).getTextContent();
                String text = child.getTextContent();
                out.add(time.isEmpty() ? text : text.substring(0, text.length() - time.length() - 1));
                times.add(time);
            }
            if (child.getTagName().equals("details")) lines(child, out, times);
        }
    }

    @Test
    void theHtmlTreeHasTheTextsStepsInOrderWithWallTimes() throws Exception {
        Sequential model = new Sequential(new Linear(4, 3), new SlowLayer(), new ReLU());
        model.get(2).registerForwardHook((m, in, out) -> null);
        CallTrace trace = CallTrace.record(() -> model.call(Tensor.ones(2, 4)).sum().backward());
        String text = trace.toString();

        Element root = parse(trace.toHtml());
        List<String> lines = new ArrayList<>(), times = new ArrayList<>();
        lines(root, lines, times);
        assertEquals(trace.steps(), lines);
        assertEquals(text, trace.toString(), "the text form is unchanged by the HTML");

        int slow = lines.indexOf("(1) SlowLayer.call([2, 3])");
        assertTrue(slow > 0, lines.toString());
        assertTrue(millis(times.get(slow)) >= 30, times.get(slow));
        assertTrue(millis(times.get(0)) >= millis(times.get(slow)), "the outer call contains the slow one: " + times);
        assertEquals("", times.get(lines.indexOf("forward hook")), "a hook is a moment, not a span");
        assertTrue(!times.get(lines.indexOf("SumBackward")).isEmpty(), "backward nodes have times");
    }

    @Test
    void outerLevelsStartUnfoldedAndTextIsEscaped() throws Exception {
        Sequential model = new Sequential(new Sequential(new Sequential(new Linear(2, 2))));
        String html = CallTrace.record(() -> model.call(Tensor.ones(1, 2))).toHtml();
        NodeList details = parse(html).getElementsByTagName("details");
        assertTrue(((Element) details.item(0)).hasAttribute("open"));
        int open = 0;
        for (int i = 0; i < details.getLength(); i++) if (((Element) details.item(i)).hasAttribute("open")) open++;
        assertTrue(open >= 2 && open < details.getLength(), open + " of " + details.getLength());
        assertTrue(html.contains(">op Addmm([1, 2], [2, 2], [2]) -&gt; [1, 2]</div>"), html);
    }

    private static double millis(String time) {
        Matcher m = Pattern.compile("([0-9.]+) (µs|ms|s)").matcher(time);
        assertTrue(m.matches(), time);
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "µs" -> v / 1000;
            case "ms" -> v;
            default -> v * 1000;
        };
    }

    @Test
    void durationsReadWell() {
        assertEquals("850 µs", TraceHtml.duration(850_000));
        assertEquals("12.40 ms", TraceHtml.duration(12_400_000));
        assertEquals("1.25 s", TraceHtml.duration(1_250_000_000));
    }
}

package dev.hookbook.kernel.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Doc comments as Shift-Tab shows them: inline tags and HTML rendered, the summary first, block tags under headings. */
class JavadocTextTest {

    private static final String COMMENT = String.join("\n",
            "Runs the module, as PyTorch's {@code _call_impl}: pre-hooks, {@link #forward(Tensor...) forward},",
            "   then   hooks (see {@link Tensor#matmul(Tensor)}).",
            "<p>A second paragraph with {@code a < b} and a &lt;tag&gt;.",
            "<ul><li>one</li><li>two</li></ul>",
            "<pre>{@code",
            "  @Override",
            "  Tensor forward(Tensor x) {",
            "      return x;",
            "  }",
            "}</pre>",
            "@param inputs the tensors {@code forward} takes",
            "@return the output",
            "@throws IllegalArgumentException when the shapes differ",
            "@author nobody");

    @Test
    void plainTextHasNoTagsLeft() {
        String plain = JavadocText.parse(COMMENT).plain();
        assertEquals(String.join("\n",
                "Runs the module, as PyTorch's _call_impl: pre-hooks, forward, then hooks (see Tensor.matmul(Tensor)).",
                "",
                "A second paragraph with a < b and a <tag>.",
                "",
                "- one",
                "- two",
                "",
                "    @Override",
                "    Tensor forward(Tensor x) {",
                "        return x;",
                "    }",
                "",
                "Parameters:",
                "  inputs - the tensors forward takes",
                "Returns:",
                "  the output",
                "Throws:",
                "  IllegalArgumentException - when the shapes differ"), plain);
    }

    @Test
    void theSummaryIsTheFirstParagraph() {
        assertEquals("Runs the module, as PyTorch's _call_impl: pre-hooks, forward, then hooks (see Tensor.matmul(Tensor)).",
                JavadocText.parse(COMMENT).summary());
        assertEquals("Matrix product.", JavadocText.parse("Matrix product.").summary());
    }

    @Test
    void htmlKeepsTheCommentsHtmlAndCodesItsLiterals() {
        String html = JavadocText.parse(COMMENT).html();
        assertTrue(html.contains("as PyTorch's <code>_call_impl</code>"), html);
        assertTrue(html.contains("<code>a &lt; b</code>"), html);
        assertTrue(html.contains("<pre>  @Override\n  Tensor forward(Tensor x) {"), html);
        assertTrue(html.contains("<dt><b>Parameters:</b></dt><dd><code>inputs</code> - the tensors <code>forward</code> takes</dd>"), html);
        assertFalse(html.contains("{@"), html);
        assertFalse(html.contains("nobody"), "@author is left out: " + html);
    }

    @Test
    void aCommentWithoutTagsOrHtmlStaysAsItIs() {
        assertEquals("Standard normal values.", JavadocText.parse("Standard normal values.").plain());
        assertEquals("", JavadocText.parse(null).plain());
        assertEquals("x", JavadocText.parse("{@code x").plain().replace("{@code ", ""), "an unclosed tag stays as text");
    }
}

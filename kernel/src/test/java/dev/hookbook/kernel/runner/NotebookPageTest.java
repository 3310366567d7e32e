package dev.hookbook.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTML page {@code ./jnb run} writes: Markdown rendered, Java highlighted, nothing a notebook's Markdown could run. */
class NotebookPageTest {

    @TempDir
    Path dir;

    @Test
    void markdownIsRenderedAndCodeHighlighted() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("page.ipynb"),
                "// a comment\nint n = 42; String s = \"text <b>\";\nn");
        JsonObject json = JsonParser.parseString(Files.readString(notebook)).getAsJsonObject();
        JsonObject markdown = new JsonObject();
        markdown.addProperty("id", "md");
        markdown.addProperty("cell_type", "markdown");
        markdown.add("metadata", new JsonObject());
        markdown.addProperty("source", "# 1 · Why does `call` run forward?\n\n| hook | when |\n|---|---|\n| pre | before |\n\n"
                + "Some **bold** text.\n\n<script>alert(1)</script>\n\n[a link](javascript:alert(2))\n");
        JsonArray cells = new JsonArray();
        cells.add(markdown);
        json.getAsJsonArray("cells").forEach(cells::add);
        json.add("cells", cells);
        Files.writeString(notebook, json.toString());

        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"));
        assertEquals(0, run.status(), run.output());
        String page = Files.readString(dir.resolve("out/page.html"));

        assertTrue(page.contains("<h1>1 · Why does <code>call</code> run forward?</h1>"), page);
        assertTrue(page.contains("<table>") && page.contains("<th>hook</th>") && page.contains("<td>before</td>"), page);
        assertTrue(page.contains("<strong>bold</strong>"), page);
        assertFalse(page.contains("# 1 ·"), "no raw Markdown left: " + page);
        assertFalse(page.contains("<script>"), "raw HTML in Markdown is shown as text: " + page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("href=\"javascript:"), page);

        assertTrue(page.contains("<span class=\"com\">// a comment</span>"), page);
        assertTrue(page.contains("<span class=\"kw\">int</span> n = <span class=\"num\">42</span>;"), page);
        assertTrue(page.contains("<span class=\"str\">&quot;text &lt;b&gt;&quot;</span>"), page);
    }

    @Test
    void theHighlighterTellsLiteralsCommentsAndKeywordsApart() {
        assertEquals("<span class=\"magic\">%maven a:b:1</span>\n<span class=\"kw\">var</span> x = "
                        + "<span class=\"num\">1_000L</span> + <span class=\"num\">2.5e-3f</span>; "
                        + "<span class=\"com\">/* if */</span> <span class=\"str\">'\\''</span>",
                JavaHighlighter.highlight("%maven a:b:1\nvar x = 1_000L + 2.5e-3f; /* if */ '\\''"));
        assertEquals("CallTrace.record(r)", JavaHighlighter.highlight("CallTrace.record(r)"), "a member named like a keyword");
        assertEquals("<span class=\"ann\">@Override</span> <span class=\"kw\">public</span> String "
                        + "intValue() { <span class=\"kw\">return</span> "
                        + "<span class=\"str\">&quot;&quot;&quot;\n  a &quot; b\n  &quot;&quot;&quot;</span>; }",
                JavaHighlighter.highlight("@Override public String intValue() { return \"\"\"\n  a \" b\n  \"\"\"; }"));
    }
}

package dev.hookbook.kernel.runner;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.hookbook.display.Html;
import dev.hookbook.display.MimeBundle;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;

/**
 * An executed notebook as one self-contained HTML page: Markdown cells rendered (CommonMark with
 * GitHub's tables), each code cell's source with Java highlighted, then its outputs (text, HTML,
 * images embedded as data URIs, errors), readable without Jupyter.
 *
 * <p>Raw HTML inside Markdown is shown as text and links keep only safe schemes, so a notebook
 * from elsewhere cannot run scripts in the page through its Markdown.
 */
final class NotebookHtml {

    private static final List<org.commonmark.Extension> MARKDOWN_EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser MARKDOWN = Parser.builder().extensions(MARKDOWN_EXTENSIONS).build();
    private static final HtmlRenderer MARKDOWN_HTML = HtmlRenderer.builder().extensions(MARKDOWN_EXTENSIONS)
            .escapeHtml(true).sanitizeUrls(true).build();

    private NotebookHtml() {}

    static String render(Notebook notebook, String title) {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(Html.escape(title)).append("</title>\n")
                .append("<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}")
                .append("pre{background:#f6f6f6;padding:.6em;overflow-x:auto}")
                .append(".source{border-left:3px solid #4a7ebb}.stderr{background:#fff2f2}")
                .append(".error{background:#fdd;color:#900}.count{color:#888;font-family:monospace}")
                .append("table.hookbook-tensor td,table.hookbook-tensor th{border:1px solid #ddd;padding:2px 6px;text-align:right}")
                .append(".markdown table{border-collapse:collapse}.markdown td,.markdown th{border:1px solid #ccc;padding:3px 8px}")
                .append(".markdown code{background:#f3f3f3;padding:0 .2em}")
                .append(".kw{color:#0033b3;font-weight:bold}.str{color:#067d17}.num{color:#1750eb}.com{color:#8c8c8c;font-style:italic}")
                .append(".ann{color:#9e880d}.magic{color:#871094}")
                .append("</style></head><body>\n<h1>").append(Html.escape(title)).append("</h1>\n");
        for (JsonObject cell : notebook.cells()) {
            String source = Notebook.source(cell);
            if (!Notebook.isCode(cell)) {
                html.append(cell.get("cell_type").getAsString().equals("markdown")
                        ? "<div class=\"markdown\">" + MARKDOWN_HTML.render(MARKDOWN.parse(source)) + "</div>\n"
                        : "<pre class=\"raw\">" + Html.escape(source) + "</pre>\n");
                continue;
            }
            JsonElement count = cell.get("execution_count");
            html.append("<div class=\"cell\"><div class=\"count\">In [")
                    .append(count == null || count.isJsonNull() ? " " : count.getAsString()).append("]:</div>")
                    .append("<pre class=\"source\">").append(JavaHighlighter.highlight(source)).append("</pre>\n");
            if (cell.has("outputs")) {
                cell.getAsJsonArray("outputs").forEach(output -> appendOutput(html, output.getAsJsonObject()));
            }
            html.append("</div>\n");
        }
        return html.append("</body></html>\n").toString();
    }

    private static void appendOutput(StringBuilder html, JsonObject output) {
        switch (output.get("output_type").getAsString()) {
            case "stream" -> html.append("<pre class=\"").append(output.get("name").getAsString()).append("\">")
                    .append(Html.escape(output.get("text").getAsString())).append("</pre>\n");
            case "error" -> {
                StringBuilder trace = new StringBuilder();
                output.getAsJsonArray("traceback").forEach(line -> trace.append(line.getAsString()).append('\n'));
                html.append("<pre class=\"error\">").append(Html.escape(trace.toString())).append("</pre>\n");
            }
            default -> appendData(html, output.getAsJsonObject("data"));
        }
    }

    /** The richest format of a bundle: an image, then HTML, then plain text. */
    private static void appendData(StringBuilder html, JsonObject data) {
        if (data.has(MimeBundle.PNG)) {
            html.append("<img src=\"data:image/png;base64,").append(data.get(MimeBundle.PNG).getAsString()).append("\">\n");
        } else if (data.has(MimeBundle.SVG)) {
            html.append("<div>").append(data.get(MimeBundle.SVG).getAsString()).append("</div>\n");
        } else if (data.has(MimeBundle.HTML)) {
            html.append("<div>").append(data.get(MimeBundle.HTML).getAsString()).append("</div>\n");
        } else if (data.has(MimeBundle.TEXT)) {
            html.append("<pre>").append(Html.escape(data.get(MimeBundle.TEXT).getAsString())).append("</pre>\n");
        }
    }
}

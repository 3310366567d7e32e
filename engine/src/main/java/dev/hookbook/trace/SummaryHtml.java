package dev.hookbook.trace;

import dev.hookbook.display.Html;

import java.util.List;

/**
 * A {@link ModelSummary} as an HTML table: the layer rows indented by depth, the numbers
 * right-aligned, then the totals. Inline styles only, so it looks the same in Jupyter and in
 * the runner's page.
 */
final class SummaryHtml {
    private SummaryHtml() {}

    static String of(ModelSummary summary) {
        StringBuilder sb = new StringBuilder("<table class=\"hookbook-summary\" style=\"border-collapse:collapse;font-family:monospace\">\n");
        sb.append("<thead><tr>");
        for (String h : List.of("Layer (type (path):depth-idx)", "Output Shape", "Param #", "Trainable")) {
            sb.append("<th style=\"text-align:left;padding:2px 12px;border-bottom:1px solid #888\">").append(Html.escape(h)).append("</th>");
        }
        sb.append("</tr></thead>\n<tbody>\n");
        for (SummaryRow r : summary.shownRows()) {
            List<String> cells = summary.cells(r);
            sb.append("<tr><td style=\"text-align:left;padding:2px 12px;padding-left:").append(12 + 20 * r.depth).append("px\">")
                    .append(Html.escape(r.layerName())).append("</td>");
            sb.append(cell(cells.get(0), "left")).append(cell(cells.get(1), "right")).append(cell(cells.get(2), "left")).append("</tr>\n");
        }
        sb.append("</tbody>\n<tbody style=\"border-top:1px solid #888\">\n");
        for (String[] total : summary.totals()) {
            String value = total[1].substring(total[1].indexOf(": ") + 2);
            String units = total[1].substring(0, total[1].indexOf(": ")).trim();
            sb.append("<tr><td style=\"text-align:left;padding:2px 12px\">").append(Html.escape(total[0] + (units.isEmpty() ? "" : " " + units)))
                    .append("</td><td></td>").append(cell(value, "right")).append("<td></td></tr>\n");
        }
        return sb.append("</tbody>\n</table>").toString();
    }

    private static String cell(String text, String align) {
        return "<td style=\"text-align:" + align + ";padding:2px 12px\">" + Html.escape(text) + "</td>";
    }
}

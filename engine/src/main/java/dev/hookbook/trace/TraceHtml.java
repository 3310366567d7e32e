package dev.hookbook.trace;

import dev.hookbook.display.Html;

import java.util.Locale;

/**
 * A {@link CallTrace} as HTML that folds and unfolds without JavaScript: a step with steps
 * inside it is a {@code <details>} whose {@code <summary>} is its line and its wall time; the
 * two outer levels start unfolded.
 */
final class TraceHtml {
    private static final int OPEN_LEVELS = 2;

    private TraceHtml() {}

    static String of(TraceTree.Entry root) {
        StringBuilder sb = new StringBuilder("<div class=\"hookbook-trace\" style=\"font-family:monospace;line-height:1.4\">\n");
        for (TraceTree.Entry e : root.children) entry(sb, e, 0);
        return sb.append("</div>").toString();
    }

    private static void entry(StringBuilder sb, TraceTree.Entry e, int level) {
        String line = Html.escape(e.text) + time(e.nanos());
        if (e.children.isEmpty()) {
            sb.append("<div style=\"padding-left:1.2em\">").append(line).append("</div>\n");
            return;
        }
        sb.append("<details").append(level < OPEN_LEVELS ? " open=\"\"" : "").append(" style=\"padding-left:").append(level == 0 ? "0" : "1.2em")
                .append("\"><summary>").append(line).append("</summary>\n");
        for (TraceTree.Entry c : e.children) entry(sb, c, level + 1);
        sb.append("</details>\n");
    }

    private static String time(long nanos) {
        if (nanos < 0) return "";
        return " <span style=\"color:#888\">" + Html.escape(duration(nanos)) + "</span>";
    }

    /** {@code 850 µs}, {@code 12.40 ms}, {@code 1.25 s}. */
    static String duration(long nanos) {
        if (nanos < 1_000_000) return (nanos + 500) / 1000 + " µs";
        if (nanos < 1_000_000_000) return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }
}

package dev.hookbook.viz.progress;

import dev.hookbook.display.Html;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a progress bar shows at one moment, in a text form (a console line) and an HTML form (a
 * notebook output): the label, the count out of the total, the rate, the time taken and the time
 * left, and the postfix (such as the loss).
 *
 * <pre>
 * epoch 1:  45%|█████████           | 423/938 [00:12&lt;00:14, 35.2 it/s, loss=0.5321]
 * </pre>
 *
 * @param total    the number of steps expected, or a negative number when it is unknown
 * @param postfix  names and values, already formatted, in the order they were first set
 * @param finished whether this is the bar's last state
 */
public record ProgressState(String label, long count, long total, long elapsedNanos, Map<String, String> postfix,
                            boolean finished) {

    private static final int BAR_WIDTH = 20;
    private static final String[] EIGHTHS = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};

    public ProgressState {
        postfix = Collections.unmodifiableMap(new LinkedHashMap<>(postfix));
    }

    public boolean totalKnown() {
        return total >= 0;
    }

    /** Finished before the count reached the total: the loop ended early or threw. */
    public boolean stopped() {
        return finished && totalKnown() && count < total;
    }

    /** The line a console shows. */
    public String text() {
        StringBuilder line = new StringBuilder();
        if (!label.isEmpty()) {
            line.append(label).append(": ");
        }
        if (totalKnown()) {
            line.append(String.format(Locale.ROOT, "%3d%%", percent())).append('|').append(bar()).append("| ");
            line.append(count).append('/').append(total);
        } else {
            line.append(count);
        }
        line.append(" [").append(String.join(", ", details())).append(']');
        if (stopped()) {
            line.append(" stopped");
        }
        return line.toString();
    }

    /** A notebook output: the label, a {@code <progress>} bar, and the text's numbers beside it. */
    public String html() {
        StringBuilder html = new StringBuilder("<div style=\"font-family: monospace; white-space: pre\">");
        if (!label.isEmpty()) {
            html.append(Html.escape(label)).append(": ");
        }
        if (totalKnown()) {
            html.append("<progress value=\"").append(count).append("\" max=\"").append(Math.max(total, 1))
                    .append("\" style=\"width: 20em; vertical-align: middle\"></progress> ")
                    .append(percent()).append("% ").append(count).append('/').append(total);
        } else {
            html.append(count);
        }
        html.append(" [").append(Html.escape(String.join(", ", details()))).append(']');
        if (stopped()) {
            html.append(" <b>stopped</b>");
        }
        return html.append("</div>").toString();
    }

    /** Elapsed and remaining time, the rate, then the postfix. */
    private List<String> details() {
        List<String> parts = new ArrayList<>();
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? count / seconds : 0;
        String time = duration(seconds);
        if (totalKnown() && !finished) {
            time += "<" + (rate > 0 ? duration((total - count) / rate) : "?");
        }
        parts.add(time);
        parts.add(rate(rate));
        postfix.forEach((key, value) -> parts.add(key + "=" + value));
        return parts;
    }

    private int percent() {
        return total == 0 ? 100 : (int) (100 * Math.min(count, total) / total);
    }

    /** Full blocks, then one partial block in eighths, padded with spaces. */
    private String bar() {
        double filled = total == 0 ? BAR_WIDTH : BAR_WIDTH * (double) Math.min(count, total) / total;
        int full = (int) filled;
        StringBuilder bar = new StringBuilder("█".repeat(full));
        if (full < BAR_WIDTH) {
            bar.append(EIGHTHS[(int) ((filled - full) * 8)]);
        }
        return bar.append(" ".repeat(BAR_WIDTH - bar.codePointCount(0, bar.length()))).toString();
    }

    /** "35.2 it/s", or "2.50 s/it" when a step takes more than a second. */
    private static String rate(double perSecond) {
        if (perSecond <= 0) {
            return "? it/s";
        }
        if (perSecond < 1) {
            return String.format(Locale.ROOT, "%.2f s/it", 1 / perSecond);
        }
        return String.format(Locale.ROOT, perSecond < 100 ? "%.1f it/s" : "%.0f it/s", perSecond);
    }

    /** "mm:ss", or "h:mm:ss" from an hour on. */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}

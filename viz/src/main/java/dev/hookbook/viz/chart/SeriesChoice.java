package dev.hookbook.viz.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Predicate;

/**
 * Which of many modules or parameters a chart draws, so that it stays legible: a 12-block model
 * has over a hundred of them, and a chart of more lines than it has distinct looks (or of more
 * histograms than fit) shows nothing. All are drawn when they fit; otherwise the ones with weight
 * matrices (biases and norm gains left out); and when even those are too many, the ones outside
 * the numbered blocks (embeddings, head) with the matrices of a few blocks spread from the first
 * to the last. {@link #note()} says what was left out, for the chart's subtitle
 * ({@code blocks.0, 4, 7, 11 (of 12)}).
 *
 * <p>A key's block is its path up to its first number: {@code blocks.3} for
 * {@code blocks.3.mlp.0.weight}, {@code 4} for {@code 4.weight} in a {@code Sequential}.
 */
public final class SeriesChoice {
    private final List<String> shown;
    private final String note;

    private SeriesChoice(List<String> shown, String note) {
        this.shown = List.copyOf(shown);
        this.note = note;
    }

    /**
     * Chooses at most {@code limit} of {@code keys} (in model order).
     *
     * @param isMain which keys carry a weight matrix (the ones kept first)
     * @param noun   what a key is, plural, for the note ("parameters", "modules")
     */
    public static SeriesChoice of(List<String> keys, Predicate<String> isMain, int limit, String noun) {
        if (limit < 1) throw new IllegalArgumentException("SeriesChoice: limit must be at least 1, got " + limit);
        if (keys.size() <= limit) return new SeriesChoice(keys, "");
        List<String> main = keys.stream().filter(isMain).toList();
        if (main.isEmpty()) main = keys;
        if (main.size() <= limit) {
            return new SeriesChoice(main, "Showing the " + main.size() + " " + noun + " with weight matrices, of "
                    + keys.size() + " (biases and norms left out); monitor.history() has all.");
        }
        // Too many even so: the keys outside the blocks, and whole blocks spread evenly.
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> outside = new ArrayList<>();
        for (String k : main) {
            String b = block(k);
            if (b == null) outside.add(k);
            else blocks.computeIfAbsent(b, x -> new ArrayList<>()).add(k);
        }
        int perBlock = blocks.values().stream().mapToInt(List::size).max().orElse(1);
        int room = Math.max(0, limit - outside.size());
        int count = Math.max(1, Math.min(blocks.size(), room / perBlock));
        List<String> names = List.copyOf(blocks.keySet());
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < count && !names.isEmpty(); i++) {
            chosen.add(names.get(count == 1 ? 0 : (int) Math.round(i * (names.size() - 1) / (double) (count - 1))));
        }
        List<String> shown = new ArrayList<>();
        for (String k : main) {
            String b = block(k);
            if ((b == null || chosen.contains(b)) && shown.size() < limit) shown.add(k);
        }
        String which = list(List.copyOf(chosen));
        String what = main == keys ? "" : " weight matrices"; // every key when none has a matrix
        String where = blocks.isEmpty() ? "" : (outside.isEmpty() ? " in " : " outside the blocks and in ") + which
                + " (of " + blocks.size() + ")";
        return new SeriesChoice(shown, "Showing " + shown.size() + " of " + keys.size() + " " + noun
                + (what.isEmpty() && where.isEmpty() ? "" : ":" + what + where)
                + "; monitor.history() has all.");
    }

    /** {@code blocks.0, 4, 7, 11}: blocks that share the path before their number name it once, so the note fits a line. */
    static String list(List<String> blocks) {
        String first = blocks.get(0);
        String prefix = first.substring(0, first.lastIndexOf('.') + 1);
        boolean shared = blocks.stream().allMatch(b -> b.startsWith(prefix) && b.lastIndexOf('.') + 1 == prefix.length());
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < blocks.size(); i++) j.add(i > 0 && shared ? blocks.get(i).substring(prefix.length()) : blocks.get(i));
        return j.toString();
    }

    /** The path up to and including its first number ({@code blocks.3}), or null when it has none. */
    static String block(String key) {
        String[] parts = key.split("\\.");
        StringJoiner prefix = new StringJoiner(".");
        for (String part : parts) {
            prefix.add(part);
            if (!part.isEmpty() && part.chars().allMatch(Character::isDigit)) return prefix.toString();
        }
        return null;
    }

    /** The keys to draw, in model order. */
    public List<String> shown() {
        return shown;
    }

    /** What was left out, as a sentence; empty when every key is drawn. */
    public String note() {
        return note;
    }
}

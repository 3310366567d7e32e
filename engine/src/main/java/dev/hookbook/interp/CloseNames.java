package dev.hookbook.interp;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The known names closest to one that was not found, for error messages: first those whose last
 * segment is nearest (a right leaf under a wrong path is the usual slip), then the whole name.
 */
final class CloseNames {
    private static final int SHOWN = 5;

    private CloseNames() {}

    /** Up to five close names, as {@code "close names: a, b"}, or the first known names when none is close. */
    static String to(String wanted, Collection<String> known) {
        if (known.isEmpty()) return "there are no names";
        String leaf = leaf(wanted.replace("*", ""));
        List<String> close = known.stream()
                .filter(n -> distance(leaf, leaf(n)) <= Math.max(2, leaf.length() / 3)
                        || distance(wanted, n) <= Math.max(3, wanted.length() / 3))
                .sorted(Comparator.comparingInt((String n) -> distance(leaf, leaf(n))).thenComparingInt(n -> distance(wanted, n)))
                .limit(SHOWN).toList();
        if (!close.isEmpty()) return "close names: " + String.join(", ", close);
        List<String> some = known.stream().limit(SHOWN).toList();
        return "names include: " + String.join(", ", some) + (known.size() > SHOWN ? ", ... (" + known.size() + " in all)" : "");
    }

    private static String leaf(String name) {
        return name.substring(name.lastIndexOf('.') + 1);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}

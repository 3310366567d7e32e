package dev.hookbook.interp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A pattern over dotted module paths ({@code blocks.0.attn.hook_z}), matched segment by segment:
 * <ul>
 *   <li>{@code *} alone matches exactly one segment: {@code blocks.*.hook_resid_post} matches
 *       {@code blocks.0.hook_resid_post} and {@code blocks.11.hook_resid_post}, not
 *       {@code blocks.0.attn.hook_resid_post};</li>
 *   <li>{@code **} alone matches any number of segments, none included: {@code **.hook_z}
 *       matches every {@code hook_z} at any depth;</li>
 *   <li>{@code *} inside a segment matches any characters within that segment:
 *       {@code blocks.0.hook_resid_*} matches {@code hook_resid_pre}, {@code hook_resid_mid}, ...;</li>
 *   <li>a plain name matches itself only.</li>
 * </ul>
 * TransformerLens filters names with a Python lambda or a string; here the same filters are
 * these patterns, and {@link #of(String...)} is a {@code Predicate<String>} for
 * {@link Interp#runWithCache(dev.hookbook.nn.Module, Predicate, dev.hookbook.tensor.Tensor...)}.
 */
public final class NamePattern implements Predicate<String> {
    private final List<String> patterns;
    private final List<Pattern[]> compiled = new ArrayList<>();

    private NamePattern(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        for (String p : this.patterns) compiled.add(compile(p));
    }

    /** A pattern that matches a name when any of {@code patterns} does. */
    public static NamePattern of(String... patterns) {
        if (patterns == null || patterns.length == 0) {
            throw new IllegalArgumentException("NamePattern.of: expected at least one pattern, got none");
        }
        for (String p : patterns) {
            if (p == null || p.isEmpty()) {
                throw new IllegalArgumentException("NamePattern.of: expected dotted names or patterns such as "
                        + "\"blocks.*.hook_z\", got " + (p == null ? "null" : "an empty string") + " in " + Arrays.toString(patterns));
            }
        }
        return new NamePattern(Arrays.asList(patterns));
    }

    /** Whether {@code name} (a dotted module path) matches. */
    @Override
    public boolean test(String name) {
        String[] segments = name.split("\\.", -1);
        for (Pattern[] p : compiled) {
            if (matches(p, 0, segments, 0)) return true;
        }
        return false;
    }

    /** The names among {@code names} that match, in their order. */
    public List<String> filter(Collection<String> names) {
        return names.stream().filter(this).toList();
    }

    /** Whether the pattern has a wildcard (a plain name names one module). */
    public boolean hasWildcard() {
        return patterns.stream().anyMatch(p -> p.contains("*"));
    }

    @Override
    public String toString() {
        return patterns.size() == 1 ? patterns.get(0) : String.join(" | ", patterns);
    }

    // A segment is null for "**", else a regex of that segment ("*" inside it: any characters but '.').
    private static Pattern[] compile(String pattern) {
        String[] parts = pattern.split("\\.", -1);
        Pattern[] out = new Pattern[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("**")) continue;
            out[i] = Pattern.compile(parts[i].equals("*") ? "[^.]+" : starsToRegex(parts[i]));
        }
        return out;
    }

    private static String starsToRegex(String segment) {
        String[] literals = segment.split("\\*", -1);
        StringBuilder re = new StringBuilder(Pattern.quote(literals[0]));
        for (int i = 1; i < literals.length; i++) re.append("[^.]*").append(Pattern.quote(literals[i]));
        return re.toString();
    }

    private static boolean matches(Pattern[] pattern, int p, String[] name, int n) {
        if (p == pattern.length) return n == name.length;
        if (pattern[p] == null) { // "**": zero or more segments
            for (int skip = n; skip <= name.length; skip++) {
                if (matches(pattern, p + 1, name, skip)) return true;
            }
            return false;
        }
        return n < name.length && pattern[p].matcher(name[n]).matches() && matches(pattern, p + 1, name, n + 1);
    }
}

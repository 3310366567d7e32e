package dev.hookbook.kernel.eval;

import java.util.List;

/** Completion candidates: each replaces the code between {@code start} and {@code end}. */
public record Completions(int start, int end, List<String> matches) {

    /** No candidates at {@code cursor}. */
    public static Completions none(int cursor) {
        return new Completions(cursor, cursor, List.of());
    }
}

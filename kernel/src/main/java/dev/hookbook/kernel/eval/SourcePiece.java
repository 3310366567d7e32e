package dev.hookbook.kernel.eval;

import jdk.jshell.SourceCodeAnalysis;

import java.util.ArrayList;
import java.util.List;

/**
 * One snippet of a cell: a cell holds several declarations, statements and expressions, and
 * JShell evaluates them one at a time. {@code start} is the offset of the snippet's first
 * non-blank character in the cell; {@code text} is the snippet as written and {@code source}
 * what JShell runs (it may add a missing semicolon).
 */
record SourcePiece(int start, String text, String source, SourceCodeAnalysis.Completeness completeness) {

    /** The offset just past the snippet. */
    int end() {
        return start + text.length();
    }

    /** Whether the snippet ends with a semicolon, which hides an expression's value (as in IPython). */
    boolean endsWithSemicolon() {
        return text.strip().endsWith(";");
    }

    /** Splits {@code code} into snippets with JShell's own parser; comments alone are skipped. */
    static List<SourcePiece> split(String code, SourceCodeAnalysis analysis) {
        List<SourcePiece> pieces = new ArrayList<>();
        int offset = 0;
        while (offset < code.length()) {
            while (offset < code.length() && Character.isWhitespace(code.charAt(offset))) {
                offset++;
            }
            if (offset == code.length()) {
                break;
            }
            String rest = code.substring(offset);
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            int consumed = rest.length() - info.remaining().length();
            if (consumed <= 0 || info.source() == null) {
                // Incomplete or unparsable: hand the rest to JShell whole, it reports the error.
                pieces.add(new SourcePiece(offset, rest, rest, info.completeness()));
                break;
            }
            pieces.add(new SourcePiece(offset, rest.substring(0, consumed), info.source(), info.completeness()));
            offset += consumed;
        }
        return pieces;
    }
}

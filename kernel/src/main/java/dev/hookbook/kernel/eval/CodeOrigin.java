package dev.hookbook.kernel.eval;

/**
 * Where a piece of code comes from, for error messages: a label such as {@code In [3]} or
 * {@code cell 3}, and the line of that cell (1-based) on which the code starts.
 */
public record CodeOrigin(String label, int firstLine) {

    /** Code that starts on the first line of the cell called {@code label}. */
    public static CodeOrigin of(String label) {
        return new CodeOrigin(label, 1);
    }

    /** The same cell, starting {@code lines} lines further down. */
    public CodeOrigin plusLines(int lines) {
        return new CodeOrigin(label, firstLine + lines);
    }

    /** Where the text at {@code offset} of {@code code}, code that starts here, starts: a line further down per line break before it. */
    public CodeOrigin at(String code, int offset) {
        int lineBreaks = 0;
        for (int i = 0; i < offset && i < code.length(); i++) {
            if (code.charAt(i) == '\n') {
                lineBreaks++;
            }
        }
        return plusLines(lineBreaks);
    }

    /** {@code In [3] line 2}. */
    public String describe(int line) {
        return label + " line " + line;
    }
}

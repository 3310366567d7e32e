package dev.hookbook.kernel.runner;

import dev.hookbook.display.Html;

import java.util.Set;

/**
 * Java source as HTML with its keywords, literals, comments and annotations in spans, for the
 * runner's page. A small scanner rather than a parser: it only has to tell these apart, and a
 * cell that does not compile is still shown, as written. Magic lines ({@code %maven ...}) get a
 * span of their own.
 */
final class JavaHighlighter {

    private static final Set<String> KEYWORDS = Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "var", "record", "yield", "sealed",
            "permits", "non-sealed", "true", "false", "null");

    private final String code;
    private final StringBuilder html = new StringBuilder();
    private int at;

    private JavaHighlighter(String code) {
        this.code = code;
    }

    /** {@code code}, HTML-escaped, with spans of class kw, str, num, com, ann and magic. */
    static String highlight(String code) {
        return new JavaHighlighter(code).scan();
    }

    private String scan() {
        while (at < code.length()) {
            char c = code.charAt(at);
            if (c == '%' && atLineStart()) {
                span("magic", lineEnd());
            } else if (code.startsWith("//", at)) {
                span("com", lineEnd());
            } else if (code.startsWith("/*", at)) {
                int end = code.indexOf("*/", at + 2);
                span("com", end < 0 ? code.length() : end + 2);
            } else if (code.startsWith("\"\"\"", at)) {
                int end = code.indexOf("\"\"\"", at + 3);
                span("str", end < 0 ? code.length() : end + 3);
            } else if (c == '"' || c == '\'') {
                span("str", quotedEnd(c));
            } else if (c == '@' && at + 1 < code.length() && Character.isJavaIdentifierStart(code.charAt(at + 1))) {
                span("ann", identifierEnd(at + 1));
            } else if (Character.isDigit(c) || c == '.' && at + 1 < code.length() && Character.isDigit(code.charAt(at + 1))) {
                span("num", numberEnd());
            } else if (Character.isJavaIdentifierStart(c)) {
                int end = identifierEnd(at);
                String word = code.substring(at, end);
                // After a dot it is a member name: CallTrace.record, not the record keyword.
                if (KEYWORDS.contains(word) && !afterDot()) {
                    span("kw", end);
                } else {
                    plain(end);
                }
            } else {
                plain(at + 1);
            }
        }
        return html.toString();
    }

    private boolean atLineStart() {
        for (int i = at - 1; i >= 0 && code.charAt(i) != '\n'; i--) {
            if (!Character.isWhitespace(code.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean afterDot() {
        int i = at - 1;
        while (i >= 0 && Character.isWhitespace(code.charAt(i))) {
            i--;
        }
        return i >= 0 && code.charAt(i) == '.';
    }

    private int lineEnd() {
        int end = code.indexOf('\n', at);
        return end < 0 ? code.length() : end;
    }

    /** After the closing quote, or at the line's end for a literal left open. */
    private int quotedEnd(char quote) {
        int i = at + 1;
        while (i < code.length() && code.charAt(i) != quote && code.charAt(i) != '\n') {
            i += code.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(code.length(), i < code.length() && code.charAt(i) == quote ? i + 1 : i);
    }

    private int identifierEnd(int from) {
        int i = from;
        while (i < code.length() && Character.isJavaIdentifierPart(code.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Digits, hex and binary digits, underscores, a point, an exponent and a type suffix (1_000L, 0x1F, 2.5e-3f). */
    private int numberEnd() {
        int i = at;
        while (i < code.length()) {
            char c = code.charAt(i);
            boolean exponentSign = (c == '-' || c == '+') && i > at && "eEpP".indexOf(code.charAt(i - 1)) >= 0
                    && !code.startsWith("0x", at) && !code.startsWith("0X", at);
            if (Character.isLetterOrDigit(c) || c == '_' || c == '.' || exponentSign) {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    private void span(String kind, int end) {
        html.append("<span class=\"").append(kind).append("\">");
        plain(end);
        html.append("</span>");
    }

    private void plain(int end) {
        html.append(Html.escape(code.substring(at, end)));
        at = end;
    }
}

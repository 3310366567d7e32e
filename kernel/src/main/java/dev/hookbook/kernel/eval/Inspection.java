package dev.hookbook.kernel.eval;

/**
 * What inspect (Shift-Tab) shows for the code at the cursor: plain text, and HTML where there is
 * Javadoc to render (null when there is only a type to show).
 */
public record Inspection(String text, String html) {

    /** {@code text} with HTML's special characters escaped. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}

package dev.hookbook.kernel.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A doc comment as a reader wants it in a tooltip: plain text (no {@code {@code}}, {@code <p>} or
 * {@code <pre>} left) and HTML, the description first and then the parameters, the result and the
 * exceptions, as the Javadoc tool lays them out. It reads the raw comment text that JShell and
 * {@link SourceDocs} give (the lines without their leading {@code *}).
 */
public final class JavadocText {

    /** Block tags shown, with their headings, in the order shown; the others ({@code @author}, ...) are left out. */
    private static final Map<String, String> HEADINGS = new LinkedHashMap<>();

    static {
        HEADINGS.put("param", "Parameters");
        HEADINGS.put("return", "Returns");
        HEADINGS.put("throws", "Throws");
        HEADINGS.put("see", "See also");
        HEADINGS.put("since", "Since");
    }

    private static final Pattern HTML_TAG = Pattern.compile("<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*>");
    private static final Pattern INLINE_TAG_START = Pattern.compile("\\{@([a-zA-Z]+)");
    private static final Pattern BLOCK_TAG = Pattern.compile("^\\s*@([a-zA-Z]+)(\\s|$)");

    private final String description;
    private final Map<String, List<String>> blocks;

    private JavadocText(String description, Map<String, List<String>> blocks) {
        this.description = description;
        this.blocks = blocks;
    }

    /** Splits {@code comment} into its description and its block tags. */
    public static JavadocText parse(String comment) {
        String description = comment == null ? "" : comment;
        Map<String, List<String>> blocks = new LinkedHashMap<>();
        List<String> lines = description.lines().toList();
        int depth = 0;
        boolean pre = false;
        StringBuilder main = new StringBuilder();
        StringBuilder block = null;
        String tag = null;
        for (String line : lines) {
            Matcher start = BLOCK_TAG.matcher(line);
            // A line starting with @ begins a block tag, unless it lies inside {@code ...} or <pre> (an @Override in an example).
            if (depth == 0 && !pre && start.find()) {
                if (tag != null) {
                    add(blocks, tag, block.toString());
                }
                tag = start.group(1).equals("exception") ? "throws" : start.group(1);
                block = new StringBuilder(line.substring(start.end()));
            } else if (tag != null) {
                block.append('\n').append(line);
            } else {
                main.append(line).append('\n');
            }
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                depth += c == '{' ? 1 : c == '}' && depth > 0 ? -1 : 0;
            }
            String lower = line.toLowerCase();
            if (lower.lastIndexOf("<pre") > lower.lastIndexOf("</pre")) {
                pre = true;
            } else if (lower.contains("</pre")) {
                pre = false;
            }
        }
        if (tag != null) {
            add(blocks, tag, block.toString());
        }
        return new JavadocText(main.toString(), blocks);
    }

    private static void add(Map<String, List<String>> blocks, String tag, String text) {
        if (HEADINGS.containsKey(tag)) {
            blocks.computeIfAbsent(tag, t -> new ArrayList<>()).add(text.strip());
        }
    }

    /** The description's first paragraph, as plain text (what a tooltip shows first). */
    public String summary() {
        String text = new PlainWriter().write(description);
        int end = text.indexOf("\n\n");
        return end < 0 ? text : text.substring(0, end);
    }

    /** The whole comment as plain text: the description, then the block tags under their headings. */
    public String plain() {
        StringBuilder out = new StringBuilder(new PlainWriter().write(description));
        boolean first = true;
        for (Map.Entry<String, String> heading : HEADINGS.entrySet()) {
            List<String> items = blocks.get(heading.getKey());
            if (items == null) {
                continue;
            }
            // One blank line after the description; the headings follow one another.
            out.append(out.length() == 0 ? "" : first ? "\n\n" : "\n").append(heading.getValue()).append(':');
            first = false;
            for (String item : items) {
                out.append("\n  ").append(blockItem(heading.getKey(), new PlainWriter().write(item), false));
            }
        }
        return out.toString().strip();
    }

    /** The whole comment as HTML: the description's own HTML, inline tags as {@code <code>}, block tags as a list. */
    public String html() {
        StringBuilder out = new StringBuilder(htmlOf(description).strip());
        StringBuilder list = new StringBuilder();
        for (Map.Entry<String, String> heading : HEADINGS.entrySet()) {
            List<String> items = blocks.get(heading.getKey());
            if (items == null) {
                continue;
            }
            list.append("<dt><b>").append(heading.getValue()).append(":</b></dt>");
            for (String item : items) {
                list.append("<dd>").append(blockItem(heading.getKey(), htmlOf(item).strip(), true)).append("</dd>");
            }
        }
        if (list.length() > 0) {
            out.append("<dl>").append(list).append("</dl>");
        }
        return out.toString();
    }

    /** {@code @param x text} as {@code x - text}: the first word of a parameter or an exception is its name. */
    private static String blockItem(String tag, String text, boolean html) {
        if (!tag.equals("param") && !tag.equals("throws")) {
            return text;
        }
        String[] parts = text.split("\\s+", 2);
        String name = html ? "<code>" + parts[0] + "</code>" : parts[0];
        return parts.length < 2 ? name : name + " - " + parts[1];
    }

    // ---------------------------------------------------------------------------- inline tags

    /** A piece of the comment: HTML as written, or literal text from an inline tag. */
    private record Piece(String text, boolean literal) {}

    /** The comment cut at its inline tags: {@code {@code x}} and {@code {@literal x}} literal, links as their label. */
    private static List<Piece> pieces(String text) {
        List<Piece> pieces = new ArrayList<>();
        Matcher start = INLINE_TAG_START.matcher(text);
        int from = 0;
        while (start.find(from)) {
            int end = closingBrace(text, start.start());
            if (end < 0) {
                break;
            }
            pieces.add(new Piece(text.substring(from, start.start()), false));
            String tag = start.group(1);
            String body = text.substring(start.end(), end);
            // One blank after the tag's name separates it from its text; the text's own blanks stay (code in <pre>).
            body = body.startsWith(" ") ? body.substring(1) : body.startsWith("\n") ? body.substring(1) : body;
            switch (tag) {
                case "code", "literal" -> pieces.add(new Piece(body, true));
                case "link", "linkplain", "value" -> pieces.add(new Piece(linkLabel(body.strip()), true));
                case "summary", "index" -> pieces.add(new Piece(body, false));
                default -> { } // {@inheritDoc}, {@docRoot}: nothing to show
            }
            from = end + 1;
        }
        pieces.add(new Piece(text.substring(from), false));
        return pieces;
    }

    /** The index of the brace that closes the inline tag opened at {@code open}, or -1. */
    private static int closingBrace(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code Tensor#matmul(Tensor) product} shows {@code product}; without a label, {@code Tensor.matmul(Tensor)}. */
    private static String linkLabel(String body) {
        int depth = 0;
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (Character.isWhitespace(c) && depth == 0) {
                return body.substring(i + 1).strip();
            }
        }
        return body.startsWith("#") ? body.substring(1) : body.replace('#', '.');
    }

    private static String htmlOf(String text) {
        StringBuilder out = new StringBuilder();
        boolean pre = false;
        for (Piece piece : pieces(text)) {
            if (!piece.literal()) {
                out.append(piece.text());
                String lower = piece.text().toLowerCase();
                pre = lower.lastIndexOf("<pre") > lower.lastIndexOf("</pre") || (pre && !lower.contains("</pre"));
            } else {
                String escaped = piece.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
                out.append(pre ? escaped : "<code>" + escaped + "</code>");
            }
        }
        return out.toString();
    }

    /** Writes HTML and literal pieces as plain text: paragraphs apart, {@code <pre>} indented as written, lists as dashes. */
    private static final class PlainWriter {
        private final StringBuilder out = new StringBuilder();
        private StringBuilder pre;

        String write(String text) {
            for (Piece piece : pieces(text)) {
                if (piece.literal()) {
                    words(piece.text());
                } else {
                    html(piece.text());
                }
            }
            endPre();
            return out.toString().strip();
        }

        private void html(String text) {
            Matcher tag = HTML_TAG.matcher(text);
            int from = 0;
            while (tag.find()) {
                words(unescape(text.substring(from, tag.start())));
                boolean closing = !tag.group(1).isEmpty();
                switch (tag.group(2).toLowerCase()) {
                    case "p", "ul", "ol", "dl", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote" -> paragraph();
                    case "br", "tr", "dt" -> newline();
                    case "li" -> {
                        if (!closing) {
                            newline();
                            out.append("- ");
                        }
                    }
                    case "dd" -> {
                        if (!closing) {
                            newline();
                            out.append("  ");
                        }
                    }
                    case "pre" -> {
                        if (closing) {
                            endPre();
                        } else {
                            paragraph();
                            pre = new StringBuilder();
                        }
                    }
                    default -> { } // <b>, <i>, <code>, <a>, ...: their text alone
                }
                from = tag.end();
            }
            words(unescape(text.substring(from)));
        }

        /** Text: as written inside {@code <pre>}, else with its line breaks and runs of blanks as one space. */
        private void words(String text) {
            if (pre != null) {
                pre.append(text);
                return;
            }
            String collapsed = text.replaceAll("\\s+", " ");
            if (collapsed.startsWith(" ") && (out.length() == 0 || Character.isWhitespace(out.charAt(out.length() - 1)))) {
                collapsed = collapsed.substring(1);
            }
            out.append(collapsed);
        }

        private void endPre() {
            if (pre == null) {
                return;
            }
            List<String> lines = new ArrayList<>(pre.toString().stripTrailing().lines().toList());
            while (!lines.isEmpty() && lines.get(0).isBlank()) {
                lines.remove(0);
            }
            int indent = lines.stream().filter(l -> !l.isBlank())
                    .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
            pre = null;
            for (String line : lines) {
                out.append("    ").append(line.isBlank() ? "" : line.substring(indent)).append('\n');
            }
            paragraph();
        }

        /** Ends the line and leaves one blank line (once, however many tags ask for it). */
        private void paragraph() {
            newline();
            if (out.length() > 0 && !out.toString().endsWith("\n\n")) {
                out.append('\n');
            }
        }

        /** Ends the line, unless it is ended already. */
        private void newline() {
            int end = out.length();
            while (end > 0 && out.charAt(end - 1) == ' ') {
                end--;
            }
            out.setLength(end);
            if (end > 0 && out.charAt(end - 1) != '\n') {
                out.append('\n');
            }
        }

        private static String unescape(String text) {
            return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&nbsp;", " ").replace("&amp;", "&");
        }
    }
}

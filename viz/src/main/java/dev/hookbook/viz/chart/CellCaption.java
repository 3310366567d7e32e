package dev.hookbook.viz.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;

/**
 * The two lines above a cell of a {@link GridPlot}: its name in bold and a note of its key
 * figures. Each stays on one line: a name too wide loses its start ({@code …attn.out_proj.weight},
 * the end of a path tells most; a kind in parentheses at its end, {@code …mlp.0 (Linear)}, stays
 * whole), a note its end. Drawn above the cell, they never cover a bar
 * and never run into the next cell's name.
 */
public final class CellCaption {
    private static final Color NOTE = new Color(0x444444);

    private volatile String title;
    private volatile String note = "";

    public CellCaption(String title) {
        this.title = title == null ? "" : title;
    }

    public String title() {
        return title;
    }

    public void setTitle(String title) {
        this.title = title == null ? "" : title;
    }

    /** The figures under the name (one line; a newline in it reads as a separator). */
    public String note() {
        return note;
    }

    public void setNote(String note) {
        this.note = note == null ? "" : note.replace('\n', ' ');
    }

    /** The height the caption takes above its cell. */
    static double height(Graphics2D g2) {
        return g2.getFontMetrics(ChartStyle.CELL_LABEL).getHeight() + g2.getFontMetrics(ChartStyle.SMALL).getHeight() + 2;
    }

    /** Draws the caption in the top of {@code area} (as high as {@link #height}). */
    void draw(Graphics2D g2, Rectangle2D area) {
        FontMetrics bold = g2.getFontMetrics(ChartStyle.CELL_LABEL);
        FontMetrics small = g2.getFontMetrics(ChartStyle.SMALL);
        int width = (int) area.getWidth();
        float x = (float) area.getX();
        float y = (float) area.getY() + bold.getAscent();
        draw(g2, ChartStyle.CELL_LABEL, Color.BLACK, fitKeepingEnd(title, bold, width), x, width, bold, y);
        draw(g2, ChartStyle.SMALL, NOTE, fitKeepingStart(note, small, width), x, width, small,
                y + bold.getDescent() + small.getAscent() + 1);
    }

    private static void draw(Graphics2D g2, Font font, Color color, String text, float x, int width, FontMetrics m, float y) {
        g2.setFont(font);
        g2.setPaint(color);
        g2.drawString(text, x + Math.max(0, (width - m.stringWidth(text)) / 2f), y); // centred over the cell
    }

    /** {@code text}, or its end after an ellipsis, whichever fits {@code width}; a trailing "(kind)" is kept whole. */
    static String fitKeepingEnd(String text, FontMetrics m, int width) {
        if (m.stringWidth(text) <= width) return text;
        int kind = text.lastIndexOf(" (");
        if (kind > 0 && text.endsWith(")")) {
            String suffix = text.substring(kind);
            int room = width - m.stringWidth(suffix);
            if (room > m.stringWidth("\u2026ab")) return fitKeepingEnd(text.substring(0, kind), m, room) + suffix;
        }
        for (int start = 1; start < text.length(); start++) {
            String s = "\u2026" + text.substring(start);
            if (m.stringWidth(s) <= width) return s;
        }
        return "\u2026";
    }

    /** {@code text}, or its start before an ellipsis, whichever fits {@code width}. */
    static String fitKeepingStart(String text, FontMetrics m, int width) {
        if (m.stringWidth(text) <= width) return text;
        for (int end = text.length() - 1; end > 0; end--) {
            String s = text.substring(0, end) + "\u2026";
            if (m.stringWidth(s) <= width) return s;
        }
        return "\u2026";
    }
}

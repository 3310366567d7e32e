package dev.hookbook.viz.graph;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.List;

/**
 * Draws a {@link GraphLayout} on any Java2D surface (an image, or JFreeSVG's SVG graphics), in
 * torchviz's colours: operations light grey, leaves light blue, the output light green; module
 * groups as dashed frames with their name at the top left.
 */
public final class GraphPainter {
    static final Color OPERATION = new Color(0xD3D3D3);
    static final Color LEAF = new Color(0xADD8E6);
    static final Color OUTPUT = new Color(0xCAFF70);
    private static final Color GROUP_FILL = new Color(0xF6F6F6);
    private static final Color GROUP_LINE = new Color(0x909090);
    private static final Color INK = new Color(0x202020);

    private GraphPainter() {}

    public static void paint(GraphLayout layout, Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, layout.width(), layout.height()));
        for (GraphLayout.PlacedGroup group : layout.groups()) paintGroup(group, g);
        g.setStroke(new BasicStroke(1.2f));
        for (GraphLayout.PlacedArrow arrow : layout.arrows()) paintArrow(arrow.points(), g);
        // Names after arrows, on their frame's colour: an arrow entering a frame may cross its name.
        for (GraphLayout.PlacedGroup group : layout.groups()) paintGroupName(group, g);
        for (GraphLayout.PlacedBox box : layout.boxes()) paintBox(box, g);
    }

    private static void paintGroup(GraphLayout.PlacedGroup group, Graphics2D g) {
        Rectangle2D r = group.bounds();
        RoundRectangle2D frame = new RoundRectangle2D.Double(r.getX(), r.getY(), r.getWidth(), r.getHeight(), 10, 10);
        g.setColor(GROUP_FILL);
        g.fill(frame);
        g.setColor(GROUP_LINE);
        g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{4f, 3f}, 0f));
        g.draw(frame);
    }

    private static void paintGroupName(GraphLayout.PlacedGroup group, Graphics2D g) {
        Rectangle2D r = group.bounds();
        g.setFont(GraphLayout.GROUP_FONT);
        FontMetrics m = g.getFontMetrics();
        g.setColor(GROUP_FILL);
        g.fill(new Rectangle2D.Double(r.getX() + 6, r.getY() + 3, m.stringWidth(group.name()) + 4, m.getHeight()));
        g.setColor(INK);
        g.drawString(group.name(), (float) r.getX() + 8, (float) r.getY() + 3 + m.getAscent());
    }

    private static void paintArrow(List<Point2D> points, Graphics2D g) {
        if (points.size() < 2) return;
        Path2D line = new Path2D.Double();
        line.moveTo(points.get(0).getX(), points.get(0).getY());
        for (Point2D p : points.subList(1, points.size())) line.lineTo(p.getX(), p.getY());
        g.setColor(INK);
        g.draw(line);
        Point2D tip = points.get(points.size() - 1), from = points.get(points.size() - 2);
        double angle = Math.atan2(tip.getY() - from.getY(), tip.getX() - from.getX());
        Path2D head = new Path2D.Double();
        head.moveTo(tip.getX(), tip.getY());
        head.lineTo(tip.getX() - 8 * Math.cos(angle - 0.4), tip.getY() - 8 * Math.sin(angle - 0.4));
        head.lineTo(tip.getX() - 8 * Math.cos(angle + 0.4), tip.getY() - 8 * Math.sin(angle + 0.4));
        head.closePath();
        g.fill(head);
    }

    private static void paintBox(GraphLayout.PlacedBox placed, Graphics2D g) {
        Rectangle2D r = placed.bounds();
        g.setColor(switch (placed.box().kind()) {
            case OUTPUT -> OUTPUT;
            case LEAF -> LEAF;
            case OPERATION -> OPERATION;
        });
        g.fill(r);
        g.setColor(INK);
        g.setStroke(new BasicStroke(1f));
        g.draw(r);
        g.setFont(GraphLayout.FONT);
        FontMetrics m = g.getFontMetrics();
        List<String> lines = placed.box().lines();
        double top = r.getCenterY() - lines.size() * m.getHeight() / 2.0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            float x = (float) (r.getCenterX() - m.stringWidth(line) / 2.0);
            g.drawString(line, x, (float) (top + i * m.getHeight() + m.getAscent()));
        }
    }
}

package dev.hookbook.viz.chart;

import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;

import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures in a grid, each with its caption under it (on two lines when it is long), drawn as
 * large as the area allows with sharp pixels (a 28x28 image is meant to be seen pixel by pixel).
 * The number of columns is the one that gives the largest pictures in the area the chart is
 * drawn into.
 */
public class ImageGridPlot extends Plot {
    private static final long serialVersionUID = 1L;
    private static final double GAP = 6;
    private static final Color FRAME = new Color(0xC8C8C8);

    private final transient List<BufferedImage> images;
    private final List<String> captions;

    /** @param captions one per image, or fewer (the rest have none) */
    public ImageGridPlot(List<BufferedImage> images, List<String> captions) {
        this.images = List.copyOf(images);
        this.captions = List.copyOf(captions);
    }

    @Override
    public String getPlotType() {
        return "Image grid";
    }

    @Override
    public LegendItemCollection getLegendItems() {
        return new LegendItemCollection();
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        if (info != null) {
            info.setPlotArea(area);
        }
        getInsets().trim(area);
        drawBackground(g2, area);
        if (images.isEmpty()) {
            drawNoDataMessage(g2, area);
            return;
        }
        g2.setFont(ChartStyle.SMALL);
        FontMetrics metrics = g2.getFontMetrics();
        Layout layout = bestLayout(area, metrics);
        double blockHeight = layout.rows * (layout.side + layout.captionHeight) + GAP * (layout.rows - 1);
        double top = area.getY() + (area.getHeight() - blockHeight) / 2;        // the grid sits in the middle
        Object interpolation = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        for (int i = 0; i < images.size(); i++) {
            BufferedImage image = images.get(i);
            double x = area.getX() + (i % layout.columns) * (layout.cellWidth + GAP);
            double y = top + (i / layout.columns) * (layout.side + layout.captionHeight + GAP);
            double scale = layout.side / Math.max(image.getWidth(), image.getHeight());
            int w = (int) Math.round(image.getWidth() * scale), h = (int) Math.round(image.getHeight() * scale);
            int left = (int) Math.round(x + (layout.cellWidth - w) / 2);
            int imageTop = (int) Math.round(y);
            g2.drawImage(image, left, imageTop, w, h, null);
            g2.setPaint(FRAME);                               // so a white picture stays apart from the background
            g2.drawRect(left - 1, imageTop - 1, w + 1, h + 1);
            if (i < captions.size()) {
                g2.setPaint(Color.BLACK);
                float baseline = imageTop + h + metrics.getAscent() + 2;
                for (String line : lines(captions.get(i), metrics, layout.cellWidth)) {
                    g2.drawString(line, (float) (x + (layout.cellWidth - metrics.stringWidth(line)) / 2), baseline);
                    baseline += metrics.getHeight();
                }
            }
        }
        if (interpolation != null) {
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
        }
    }

    /** Columns and rows of the grid, each picture's side, and the room under it for its caption. */
    private record Layout(int columns, int rows, double cellWidth, double side, double captionHeight) {}

    /** The number of columns that makes the pictures largest, room for their captions taken off. */
    private Layout bestLayout(Rectangle2D area, FontMetrics metrics) {
        Layout best = null;
        for (int columns = 1; columns <= images.size(); columns++) {
            int rows = (images.size() + columns - 1) / columns;
            double cellWidth = (area.getWidth() - GAP * (columns - 1)) / columns;
            int lines = 0;
            for (String caption : captions) {
                lines = Math.max(lines, lines(caption, metrics, cellWidth).size());
            }
            double captionHeight = lines == 0 ? 0 : lines * metrics.getHeight() + 4;
            double side = Math.min(cellWidth, (area.getHeight() - GAP * (rows - 1)) / rows - captionHeight);
            if (best == null || side > best.side) {
                best = new Layout(columns, rows, cellWidth, Math.max(side, 1), captionHeight);
            }
        }
        return best;
    }

    /** {@code text} broken at spaces into at most two lines of {@code width}, the second cut with an ellipsis. */
    private static List<String> lines(String text, FontMetrics metrics, double width) {
        if (text.isEmpty()) {
            return List.of();
        }
        if (metrics.stringWidth(text) <= width) {
            return List.of(text);
        }
        int breakAt = text.length();
        while (breakAt > 0 && (text.charAt(breakAt - 1) != ' ' || metrics.stringWidth(text.substring(0, breakAt - 1)) > width)) {
            breakAt--;
        }
        if (breakAt == 0) {
            return List.of(fit(text, metrics, width));
        }
        return List.of(text.substring(0, breakAt - 1), fit(text.substring(breakAt), metrics, width));
    }

    /** {@code text}, cut with an ellipsis when it is wider than {@code width}. */
    private static String fit(String text, FontMetrics metrics, double width) {
        if (metrics.stringWidth(text) <= width) {
            return text;
        }
        String cut = text;
        while (!cut.isEmpty() && metrics.stringWidth(cut + "…") > width) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut + "…";
    }
}

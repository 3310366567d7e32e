package dev.hookbook.viz.chart;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.ui.RectangleEdge;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * An axis with one named cell per row or column of a heat map. When the cells are too small for
 * every label, it labels every second, third, ... cell, the same step all along (JFreeChart's
 * own symbol axis skips labels where they happen to collide, which leaves uneven gaps); across
 * the bottom, labels wider than their cell (and wider than tall) are turned upright. Whitespace tokens are shown
 * ({@code "\n"} as {@code ↵}, a space as {@code ␣}) and long labels are cut.
 */
public final class LabelAxis extends SymbolAxis {
    private static final long serialVersionUID = 1L;
    private static final int MAX_LABEL = 24;
    private static final double PAD = 3;

    private boolean upright;
    private int step = 1;

    /** An axis over {@code labels}, the first at 0, each cell one unit wide. */
    public LabelAxis(String name, List<String> labels) {
        super(name, labels.stream().map(LabelAxis::visible).toArray(String[]::new));
        setRange(-0.5, labels.size() - 0.5);
        setGridBandsVisible(false);
        setTickLabelFont(ChartStyle.SMALL);
        setLabelFont(ChartStyle.SUBTITLE);
        setTickUnit(new NumberTickUnit(1), false, false);
    }

    /** {@code label} as drawn: whitespace made visible, cut to a readable length. */
    static String visible(String label) {
        if (label.isEmpty()) return "∅";
        String shown = label.replace("\n", "↵").replace("\t", "⇥").replace("\r", "␍");
        if (shown.isBlank()) shown = shown.replace(" ", "␣");
        return shown.length() <= MAX_LABEL ? shown : shown.substring(0, MAX_LABEL - 1) + "…";
    }

    /** How many cells one label stands for, as last drawn (1: every cell labelled). */
    public int labelStep() {
        return step;
    }

    @Override
    public boolean isVerticalTickLabels() {
        return upright;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        int n = getSymbols().length;
        boolean across = RectangleEdge.isTopOrBottom(edge);
        double cell = (across ? dataArea.getWidth() : dataArea.getHeight()) / Math.max(1, n);
        FontMetrics metrics = g2.getFontMetrics(getTickLabelFont());
        int widest = 0;
        for (String s : getSymbols()) widest = Math.max(widest, metrics.stringWidth(s));
        double height = metrics.getAscent() + metrics.getDescent();
        // Fields, not setters: a setter would tell the chart to redraw while it is being drawn.
        upright = across && widest + PAD > cell && widest > height;   // a single character stays level, thinned
        double extent = across && !upright ? widest : height;
        step = Math.max(1, (int) Math.ceil((extent + PAD) / Math.max(cell, 1e-9)));
        setTickUnit(new NumberTickUnit(step), false, false);
        return super.refreshTicks(g2, state, dataArea, edge);
    }
}

package dev.hookbook.viz.chart;

import org.jfree.chart.axis.AxisState;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.ValueAxisPlot;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 log axis that reads at a glance: its range reaches out to whole powers of ten, every
 * power of ten in view is labelled ({@code 10⁻³}), and 2 to 9 times each has a minor tick. JFreeChart's
 * own log axis picks a tick step for the space it has, which can leave one label on a chart.
 * Values given to {@link #include} (a reference line) always lie in the range.
 */
public final class DecadeAxis extends LogAxis {
    private static final long serialVersionUID = 1L;
    private static final double EPS = 1e-9; // log10 of an exact power of ten can be off by an ulp

    private final List<Double> included = new ArrayList<>();
    private double floor; // 0: none

    public DecadeAxis(String label) {
        super(label);
        setBase(10);
        setSmallestValue(1e-12);
        setAutoRangeMinimumSize(1e-12);
        setMinorTickMarksVisible(true);
    }

    /** Keeps {@code value} (positive) inside the automatic range, such as a reference line's value. */
    public void include(double value) {
        if (!(value > 0)) throw new IllegalArgumentException("a log axis can only include positive values, got " + value);
        included.add(value);
        configure();
    }

    /**
     * The lowest value the automatic range goes down to (0 for none): data below it is drawn off
     * the plot, so that a few tiny values do not stretch the axis by decades.
     */
    public void setFloor(double floor) {
        if (!(floor >= 0)) throw new IllegalArgumentException("a log axis floor must be 0 or positive, got " + floor);
        if (floor == this.floor) return;
        this.floor = floor;
        configure();
    }

    public double getFloor() {
        return floor;
    }

    @Override
    protected void autoAdjustRange() {
        super.autoAdjustRange();
        if (!isAutoRange() || !(getPlot() instanceof ValueAxisPlot plot)) return;
        // From the data itself, not the margins the log axis adds: those would add a decade.
        Range data = plot.getDataRange(this);
        Range r = data == null || !(data.getLowerBound() > 0) ? getRange() : data;
        double lo = Math.max(r.getLowerBound(), floor), hi = Math.max(r.getUpperBound(), lo);
        for (double v : included) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        lo = Math.max(lo, getSmallestValue());
        int first = (int) Math.floor(Math.log10(lo) + EPS), last = (int) Math.ceil(Math.log10(hi) - EPS);
        if (last <= first) last = first + 1; // at least one whole decade, so two labels
        setRange(new Range(Math.pow(10, first), Math.pow(10, last)), false, false);
    }

    /** The powers of ten in view, labelled, and 2..9 times each as unlabelled minor ticks. */
    @Override
    @SuppressWarnings("rawtypes")
    public List refreshTicks(Graphics2D g2, AxisState state, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.LEFT ? TextAnchor.CENTER_RIGHT
                : edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT
                : edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        Range range = getRange();
        int first = (int) Math.floor(Math.log10(range.getLowerBound()) + EPS);
        int last = (int) Math.floor(Math.log10(range.getUpperBound()) + EPS);
        List<LogTick> ticks = new ArrayList<>();
        for (int k = first; k <= last; k++) {
            double decade = Math.pow(10, k);
            if (contains(range, decade)) ticks.add(new LogTick(TickType.MAJOR, decade, createTickLabel(decade), anchor));
            for (int m = 2; m <= 9; m++) {
                double minor = m * decade;
                if (contains(range, minor)) ticks.add(new LogTick(TickType.MINOR, minor, null, anchor));
            }
        }
        return ticks;
    }

    /** Whether {@code v} is in {@code range}, allowing for rounding at the ends. */
    private static boolean contains(Range range, double v) {
        return v >= range.getLowerBound() * (1 - EPS) && v <= range.getUpperBound() * (1 + EPS);
    }
}

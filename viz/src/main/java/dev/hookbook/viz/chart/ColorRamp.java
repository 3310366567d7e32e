package dev.hookbook.viz.chart;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;

/**
 * A perceptually even colour scale from dark purple (low) through teal to yellow (high), as
 * matplotlib's "viridis": brighter always means larger, also when printed in grey.
 */
public final class ColorRamp implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Color[] STOPS = {
            new Color(0x440154), new Color(0x3B528B), new Color(0x21918C), new Color(0x5EC962), new Color(0xFDE725)};

    private final double lower;
    private final double upper;

    /** A ramp over [lower, upper]; values outside are clamped. */
    public ColorRamp(double lower, double upper) {
        if (!(upper > lower)) throw new IllegalArgumentException("need lower < upper, got " + lower + ", " + upper);
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        double t = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
        double pos = t * (STOPS.length - 1);
        int i = Math.min((int) pos, STOPS.length - 2);
        double f = pos - i;
        Color a = STOPS[i], b = STOPS[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}

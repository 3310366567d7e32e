package dev.hookbook.viz.chart;

import org.jfree.chart.renderer.PaintScale;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;

/**
 * A perceptually even colour scale from dark purple (low) through teal to yellow (high), as
 * matplotlib's "viridis": brighter always means larger, also when printed in grey.
 * {@link #blues} goes from white to dark blue instead, for cells that carry a number in text.
 */
public final class ColorRamp implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    private static final Color[] VIRIDIS = {
            new Color(0x440154), new Color(0x3B528B), new Color(0x21918C), new Color(0x5EC962), new Color(0xFDE725)};
    /** Matplotlib's "Blues": darker means larger. */
    private static final Color[] BLUES = {
            new Color(0xF7FBFF), new Color(0xC6DBEF), new Color(0x6BAED6), new Color(0x2171B5), new Color(0x08306B)};

    private final double lower;
    private final double upper;
    private final Color[] stops;

    /** A viridis ramp over [lower, upper]; values outside are clamped. */
    public ColorRamp(double lower, double upper) {
        this(lower, upper, VIRIDIS);
    }

    private ColorRamp(double lower, double upper, Color[] stops) {
        if (!(upper > lower)) throw new IllegalArgumentException("need lower < upper, got " + lower + ", " + upper);
        this.lower = lower;
        this.upper = upper;
        this.stops = stops;
    }

    /** A white-to-dark-blue ramp over [lower, upper]: light cells keep dark text readable. */
    public static ColorRamp blues(double lower, double upper) {
        return new ColorRamp(lower, upper, BLUES);
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
        double pos = t * (stops.length - 1);
        int i = Math.min((int) pos, stops.length - 2);
        double f = pos - i;
        Color a = stops[i], b = stops[i + 1];
        return new Color(mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /** ColorBrewer's "RdBu", reversed (matplotlib's "RdBu_r"): blue for negative, near-white at 0, red for positive. */
    private static final Color[] BLUE_WHITE_RED = {
            new Color(0x2166AC), new Color(0x4393C3), new Color(0x92C5DE), new Color(0xD1E5F0), new Color(0xF7F7F7),
            new Color(0xFDDBC7), new Color(0xF4A582), new Color(0xD6604D), new Color(0xB2182B)};
    /** Google's "turbo" (a smoother jet): dark blue through green and yellow to dark red, readable over a grey picture. */
    private static final Color[] TURBO = {
            new Color(0x30123B), new Color(0x4662D7), new Color(0x36AAF9), new Color(0x1AE4B6), new Color(0x72FE5E),
            new Color(0xC8EF34), new Color(0xFABA39), new Color(0xF66B19), new Color(0xCB2A04), new Color(0x7A0403)};

    /**
     * A diverging blue-white-red ramp over [-limit, limit], centred on 0 (matplotlib's {@code cmap="RdBu_r"}
     * with {@code vmin=-limit, vmax=limit}): signed values keep their sign at a glance, zero is near white.
     */
    public static ColorRamp diverging(double limit) {
        return new ColorRamp(-limit, limit, BLUE_WHITE_RED);
    }

    /** A turbo (jet-like) ramp over [lower, upper], the colour map of Grad-CAM pictures. */
    public static ColorRamp turbo(double lower, double upper) {
        return new ColorRamp(lower, upper, TURBO);
    }
}

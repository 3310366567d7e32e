package dev.hookbook.viz.chart;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The numbers printed in heat-map cells: one format per chart, three significant digits of the largest. */
class ValueBlocksTest {

    @Test
    void decimalsFollowTheLargestValueSoTheyLineUp() {
        assertEquals("2.00 -0.50 0.25", show(2, 2, -0.5, 0.25));
        assertEquals("150 -3 0", show(150, 150, -3, 0));
        assertEquals("0.0500 0.0012", show(0.05, 0.05, 0.00123));
        assertEquals("1.23e-03", show(0.00123, 0.00123));
        assertEquals("1.20e+04", show(12_000, 12_000));
        assertEquals("0", show(0, 0));
    }

    private static String show(double largest, double... values) {
        String format = ValueBlocks.format(largest);
        StringBuilder sb = new StringBuilder();
        for (double v : values) sb.append(sb.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, format, v));
        return sb.toString();
    }
}

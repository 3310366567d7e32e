package dev.hookbook.viz;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class HistogramTest {

    @Test
    void binsSplitTheRangeEquallyWithTheMaximumInTheLastBin() {
        Histogram h = Histogram.of(new float[]{0, 1, 2, 3, 4, 4, 9.99f, 10}, 5);
        assertEquals(0, h.lo());
        assertEquals(10, h.hi());
        assertEquals(2, h.binWidth());
        // [0,2) [2,4) [4,6) [6,8) [8,10]
        assertArrayEquals(new long[]{2, 2, 2, 0, 2}, h.counts());
        assertEquals(8, h.total());
    }

    @Test
    void leftEdgesBelongToTheirBinAsInNumpy() {
        Histogram h = Histogram.of(new float[]{-1, -0.5f, 0, 0.5f, 1}, 4); // edges -1, -0.5, 0, 0.5, 1
        assertArrayEquals(new long[]{1, 1, 1, 2}, h.counts());
    }

    @Test
    void equalValuesGetARangeOfOneAroundThem() {
        Histogram h = Histogram.of(new float[]{3, 3, 3}, 4);
        assertEquals(2.5, h.lo());
        assertEquals(3.5, h.hi());
        assertArrayEquals(new long[]{0, 0, 3, 0}, h.counts());
    }

    @Test
    void nonFiniteValuesAreCountedApart() {
        Histogram h = Histogram.of(new float[]{Float.NaN, 1, 2, Float.POSITIVE_INFINITY}, 2);
        assertEquals(2, h.nonFinite());
        assertArrayEquals(new long[]{1, 1}, h.counts());
        assertEquals(1, h.lo());
        assertEquals(2, h.hi());
    }

    @Test
    void needsABin() {
        assertThrows(IllegalArgumentException.class, () -> Histogram.of(new float[]{1}, 0));
    }
}

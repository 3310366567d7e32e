package dev.hookbook.kernel.magic;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How {@code %time} writes durations: as IPython's {@code _format_time} does. */
class TimeMagicTest {

    @Test
    void durationsHaveThreeSignificantDigitsInTheUnitIPythonChooses() {
        assertEquals("0 ns", TimeMagic.format(0));
        assertEquals("2 ns", TimeMagic.format(2));
        assertEquals("500 ns", TimeMagic.format(500));
        assertEquals("1.23 \u00b5s", TimeMagic.format(1_234));
        assertEquals("1.2 ms", TimeMagic.format(1_200_000));
        assertEquals("123 ms", TimeMagic.format(123_000_000));
        assertEquals("1.5 s", TimeMagic.format(1_500_000_000L));
        assertEquals("60 s", TimeMagic.format(59_990_000_000L));
        assertEquals("1min 15s", TimeMagic.format(75_000_000_000L));
        assertEquals("1h 1s", TimeMagic.format(3_601_000_000_000L));
    }

    @Test
    void theReportHasIPythonsTwoLines() {
        assertEquals("CPU times: user 1.2 ms, sys: 0 ns, total: 1.2 ms\nWall time: 3.4 ms\n",
                TimeMagic.report(new ProcessCpuTime(1_200_000, 0), 3_400_000));
    }

    @Test
    void onlyTimeFollowedByABlankIsTheLineMagic() {
        assertEquals(Optional.of(" x + 1"), TimeMagic.statementOf("%time x + 1"));
        assertFalse(TimeMagic.statementOf("%timeit x").isPresent());
        assertTrue(TimeMagic.timesCell("%%time "));
        assertFalse(TimeMagic.timesCell("%%timeit"));
    }
}

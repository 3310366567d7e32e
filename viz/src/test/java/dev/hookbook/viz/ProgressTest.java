package dev.hookbook.viz;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import dev.hookbook.display.Html;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Progress bars on a clock the test moves by hand, into a display that records what it is shown. */
class ProgressTest {

    private static final long MS = 1_000_000L;

    /** A clock that stands still until the test moves it. */
    private static final class FakeClock {
        long now = 1_000 * MS;

        void advance(long millis) {
            now += millis * MS;
        }
    }

    /** A notebook display that records what it shows, updates, reports and books for the cell's end. */
    private static class RecordingDisplay implements Display {
        final List<String> shown = new ArrayList<>();     // "display: text" or "update: text"
        final List<String> status = new ArrayList<>();
        final List<Runnable> cellEnd = new ArrayList<>();
        Html last;

        @Override
        public DisplayHandle display(Object value) {
            record("display", value);
            return DisplayHandle.of("bar", value2 -> record("update", value2));
        }

        private void record(String kind, Object value) {
            last = (Html) value;
            shown.add(kind + ": " + last.text());
        }

        @Override
        public void status(String line) {
            status.add(line);
        }

        @Override
        public void atCellEnd(Runnable action) {
            cellEnd.add(action);
        }

        void endCell() {
            cellEnd.forEach(Runnable::run);
        }
    }

    private final FakeClock clock = new FakeClock();
    private final RecordingDisplay display = new RecordingDisplay();

    private Progress inNotebook(long total, String label) {
        return Progress.start(total, label, () -> clock.now, display, System.err);
    }

    @Test
    void theLineShowsCountTotalRateElapsedRemainingAndPostfix() {
        Progress progress = inNotebook(938, "epoch 1");
        clock.advance(12_000);
        progress.set("loss", 0.53217f);
        progress.step(423);
        assertEquals("update: epoch 1:  45%|█████████           | 423/938 [00:12<00:15, 35.3 it/s, loss=0.5322]",
                display.shown.get(1));
        assertTrue(display.last.html().contains("<progress value=\"423\" max=\"938\""), display.last.html());
    }

    @Test
    void drawsAFewTimesASecondHoweverFastTheSteps() {
        Progress progress = inNotebook(10_000, "fast");
        for (int i = 0; i < 1000; i++) {
            progress.step();
            clock.advance(1);                                  // a step a millisecond: 1,000 steps in a second
        }
        // Drawn at the start, then at most once per 250 ms: at 250, 500 and 750 ms.
        assertEquals(1 + 3, display.shown.size(), display.shown.toString());
        assertTrue(display.shown.get(0).startsWith("display: fast:   0%|"), display.shown.get(0));
    }

    @Test
    void closeDrawsTheFinalStateOnceWithoutTimeLeft() {
        Progress progress = inNotebook(3, "done");
        clock.advance(1_500);
        progress.step(3);
        progress.close();
        progress.close();
        progress.step();                                       // after close nothing is drawn
        assertEquals("update: done: 100%|████████████████████| 3/3 [00:02, 2.0 it/s]", display.shown.get(display.shown.size() - 1));
        assertEquals(3, display.shown.size(), display.shown.toString());
        assertEquals(List.of("done: 100%|████████████████████| 3/3 [00:02, 2.0 it/s]"), display.status);
    }

    @Test
    void theRunnerGetsAStatusLineEveryTwoSecondsAndTheLastOne() {
        Progress progress = inNotebook(100, "slow");
        for (int i = 0; i < 100; i++) {
            clock.advance(100);
            progress.step();
        }
        progress.close();
        // 10 s of steps: lines at 2, 4, 6, 8 and 10 s, then the final state.
        assertEquals(6, display.status.size(), display.status.toString());
        assertEquals("slow:  20%|████                | 20/100 [00:02<00:08, 10.0 it/s]", display.status.get(0));
        assertEquals("slow: 100%|████████████████████| 100/100 [00:10, 10.0 it/s]", display.status.get(5));
    }

    @Test
    void withoutATotalItShowsTheCountAndTheRate() {
        Iterable<Integer> unsized = () -> IntStream.range(0, 5).iterator();
        for (int ignored : over(unsized, "stream")) {
            clock.advance(200);
        }
        assertEquals("update: stream: 5 [00:01, 5.0 it/s]", display.shown.get(display.shown.size() - 1));
    }

    @Test
    void aLoopOverACollectionCountsTheItemsWhoseBodyRan() {
        List<Integer> seen = new ArrayList<>();
        for (int i : over(List.of(10, 20, 30, 40), "items")) {
            seen.add(i);
            clock.advance(300);
        }
        assertEquals(List.of(10, 20, 30, 40), seen);
        assertEquals("update: items: 100%|████████████████████| 4/4 [00:01, 3.3 it/s]", display.shown.get(display.shown.size() - 1));
        assertEquals(1, display.shown.stream().filter(s -> s.startsWith("display")).count(), "one output, updated in place");
    }

    @Test
    void aLoopThatThrowsIsClosedWhenTheCellEndsShowingHowFarItGot() {
        assertThrows(ArithmeticException.class, () -> {
            for (int i : over(List.of(1, 2, 3, 4, 5), "epoch")) {
                clock.advance(100);
                if (i == 3) {
                    throw new ArithmeticException("loss is NaN");
                }
            }
        });
        display.endCell();
        assertEquals("update: epoch:  40%|████████            | 2/5 [00:00, 6.7 it/s] stopped",
                display.shown.get(display.shown.size() - 1));
        assertTrue(display.last.html().endsWith(" <b>stopped</b></div>"), display.last.html());
    }

    @Test
    void postfixValuesKeepTheirOrderAndTensorsShowTheirValue() {
        Progress progress = inNotebook(-1, "");
        progress.set("loss", Tensor.scalar(2.5f)).set("lr", 0.001).set("phase", "warm-up").set("loss", 1.25);
        progress.close();
        assertEquals("update: 0 [00:00, ? it/s, loss=1.250, lr=0.001000, phase=warm-up]",
                display.shown.get(display.shown.size() - 1));
    }

    @Test
    void labelsAreEscapedInTheHtml() {
        inNotebook(2, "<b>&").close();
        assertTrue(display.last.html().contains("&lt;b&gt;&amp;: "), display.last.html());
    }

    @Test
    void aBrokenDisplayDoesNotStopTheLoop() {
        Display broken = new RecordingDisplay() {
            @Override
            public DisplayHandle display(Object value) {
                throw new IllegalStateException("the kernel is gone");
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.start(10, "x", () -> clock.now, broken, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        clock.advance(1_000);
        progress.step();
        progress.close();
        assertEquals(1, progress.count());
        assertEquals("progress bar \"x\" not drawn: java.lang.IllegalStateException: the kernel is gone" + System.lineSeparator(),
                bytes.toString(StandardCharsets.UTF_8), "reported once");
    }

    @Test
    void inATerminalOneLineIsRedrawnInPlaceAndEndedAtTheClose() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = Progress.start(2, "t", () -> clock.now, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        progress.set("a much longer postfix", "x");
        clock.advance(1_000);
        progress.step();
        progress.close();
        String out = bytes.toString(StandardCharsets.UTF_8);
        String[] draws = out.split("\r", -1);
        assertEquals("", draws[0]);
        assertEquals("t:   0%|                    | 0/2 [00:00<?, ? it/s]", draws[1]);
        assertEquals("t:  50%|██████████          | 1/2 [00:01<00:01, 1.0 it/s, a much longer postfix=x]", draws[2]);
        assertEquals("t:  50%|██████████          | 1/2 [00:01, 1.0 it/s, a much longer postfix=x] stopped" + System.lineSeparator(),
                draws[3]);
        assertEquals(4, draws.length);
    }

    private <T> Iterable<T> over(Iterable<T> items, String label) {
        return Progress.over(items, label, () -> clock.now, display, System.err);
    }
}

package dev.hookbook.viz;

import dev.hookbook.data.DataLoader;
import dev.hookbook.display.Display;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.progress.DisplayBar;
import dev.hookbook.viz.progress.ProgressState;
import dev.hookbook.viz.progress.ProgressView;
import dev.hookbook.viz.progress.StatusLines;
import dev.hookbook.viz.progress.TerminalLine;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A progress bar for a long loop, as Python's tqdm: the count out of the total, the rate, the
 * time taken and the time left, and values such as the loss.
 *
 * <pre>{@code
 * for (Batch batch : Progress.over(loader, "epoch 1")) { ... }
 *
 * try (var progress = Progress.start(epochs * loader.size(), "training")) {
 *     for (...) { ...; progress.set("loss", loss); progress.step(); }
 * }
 * }</pre>
 *
 * <p>In a notebook the bar is one output updated in place a few times a second; the notebook
 * runner also prints its state on the console every few seconds. In JShell, a terminal and
 * {@code jupyter console} (which draws no output updates) it is one line on standard error,
 * redrawn in place. A step costs one clock read; drawing happens
 * only when its time has come, and the last state is always drawn.
 *
 * <p>In a notebook a bar still open when its cell ends (the loop threw, or was interrupted) is
 * closed then, showing how far it got. Elsewhere, close it with try-with-resources.
 */
public final class Progress implements AutoCloseable {

    private final String label;
    private final long total;
    private final LongSupplier clock;
    private final List<ProgressView> views;
    private final long[] nextDraw;          // per view: the clock time of its next draw
    private final boolean[] broken;         // per view: it threw, and is drawn no more
    private final PrintStream errors;
    private final long started;
    private final Map<String, Object> postfix = new LinkedHashMap<>();
    private long count;
    private long nextCheck;                 // the earliest of nextDraw, so a step compares once
    private boolean closed;

    Progress(long total, String label, LongSupplier clock, List<ProgressView> views, PrintStream errors) {
        this.label = label == null ? "" : label;
        this.total = total;
        this.clock = clock;
        this.views = List.copyOf(views);
        this.nextDraw = new long[this.views.size()];
        this.broken = new boolean[this.views.size()];
        this.errors = errors;
        this.started = clock.getAsLong();
        Arrays.fill(nextDraw, started);
        draw(false);
    }

    /**
     * An {@code Iterable} over {@code items} that shows a bar while it is iterated: each
     * {@code for} loop over it gets its own bar, which counts the items whose loop body has run.
     * The total is the size of a {@code Collection} or a {@code DataLoader}, otherwise unknown.
     */
    public static <T> Iterable<T> over(Iterable<T> items, String label) {
        return () -> new Counting<>(items.iterator(), start(sizeOf(items), label));
    }

    /** {@link #over(Iterable, String)} drawn in {@code display} when there is one, else on {@code terminal}. */
    static <T> Iterable<T> over(Iterable<T> items, String label, LongSupplier clock, Display display, PrintStream terminal) {
        return () -> new Counting<>(items.iterator(), start(sizeOf(items), label, clock, display, terminal));
    }

    /** A bar expecting {@code total} steps (a negative total: unknown); count with {@link #step}. */
    public static Progress start(long total, String label) {
        return start(total, label, System::nanoTime, Display.current().orElse(null), System.err);
    }

    /** A bar drawn in {@code display} when there is one, else on {@code terminal}; failures go to {@code terminal}. */
    static Progress start(long total, String label, LongSupplier clock, Display display, PrintStream terminal) {
        if (display == null) {
            return new Progress(total, label, clock, List.of(new TerminalLine(terminal)), terminal);
        }
        if (!display.updatesInPlace()) {
            // A terminal front end (jupyter console) shows the first state of an output and no
            // update: the bar is a line redrawn with carriage returns on the cell's standard
            // error, as tqdm draws outside a notebook.
            Progress progress = new Progress(total, label, clock, List.of(new TerminalLine(terminal)), terminal);
            display.atCellEnd(progress::close);
            return progress;
        }
        Progress progress = new Progress(total, label, clock, List.of(new DisplayBar(display), new StatusLines(display)),
                terminal);
        display.atCellEnd(progress::close);
        return progress;
    }

    /** One more step done. */
    public void step() {
        step(1);
    }

    /** {@code n} more steps done. */
    public void step(long n) {
        count += n;
        if (clock.getAsLong() - nextCheck >= 0) {
            draw(false);
        }
    }

    /**
     * Shows {@code key=value} after the numbers from the next draw on, replacing an earlier value
     * of {@code key}. Numbers and one-element tensors show four significant digits.
     */
    public Progress set(String key, Object value) {
        synchronized (postfix) {
            postfix.put(key, value);
        }
        return this;
    }

    /** The steps counted so far. */
    public long count() {
        return count;
    }

    /** Draws the final state and ends the bar; closing again does nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        draw(true);
    }

    /** Draws the views whose time has come (all of them when {@code last}) and books the next check. */
    private synchronized void draw(boolean last) {
        if (closed && !last) {
            return;                         // a step after close() changes nothing on screen
        }
        long now = clock.getAsLong();
        ProgressState state = new ProgressState(label, count, total, now - started, formattedPostfix(), last);
        long earliest = Long.MAX_VALUE;
        for (int i = 0; i < views.size(); i++) {
            if (!broken[i] && (last || now - nextDraw[i] >= 0)) {
                broken[i] = !drawSafely(views.get(i), state);
                nextDraw[i] = now + views.get(i).intervalNanos();
            }
            earliest = Math.min(earliest, nextDraw[i]);
        }
        nextCheck = earliest;
    }

    /**
     * A bar that cannot be drawn must not stop the training it reports on: the failure is
     * reported once, and that view is not drawn again.
     */
    private boolean drawSafely(ProgressView view, ProgressState state) {
        try {
            view.draw(state);
            return true;
        } catch (RuntimeException e) {
            errors.println("progress bar " + (label.isEmpty() ? "" : "\"" + label + "\" ") + "not drawn: " + e);
            return false;
        }
    }

    private Map<String, String> formattedPostfix() {
        Map<String, String> formatted = new LinkedHashMap<>();
        synchronized (postfix) {
            postfix.forEach((key, value) -> formatted.put(key, format(value)));
        }
        return formatted;
    }

    private static String format(Object value) {
        if (value instanceof Tensor tensor && tensor.numel() == 1) {
            value = tensor.item();
        }
        if (value instanceof Float || value instanceof Double) {
            return String.format(Locale.ROOT, "%.4g", ((Number) value).doubleValue());
        }
        return String.valueOf(value);
    }

    private static long sizeOf(Iterable<?> items) {
        if (items instanceof Collection<?> collection) {
            return collection.size();
        }
        if (items instanceof DataLoader loader) {
            return loader.size();
        }
        return -1;
    }

    /** Counts an item as done when the loop asks for the next one, and closes the bar at the end. */
    private static final class Counting<T> implements Iterator<T> {
        private final Iterator<T> items;
        private final Progress progress;
        private boolean handedOut;

        Counting(Iterator<T> items, Progress progress) {
            this.items = items;
            this.progress = progress;
        }

        @Override
        public boolean hasNext() {
            boolean more = items.hasNext();
            if (!more) {
                countHandedOut();
                progress.close();
            }
            return more;
        }

        @Override
        public T next() {
            countHandedOut();
            T item = items.next();
            handedOut = true;
            return item;
        }

        private void countHandedOut() {
            if (handedOut) {
                handedOut = false;
                progress.step();
            }
        }
    }
}

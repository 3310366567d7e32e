package dev.hookbook.viz;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;

import java.awt.image.RenderedImage;
import java.util.concurrent.atomic.AtomicInteger;

/** A notebook display that counts what it is asked to show, and can be told to fail. */
final class CountingDisplay implements Display {
    final AtomicInteger displays = new AtomicInteger();
    final AtomicInteger updates = new AtomicInteger();
    volatile boolean fail;
    volatile Object last;
    /** What was booked for the end of the cell; {@link #endCell()} runs it as the kernel would. */
    final java.util.List<Runnable> cellEnd = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public void atCellEnd(Runnable action) {
        cellEnd.add(action);
    }

    void endCell() {
        java.util.List<Runnable> now = java.util.List.copyOf(cellEnd);
        cellEnd.clear();
        now.forEach(Runnable::run);
    }

    @Override
    public DisplayHandle display(Object value) {
        check(value);
        displays.incrementAndGet();
        return new DisplayHandle() {
            @Override
            public String id() {
                return "counting-" + displays.get();
            }

            @Override
            public void update(Object value) {
                check(value);
                updates.incrementAndGet();
            }
        };
    }

    private void check(Object value) {
        if (fail) throw new IllegalStateException("the display is broken");
        if (!(value instanceof RenderedImage)) throw new AssertionError("expected an image, got " + value);
        last = value;
    }

    int frames() {
        return displays.get() + updates.get();
    }
}

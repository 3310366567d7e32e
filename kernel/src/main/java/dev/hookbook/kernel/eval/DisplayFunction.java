package dev.hookbook.kernel.eval;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@code display(Object)} function of the start-up script. In a notebook (the kernel or the
 * runner) it shows the value as a rich output; in plain JShell, where no display is installed,
 * it prints the value, and {@code update} prints the new one.
 */
public final class DisplayFunction {

    private static final AtomicInteger CONSOLE_IDS = new AtomicInteger();

    private DisplayFunction() {}

    /** Shows {@code value} now and returns a handle whose {@code update} replaces it. */
    public static DisplayHandle display(Object value) {
        return Display.current()
                .map(display -> display.display(value))
                .orElseGet(() -> printed(value));
    }

    private static DisplayHandle printed(Object value) {
        System.out.println(value);
        return new PrintedHandle("console-" + CONSOLE_IDS.incrementAndGet());
    }

    /** A display outside a notebook: updating it prints the new value. */
    private record PrintedHandle(String id) implements DisplayHandle {
        @Override
        public void update(Object newValue) {
            System.out.println(newValue);
        }
    }
}

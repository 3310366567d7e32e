package dev.hookbook.nn;

import java.util.Arrays;
import java.util.List;

/**
 * Options of a module hook's registration, PyTorch's keyword arguments spelled the Java way:
 * {@code registerForwardHook(hook, HookOption.PREPEND, HookOption.ALWAYS_CALL)}. (PyTorch's
 * {@code with_kwargs} has no counterpart: Java calls have no keyword arguments.)
 */
public enum HookOption {
    /** Run before the hooks already registered on this module (global hooks still run first). */
    PREPEND,
    /**
     * Forward hooks only: run even when {@code forward} or an earlier hook throws, with a null
     * output in the first case, before the exception goes on; an exception of the hook itself is
     * then added to it as suppressed (PyTorch warns), so the first error stays the one raised.
     */
    ALWAYS_CALL;

    static boolean prepend(HookOption... options) {
        return Arrays.asList(options).contains(PREPEND);
    }

    static boolean alwaysCall(HookOption... options) {
        return Arrays.asList(options).contains(ALWAYS_CALL);
    }

    /** ALWAYS_CALL belongs to forward hooks; other hooks say so rather than ignore it. */
    static void refuseAlwaysCall(String registration, HookOption... options) {
        if (alwaysCall(options)) {
            throw new IllegalArgumentException(registration + ": ALWAYS_CALL applies to forward hooks only, got "
                    + List.of(options));
        }
    }
}

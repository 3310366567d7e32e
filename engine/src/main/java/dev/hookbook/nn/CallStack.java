package dev.hookbook.nn;

import java.util.ArrayList;

/**
 * The modules being called on this thread, outermost first. Entering and leaving cost a push and
 * a pop; a module's dotted path in the model is worked out from the stack only when an error or a
 * trace asks for it ({@link CallFrame}).
 */
final class CallStack {
    private static final ThreadLocal<ArrayList<Module>> STACK = ThreadLocal.withInitial(ArrayList::new);

    private CallStack() {}

    /** Pushes {@code m}; returns the depth before, which {@link #exitTo} restores. */
    static int enter(Module m) {
        ArrayList<Module> stack = STACK.get();
        int depth = stack.size();
        stack.add(m);
        return depth;
    }

    /**
     * Pops back to {@code depth}. Truncating, rather than popping one, heals the stack after a
     * StackOverflowError: an inner exit that overflowed itself left its entry, and the first
     * caller with room to run its finally block removes it.
     */
    static void exitTo(int depth) {
        ArrayList<Module> stack = STACK.get();
        while (stack.size() > depth) stack.remove(stack.size() - 1);
    }

    /** The module on top of the stack with the modules that called it, kept for later (backward hooks run after the call). */
    static CallFrame top() {
        return new CallFrame(STACK.get().toArray(new Module[0]));
    }
}

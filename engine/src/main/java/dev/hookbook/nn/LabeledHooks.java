package dev.hookbook.nn;

import dev.hookbook.hooks.HookList;

import java.util.List;

/**
 * The hooks of one list as they were when a run began, with the label its errors and traces
 * use ("global backward hook", "backward hook"): a module's call runs the global list, then its own.
 */
record LabeledHooks<H>(String label, List<H> hooks) {

    /** A snapshot of {@code list}: a hook removed while the run goes on still runs this once. */
    static <H> LabeledHooks<H> of(String label, HookList<H> list) {
        return new LabeledHooks<>(label, list.snapshot());
    }
}

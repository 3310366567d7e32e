package dev.hookbook.nn;

import dev.hookbook.hooks.HookList;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;

import java.util.ArrayList;
import java.util.List;

/**
 * The forward hooks of one module call, global ones first, remembering which have started, so
 * that when {@code forward} or a hook throws, the {@link HookOption#ALWAYS_CALL} hooks that have
 * not started yet still run, as PyTorch's {@code _call_impl} does.
 */
final class ForwardHooksRun {
    /** A registered forward hook and whether it runs even when the call fails. */
    record Registered(ForwardHook hook, boolean alwaysCall) {}

    private final List<HookList<Registered>> lists;
    private final List<Registered> started = new ArrayList<>(2);

    ForwardHooksRun(HookList<Registered> global, HookList<Registered> own) {
        this.lists = List.of(global, own);
    }

    /** Runs every forward hook in order; each may replace the output. */
    Tensor run(Module module, Tensor[] inputs, Tensor output, CallFrame frame, TraceListener trace) {
        for (int l = 0; l < 2; l++) {
            String kind = l == 0 ? "global forward hook" : "forward hook";
            int i = 0;
            for (Registered r : lists.get(l)) {
                trace.hook(frame, kind);
                started.add(r);
                Tensor out = output;
                Tensor replaced = frame.runHook(kind, i++, () -> r.hook().apply(module, inputs.clone(), out));
                if (replaced != null) output = replaced;
            }
        }
        return output;
    }

    /** After {@code failure}: the ALWAYS_CALL hooks not started yet, their own errors added to it. */
    void runAlwaysCalled(Module module, Tensor[] inputs, Tensor output, Throwable failure) {
        for (HookList<Registered> list : lists) {
            for (Registered r : list) {
                if (!r.alwaysCall() || started.contains(r)) continue;
                try {
                    Tensor replaced = r.hook().apply(module, inputs.clone(), output);
                    if (replaced != null) output = replaced;
                } catch (RuntimeException | Error e) {
                    if (e != failure) failure.addSuppressed(e);
                }
            }
        }
    }
}

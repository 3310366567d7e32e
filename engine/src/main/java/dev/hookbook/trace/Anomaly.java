package dev.hookbook.trace;

import dev.hookbook.trace.events.Tracer;

import java.util.function.Supplier;

/**
 * Finds where NaN or Inf first appear, as PyTorch's {@code torch.autograd.detect_anomaly}, but
 * naming the module: {@code detect} runs the code and, at the first op whose output holds NaN or
 * Inf (in forward) or the first graph node whose computed gradient does (in backward), stops it
 * with an {@link AnomalyException} whose first line says where:
 *
 * <pre>{@code
 * Anomaly.detect(() -> model.call(x).sum().backward());
 * // AnomalyException: NaN in forward of classifier.2 (Linear), op Addmm: output [8, 10] has 3 NaN
 * }</pre>
 *
 * It listens to the engine's trace events on this thread and hooks the graph nodes made while it
 * runs; afterwards every hook it added is gone, also when the code throws. Outside {@code detect}
 * it costs nothing.
 */
public final class Anomaly {
    private Anomaly() {}

    /** Runs {@code body}; throws an {@link AnomalyException} at the first NaN or Inf. */
    public static void detect(Runnable body) {
        detect(() -> {
            body.run();
            return null;
        });
    }

    /** Runs {@code body} and returns its value; throws an {@link AnomalyException} at the first NaN or Inf. */
    public static <T> T detect(Supplier<T> body) {
        AnomalyWatch watch = new AnomalyWatch(Tracer.listener()); // passes every event on to a trace already recording
        try (var recording = Tracer.record(watch)) {
            return body.get();
        } catch (RuntimeException | Error e) {
            // A module wraps errors from its forward with its path; the anomaly itself says more.
            AnomalyException found = AnomalyException.in(e);
            if (found != null) throw found;
            throw e;
        } finally {
            watch.removeHooks();
        }
    }
}

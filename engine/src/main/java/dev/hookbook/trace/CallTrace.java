package dev.hookbook.trace;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.display.Renderable;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.Tracer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Records what runs when a model is called, for teaching the call chain: every
 * {@code Module.call}, its hooks, its {@code forward}, the modules it calls in turn, custom
 * Functions and ops with their shapes, and, if the recorded code calls {@code backward()}, the
 * graph's nodes in the order they run with the backward hooks among them. Each call, forward,
 * Function and backward node keeps its wall time, which {@link #toHtml()} shows.
 *
 * <pre>{@code
 * var trace = CallTrace.record(() -> model.call(x));
 * System.out.println(trace);
 * }</pre>
 */
public final class CallTrace implements Renderable {
    private final TraceTree.Entry root;
    private final Object result;

    private CallTrace(TraceTree.Entry root, Object result) {
        this.root = root;
        this.result = result;
    }

    /** Runs {@code body} on this thread, recording its calls; the value it returns is kept in {@link #result()}. */
    public static CallTrace record(Supplier<?> body) {
        TraceRecorder recorder = new TraceRecorder();
        Object result;
        try (var recording = Tracer.record(recorder)) {
            result = body.get();
        }
        return new CallTrace(recorder.tree(), result);
    }

    /** Runs {@code body}, recording its calls. */
    public static CallTrace record(Runnable body) {
        return record(() -> {
            body.run();
            return null;
        });
    }

    /** What the recorded code returned (null for a Runnable). */
    @SuppressWarnings("unchecked")
    public <T> T result() {
        return (T) result;
    }

    /** The recorded steps, one line each in order, without the tree drawing; for tests and tools. */
    public List<String> steps() {
        List<String> out = new ArrayList<>();
        root.children.forEach(e -> e.flatten(out));
        return out;
    }

    /** The recorded steps as an indented tree. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (TraceTree.Entry e : root.children) e.render(sb, "", "", true);
        return sb.toString();
    }

    /** In a notebook: {@link #toHtml()}, with {@link #toString()} as the plain text. */
    @Override
    public MimeBundle toMimeBundle(Set<String> imageFormats) {
        return MimeBundle.html(toHtml(), toString());
    }

    /**
     * The recorded steps as HTML for notebooks: a tree that folds and unfolds, each call with
     * its wall time (the same lines as {@link #toString()}).
     */
    public String toHtml() {
        return TraceHtml.of(root);
    }

    /** Shapes print as {@code [8, 64]}; a tensor that is absent as {@code None}, as in PyTorch's hooks. */
    static String shapes(Tensor[] ts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ts.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(shape(ts[i]));
        }
        return sb.toString();
    }

    static String shape(Tensor t) {
        return t == null ? "None" : java.util.Arrays.toString(t.shape());
    }
}

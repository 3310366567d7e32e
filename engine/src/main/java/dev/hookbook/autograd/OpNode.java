package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The node of an op: its backward rule is a closure written beside the forward. */
final class OpNode extends Node {
    private MultiOutputRule rule;
    private final List<Saved> saved;
    private final boolean engineRule;

    OpNode(String name, Edge[] next, int outputs, MultiOutputRule rule, List<Saved> saved) {
        super(name, next, outputs);
        this.rule = rule;
        this.saved = saved;
        for (Saved s : saved) s.keepFor(name);
        Object origin = rule instanceof SingleOutputRule single ? single.rule : rule;
        this.engineRule = ENGINE_CLASS.get(origin.getClass());
    }

    /** Whether a class is the engine's own (its ops' rules), not one a user wrote and recorded with Graph.record. */
    private static final ClassValue<Boolean> ENGINE_CLASS = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type.getPackageName().startsWith("dev.hookbook.");
        }
    };

    /**
     * Whether the rule is one of the engine's ops: it reads its gradients and keeps none, so the
     * engine may give them back once it ran ({@link GradientRefs}). A rule from elsewhere may keep what it is given.
     */
    boolean engineRule() {
        return engineRule;
    }

    /** What the op saved, for the engine to tell which storages the rule could read (not its own). */
    List<Saved> saved() {
        return saved;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return rule.apply(gradOutputs);
    }

    @Override
    public List<int[]> savedShapes() {
        List<int[]> out = new ArrayList<>(saved.size());
        for (Saved s : saved) if (s.shape() != null) out.add(s.shape().clone());
        return Collections.unmodifiableList(out);
    }

    @Override
    protected void release() {
        MultiOutputRule r = rule;
        rule = null;
        if (r != null) r.release(); // first, while it can still peek at its own temporaries
        for (Saved s : saved) s.release();
    }

    @Override
    protected boolean released() {
        return rule == null;
    }
}

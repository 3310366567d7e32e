package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The node of an op: its backward rule is a closure written beside the forward. */
final class OpNode extends Node {
    private MultiOutputRule rule;
    private final List<Saved> saved;

    OpNode(String name, Edge[] next, int outputs, MultiOutputRule rule, List<Saved> saved) {
        super(name, next, outputs);
        this.rule = rule;
        this.saved = saved;
        for (Saved s : saved) s.keepFor(name);
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

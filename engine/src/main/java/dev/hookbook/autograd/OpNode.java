package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The node of an op with one output: its backward rule is a closure written beside the forward. */
final class OpNode extends Node {
    private BackwardRule rule;
    private final List<Saved> saved;

    OpNode(String name, Edge[] next, BackwardRule rule, List<Saved> saved) {
        super(name, next, 1);
        this.rule = rule;
        this.saved = saved;
        for (Saved s : saved) s.keepFor(name);
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return rule.apply(gradOutputs[0]);
    }

    @Override
    public List<int[]> savedShapes() {
        List<int[]> out = new ArrayList<>(saved.size());
        for (Saved s : saved) if (s.shape() != null) out.add(s.shape().clone());
        return Collections.unmodifiableList(out);
    }

    @Override
    protected void release() {
        BackwardRule r = rule;
        rule = null; // the closure holds the saved tensors
        for (Saved s : saved) s.release();
        if (r != null) r.release();
    }

    @Override
    protected boolean released() {
        return rule == null;
    }
}

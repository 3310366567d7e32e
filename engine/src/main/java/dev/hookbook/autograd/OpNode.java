package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/** The node of an op with one output: its backward rule is a closure written beside the forward. */
final class OpNode extends Node {
    private BackwardRule rule;

    OpNode(String name, Edge[] next, BackwardRule rule) {
        super(name, next, 1);
        this.rule = rule;
    }

    @Override
    protected Tensor[] apply(Tensor[] gradOutputs) {
        return rule.apply(gradOutputs[0]);
    }

    @Override
    protected void release() {
        BackwardRule r = rule;
        rule = null; // the closure holds the saved tensors
        if (r != null) r.release();
    }

    @Override
    protected boolean released() {
        return rule == null;
    }
}

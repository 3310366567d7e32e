package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

/** A one-output rule as a {@link MultiOutputRule} ({@link MultiOutputRule#of}), which still tells whose rule it is. */
final class SingleOutputRule implements MultiOutputRule {
    final BackwardRule rule;

    SingleOutputRule(BackwardRule rule) {
        this.rule = rule;
    }

    @Override
    public Tensor[] apply(Tensor[] gradOutputs) {
        return rule.apply(gradOutputs[0]);
    }

    @Override
    public void release() {
        rule.release();
    }
}

package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;

/** What every op needs first: the backend of its operands, which must share a device. */
final class Ops {
    private Ops() {}

    static Backend backend(String op, Tensor a, Tensor b) {
        if (a.device() != b.device()) {
            throw new IllegalArgumentException(op + ": operands are on different devices: " + a.device() + " and "
                    + b.device() + " (move one with to(Device))");
        }
        return a.device().backend();
    }

    /**
     * Sums a broadcast gradient back to the shape of the operand it belongs to: leading dims
     * that broadcasting added are summed away, and dims that were 1 are summed keeping the 1.
     */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) return g;
        int lead = gs.length - shape.length;
        Tensor r = g;
        for (int d = 0; d < gs.length; d++) {
            boolean added = d < lead;
            if (added || (shape[d - lead] == 1 && gs[d] != 1)) {
                r = Reductions.sum(r, d, true);
            }
        }
        return lead > 0 ? Views.reshape(r, shape) : r;
    }

    /**
     * {@code x}'s values read in another shape, recording nothing: for ops that compute their
     * forward on raw kernel outputs and record one node for the whole op.
     */
    static Tensor rawView(Tensor x, int... shape) {
        Tensor c = x.isContiguous() ? x : x.device().backend().contiguous(x);
        return new Tensor(c.storage(), c.device(), shape, dev.hookbook.tensor.Shape.contiguousStrides(shape), c.offset());
    }

    static boolean needs(Tensor t) {
        return t.requiresGrad();
    }
}

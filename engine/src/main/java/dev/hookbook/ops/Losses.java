package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/** Loss functions with PyTorch's default mean reduction. */
public final class Losses {
    private Losses() {}

    /** Negative log-likelihood of class-index targets: -mean over i of logProbs[i, target[i]]. */
    public static Tensor nllLoss(Tensor logProbs, Tensor target) {
        int[] s = logProbs.shape();
        if (s.length != 2) {
            throw new IllegalArgumentException("nllLoss: expected input [N, C] (log-probabilities), got " + Shape.str(s));
        }
        if (target.dim() != 1 || target.shape()[0] != s[0]) {
            throw new IllegalArgumentException("nllLoss: expected target [" + s[0] + "] of class indices for input "
                    + Shape.str(s) + ", got " + Shape.str(target.shape()));
        }
        checkClasses("nllLoss", target, s[1]);
        Backend be = Ops.backend("nllLoss", logProbs, target);
        float[] classes = new float[s[1]];
        for (int c = 0; c < classes.length; c++) classes[c] = c;
        Tensor onehot = be.binary(BinaryOp.EQ, Tensor.fromArray(classes, new int[]{1, s[1]}, logProbs.device()),
                UnrecordedViews.reshaped(target, s[0], 1));
        float scale = -1f / s[0]; // zero rows: 0 * -inf, NaN, as PyTorch's mean over nothing
        Tensor out = be.binary(BinaryOp.MUL, be.sumAll(be.binary(BinaryOp.MUL, logProbs, onehot)), logProbs.constant(scale));
        Saved sOnehot = Saved.of(onehot);
        return record("NllLoss", out, List.of(sOnehot), g -> new Tensor[]{sOnehot.get().mul(g.mul(scale)), null}, logProbs, target);
    }

    /** Softmax cross-entropy of logits [N, C] against class indices [N]. */
    public static Tensor crossEntropy(Tensor logits, Tensor target) {
        if (logits.dim() != 2) {
            throw new IllegalArgumentException("crossEntropy: expected logits [N, C], got " + Shape.str(logits.shape()));
        }
        return nllLoss(logits.logSoftmax(1), target);
    }

    /** Mean squared error. */
    public static Tensor mseLoss(Tensor input, Tensor target) {
        if (!java.util.Arrays.equals(input.shape(), target.shape())) {
            throw new IllegalArgumentException("mseLoss: input " + Shape.str(input.shape()) + " and target "
                    + Shape.str(target.shape()) + " must have the same shape");
        }
        Tensor d = input.sub(target);
        return d.mul(d).mean();
    }

    private static void checkClasses(String op, Tensor target, int classes) {
        float[] t = target.toFloatArray();
        for (int i = 0; i < t.length; i++) {
            if (t[i] != Math.rint(t[i]) || t[i] < 0 || t[i] >= classes) {
                throw new IllegalArgumentException(op + ": target " + t[i] + " at index " + i
                        + " is not a class index in [0, " + classes + ")");
            }
        }
    }
}

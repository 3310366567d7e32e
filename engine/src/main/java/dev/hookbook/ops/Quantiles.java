package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/**
 * Quantiles with PyTorch's default {@code linear} interpolation, as {@code torch.quantile}: for q
 * in [0, 1] over n values, the rank {@code r = q (n - 1)} falls between the order statistics
 * {@code lo = floor(r)} and {@code hi = ceil(r)} (0-based), and the quantile is
 * {@code lerp(x_lo, x_hi, r - lo)}. The gradient goes to those two elements, with weights
 * {@code 1 - (r - lo)} and {@code r - lo}. A line holding NaN has quantile NaN, its gradient
 * going to the line's first NaN.
 */
public final class Quantiles {
    private Quantiles() {}

    /** The q-quantile along {@code dim}, as {@code torch.quantile(x, q, dim, keepdim)}. */
    public static Tensor quantile(Tensor x, float q, int dim, boolean keepDim) {
        int d = Shape.dim("quantile", dim, x.dim());
        return along(x, UnrecordedViews.atLeast1d(x), q, d, keepDim, false);
    }

    /** The q-quantile of all elements, 0-dim, as {@code torch.quantile(x, q)}. */
    public static Tensor quantileAll(Tensor x, float q) {
        return along(x, UnrecordedViews.reshaped(x, (int) x.numel()), q, 0, false, true);
    }

    /**
     * One quantile per value of {@code q} (0-dim or 1-D), as {@code torch.quantile(x, q, dim, keepdim)}
     * with a tensor q: a 1-D q of n values puts a new dim of size n first.
     */
    public static Tensor quantile(Tensor x, Tensor q, int dim, boolean keepDim) {
        float[] qs = values(x, q);
        if (q.dim() == 0) return quantile(x, qs[0], dim, keepDim);
        Tensor[] each = new Tensor[qs.length];
        for (int i = 0; i < qs.length; i++) each[i] = quantile(x, qs[i], dim, keepDim);
        return Joining.stack(0, each);
    }

    /** One quantile of all elements per value of {@code q} (0-dim or 1-D), as {@code torch.quantile(x, q)}. */
    public static Tensor quantileAll(Tensor x, Tensor q) {
        float[] qs = values(x, q);
        if (q.dim() == 0) return quantileAll(x, qs[0]);
        Tensor[] each = new Tensor[qs.length];
        for (int i = 0; i < qs.length; i++) each[i] = quantileAll(x, qs[i]);
        return Joining.stack(0, each);
    }

    private static float[] values(Tensor x, Tensor q) {
        if (q.dim() > 1 || q.numel() == 0) {
            throw new IllegalArgumentException("quantile: expected q to be a number, a 0-dim or a non-empty 1-D tensor, got shape "
                    + Shape.str(q.shape()) + " (input " + Shape.str(x.shape()) + ")");
        }
        return q.toFloatArray();
    }

    /**
     * The q-quantile of {@code line} along d, recorded as a function of x: line is x (read as [1]
     * if 0-dim), or with {@code all} x flattened, whose one quantile is 0-dim.
     */
    private static Tensor along(Tensor x, Tensor line, float q, int d, boolean keepDim, boolean all) {
        if (!(q >= 0f && q <= 1f)) {
            throw new IllegalArgumentException("quantile: expected q in [0, 1], got " + q + " (input " + Shape.str(x.shape()) + ")");
        }
        int n = line.shape()[d];
        if (n == 0) {
            throw new IllegalArgumentException("quantile: expected a non-empty dim " + d + ", got shape " + Shape.str(x.shape()));
        }
        Backend be = x.device().backend();
        float rank = q * (n - 1); // in float32, as PyTorch computes it
        int lo = (int) Math.floor(rank), hi = (int) Math.ceil(rank);
        float w = rank - lo;
        Tensor[] below = be.kthSmallest(line, d, lo + 1), above = hi == lo ? below : be.kthSmallest(line, d, hi + 1);
        // PyTorch's lerp: from the nearer end, so that a weight of 0 or 1 gives that end exactly.
        Tensor diff = be.binary(BinaryOp.SUB, above[0], below[0]);
        Tensor value = w < 0.5f
                ? be.binary(BinaryOp.ADD, below[0], be.binary(BinaryOp.MUL, diff, x.constant(w)))
                : be.binary(BinaryOp.SUB, above[0], be.binary(BinaryOp.MUL, diff, x.constant(1f - w)));
        // A line holding NaN has quantile NaN, and PyTorch sends its gradient to a NaN (the first).
        Tensor max = be.reduce(ReduceOp.MAX, line, d), firstNaN = be.reduce(ReduceOp.ARGMAX, line, d);
        Tensor number = be.binary(BinaryOp.EQ, max, max); // 0 exactly where the line holds NaN
        value = be.where(number, value, max);
        Tensor lowIndex = be.where(number, below[1], firstNaN), highIndex = be.where(number, above[1], firstNaN);
        int[] shape = x.shape(), lineShape = line.shape();
        int rankOfLine = lineShape.length;
        boolean squeezed = all || !keepDim || x.dim() == 0;
        Tensor out = all ? UnrecordedViews.withoutDim(value, 0) : Selection.shaped(value, x.dim(), d, keepDim);
        Saved sb = Saved.of(lowIndex), sa = Saved.of(highIndex);
        return record("Quantile", out, List.of(sb, sa), g -> {
            Tensor gk = squeezed ? g.reshape(keptShape(lineShape, d)) : g;
            Tensor weights = Selection.at(n, d, rankOfLine, sb.get()).mul(1f - w)
                    .add(Selection.at(n, d, rankOfLine, sa.get()).mul(w));
            Tensor grad = weights.mul(gk);
            return new Tensor[]{Arrays.equals(lineShape, shape) ? grad : grad.reshape(shape)};
        }, x);
    }

    private static int[] keptShape(int[] shape, int d) {
        int[] s = shape.clone();
        s[d] = 1;
        return s;
    }
}

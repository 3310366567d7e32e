package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.ReduceOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.UnaryOp;
import dev.hookbook.tensor.ValuesAndIndices;

import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/**
 * Picking one element: the largest or smallest of all elements ({@code torch.max(x)},
 * {@code torch.min(x)}), along a dim with its index ({@code torch.max(x, dim)}, {@code torch.min},
 * {@code argmin}), the k-th smallest ({@code torch.kthvalue}) and the lower median
 * ({@code torch.median}).
 *
 * <p>Gradients as PyTorch 1.13: an op over all elements shares its gradient evenly among the
 * elements equal to the result ({@code evenly_distribute_backward}); an op along a dim sends it to
 * the element its index names ({@code value_selecting_reduction_backward}). Indices: max and min
 * name the first occurrence of the extreme (NaN counts as the extreme, the first NaN wins), as
 * PyTorch's CPU kernels; kthvalue names the lower index among equal values (PyTorch's CPU may name
 * any of them).
 */
public final class Selection {
    private Selection() {}

    /** The largest element, 0-dim (NaN if any is NaN), as {@code torch.max(x)}. */
    public static Tensor maxAll(Tensor x) {
        return extremeAll("max", x, false);
    }

    /** The smallest element, 0-dim (NaN if any is NaN), as {@code torch.min(x)}. */
    public static Tensor minAll(Tensor x) {
        return extremeAll("min", x, true);
    }

    private static Tensor extremeAll(String op, Tensor x, boolean smallest) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException(op + "(): expected a non-empty tensor, got shape " + Shape.str(x.shape())
                    + " (an empty tensor has no " + (smallest ? "minimum" : "maximum") + ")");
        }
        Backend be = x.device().backend();
        Tensor flat = UnrecordedViews.reshaped(x, (int) x.numel());
        Tensor best = be.reduce(ReduceOp.MAX, smallest ? be.unary(UnaryOp.NEG, flat, 0) : flat, 0);
        Tensor out = UnrecordedViews.withoutDim(smallest ? be.unary(UnaryOp.NEG, best, 0) : best, 0);
        return evenlyDistributed(smallest ? "Min" : "Max", out, x);
    }

    /** The largest values along {@code dim} and the index of each (its first occurrence), as {@code torch.max(x, dim, keepdim)}. */
    public static ValuesAndIndices maxWithIndices(Tensor x, int dim, boolean keepDim) {
        return extremeAlong("max", x, dim, keepDim, false);
    }

    /** The smallest values along {@code dim} and the index of each (its first occurrence), as {@code torch.min(x, dim, keepdim)}. */
    public static ValuesAndIndices minWithIndices(Tensor x, int dim, boolean keepDim) {
        return extremeAlong("min", x, dim, keepDim, true);
    }

    /** The index of the first smallest value along {@code dim}, as floats, as {@code torch.argmin(x, dim, keepdim)}. */
    public static Tensor argmin(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("argmin", dim, x.dim());
        Tensor line = line("argmin", x, d);
        Backend be = x.device().backend();
        return shaped(be.reduce(ReduceOp.ARGMAX, be.unary(UnaryOp.NEG, line, 0), d), x.dim(), d, keepDim);
    }

    private static ValuesAndIndices extremeAlong(String op, Tensor x, int dim, boolean keepDim, boolean smallest) {
        int d = Shape.dim(op, dim, x.dim());
        Tensor line = line(op, x, d);
        Backend be = x.device().backend();
        // The minimum is minus the maximum of -x: negation keeps ties, their order and NaN.
        Tensor src = smallest ? be.unary(UnaryOp.NEG, line, 0) : line;
        Tensor best = be.reduce(ReduceOp.MAX, src, d), index = be.reduce(ReduceOp.ARGMAX, src, d);
        return selected(smallest ? "Min" : "Max", smallest ? be.unary(UnaryOp.NEG, best, 0) : best, index, x, d, keepDim);
    }

    /**
     * The {@code k}-th smallest value along {@code dim} (k counts from 1) and its index, as
     * {@code torch.kthvalue(x, k, dim, keepdim)}. NaN counts as larger than any number.
     */
    public static ValuesAndIndices kthvalue(Tensor x, int k, int dim, boolean keepDim) {
        int d = Shape.dim("kthvalue", dim, x.dim());
        Tensor line = UnrecordedViews.atLeast1d(x);
        int size = line.shape()[d];
        if (k < 1 || k > size) {
            throw new IllegalArgumentException("kthvalue: k " + k + " is out of range for dim " + d + " of size " + size
                    + " (shape " + Shape.str(x.shape()) + "; expected 1 <= k <= " + size + ")");
        }
        Tensor[] vi = x.device().backend().kthSmallest(line, d, k);
        return selected("Kthvalue", vi[0], vi[1], x, d, keepDim);
    }

    /**
     * The lower median along {@code dim} (the {@code (n + 1) / 2}-th smallest of n, rounded down)
     * and its index, as {@code torch.median(x, dim, keepdim)}; a line holding NaN gives NaN and the
     * index of its first NaN.
     */
    public static ValuesAndIndices median(Tensor x, int dim, boolean keepDim) {
        int d = Shape.dim("median", dim, x.dim());
        Tensor line = line("median", x, d);
        Tensor[] vi = lowerMedian(line, d);
        return selected("Median", vi[0], vi[1], x, d, keepDim);
    }

    /** The lower median of all elements, 0-dim (NaN if any is NaN), as {@code torch.median(x)}; ties share the gradient. */
    public static Tensor medianAll(Tensor x) {
        if (x.numel() == 0) {
            throw new IllegalArgumentException("median(): expected a non-empty tensor, got shape " + Shape.str(x.shape()));
        }
        Tensor[] vi = lowerMedian(UnrecordedViews.reshaped(x, (int) x.numel()), 0);
        return evenlyDistributed("Median", UnrecordedViews.withoutDim(vi[0], 0), x);
    }

    /** {values, indices} of the lower median along d, dim kept; NaN and its first index where a line holds NaN. */
    private static Tensor[] lowerMedian(Tensor line, int d) {
        Backend be = line.device().backend();
        Tensor[] vi = be.kthSmallest(line, d, (line.shape()[d] - 1) / 2 + 1);
        Tensor max = be.reduce(ReduceOp.MAX, line, d); // NaN exactly where the line holds one
        Tensor number = be.binary(BinaryOp.EQ, max, max);
        return new Tensor[]{be.where(number, vi[0], max), be.where(number, vi[1], be.reduce(ReduceOp.ARGMAX, line, d))};
    }

    /** x read as [1] if 0-dim, after checking that dim d is not empty (nothing to select from). */
    private static Tensor line(String op, Tensor x, int d) {
        Tensor line = UnrecordedViews.atLeast1d(x);
        if (line.shape()[d] == 0) {
            throw new IllegalArgumentException(op + ": expected a non-empty dim " + d + ", got shape " + Shape.str(x.shape())
                    + " (there is nothing to select from)");
        }
        return line;
    }

    /** A result computed with dim d kept (size 1), shaped as the op returns it: 0-dim for a 0-dim x, d removed unless kept. */
    static Tensor shaped(Tensor kept, int rank, int d, boolean keepDim) {
        if (rank == 0) return UnrecordedViews.withoutDim(kept, 0);
        return keepDim ? kept : UnrecordedViews.withoutDim(kept, d);
    }

    /**
     * Records values picked along d (computed with d kept) whose gradient goes to the element the
     * index names: a one-hot mask along d, built from public ops so the gradient stays differentiable.
     */
    private static ValuesAndIndices selected(String op, Tensor keptValues, Tensor keptIndices, Tensor x, int d, boolean keepDim) {
        int[] shape = x.shape();
        int rank = shape.length, size = UnrecordedViews.atLeast1d(shape)[d];
        boolean squeezed = rank > 0 && !keepDim;
        Saved si = Saved.of(keptIndices);
        Tensor values = record(op, shaped(keptValues, rank, d, keepDim), List.of(si), g -> {
            Tensor gk = squeezed ? g.unsqueeze(d) : g;
            Tensor grad = at(size, d, Math.max(rank, 1), si.get()).mul(gk);
            return new Tensor[]{rank == 0 ? grad.reshape(shape) : grad};
        }, x);
        return new ValuesAndIndices(values, shaped(keptIndices, rank, d, keepDim));
    }

    /**
     * 1 where the position along d equals {@code index} (broadcast; index has d of size 1), else 0:
     * the mask of the selected elements, shaped as the input they were picked from.
     */
    static Tensor at(int size, int d, int rank, Tensor index) {
        int[] s = new int[rank];
        Arrays.fill(s, 1);
        s[d] = size;
        return Tensor.arange(size).to(index.device()).reshape(s).eq(index);
    }

    /**
     * Records a 0-dim {@code out} picked from all of x whose gradient PyTorch shares evenly among
     * the elements equal to it (and among the NaNs when it is NaN).
     */
    private static Tensor evenlyDistributed(String op, Tensor out, Tensor x) {
        Saved sx = Saved.of(x), sout = Saved.of(out);
        return record(op, out, List.of(sx, sout), g -> {
            Tensor in = sx.get(), value = sout.get();
            Tensor hit = in.eq(value).add(in.ne(in).mul(value.ne(value)));
            return new Tensor[]{hit.mul(g.div(hit.sum()))};
        }, x);
    }
}

package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Generator;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Random;

import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/**
 * Picking elements: the k largest ({@code topk}) and random draws from the global generator
 * ({@code multinomial}, {@code randint}), so {@code Hookbook.manualSeed} repeats them. Draws come
 * from Java's generator, not PyTorch's: the same seed gives other numbers than in PyTorch.
 */
public final class Sampling {
    private Sampling() {}

    /**
     * The k largest values along {@code dim}, largest first; the gradient goes back to where each
     * came from. A 0-dim x is one element along dim 0 or -1, as in PyTorch 1.13: k 0 or 1 gives
     * that element, 0-dim, with index 0.
     */
    public static Tensor topk(Tensor x, int k, int dim) {
        Tensor[] vi = select(x, k, dim);
        int d = Shape.dim("topk", dim, x.dim());
        int[] shape = x.shape();
        Tensor indices = vi[1];
        Saved si = Saved.of(indices);
        return record("Topk", vi[0], List.of(si), g -> new Tensor[]{Indexing.addedBack(shape, d, si.get(), g)}, x);
    }

    /** Where along {@code dim} the k largest values are (as floats), largest first; lower index first on ties. */
    public static Tensor topkIndices(Tensor x, int k, int dim) {
        return select(x, k, dim)[1];
    }

    private static Tensor[] select(Tensor x, int k, int dim) {
        int d = Shape.dim("topk", dim, x.dim());
        int size = UnrecordedViews.atLeast1d(x.shape())[d];
        if (k < 0 || k > size) {
            throw new IllegalArgumentException("topk: k " + k + " is out of range for dim " + d + " of size " + size
                    + " (shape " + Shape.str(x.shape()) + "; expected 0 <= k <= " + size + ")");
        }
        if (x.dim() > 0) return x.device().backend().topk(x, d, k);
        // PyTorch 1.13 returns the one element for k = 0 as well as for k = 1, 0-dim like x.
        Tensor[] vi = x.device().backend().topk(UnrecordedViews.atLeast1d(x), 0, 1);
        return new Tensor[]{UnrecordedViews.withoutDim(vi[0], 0), UnrecordedViews.withoutDim(vi[1], 0)};
    }

    /**
     * {@code numSamples} category indices per row of {@code probs} ([C] or [N, C], non-negative
     * weights that need not sum to 1), drawn without replacement: a category once drawn is not
     * drawn again in its row, as PyTorch's default. The result is [numSamples] or [N, numSamples].
     */
    public static Tensor multinomial(Tensor probs, int numSamples) {
        if (probs.dim() < 1 || probs.dim() > 2) {
            throw new IllegalArgumentException("multinomial: expected probabilities of 1 or 2 dims, got shape " + Shape.str(probs.shape()));
        }
        int categories = probs.size(-1), rows = probs.dim() == 1 ? 1 : probs.size(0);
        if (numSamples <= 0) throw new IllegalArgumentException("multinomial: cannot sample " + numSamples + " samples (expected at least 1)");
        if (numSamples > categories) {
            throw new IllegalArgumentException("multinomial: cannot sample " + numSamples + " samples without replacement from "
                    + categories + " categories (shape " + Shape.str(probs.shape()) + ")");
        }
        float[] p = probs.toFloatArray();
        float[] out = new float[rows * numSamples];
        double[] w = new double[categories];
        Random r = Generator.global();
        synchronized (r) {
            for (int row = 0; row < rows; row++) {
                int positive = 0;
                for (int c = 0; c < categories; c++) {
                    float v = p[row * categories + c];
                    if (!(v >= 0) || Float.isInfinite(v)) {
                        throw new IllegalArgumentException("multinomial: probability " + v + " at [" + row + ", " + c
                                + "] is not a finite non-negative number (shape " + Shape.str(probs.shape()) + ")");
                    }
                    w[c] = v;
                    if (v > 0) positive++;
                }
                if (positive < numSamples) {
                    throw new IllegalArgumentException("multinomial: row " + row + " has " + positive + " categories of non-zero"
                            + " probability, too few for " + numSamples + " samples without replacement (shape " + Shape.str(probs.shape()) + ")");
                }
                for (int s = 0; s < numSamples; s++) {
                    int c = draw(w, r);
                    out[row * numSamples + s] = c;
                    w[c] = 0; // without replacement
                }
            }
        }
        int[] shape = probs.dim() == 1 ? new int[]{numSamples} : new int[]{rows, numSamples};
        return Tensor.fromArray(out, shape, probs.device());
    }

    /** One category with probability proportional to its weight (at least one weight is positive). */
    private static int draw(double[] w, Random r) {
        double total = 0;
        for (double v : w) total += v;
        double u = r.nextDouble() * total;
        int last = -1;
        for (int c = 0; c < w.length; c++) {
            if (w[c] <= 0) continue;
            last = c;
            u -= w[c];
            if (u < 0) return c;
        }
        return last; // rounding left u a hair above 0: the last category with weight
    }

    /** Integers drawn uniformly from [low, high), as floats, from the global generator. */
    public static Tensor randint(int low, int high, int... shape) {
        if (high <= low) throw new IllegalArgumentException("randint: expected low < high, got low " + low + " and high " + high);
        long range = (long) high - low;
        float[] out = new float[Shape.numel(shape)];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < out.length; i++) {
                out[i] = range <= Integer.MAX_VALUE ? low + r.nextInt((int) range) : (float) (low + (long) (r.nextDouble() * range));
            }
        }
        return Tensor.fromArray(out, shape.clone(), Device.CPU);
    }

    /** start, start + 1, ..., end - 1. */
    public static Tensor arange(int start, int end) {
        if (end < start) throw new IllegalArgumentException("arange: expected start <= end, got start " + start + " and end " + end);
        if ((long) end - start > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("arange: from " + start + " to " + end + " would give " + ((long) end - start)
                    + " elements: more than 2^31-1 elements");
        }
        float[] out = new float[end - start];
        for (int i = 0; i < out.length; i++) out[i] = start + i;
        return Tensor.fromArray(out, new int[]{out.length}, Device.CPU);
    }
}

package dev.hookbook.ops;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/**
 * Joining tensors along a dim and cutting them into pieces: {@code cat}, {@code stack}, and the
 * views {@code narrow}, {@code split}, {@code chunk}. A piece shares storage with its input, as
 * in PyTorch; its gradient is zero outside the piece.
 */
public final class Joining {
    private Joining() {}

    /** The tensors one after the other along {@code dim}; they must agree in every other dim. */
    public static Tensor cat(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: expected at least one tensor, got none");
        Tensor first = ts[0];
        if (first.dim() == 0) throw new IllegalArgumentException("cat: zero-dimensional tensor (at position 0) cannot be concatenated");
        int d = Shape.dim("cat", dim, first.dim());
        int[] shape = first.shape();
        long total = 0; // long: lengths of views may add past 2^31-1
        for (int i = 0; i < ts.length; i++) {
            int[] s = ts[i].shape();
            Ops.backend("cat", first, ts[i]);
            boolean fits = s.length == shape.length;
            for (int j = 0; fits && j < s.length; j++) fits = j == d || s[j] == shape[j];
            if (!fits) {
                throw new IllegalArgumentException("cat: sizes must match except in dim " + d + ", but tensor 0 has shape "
                        + Shape.str(shape) + " and tensor " + i + " has shape " + Shape.str(s));
            }
            total += s[d];
        }
        checkSize("cat", shape, d, total);
        shape[d] = (int) total;
        Backend be = first.device().backend();
        Tensor out = Tensor.empty(shape, first.device());
        int[] starts = new int[ts.length];
        for (int i = 0, start = 0; i < ts.length; start += ts[i].size(d), i++) {
            starts[i] = start;
            be.copyInto(slice(out, d, start, ts[i].size(d)), ts[i]);
        }
        // The rule keeps sizes and flags only, not the inputs (PyTorch's cat saves nothing either).
        boolean[] needs = needsGrad(ts);
        int[] sizes = new int[ts.length];
        for (int i = 0; i < ts.length; i++) sizes[i] = ts[i].size(d);
        return record("Cat", out, g -> {
            Tensor[] grads = new Tensor[sizes.length];
            for (int i = 0; i < sizes.length; i++) if (needs[i]) grads[i] = narrow(g, d, starts[i], sizes[i]);
            return grads;
        }, ts);
    }

    /** The tensors, all of one shape, stacked along a new dim {@code dim}. */
    public static Tensor stack(int dim, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: expected at least one tensor, got none");
        int[] shape = ts[0].shape();
        int d = Shape.dim("stack", dim, shape.length + 1);
        for (int i = 1; i < ts.length; i++) {
            Ops.backend("stack", ts[0], ts[i]);
            if (!Arrays.equals(shape, ts[i].shape())) {
                throw new IllegalArgumentException("stack: expected each tensor to be equal size, but got " + Shape.str(shape)
                        + " at entry 0 and " + Shape.str(ts[i].shape()) + " at entry " + i);
            }
        }
        int[] outShape = new int[shape.length + 1];
        for (int i = 0, j = 0; i < outShape.length; i++) outShape[i] = i == d ? ts.length : shape[j++];
        Backend be = ts[0].device().backend();
        Tensor out = Tensor.empty(outShape, ts[0].device());
        for (int i = 0; i < ts.length; i++) be.copyInto(UnrecordedViews.withoutDim(slice(out, d, i, 1), d), ts[i]);
        boolean[] needs = needsGrad(ts);
        return record("Stack", out, g -> {
            Tensor[] grads = new Tensor[needs.length];
            for (int i = 0; i < needs.length; i++) if (needs[i]) grads[i] = Views.squeeze(narrow(g, d, i, 1), d);
            return grads;
        }, ts);
    }

    /** Refuses a result whose dim d of length {@code length} would make it longer than an int can count, naming the op. */
    private static void checkSize(String op, int[] shape, int d, long length) {
        long n = length;
        for (int j = 0; j < shape.length; j++) if (j != d) n *= shape[j];
        if (length > Integer.MAX_VALUE || n > Integer.MAX_VALUE) {
            StringBuilder s = new StringBuilder("[");
            for (int j = 0; j < shape.length; j++) s.append(j == 0 ? "" : ", ").append(j == d ? length : shape[j]);
            throw new IllegalArgumentException(op + ": the result would have shape " + s + "], " + n
                    + " elements: more than 2^31-1 elements");
        }
    }

    private static boolean[] needsGrad(Tensor[] ts) {
        boolean[] needs = new boolean[ts.length];
        for (int i = 0; i < ts.length; i++) needs[i] = Ops.needs(ts[i]);
        return needs;
    }

    /** Elements {@code start .. start + length - 1} of dim {@code dim}, as a view; a negative start counts from the end. */
    public static Tensor narrow(Tensor x, int dim, int start, int length) {
        if (x.dim() == 0) throw new IllegalArgumentException("narrow: cannot be applied to a 0-dim tensor");
        int d = Shape.dim("narrow", dim, x.dim());
        int size = x.size(d);
        if (start < 0 && start >= -size) start += size; // counts from the end, as in PyTorch
        if (start < 0 || length < 0 || start + length > size) {
            throw new IllegalArgumentException("narrow: start " + start + " and length " + length + " do not fit in dim " + d
                    + " of size " + size + " (shape " + Shape.str(x.shape()) + "; expected 0 <= start and start + length <= " + size + ")");
        }
        return piece("Slice", x, d, start, length);
    }

    /**
     * Pieces of {@code size} along {@code dim} (the last one smaller if size does not divide the
     * dim), as views. All pieces share one graph node, as in PyTorch: its backward writes each
     * piece's gradient into its slice of the input's, zeros where a piece got none.
     */
    public static List<Tensor> split(Tensor x, int size, int dim) {
        if (x.dim() == 0) throw new IllegalArgumentException("split: cannot be applied to a 0-dim tensor");
        int d = Shape.dim("split", dim, x.dim());
        int n = x.size(d);
        if (size <= 0 && !(size == 0 && n == 0)) {
            throw new IllegalArgumentException("split: split size must be positive, got " + size + " (shape " + Shape.str(x.shape()) + ")");
        }
        List<Integer> starts = new ArrayList<>();
        for (int start = 0; start < n; start += size) starts.add(start);
        if (n == 0) starts.add(0); // one empty piece, as PyTorch
        List<Tensor> pieces = new ArrayList<>(starts.size());
        for (int start : starts) pieces.add(slice(x, d, start, Math.min(size, n - start)));
        int[] shape = x.shape();
        Device device = x.device(); // not x itself: the rule must not keep the input alive
        return record("Split", pieces, List.of(), gs -> {
            if (Autograd.isGradEnabled()) return new Tensor[]{joined(gs, shape, d, starts, size, device)};
            Tensor full = Tensor.empty(shape, device);
            for (int i = 0; i < gs.length; i++) {
                int start = starts.get(i);
                if (gs[i] != null) device.backend().copyInto(slice(full, d, start, Math.min(size, n - start)), gs[i]);
            }
            return new Tensor[]{full};
        }, x);
    }

    /** At most {@code n} pieces of equal size along {@code dim} (ceil(size / n) each, the last one smaller), as PyTorch's chunk. */
    public static List<Tensor> chunk(Tensor x, int n, int dim) {
        if (n <= 0) throw new IllegalArgumentException("chunk: expected a positive number of chunks, got " + n);
        if (x.dim() == 0) throw new IllegalArgumentException("chunk: cannot be applied to a 0-dim tensor");
        int d = Shape.dim("chunk", dim, x.dim());
        int size = (x.size(d) + n - 1) / n;
        return split(x, Math.max(size, 0), d);
    }

    /** A view of elements start .. start + length - 1 along d, whose gradient fills that slice of a zero tensor. */
    private static Tensor piece(String op, Tensor x, int d, int start, int length) {
        int[] shape = x.shape();
        return record(op, slice(x, d, start, length), g -> new Tensor[]{placed(g, shape, d, start)}, x);
    }

    /**
     * A zero tensor of {@code shape} with g written at {@code start} along d: the gradient of a
     * slice, as a recorded op (its own gradient is the slice again), so it can be differentiated.
     */
    private static Tensor placed(Tensor g, int[] shape, int d, int start) {
        int length = g.size(d);
        Tensor full = Tensor.empty(shape, g.device());
        g.device().backend().copyInto(slice(full, d, start, length), g);
        return record("SliceBackward", full, gg -> new Tensor[]{narrow(gg, d, start, length)}, g);
    }

    /** Split's gradient in recorded ops (for createGraph): the pieces' gradients joined, zeros where a piece got none. */
    private static Tensor joined(Tensor[] gs, int[] shape, int d, List<Integer> starts, int size, Device device) {
        Tensor[] parts = new Tensor[gs.length];
        for (int i = 0; i < gs.length; i++) {
            int[] piece = shape.clone();
            piece[d] = Math.min(size, shape[d] - starts.get(i));
            parts[i] = gs[i] != null ? gs[i] : Tensor.zeros(piece).to(device);
        }
        return cat(d, parts);
    }

    /** x's storage seen as elements start .. start + length - 1 of dim d (records nothing). */
    private static Tensor slice(Tensor x, int d, int start, int length) {
        int[] shape = x.shape(), strides = x.strides();
        shape[d] = length;
        return UnrecordedViews.as(x, shape, strides, x.offset() + start * strides[d]);
    }
}

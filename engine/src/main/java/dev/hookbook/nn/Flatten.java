package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * Merges dims {@code startDim..endDim} into one, as PyTorch's nn.Flatten (defaults 1 and -1, so
 * [N, C, H, W] becomes [N, C*H*W] and the batch dim stays).
 */
public class Flatten extends Module {
    public final int startDim;
    public final int endDim;

    public Flatten() {
        this(1, -1);
    }

    public Flatten(int startDim) {
        this(startDim, -1);
    }

    public Flatten(int startDim, int endDim) {
        this.startDim = startDim;
        this.endDim = endDim;
    }

    @Override
    protected Tensor forward(Tensor x) {
        int[] shape = x.shape();
        int rank = Math.max(1, shape.length);
        int start = startDim < 0 ? startDim + rank : startDim, end = endDim < 0 ? endDim + rank : endDim;
        if (start < 0 || start >= rank || end < 0 || end >= rank || start > end) {
            throw new IllegalArgumentException("cannot flatten dims " + startDim + ".." + endDim + " of input " + Shape.str(shape));
        }
        if (end == rank - 1) return x.flatten(start);
        int[] out = new int[shape.length - (end - start)];
        int n = 1;
        for (int i = start; i <= end; i++) n *= shape[i];
        System.arraycopy(shape, 0, out, 0, start);
        out[start] = n;
        System.arraycopy(shape, end + 1, out, start + 1, shape.length - end - 1);
        return x.reshape(out);
    }

    @Override
    public String extraRepr() {
        return "start_dim=" + startDim + ", end_dim=" + endDim;
    }
}

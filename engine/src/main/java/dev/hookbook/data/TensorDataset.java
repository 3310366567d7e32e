package dev.hookbook.data;

import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.Objects;

/**
 * A dataset held in two tensors, as PyTorch's {@code TensorDataset}: sample {@code i} is row
 * {@code i} of {@code x} (the inputs) with row {@code i} of {@code y} (the targets).
 *
 * <p>Iterate it in mini-batches with a {@link DataLoader}.
 */
public record TensorDataset(Tensor x, Tensor y) implements Dataset {

    /** Checks that {@code x} and {@code y} hold the same number of samples along dimension 0. */
    public TensorDataset {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.shape().length == 0 || y.shape().length == 0) {
            throw new IllegalArgumentException("x and y need a first dimension that counts the samples, found x "
                    + Arrays.toString(x.shape()) + " and y " + Arrays.toString(y.shape()));
        }
        if (x.shape()[0] != y.shape()[0]) {
            throw new IllegalArgumentException("x and y must hold the same number of samples, found x "
                    + Arrays.toString(x.shape()) + " and y " + Arrays.toString(y.shape()));
        }
    }

    /** The number of samples. */
    @Override
    public int size() {
        return x.shape()[0];
    }

    /**
     * Sample {@code index} as a batch of one: {@code x} of shape {@code [1, ...]} and {@code y} of
     * shape {@code [1, ...]}, ready for {@code model.call(dataset.get(i).x())}. Copies that sample
     * only, so a loop over a large dataset stays cheap.
     */
    public Batch get(int index) {
        Objects.checkIndex(index, size());
        return new Batch(sample(x, index), sample(y, index));
    }

    /** Row {@code index} of {@code t} as a new tensor of shape {@code [1, ...]}. */
    private static Tensor sample(Tensor t, int index) {
        int[] shape = t.shape();
        shape[0] = 1;
        int[] strides = t.strides();
        Tensor row = new Tensor(t.storage(), t.device(), shape, strides, t.offset() + index * strides[0]);
        return Tensor.of(row.toFloatArray(), shape);
    }

    /** Snapshots {@code x} and {@code y} once; the epoch's batches are copied from those arrays. */
    @Override
    public Batcher batcher() {
        float[] xs = x.toFloatArray(), ys = y.toFloatArray();
        return (order, from, to) -> gather(xs, ys, order, from, to);
    }

    /**
     * The samples {@code order[from..to)} as one batch, copied from {@code xs} and {@code ys}
     * (row-major snapshots of {@code x} and {@code y}).
     */
    private Batch gather(float[] xs, float[] ys, int[] order, int from, int to) {
        return new Batch(rows(xs, x.shape(), order, from, to), rows(ys, y.shape(), order, from, to));
    }

    private static Tensor rows(float[] data, int[] shape, int[] order, int from, int to) {
        int rowLength = 1;
        for (int d = 1; d < shape.length; d++) {
            rowLength *= shape[d];
        }
        float[] out = new float[(to - from) * rowLength];
        for (int i = from; i < to; i++) {
            System.arraycopy(data, order[i] * rowLength, out, (i - from) * rowLength, rowLength);
        }
        int[] batchShape = shape.clone();
        batchShape[0] = to - from;
        return Tensor.of(out, batchShape);
    }
}

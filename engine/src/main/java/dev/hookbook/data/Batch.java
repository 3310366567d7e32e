package dev.hookbook.data;

import dev.hookbook.tensor.Tensor;

import java.util.Objects;

/**
 * One mini-batch from a {@link DataLoader}: inputs {@code x} and targets {@code y}, whose first
 * dimension is the number of samples.
 *
 * <pre>{@code
 * for (Batch batch : loader) {
 *     var loss = F.crossEntropy(model.call(batch.x()), batch.y());
 *     ...
 * }
 * }</pre>
 */
public record Batch(Tensor x, Tensor y) {

    /** Checks that both tensors are present. */
    public Batch {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
    }

    /** The number of samples in this batch. */
    public int size() {
        return x.shape()[0];
    }
}

package dev.hookbook.interp;

import dev.hookbook.tensor.Tensor;

/**
 * What {@link Interp#runWithCache} returns: the model's output and the {@link ActivationCache},
 * TransformerLens's {@code logits, cache = model.run_with_cache(tokens)}. With a loss, {@link #loss()}
 * is its value (null otherwise).
 */
public final class CachedRun {
    private final Tensor output;
    private final ActivationCache cache;
    private final Tensor loss;

    CachedRun(Tensor output, ActivationCache cache, Tensor loss) {
        this.output = output;
        this.cache = cache;
        this.loss = loss;
    }

    /** The model's output, as {@code model.call(inputs)} returns it. */
    public Tensor output() {
        return output;
    }

    /** The activations (and, with a loss, their gradients) by module path. */
    public ActivationCache cache() {
        return cache;
    }

    /** The loss the gradients are of, or null for a run without a loss. */
    public Tensor loss() {
        return loss;
    }

    @Override
    public String toString() {
        return "CachedRun(output " + dev.hookbook.tensor.Shape.str(output.shape()) + ", " + cache.size() + " activations"
                + (loss == null ? "" : ", loss " + loss.item()) + ")";
    }
}

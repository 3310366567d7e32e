package dev.hookbook.nn;

/**
 * The output projection of {@link MultiheadAttention}: a plain {@link Linear}, under the class
 * name PyTorch gives it ({@code torch.nn.modules.linear.NonDynamicallyQuantizableLinear}), so
 * the attention layer's repr reads as PyTorch's.
 */
public class NonDynamicallyQuantizableLinear extends Linear {
    public NonDynamicallyQuantizableLinear(int inFeatures, int outFeatures) {
        super(inFeatures, outFeatures, true);
    }
}

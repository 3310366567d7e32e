package dev.hookbook.tensor;

/**
 * A reduction's values and where along the dim each came from, as PyTorch's
 * {@code torch.return_types.max} (and {@code min}, {@code kthvalue}, {@code median}): the
 * indices are integral floats (the engine has one dtype) and carry no gradient.
 */
public record ValuesAndIndices(Tensor values, Tensor indices) {
}

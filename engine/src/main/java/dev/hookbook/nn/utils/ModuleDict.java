package dev.hookbook.nn.utils;

import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;

/**
 * Children by name and nothing else, as PyTorch's {@code nn.ModuleDict}: the
 * {@code parametrizations} child of a parametrized module, one {@link ParametrizationList}
 * per parametrized tensor. Not callable.
 */
final class ModuleDict extends Module {
    @Override
    protected Tensor forward(Tensor... xs) {
        throw new UnsupportedOperationException("a ModuleDict holds modules by name; call one of them instead");
    }
}

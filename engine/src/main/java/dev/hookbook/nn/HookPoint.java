package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * An identity module that exists to be hooked, as TransformerLens's {@code HookPoint} (and
 * PyTorch's {@code nn.Identity} used the same way): a model passes an intermediate value through
 * one, so that the value gets a dotted name ({@code blocks.0.hook_resid_mid}) and a forward hook
 * there can read it or return a replacement. It holds nothing, so the state dict is the same
 * with or without it, and the repr leaves it out, so a model's repr stays PyTorch's.
 *
 * <p>With no hook on it, {@code call} returns its input itself: no op is recorded and no memory
 * is used.
 */
public class HookPoint extends Module {

    @Override
    protected Tensor forward(Tensor x) {
        return x;
    }

    @Override
    public String describe() {
        return "HookPoint";
    }
}

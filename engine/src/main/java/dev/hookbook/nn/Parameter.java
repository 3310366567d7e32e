package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

/**
 * A tensor that is a learnable weight of a module: it requires grad, and a module that
 * registers it lists it in {@link Module#parameters()} and {@link Module#stateDict()}.
 */
public class Parameter extends Tensor {

    /** A parameter holding {@code data}'s values (shared, not copied). */
    public Parameter(Tensor data) {
        super(data.detach());
        requiresGrad(true);
    }

    @Override
    public String toString() {
        return "Parameter containing:\n" + super.toString();
    }
}

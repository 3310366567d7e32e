package dev.hookbook.nn.utils;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The parametrizations of one tensor and its original, as PyTorch's
 * {@code parametrize.ParametrizationList}: children {@code "0"}, {@code "1"}, ... in the order
 * they apply, and the parameter (or buffer) {@code original}, or {@code original0},
 * {@code original1}, ... when the first parametrization's right inverse gives several tensors.
 * A parametrized module holds it at {@code parametrizations.<name>}, so the state dict key is
 * {@code parametrizations.weight.original}, as PyTorch's.
 */
public final class ParametrizationList extends Module {
    /** The values computed inside {@link Parametrize#cached()}, per list; null outside. */
    static final ThreadLocal<Map<ParametrizationList, Tensor>> CACHE = new ThreadLocal<>();

    private final int ntensors;
    private final boolean isTensor;

    ParametrizationList(Module first, Tensor original) {
        addModule("0", first);
        Object inverse;
        try (var g = Autograd.noGrad()) {
            if (first instanceof RightInverse r) inverse = r.rightInverse(original);
            else if (first instanceof RightInverse.Multiple m) inverse = m.rightInverse(original);
            else inverse = original;
        }
        boolean parameter = original instanceof Parameter;
        if (inverse instanceof Tensor t) {
            isTensor = true;
            ntensors = 1;
            if (t != original) {
                if (!Arrays.equals(t.shape(), original.shape())) {
                    throw new IllegalArgumentException("registerParametrization: rightInverse must keep the shape "
                            + Shape.str(original.shape()) + " when it returns one tensor, got " + Shape.str(t.shape()));
                }
                original.assign(t); // the same object stays the original: an optimizer holding it goes on working
            }
            if (parameter) registerParameter("original", (Parameter) original);
            else registerBuffer("original", original);
        } else {
            Tensor[] parts = (Tensor[]) inverse;
            isTensor = false;
            ntensors = parts.length;
            for (int i = 0; i < parts.length; i++) {
                Tensor part = parts[i].detach().copy();
                if (parameter) registerParameter("original" + i, (Parameter) new Parameter(part).requiresGrad(original.requiresGrad()));
                else registerBuffer("original" + i, part);
            }
        }
        Tensor out;
        try (var g = Autograd.noGrad()) {
            out = compute();
        }
        if (!Arrays.equals(out.shape(), original.shape())) {
            throw new IllegalArgumentException("registerParametrization: " + first.getClass().getSimpleName()
                    + " must give a tensor of the original's shape " + Shape.str(original.shape()) + ", got " + Shape.str(out.shape()));
        }
    }

    /** Whether the original is one tensor ({@code original}) rather than several ({@code original0}, ...). */
    public boolean isTensor() {
        return isTensor;
    }

    /** The number of parametrizations, applied in order. */
    public int size() {
        return namedChildren().size();
    }

    void append(Module parametrization) {
        addModule(String.valueOf(size()), parametrization);
    }

    /** The originals, in order: one tensor, or {@code original0}, {@code original1}, .... */
    public Tensor[] originals() {
        if (isTensor) return new Tensor[]{getAttribute("original")};
        Tensor[] out = new Tensor[ntensors];
        for (int i = 0; i < ntensors; i++) out[i] = getAttribute("original" + i);
        return out;
    }

    /** The parametrized tensor: the originals through every parametrization, each run with {@code call} (its hooks fire). */
    public Tensor compute() {
        Map<ParametrizationList, Tensor> cache = CACHE.get();
        if (cache != null) {
            Tensor hit = cache.get(this);
            if (hit != null) return hit;
        }
        Tensor x = null;
        int i = 0;
        for (Module m : children()) x = i++ == 0 ? m.call(originals()) : m.call(x);
        if (cache != null) cache.put(this, x);
        return x;
    }

    @Override
    protected Tensor forward(Tensor... xs) {
        return compute();
    }

    static Map<ParametrizationList, Tensor> newCache() {
        return new IdentityHashMap<>();
    }
}

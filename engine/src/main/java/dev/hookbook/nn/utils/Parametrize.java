package dev.hookbook.nn.utils;

import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.Map;

/**
 * Parametrizations, as PyTorch's {@code torch.nn.utils.parametrize}: a tensor of a module
 * (say {@code weight}) becomes a function of an original that is learnt instead. The
 * parametrization is a {@link Module} whose {@code forward} maps the original to the weight;
 * several registered on one name apply in order. The module then holds
 * {@code parametrizations.weight.original} (a {@link ParametrizationList}) in place of the
 * parameter, so the state dict has PyTorch's keys, and {@code weight} is a property
 * ({@link Module#registerProperty}): recomputed from the original before every forward of the
 * module and on every {@link Module#getAttribute}, so gradients reach the original.
 *
 * <pre>{@code
 * Parametrize.registerParametrization(lin, "weight", new Symmetric());   // forward: x.triu() + x.triu(1)^T
 * lin.call(x).sum().backward();        // grad in lin.get("parametrizations.weight").getAttribute("original")
 * }</pre>
 */
public final class Parametrize {
    private Parametrize() {}

    /**
     * Parametrizes {@code name} of {@code module} by {@code parametrization}, as
     * {@code parametrize.register_parametrization(module, name, parametrization)}. The first
     * time, the original is the current parameter (or buffer), passed through the
     * parametrization's {@link RightInverse} if it has one; later calls stack on it.
     */
    public static Module registerParametrization(Module module, String name, Module parametrization) {
        if (parametrization == null) throw new IllegalArgumentException("registerParametrization: expected a Module, got null");
        if (isParametrized(module, name)) {
            ParametrizationList list = list(module, name);
            Tensor before = list.compute();
            Tensor after = parametrization.call(before);
            if (!Arrays.equals(after.shape(), before.shape())) {
                throw new IllegalArgumentException("registerParametrization: " + parametrization.getClass().getSimpleName()
                        + " must keep the shape " + Shape.str(before.shape()) + ", got " + Shape.str(after.shape()));
            }
            list.append(parametrization);
            module.removeProperty(name);
            module.registerProperty(name, m -> list(m, name).compute());
            return module;
        }
        boolean tensorAttribute = module.hasAttribute(name) && module.getAttribute(name) != null
                && (module.namedBuffers().containsValue(module.getAttribute(name)) || module.getAttribute(name) instanceof Parameter);
        if (!tensorAttribute) {
            throw new IllegalArgumentException("registerParametrization: " + module.getClass().getSimpleName()
                    + " does not have a parameter, a buffer, or a parametrized element with name '" + name + "'");
        }
        module.checkReplaceable(name);
        Tensor original = module.getAttribute(name);
        ParametrizationList list = new ParametrizationList(parametrization, original); // may throw: nothing changed yet
        module.deleteAttribute(name);
        Module dict = module.namedChildren().get("parametrizations");
        if (!(dict instanceof ModuleDict)) dict = module.addModule("parametrizations", new ModuleDict());
        dict.addModule(name, list);
        module.registerProperty(name, m -> list(m, name).compute());
        return module;
    }

    /** Whether any tensor of {@code module} is parametrized, as {@code parametrize.is_parametrized(module)}. */
    public static boolean isParametrized(Module module) {
        return module.namedChildren().get("parametrizations") instanceof ModuleDict d && !d.namedChildren().isEmpty();
    }

    /** Whether {@code name} of {@code module} is parametrized, as {@code parametrize.is_parametrized(module, name)}. */
    public static boolean isParametrized(Module module, String name) {
        return module.namedChildren().get("parametrizations") instanceof ModuleDict d && d.namedChildren().containsKey(name);
    }

    /**
     * Removes the parametrizations of {@code name}, as
     * {@code parametrize.remove_parametrizations(module, name, leave_parametrized)}: the
     * tensor becomes a parameter (or buffer) again, holding the parametrized value if
     * {@code leaveParametrized}, else the original (possible only with one original tensor).
     */
    public static Module removeParametrizations(Module module, String name, boolean leaveParametrized) {
        if (!isParametrized(module, name)) {
            throw new IllegalArgumentException("removeParametrizations: " + module.getClass().getSimpleName()
                    + " does not have a parametrization on '" + name + "'");
        }
        ParametrizationList list = list(module, name);
        Tensor original;
        if (list.isTensor()) {
            original = list.getAttribute("original");
            if (leaveParametrized) {
                try (var g = dev.hookbook.autograd.Autograd.noGrad()) {
                    original.assign(list.compute());
                }
            }
        } else {
            if (!leaveParametrized) {
                throw new IllegalArgumentException("removeParametrizations: cannot leave unparametrized (leaveParametrized=false) "
                        + "a tensor that is parametrized in terms of a sequence of tensors");
            }
            Tensor t = list.compute();
            original = t.requiresGrad() ? new Parameter(t.detach().copy()) : t.detach().copy();
        }
        module.removeProperty(name);
        Module dict = module.namedChildren().get("parametrizations");
        dict.deleteAttribute(name);
        if (original instanceof Parameter p) module.registerParameter(name, p);
        else module.registerBuffer(name, original);
        if (dict.namedChildren().isEmpty()) module.deleteAttribute("parametrizations");
        return module;
    }

    /**
     * Inside the returned scope each parametrized tensor is computed once and reused, as
     * {@code with parametrize.cached():} (for a module called many times with the same weight,
     * as an RNN cell). Close it to compute afresh again; scopes nest.
     */
    public static Cached cached() {
        return new Cached();
    }

    /** Runs {@code body} inside {@link #cached()} and returns its result: {@code Parametrize.cached(() -> rnn.call(x))}. */
    public static <T> T cached(java.util.function.Supplier<T> body) {
        try (Cached c = cached()) {
            return body.get();
        }
    }

    /** The scope of {@link #cached()}. */
    public static final class Cached implements AutoCloseable {
        private final Map<ParametrizationList, Tensor> outer = ParametrizationList.CACHE.get();
        private boolean closed;

        private Cached() {
            if (outer == null) ParametrizationList.CACHE.set(ParametrizationList.newCache());
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            if (outer == null) ParametrizationList.CACHE.remove();
        }
    }

    static ParametrizationList list(Module module, String name) {
        return (ParametrizationList) module.get("parametrizations." + name);
    }
}

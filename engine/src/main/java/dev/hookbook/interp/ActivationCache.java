package dev.hookbook.interp;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The activations of one run, by dotted module path: TransformerLens's {@code ActivationCache}
 * ({@code cache["blocks.0.hook_resid_post"]} is {@code cache.get("blocks.0.hook_resid_post")}).
 * Each value is the module's output, detached from the graph, on the device the model ran on.
 * Names are in model order ({@code namedModules()}); a module called more than once in the run
 * keeps its last call's output.
 *
 * <p>Made by {@link Interp#runWithCache}; with a loss it holds {@link #grad(String) gradients} too.
 */
public final class ActivationCache {
    private static final int LISTED = 40;

    private final Map<String, Tensor> activations;
    private final Map<String, Tensor> grads;

    ActivationCache(Map<String, Tensor> activations, Map<String, Tensor> grads) {
        this.activations = Collections.unmodifiableMap(new LinkedHashMap<>(activations));
        this.grads = grads == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(grads));
    }

    /** The output of the module at {@code name} ({@code cache[name]}); a missing name is an error naming close ones. */
    public Tensor get(String name) {
        Tensor t = activations.get(name);
        if (t == null) {
            throw new IllegalArgumentException("ActivationCache.get(\"" + name + "\"): no activation of that name among the "
                    + activations.size() + " cached; " + CloseNames.to(name, activations.keySet()));
        }
        return t;
    }

    /** Whether an activation of that name is cached. */
    public boolean has(String name) {
        return activations.containsKey(name);
    }

    /** The cached names, in model order ({@code cache.keys()}). */
    public List<String> keys() {
        return List.copyOf(activations.keySet());
    }

    /** How many activations are cached. */
    public int size() {
        return activations.size();
    }

    /**
     * Every activation whose name matches {@code pattern} (see {@link NamePattern}), in model order,
     * stacked on a new dimension 0: {@code stack("blocks.*.hook_resid_post")} is
     * {@code [layers, B, T, d]}, as TransformerLens's {@code torch.stack([cache[n] for n in names])}.
     * The matches must have one shape.
     */
    public Tensor stack(String pattern) {
        List<String> names = names(pattern);
        int[] shape = activations.get(names.get(0)).shape();
        Tensor[] ts = new Tensor[names.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = activations.get(names.get(i));
            if (!java.util.Arrays.equals(shape, ts[i].shape())) {
                throw new IllegalArgumentException("ActivationCache.stack(\"" + pattern + "\"): expected one shape, got "
                        + names.get(0) + " " + Shape.str(shape) + " and " + names.get(i) + " " + Shape.str(ts[i].shape()));
            }
        }
        return Tensor.stack(0, ts);
    }

    /** The cached names that match {@code pattern}, in model order; none is an error naming close names. */
    public List<String> names(String pattern) {
        List<String> names = NamePattern.of(pattern).filter(activations.keySet());
        if (names.isEmpty()) {
            throw new IllegalArgumentException("ActivationCache: no cached name matches \"" + pattern + "\"; "
                    + CloseNames.to(pattern, activations.keySet()));
        }
        return names;
    }

    /**
     * The gradient of the loss with respect to the activation at {@code name}: what
     * TransformerLens's {@code run_with_cache(..., incl_bwd=True)} stores as {@code name + "_grad"}
     * (its backward hook on the hook point sees the gradient of the hook point's output). Only a
     * cache made with a loss ({@link Interp#runWithCache(dev.hookbook.nn.Module, java.util.function.Predicate,
     * java.util.function.Function, Tensor...)}) has gradients; an activation the loss does not
     * depend on has a zero gradient.
     */
    public Tensor grad(String name) {
        if (grads == null) {
            throw new IllegalStateException("ActivationCache.grad(\"" + name + "\"): this cache has no gradients; "
                    + "run Interp.runWithCache(model, names, loss, inputs...) with a loss to get them");
        }
        Tensor g = grads.get(name);
        if (g == null) {
            if (activations.containsKey(name)) {
                throw new IllegalArgumentException("ActivationCache.grad(\"" + name + "\"): the activation does not require "
                        + "grad (nothing before it has a parameter or an input that requires grad), so it has no gradient");
            }
            get(name); // the error naming close names
        }
        return g;
    }

    /** Whether this cache holds gradients (it was made with a loss). */
    public boolean hasGrads() {
        return grads != null;
    }

    /** A short listing: each name with its shape (and whether its gradient is cached). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("ActivationCache with ").append(activations.size())
                .append(activations.size() == 1 ? " activation" : " activations")
                .append(grads == null ? "" : " and their gradients").append(':');
        List<String> names = new ArrayList<>(activations.keySet());
        for (int i = 0; i < Math.min(LISTED, names.size()); i++) {
            sb.append("\n  ").append(names.get(i)).append(' ').append(Shape.str(activations.get(names.get(i)).shape()));
        }
        if (names.size() > LISTED) sb.append("\n  ... ").append(names.size() - LISTED).append(" more");
        return sb.toString();
    }
}

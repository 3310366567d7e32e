package dev.hookbook.interp;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.BackwardHook;
import dev.hookbook.nn.ForwardHook;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Looking inside a model by the dotted names of its modules, as TransformerLens's
 * {@code HookedRootModule} does: cache every named activation of a run ({@link #runWithCache}),
 * run with hooks bound by name pattern that are removed afterwards ({@link #runWithHooks}), and
 * the ablation hooks built on them ({@link #zeroAblate}, {@link #meanAblate}, {@link #ablateHead}).
 *
 * <p>A name is a path of {@link Module#namedModules()} ({@code blocks.0.attn.hook_z}); the
 * value at a name is that module's output. TransformerLens caches the outputs of its hook
 * points; caching every module's output by its path includes those, and works on any model.
 * Patterns are {@link NamePattern}s: {@code *} is one path segment, {@code **} any number.
 *
 * <pre>{@code
 * var run = Interp.runWithCache(model, tokens);                        // logits, cache = model.run_with_cache(tokens)
 * Tensor resid = run.cache().stack("blocks.*.hook_resid_post");        // [layers, B, T, d]
 * Tensor ablated = Interp.runWithHooks(model,
 *         List.of(Interp.ablateHead("blocks.1.attn", 3)), () -> model.call(tokens));
 * }</pre>
 */
public final class Interp {
    private Interp() {}

    // ------------------------------------------------------------------ hooks that know their name

    /**
     * A forward hook that is told the name it was bound under: return a replacement output, or
     * null to keep it. TransformerLens passes {@code hook.name} to its hooks; here it is the first argument.
     */
    @FunctionalInterface
    public interface NamedForwardHook {
        Tensor apply(String name, Module module, Tensor[] inputs, Tensor output);
    }

    /** A full backward hook that is told the name it was bound under: return replacement input gradients, or null. */
    @FunctionalInterface
    public interface NamedBackwardHook {
        Tensor[] apply(String name, Module module, Tensor[] gradInput, Tensor[] gradOutput);
    }

    /**
     * A hook with the name pattern it is to be bound under, for {@link #runWithHooks}: TransformerLens's
     * {@code (name_or_filter, hook_fn)} pair of {@code fwd_hooks} or {@code bwd_hooks}. Made by
     * {@link #forward}, {@link #backward} and the ablation helpers.
     */
    public static final class NamedHook {
        private final String pattern;
        private final String kind;
        private final Binder binder;

        /** How a hook attaches to one module found under the pattern. */
        @FunctionalInterface
        interface Binder {
            HookHandle bind(String name, Module module);
        }

        NamedHook(String pattern, String kind, Binder binder) {
            NamePattern.of(pattern); // checks the pattern now, where the user wrote it
            this.pattern = pattern;
            this.kind = kind;
            this.binder = binder;
        }

        /** The name or pattern the hook is bound under. */
        public String pattern() {
            return pattern;
        }

        /** What the hook does ("forward", "backward", "zero ablation", ...). */
        public String kind() {
            return kind;
        }

        HookHandle bind(String name, Module module) {
            return binder.bind(name, module);
        }

        @Override
        public String toString() {
            return kind + " hook on " + pattern;
        }
    }

    /** A forward hook on every module matching {@code pattern}: {@code fwd_hooks=[(pattern, hook)]}. */
    public static NamedHook forward(String pattern, ForwardHook hook) {
        Objects.requireNonNull(hook, "Interp.forward: hook");
        return new NamedHook(pattern, "forward", (name, m) -> m.registerForwardHook(hook));
    }

    /** A forward hook on every module matching {@code pattern}, told the name it was bound under ({@code hook.name}). */
    public static NamedHook forward(String pattern, NamedForwardHook hook) {
        Objects.requireNonNull(hook, "Interp.forward: hook");
        return new NamedHook(pattern, "forward", (name, m) -> m.registerForwardHook((mod, in, out) -> hook.apply(name, mod, in, out)));
    }

    /**
     * A full backward hook ({@link Module#registerFullBackwardHook}; the type API.md calls
     * {@code FullBackwardHook} is the engine's {@link BackwardHook}) on every module matching
     * {@code pattern}: {@code bwd_hooks=[(pattern, hook)]}. It runs in a backward that the body starts.
     */
    public static NamedHook backward(String pattern, BackwardHook hook) {
        Objects.requireNonNull(hook, "Interp.backward: hook");
        return new NamedHook(pattern, "backward", (name, m) -> m.registerFullBackwardHook(hook));
    }

    /** A full backward hook on every module matching {@code pattern}, told the name it was bound under. */
    public static NamedHook backward(String pattern, NamedBackwardHook hook) {
        Objects.requireNonNull(hook, "Interp.backward: hook");
        return new NamedHook(pattern, "backward",
                (name, m) -> m.registerFullBackwardHook((mod, gin, gout) -> hook.apply(name, mod, gin, gout)));
    }

    // ------------------------------------------------------------------ running

    /**
     * Runs {@code body} with {@code hooks} bound to every module their patterns match, and removes
     * them when the body returns or throws: TransformerLens's
     * {@code model.run_with_hooks(tokens, fwd_hooks=..., bwd_hooks=...)} (the body is usually
     * {@code () -> model.call(tokens)}, and may also run a backward). Every pattern is resolved
     * before any hook is added; one that matches no module is an error naming close names.
     */
    public static <T> T runWithHooks(Module model, List<NamedHook> hooks, Supplier<T> body) {
        Objects.requireNonNull(model, "Interp.runWithHooks: model");
        Objects.requireNonNull(body, "Interp.runWithHooks: body");
        Map<String, Module> modules = model.namedModules();
        List<List<String>> bound = new ArrayList<>();
        for (NamedHook hook : hooks) bound.add(match(model, modules, hook.pattern(), "Interp.runWithHooks"));
        List<HookHandle> handles = new ArrayList<>();
        try {
            for (int i = 0; i < hooks.size(); i++) {
                for (String name : bound.get(i)) handles.add(hooks.get(i).bind(name, modules.get(name)));
            }
            return body.get();
        } finally {
            removeAll(handles);
        }
    }

    /**
     * The dotted names of the modules of {@code model} that {@code pattern} matches, in model
     * order (the root, whose name is empty, is never matched); none is an error naming close names.
     */
    public static List<String> match(Module model, String pattern) {
        return match(model, model.namedModules(), pattern, "Interp.match");
    }

    private static List<String> match(Module model, Map<String, Module> modules, String pattern, String caller) {
        List<String> names = names(modules);
        List<String> matched = NamePattern.of(pattern).filter(names);
        if (matched.isEmpty()) {
            throw new IllegalArgumentException(caller + ": no module of " + model.getClass().getSimpleName() + " matches \""
                    + pattern + "\"; " + CloseNames.to(pattern, names));
        }
        return matched;
    }

    private static List<String> names(Map<String, Module> modules) {
        return modules.keySet().stream().filter(n -> !n.isEmpty()).toList();
    }

    /** Runs {@code model} on {@code inputs}, caching every module's output by name: {@code model.run_with_cache(inputs)}. */
    public static CachedRun runWithCache(Module model, Tensor... inputs) {
        return runWithCache(model, name -> true, null, inputs);
    }

    /**
     * Runs {@code model}, caching the outputs of the modules whose names {@code names} accepts
     * ({@code run_with_cache(tokens, names_filter=...)}; {@code NamePattern.of("blocks.*.hook_z")}
     * is such a filter).
     */
    public static CachedRun runWithCache(Module model, Predicate<String> names, Tensor... inputs) {
        return runWithCache(model, names, null, inputs);
    }

    /**
     * Runs {@code model}, caching the outputs of the modules {@code names} accepts, computes
     * {@code loss} (one element) from the model's output, and caches the gradient of the loss with
     * respect to each cached activation ({@link ActivationCache#grad}): TransformerLens's
     * {@code run_with_cache(tokens, incl_bwd=True)} with the model returning that loss. The
     * gradients come from {@code Autograd.grad}, so no parameter's {@code grad()} changes, and the
     * run's graph is freed afterwards. Each gradient is that of the module's own output in that
     * call, also where a tensor passes unchanged through several modules.
     */
    public static CachedRun runWithCache(Module model, Predicate<String> names, Function<Tensor, Tensor> loss, Tensor... inputs) {
        Objects.requireNonNull(model, "Interp.runWithCache: model");
        Objects.requireNonNull(names, "Interp.runWithCache: names");
        if (loss != null && !Autograd.isGradEnabled()) {
            throw new IllegalStateException("Interp.runWithCache: a loss's gradients need grad mode on, got a call inside "
                    + "Autograd.noGrad() (run it outside, or in Autograd.enableGrad())");
        }
        Map<String, Module> modules = model.namedModules();
        Map<String, Tensor> activations = new HashMap<>();
        Map<String, Tensor> live = new HashMap<>(); // the activation as the graph holds it, to differentiate by
        List<HookHandle> handles = new ArrayList<>();
        Tensor output;
        Tensor lossValue = null;
        Map<String, Tensor> grads = null;
        try {
            for (String name : names(modules)) {
                if (!names.test(name)) continue;
                Module m = modules.get(name);
                if (loss == null) {
                    handles.add(m.registerForwardObserver((mod, in, out) -> activations.put(name, out.detach())));
                } else {
                    handles.add(m.registerForwardHook((mod, in, out) -> {
                        activations.put(name, out.detach());
                        if (!out.requiresGrad()) {
                            live.remove(name);
                            return null;
                        }
                        // An identity op of its own, so the gradient is this output's, not that of a
                        // tensor a hook point passed on unchanged and that is also used elsewhere.
                        Tensor own = out.reshape(out.shape());
                        live.put(name, own);
                        return own;
                    }));
                }
            }
            output = model.call(inputs);
            if (loss != null) {
                lossValue = loss.apply(output);
                grads = gradients(lossValue, live, activations);
            }
        } finally {
            removeAll(handles);
        }
        Map<String, Tensor> ordered = new LinkedHashMap<>();
        for (String name : modules.keySet()) if (activations.containsKey(name)) ordered.put(name, activations.get(name));
        Map<String, Tensor> orderedGrads = null;
        if (grads != null) {
            orderedGrads = new LinkedHashMap<>();
            for (String name : ordered.keySet()) if (grads.containsKey(name)) orderedGrads.put(name, grads.get(name));
        }
        return new CachedRun(output, new ActivationCache(ordered, orderedGrads), lossValue);
    }

    private static Map<String, Tensor> gradients(Tensor loss, Map<String, Tensor> live, Map<String, Tensor> activations) {
        if (loss == null || loss.numel() != 1) {
            throw new IllegalArgumentException("Interp.runWithCache: expected the loss function to return one value, got "
                    + (loss == null ? "null" : "a tensor of shape " + Shape.str(loss.shape())));
        }
        Map<String, Tensor> grads = new HashMap<>();
        if (live.isEmpty()) return grads;
        if (!loss.requiresGrad()) {
            throw new IllegalArgumentException("Interp.runWithCache: the loss does not require grad, so it has no gradient "
                    + "with respect to the activations (was the run inside Autograd.noGrad()?)");
        }
        List<String> names = new ArrayList<>(live.keySet());
        List<Tensor> at = names.stream().map(live::get).toList();
        List<Tensor> gs = Autograd.grad(List.of(loss), at, null, false, false, true);
        for (int i = 0; i < names.size(); i++) {
            Tensor g = gs.get(i);
            Tensor act = activations.get(names.get(i));
            // An activation the loss does not depend on has a zero gradient (PyTorch: None).
            grads.put(names.get(i), g == null ? Tensor.zeros(act.shape()).to(act.device()) : g.detach());
        }
        return grads;
    }

    private static void removeAll(List<HookHandle> handles) {
        for (int i = handles.size() - 1; i >= 0; i--) handles.get(i).remove();
    }

    // ------------------------------------------------------------------ ablation

    /**
     * Replaces the output of every module matching {@code pattern} by zeros: zero ablation,
     * TransformerLens's {@code (name, lambda value, hook: torch.zeros_like(value))}.
     */
    public static NamedHook zeroAblate(String pattern) {
        return new NamedHook(pattern, "zero ablation",
                (name, m) -> m.registerForwardHook((mod, in, out) -> Tensor.zeros(out.shape()).to(out.device())));
    }

    /**
     * Replaces the output of every module matching {@code pattern} by the mean over the batch
     * (dimension 0) of the activation {@code meanFrom} cached under the same name: mean
     * ablation, {@code value[:] = cache[name].mean(0, keepdim=True)}. The batch sizes may differ;
     * the other dimensions must agree.
     */
    public static NamedHook meanAblate(String pattern, ActivationCache meanFrom) {
        Objects.requireNonNull(meanFrom, "Interp.meanAblate: meanFrom");
        return new NamedHook(pattern, "mean ablation", (name, m) -> {
            Tensor cached = meanFrom.get(name); // missing: the error names close names, before the run
            return m.registerForwardHook((mod, in, out) -> {
                int[] os = out.shape(), cs = cached.shape();
                if (os.length == 0 || cs.length != os.length
                        || !Arrays.equals(Arrays.copyOfRange(os, 1, os.length), Arrays.copyOfRange(cs, 1, cs.length))) {
                    throw new IllegalArgumentException("Interp.meanAblate(\"" + name + "\"): expected an output like the cached "
                            + Shape.str(cs) + " but for the batch size, got " + Shape.str(os));
                }
                return cached.mean(0, true).to(out.device()).expand(os).contiguous();
            });
        });
    }

    /**
     * Zeroes one head's slice of {@code attentionPath + ".hook_z"}, the per-head output
     * {@code [B, heads, T, headDim]} before the output projection: TransformerLens's
     * {@code (f"blocks.{l}.attn.hook_z", lambda z, hook: z[:, :, head] = 0)} (its {@code hook_z}
     * is {@code [B, T, heads, headDim]}, here heads come first, as MultiheadAttention computes them).
     * {@code attentionPath} may be a pattern ({@code blocks.*.attn}).
     */
    public static NamedHook ablateHead(String attentionPath, int head) {
        String pattern = attentionPath + ".hook_z";
        return new NamedHook(pattern, "head " + head + " ablation", (name, m) -> m.registerForwardHook((mod, in, z) -> {
            if (z.dim() != 4 || head < 0 || head >= z.size(1)) {
                throw new IllegalArgumentException("Interp.ablateHead(\"" + attentionPath + "\", " + head + "): expected "
                        + name + " to be [B, heads, T, headDim] with head in [0, heads), got " + Shape.str(z.shape()));
            }
            return z.mul(headMask(z.size(1), head, 0f, 1f).to(z.device()));
        }));
    }

    /**
     * Mean ablation of one head: replaces head {@code head}'s slice of {@code attentionPath + ".hook_z"}
     * by its mean over the batch in {@code meanFrom} (a cache of the same model, such as
     * {@code Interp.runWithCache(model, tokens).cache()}), leaving the other heads as they are:
     * TransformerLens's {@code z[:, :, head] = cache[name][:, :, head].mean(0)}. The batch sizes
     * may differ; the other dimensions must agree.
     */
    public static NamedHook ablateHead(String attentionPath, int head, ActivationCache meanFrom) {
        Objects.requireNonNull(meanFrom, "Interp.ablateHead: meanFrom");
        String pattern = attentionPath + ".hook_z";
        return new NamedHook(pattern, "head " + head + " mean ablation", (name, m) -> {
            Tensor mean = meanFrom.get(name).mean(0, true); // [1, heads, T, headDim]; missing: the error names close names
            return m.registerForwardHook((mod, in, z) -> {
                int[] zs = z.shape(), ms = mean.shape();
                if (z.dim() != 4 || head < 0 || head >= z.size(1)
                        || !Arrays.equals(Arrays.copyOfRange(zs, 1, 4), Arrays.copyOfRange(ms, 1, 4))) {
                    throw new IllegalArgumentException("Interp.ablateHead(\"" + attentionPath + "\", " + head + ", cache): expected "
                            + name + " to be [B, heads, T, headDim] like the cached " + Shape.str(ms)
                            + " but for the batch size, with head in [0, heads), got " + Shape.str(zs));
                }
                Tensor keep = headMask(z.size(1), head, 0f, 1f).to(z.device());
                Tensor put = headMask(z.size(1), head, 1f, 0f).to(z.device());
                return z.mul(keep).add(mean.to(z.device()).mul(put));
            });
        });
    }

    /** [1, heads, 1, 1]: {@code at} for {@code head}, {@code elsewhere} for the others. */
    static Tensor headMask(int heads, int head, float at, float elsewhere) {
        float[] m = new float[heads];
        Arrays.fill(m, elsewhere);
        m[head] = at;
        return Tensor.of(m, 1, heads, 1, 1);
    }
}

package dev.hookbook.nn.utils;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.ForwardPreHook;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Pruning, as PyTorch's {@code torch.nn.utils.prune}. Pruning {@code weight} of a module
 * moves the parameter to {@code weight_orig}, registers the buffer {@code weight_mask} (1 keeps
 * an entry, 0 prunes it) and a forward pre-hook that sets the attribute {@code weight} to
 * {@code weight_orig * weight_mask} before every forward, so gradients reach
 * {@code weight_orig} only through the kept entries. The state dict has PyTorch's keys
 * ({@code bias}, {@code weight_orig}, {@code weight_mask} for a Linear), so pruned checkpoints
 * move between the two either way.
 *
 * <p>Pruning the same tensor again combines the masks as PyTorch's {@code PruningContainer}:
 * the new method acts only on what is still unpruned (for unstructured methods the entries whose
 * mask is 1, the amount counted among them; for structured ones the channels not yet all zero).
 * {@link #remove} makes the pruning permanent: {@code weight} is a parameter again, holding the
 * masked values.
 *
 * <p>An amount is a fraction of the (unpruned) entries or channels when given as a
 * {@code double} in [0, 1], rounded half to even as Python's {@code round}, or a count when
 * given as an {@code int}.
 */
public final class Prune {
    private Prune() {}

    /** A parameter to prune: {@code (module, name)}, an entry of {@code global_unstructured}'s {@code parameters}. */
    public record Target(Module module, String name) {}

    /** The tensor {@code name} of {@code module}, as a target of {@link #globalUnstructured} ({@code (module, "weight")} in PyTorch). */
    public static Target target(Module module, String name) {
        return new Target(module, name);
    }

    /** Prunes the {@code amount} (fraction) entries of smallest absolute value, as {@code prune.l1_unstructured}. */
    public static Module l1Unstructured(Module module, String name, double amount) {
        return apply(module, name, new L1(Amount.fraction(amount)));
    }

    /** Prunes the {@code amount} (count) entries of smallest absolute value, as {@code prune.l1_unstructured}. */
    public static Module l1Unstructured(Module module, String name, int amount) {
        return apply(module, name, new L1(Amount.count(amount)));
    }

    /** Prunes {@code amount} (fraction) entries chosen at random from the global generator, as {@code prune.random_unstructured}. */
    public static Module randomUnstructured(Module module, String name, double amount) {
        return apply(module, name, new Random(Amount.fraction(amount)));
    }

    /** Prunes {@code amount} (count) entries chosen at random, as {@code prune.random_unstructured}. */
    public static Module randomUnstructured(Module module, String name, int amount) {
        return apply(module, name, new Random(Amount.count(amount)));
    }

    /**
     * Prunes the {@code amount} (fraction) channels along {@code dim} of smallest L{@code n} norm
     * (over the other dims), as {@code prune.ln_structured}; {@code n} may be
     * {@link Double#POSITIVE_INFINITY}.
     */
    public static Module lnStructured(Module module, String name, double amount, double n, int dim) {
        return apply(module, name, new LnStructured(Amount.fraction(amount), n, dim));
    }

    /** As {@link #lnStructured(Module, String, double, double, int)} with {@code amount} a count of channels. */
    public static Module lnStructured(Module module, String name, int amount, double n, int dim) {
        return apply(module, name, new LnStructured(Amount.count(amount), n, dim));
    }

    /**
     * Prunes the {@code amount} (fraction) entries of smallest absolute value among all the
     * targets together, as {@code prune.global_unstructured(parameters, pruning_method=L1Unstructured, amount=...)}.
     */
    public static void globalUnstructured(List<Target> targets, double amount) {
        global(targets, Amount.fraction(amount));
    }

    /** As {@link #globalUnstructured(List, double)} with {@code amount} a count of entries. */
    public static void globalUnstructured(List<Target> targets, int amount) {
        global(targets, Amount.count(amount));
    }

    /** Prunes with a given mask (1 keeps, 0 prunes), combined with any earlier mask, as {@code prune.custom_from_mask}. */
    public static Module customFromMask(Module module, String name, Tensor mask) {
        return apply(module, name, new FromMask(mask.toFloatArray(), mask.shape()));
    }

    /**
     * Makes the pruning of {@code name} permanent, as {@code prune.remove}: {@code weight}
     * becomes a parameter again (the former {@code weight_orig} object, holding the masked
     * values), {@code weight_orig}, {@code weight_mask} and the hook go.
     */
    public static Module remove(Module module, String name) {
        PruningHook hook = hookOf(module, name);
        if (hook == null) {
            throw new IllegalArgumentException("Prune.remove: parameter '" + name + "' of " + module.getClass().getSimpleName()
                    + " has to be pruned before pruning can be removed (pruned: " + prunedNames(module) + ")");
        }
        Parameter orig = (Parameter) module.getAttribute(name + "_orig");
        try (var g = Autograd.noGrad()) {
            orig.assign(orig.mul(module.getAttribute(name + "_mask")));
        }
        module.deleteAttribute(name);
        module.deleteAttribute(name + "_orig");
        module.deleteAttribute(name + "_mask");
        module.setAttribute(name, orig);
        module.removeForwardPreHook(hook);
        return module;
    }

    /** Whether {@code module} or any module below it is pruned, as {@code prune.is_pruned}. */
    public static boolean isPruned(Module module) {
        for (Module m : module.modules()) {
            for (ForwardPreHook h : m.forwardPreHooks()) if (h instanceof PruningHook) return true;
        }
        return false;
    }

    // ------------------------------------------------------------------ applying a method

    /** PyTorch's {@code BasePruningMethod.apply}: the mask is computed first, so a bad amount changes nothing. */
    private static Module apply(Module module, String name, Method method) {
        PruningHook old = hookOf(module, name);
        Tensor current;
        if (old == null) {
            if (!module.hasAttribute(name) || !(module.getAttribute(name) instanceof Parameter)) {
                throw new IllegalArgumentException("Prune: expected '" + name + "' to be a parameter of "
                        + module.getClass().getSimpleName() + ", got " + (module.hasAttribute(name)
                        ? "a tensor that is not a Parameter" : "no such attribute (parameters " + module.namedParameters().keySet() + ")"));
            }
            module.checkReplaceable(name);
            current = module.getAttribute(name);
        } else {
            current = module.getAttribute(name + "_orig").mul(module.getAttribute(name + "_mask")).detach();
        }
        float[] defaultMask = old == null ? ones((int) current.numel()) : module.getAttribute(name + "_mask").toFloatArray();
        float[] mask = combine(method, current.toFloatArray(), current.shape(), defaultMask, name);
        Tensor maskTensor = Tensor.fromArray(mask, current.shape(), current.device());
        if (old == null) {
            Parameter orig = (Parameter) current;
            module.registerParameter(name + "_orig", orig);
            module.deleteAttribute(name);
            module.registerBuffer(name + "_mask", maskTensor);
        } else {
            module.setAttribute(name + "_mask", maskTensor);
            module.removeForwardPreHook(old); // PyTorch replaces the hook by the container, at the end
        }
        PruningHook hook = new PruningHook(name);
        hook.apply(module, new Tensor[0]);
        module.registerForwardPreHook(hook);
        return module;
    }

    private static void global(List<Target> targets, Amount amount) {
        if (targets == null || targets.isEmpty()) {
            throw new IllegalArgumentException("Prune.globalUnstructured: expected at least one (module, name) target, got none");
        }
        for (Target t : targets) { // all checked before any is pruned
            boolean pruned = hookOf(t.module(), t.name()) != null;
            if (!pruned && !(t.module().hasAttribute(t.name()) && t.module().getAttribute(t.name()) instanceof Parameter)) {
                throw new IllegalArgumentException("Prune.globalUnstructured: expected '" + t.name() + "' to be a parameter of "
                        + t.module().getClass().getSimpleName() + " (parameters " + t.module().namedParameters().keySet() + ")");
            }
            if (!pruned) t.module().checkReplaceable(t.name());
        }
        int total = 0;
        List<float[]> scores = new ArrayList<>(), masks = new ArrayList<>();
        for (Target t : targets) {
            Tensor value = t.module().getAttribute(t.name());
            scores.add(value.toFloatArray());
            masks.add(hookOf(t.module(), t.name()) != null ? t.module().getAttribute(t.name() + "_mask").toFloatArray()
                    : ones((int) value.numel()));
            total += (int) value.numel();
        }
        float[] all = new float[total], allMask = new float[total];
        int at = 0;
        for (int i = 0; i < targets.size(); i++) {
            System.arraycopy(scores.get(i), 0, all, at, scores.get(i).length);
            System.arraycopy(masks.get(i), 0, allMask, at, masks.get(i).length);
            at += scores.get(i).length;
        }
        float[] mask = combine(new L1(amount), all, new int[]{total}, allMask, "global");
        at = 0;
        for (int i = 0; i < targets.size(); i++) {
            Target t = targets.get(i);
            int n = scores.get(i).length;
            Tensor value = t.module().getAttribute(t.name());
            customFromMask(t.module(), t.name(), Tensor.fromArray(Arrays.copyOfRange(mask, at, at + n), value.shape(), value.device()));
            at += n;
        }
    }

    private static PruningHook hookOf(Module module, String name) {
        for (ForwardPreHook h : module.forwardPreHooks()) {
            if (h instanceof PruningHook p && p.name.equals(name)) return p;
        }
        return null;
    }

    private static List<String> prunedNames(Module module) {
        List<String> out = new ArrayList<>();
        for (ForwardPreHook h : module.forwardPreHooks()) if (h instanceof PruningHook p) out.add(p.name);
        return out;
    }

    /** The forward pre-hook: {@code weight = weight_orig * weight_mask}, read from the module it runs on. */
    private static final class PruningHook implements ForwardPreHook {
        final String name;

        PruningHook(String name) {
            this.name = name;
        }

        @Override
        public Tensor[] apply(Module module, Tensor[] inputs) {
            module.setAttribute(name, module.getAttribute(name + "_mask").mul(module.getAttribute(name + "_orig")));
            return null;
        }

        @Override
        public String toString() {
            return "PruningHook(" + name + ")";
        }
    }

    // ------------------------------------------------------------------ masks

    /**
     * PyTorch's {@code PruningContainer._combine_masks}: the method computes a partial mask on
     * the part of {@code t} the old mask left (entries with mask 1, or channels not all zero),
     * and that part of the old mask is overwritten with it.
     */
    private static float[] combine(Method method, float[] t, int[] shape, float[] oldMask, String name) {
        float[] mask = oldMask.clone();
        if (method instanceof LnStructured ln) {
            int dim = ln.dim < 0 ? ln.dim + shape.length : ln.dim;
            if (shape.length < 2) {
                throw new IllegalArgumentException("Prune.lnStructured('" + name + "'): structured pruning can only be applied "
                        + "to multidimensional tensors, got shape " + Shape.str(shape));
            }
            if (dim < 0 || dim >= shape.length) {
                throw new IllegalArgumentException("Prune.lnStructured('" + name + "'): dim " + ln.dim + " is out of range for "
                        + "shape " + Shape.str(shape));
            }
            Channels ch = new Channels(shape, dim);
            List<Integer> kept = new ArrayList<>();
            for (int c = 0; c < shape[dim]; c++) {
                boolean any = false;
                for (int i : ch.entries(c)) any |= oldMask[i] != 0;
                if (any) kept.add(c);
            }
            int toPrune = ln.amount.toPrune(kept.size(), name);
            if (toPrune == 0) return mask;
            double[] norms = new double[kept.size()];
            for (int k = 0; k < kept.size(); k++) norms[k] = ln.norm(t, ch.entries(kept.get(k)));
            Integer[] order = byValue(norms, true); // largest first: the first (kept.size - toPrune) stay
            boolean[] stays = new boolean[kept.size()];
            for (int k = 0; k < kept.size() - toPrune; k++) stays[order[k]] = true;
            for (int k = 0; k < kept.size(); k++) {
                if (!stays[k]) for (int i : ch.entries(kept.get(k))) mask[i] = 0f;
            }
            return mask;
        }
        if (method instanceof FromMask fm) {
            if (!Arrays.equals(fm.shape, shape)) {
                throw new IllegalArgumentException("Prune.customFromMask('" + name + "'): expected a mask of shape "
                        + Shape.str(shape) + ", got " + Shape.str(fm.shape));
            }
            for (int i = 0; i < mask.length; i++) mask[i] = oldMask[i] * fm.mask[i];
            return mask;
        }
        // unstructured: the entries still unpruned, flattened in order
        int[] open = java.util.stream.IntStream.range(0, t.length).filter(i -> oldMask[i] == 1f).toArray();
        Amount amount = method instanceof L1 l1 ? l1.amount : ((Random) method).amount;
        int toPrune = amount.toPrune(open.length, name);
        if (toPrune == 0) return mask;
        double[] scores = new double[open.length];
        if (method instanceof L1) {
            for (int k = 0; k < open.length; k++) scores[k] = Math.abs(t[open[k]]);
        } else {
            float[] r = Tensor.rand(open.length).toFloatArray(); // PyTorch: topk(rand_like(t), k): the k largest go
            for (int k = 0; k < open.length; k++) scores[k] = -r[k];
        }
        Integer[] order = byValue(scores, false); // smallest first
        for (int k = 0; k < toPrune; k++) mask[open[order[k]]] = 0f;
        return mask;
    }

    /** Indices 0..n-1 sorted by value (ties by index). */
    private static Integer[] byValue(double[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Comparator<Integer> c = Comparator.comparingDouble(i -> v[i]);
        Arrays.sort(idx, descending ? c.reversed().thenComparing(i -> i) : c.thenComparing(i -> i));
        return idx;
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        Arrays.fill(a, 1f);
        return a;
    }

    /** The flat (row-major) indices of each channel along one dim. */
    private record Channels(int[] shape, int dim) {
        int[] entries(int c) {
            int inner = 1;
            for (int d = dim + 1; d < shape.length; d++) inner *= shape[d];
            int outer = 1;
            for (int d = 0; d < dim; d++) outer *= shape[d];
            int[] out = new int[outer * inner];
            int k = 0;
            for (int o = 0; o < outer; o++) {
                for (int i = 0; i < inner; i++) out[k++] = (o * shape[dim] + c) * inner + i;
            }
            return out;
        }
    }

    /** How much to prune: PyTorch's {@code _compute_nparams_toprune} and its checks. */
    private record Amount(boolean isCount, int count, double fraction) {
        static Amount count(int n) {
            if (n < 0) throw new IllegalArgumentException("Prune: amount=" + n + " should either be a float in the range [0, 1] or a non-negative integer");
            return new Amount(true, n, 0);
        }

        static Amount fraction(double f) {
            if (!(f >= 0 && f <= 1)) throw new IllegalArgumentException("Prune: amount=" + f + " should either be a float in the range [0, 1] or a non-negative integer");
            return new Amount(false, 0, f);
        }

        int toPrune(int size, String name) {
            int n = isCount ? count : (int) Math.rint(fraction * size); // Python's round: half to even
            if (n > size) {
                throw new IllegalArgumentException("Prune('" + name + "'): amount=" + n + " should be smaller than the number of "
                        + "parameters to prune=" + size);
            }
            return n;
        }
    }

    private sealed interface Method permits L1, Random, LnStructured, FromMask {}

    private record L1(Amount amount) implements Method {}

    private record Random(Amount amount) implements Method {}

    private record FromMask(float[] mask, int[] shape) implements Method {}

    private record LnStructured(Amount amount, double n, int dim) implements Method {
        /** torch.norm(t, p=n) over one channel's entries. */
        double norm(float[] t, int[] entries) {
            if (Double.isInfinite(n)) {
                double best = n > 0 ? 0 : Double.POSITIVE_INFINITY;
                for (int i : entries) best = n > 0 ? Math.max(best, Math.abs(t[i])) : Math.min(best, Math.abs(t[i]));
                return best;
            }
            if (n == 0) {
                int nonzero = 0;
                for (int i : entries) if (t[i] != 0) nonzero++;
                return nonzero;
            }
            double sum = 0;
            for (int i : entries) sum += Math.pow(Math.abs(t[i]), n);
            return Math.pow(sum, 1 / n);
        }
    }
}

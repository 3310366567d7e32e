package dev.hookbook.interp;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Activation patching, as TransformerLens's {@code patching} module: run the clean input with a
 * cache; then, for each named activation and each slice of it, run the corrupted input with that
 * slice replaced by the clean run's, and record a metric of the output. Where the metric comes
 * back towards its clean value, that slice carries what tells the two inputs apart.
 *
 * <ul>
 *   <li>An activation {@code [B, T, ...]} is patched one sequence position (dimension 1) at a
 *       time, all of the batch: {@code get_act_patch_resid_pre} and its kin, giving
 *       {@code [names, positions]}.</li>
 *   <li>A {@code hook_z} ({@code [B, heads, T, headDim]}) is patched one head at a time, at every
 *       position: {@code get_act_patch_attn_head_out_all_pos}, giving {@code [names, heads]}
 *       (one row per layer when the names are {@code blocks.*.attn.hook_z}).</li>
 *   <li>{@link #runPerHeadAndPosition} patches a {@code hook_z} one head at one position at a time:
 *       {@code get_act_patch_attn_head_out_by_pos}, giving {@code [names, heads, positions]}.</li>
 * </ul>
 * One call of {@link #run} patches names of one kind; patch positions and heads in two calls.
 *
 * <pre>{@code
 * var result = Patching.run(model, clean, corrupted, Patching.logitDifference(correct, wrong),
 *         "blocks.*.hook_resid_pre");
 * result.values();   // [layers, positions]
 * result.chart();    // a Heatmap to show
 * }</pre>
 */
public final class Patching {
    private Patching() {}

    /** How an activation is cut into the slices that are patched one at a time. */
    public enum Slices {
        /** One sequence position (dimension 1) of {@code [B, T, ...]}, all of the batch: values {@code [names, positions]}. */
        POSITION,
        /** One head (dimension 1) of {@code hook_z} {@code [B, heads, T, headDim]}, at every position: {@code [names, heads]}. */
        HEAD,
        /** One head at one position (dimensions 1 and 2) of {@code hook_z}: {@code [names, heads, positions]}. */
        HEAD_AND_POSITION
    }

    /** The metric for each patched slice, with the metric of the clean and corrupted runs. */
    public static final class Result {
        private final Tensor values;
        private final List<String> names;
        private final Slices slices;
        private final double clean;
        private final double corrupted;

        Result(Tensor values, List<String> names, Slices slices, double clean, double corrupted) {
            this.values = values;
            this.names = List.copyOf(names);
            this.slices = slices;
            this.clean = clean;
            this.corrupted = corrupted;
        }

        /**
         * The metric per name and position ({@code [names, positions]}), per name and head
         * ({@code [names, heads]}), or per name, head and position ({@code [names, heads, positions]}).
         */
        public Tensor values() {
            return values;
        }

        /** The patched activations' names, in the order patched (the first dimension of {@link #values()}). */
        public List<String> names() {
            return names;
        }

        /** How the activations were sliced. */
        public Slices slices() {
            return slices;
        }

        /** The metric of the clean run, unpatched. */
        public double clean() {
            return clean;
        }

        /** The metric of the corrupted run, unpatched. */
        public double corrupted() {
            return corrupted;
        }

        /**
         * The values rescaled so that 0 is the corrupted run's metric and 1 the clean run's:
         * {@code (value - corrupted) / (clean - corrupted)}, as TransformerLens's tutorials
         * normalise a logit difference. Equal clean and corrupted metrics are an error.
         */
        public Tensor normalized() {
            if (clean == corrupted) {
                throw new IllegalStateException("Patching.Result.normalized(): the clean and corrupted metrics are equal ("
                        + clean + "), so there is nothing to normalise by");
            }
            return values.sub((float) corrupted).div((float) (clean - corrupted));
        }

        /**
         * A heat map of the values: a row per name (per name and head, {@code "blocks.0.attn.hook_z H1"},
         * for {@link Slices#HEAD_AND_POSITION}), a column per position ({@code "0"}, ...) or head ({@code "H0"}, ...).
         */
        public Heatmap chart() {
            return chart(null);
        }

        /** The heat map with the columns labelled by the tokens at each position ({@code "3 the"}), where columns are positions. */
        public Heatmap chart(List<String> tokens) {
            int columns = values.size(values.dim() - 1);
            if (tokens != null && (slices == Slices.HEAD || tokens.size() != columns)) {
                throw new IllegalArgumentException("Patching.Result.chart: expected " + columns + " token labels for "
                        + (slices == Slices.HEAD ? "heads (this result is per head, its columns are heads)" : "the positions")
                        + ", got " + tokens.size());
            }
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < columns; c++) {
                labels.add(slices == Slices.HEAD ? "H" + c : tokens == null ? Integer.toString(c) : c + " " + tokens.get(c));
            }
            List<String> rows = new ArrayList<>();
            Tensor matrix = values;
            if (slices == Slices.HEAD_AND_POSITION) {
                int heads = values.size(1);
                for (String name : names) for (int h = 0; h < heads; h++) rows.add(name + " H" + h);
                matrix = values.reshape(names.size() * heads, columns);
            } else {
                rows.addAll(names);
            }
            String title = String.format(java.util.Locale.ROOT, "Activation patching by %s (clean %.4g, corrupted %.4g)",
                    slices.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), clean, corrupted);
            return new Heatmap(matrix, rows, labels, title);
        }

        @Override
        public String toString() {
            return chart().toString();
        }
    }

    /**
     * Patches each activation named by {@code names} (names or {@link NamePattern patterns},
     * expanded in model order) from the run of {@code clean} into the run of {@code corrupted},
     * slice by slice, and returns {@code metric} of the model's output for each: by position, or
     * by head for {@code hook_z} names (see the class comment). {@code clean} and
     * {@code corrupted} have one shape. The runs record no graph.
     */
    public static Result run(Module model, Tensor clean, Tensor corrupted, ToDoubleFunction<Tensor> metric, String... names) {
        List<String> patched = expand("Patching.run", model, clean, corrupted, metric, names);
        List<String> heads = patched.stream().filter(Patching::isHookZ).toList();
        if (!heads.isEmpty() && heads.size() != patched.size()) {
            throw new IllegalArgumentException("Patching.run: expected names of one kind, hook_z (patched per head) or others "
                    + "(patched per position), got both: " + patched + "; patch them in two calls");
        }
        return patch("Patching.run", model, clean, corrupted, metric, patched, heads.isEmpty() ? Slices.POSITION : Slices.HEAD);
    }

    /**
     * Patches one head at one position at a time of each {@code hook_z} named by {@code names}:
     * TransformerLens's {@code get_act_patch_attn_head_out_by_pos}, with values
     * {@code [names, heads, positions]} (TransformerLens orders them {@code [layers, positions, heads]}).
     */
    public static Result runPerHeadAndPosition(Module model, Tensor clean, Tensor corrupted, ToDoubleFunction<Tensor> metric,
                                               String... names) {
        List<String> patched = expand("Patching.runPerHeadAndPosition", model, clean, corrupted, metric, names);
        List<String> others = patched.stream().filter(n -> !isHookZ(n)).toList();
        if (!others.isEmpty()) {
            throw new IllegalArgumentException("Patching.runPerHeadAndPosition: expected hook_z names ([B, heads, T, headDim]), got "
                    + others + "; patch those with Patching.run");
        }
        return patch("Patching.runPerHeadAndPosition", model, clean, corrupted, metric, patched, Slices.HEAD_AND_POSITION);
    }

    private static List<String> expand(String caller, Module model, Tensor clean, Tensor corrupted, ToDoubleFunction<Tensor> metric,
                                       String... names) {
        Objects.requireNonNull(model, caller + ": model");
        Objects.requireNonNull(metric, caller + ": metric");
        if (!Arrays.equals(clean.shape(), corrupted.shape())) {
            throw new IllegalArgumentException(caller + ": expected clean and corrupted inputs of one shape, got "
                    + Shape.str(clean.shape()) + " and " + Shape.str(corrupted.shape()));
        }
        if (names.length == 0) {
            throw new IllegalArgumentException(caller + ": expected at least one activation name, such as \"blocks.*.hook_resid_pre\", got none");
        }
        LinkedHashSet<String> expanded = new LinkedHashSet<>();
        for (String pattern : names) expanded.addAll(Interp.match(model, pattern));
        return List.copyOf(expanded);
    }

    private static Result patch(String caller, Module model, Tensor clean, Tensor corrupted, ToDoubleFunction<Tensor> metric,
                                List<String> patched, Slices slices) {
        try (var noGrad = Autograd.noGrad()) {
            CachedRun cleanRun = Interp.runWithCache(model, patched::contains, clean);
            double cleanMetric = metric.applyAsDouble(cleanRun.output());
            double corruptedMetric = metric.applyAsDouble(model.call(corrupted));
            ActivationCache cache = cleanRun.cache();

            // The sizes of the sliced dimensions (1, and 2 per head and position), the same for every name.
            int[] sizes = null;
            for (String name : patched) {
                Tensor act = cache.get(name);
                if (act.dim() < (slices == Slices.POSITION ? 2 : 4)) {
                    throw new IllegalArgumentException(caller + ": expected " + name + " to be "
                            + (slices == Slices.POSITION ? "[B, T, ...]" : "[B, heads, T, headDim]") + ", got " + Shape.str(act.shape()));
                }
                int[] s = slices == Slices.HEAD_AND_POSITION ? new int[]{act.size(1), act.size(2)} : new int[]{act.size(1)};
                if (sizes != null && !Arrays.equals(sizes, s)) {
                    throw new IllegalArgumentException(caller + ": expected every activation to have the same sizes to patch along, got "
                            + Shape.str(sizes) + " and " + name + " " + Shape.str(act.shape()));
                }
                sizes = s;
            }
            int perName = Shape.numel(sizes);
            float[] values = new float[patched.size() * perName];
            for (int r = 0; r < patched.size(); r++) {
                String name = patched.get(r);
                Tensor source = cache.get(name);
                for (int c = 0; c < perName; c++) {
                    Tensor mask = sliceMask(source.dim(), sizes, c).to(source.device());
                    Interp.NamedHook patch = Interp.forward(name, (mod, in, out) -> {
                        if (!Arrays.equals(out.shape(), source.shape())) {
                            throw new IllegalArgumentException(caller + ": expected " + name + " of the corrupted run to be "
                                    + Shape.str(source.shape()) + " as in the clean run, got " + Shape.str(out.shape()));
                        }
                        return Tensor.where(mask, source, out);
                    });
                    Tensor output = Interp.runWithHooks(model, List.of(patch), () -> model.call(corrupted));
                    values[r * perName + c] = (float) metric.applyAsDouble(output);
                }
            }
            int[] shape = new int[sizes.length + 1];
            shape[0] = patched.size();
            System.arraycopy(sizes, 0, shape, 1, sizes.length);
            return new Result(Tensor.of(values, shape), patched, slices, cleanMetric, corruptedMetric);
        }
    }

    /**
     * The ready metric {@code logits[:, -1, correct] - logits[:, -1, wrong]}, averaged over the
     * batch: TransformerLens's logit difference. Logits {@code [B, T, vocab]} are read at the last
     * position; logits {@code [B, classes]} as they are.
     */
    public static ToDoubleFunction<Tensor> logitDifference(int correctToken, int wrongToken) {
        return logits -> {
            if (logits.dim() != 2 && logits.dim() != 3) {
                throw new IllegalArgumentException("Patching.logitDifference: expected logits [B, T, vocab] or [B, classes], got "
                        + Shape.str(logits.shape()));
            }
            int vocab = logits.size(logits.dim() - 1);
            if (correctToken < 0 || correctToken >= vocab || wrongToken < 0 || wrongToken >= vocab) {
                throw new IllegalArgumentException("Patching.logitDifference: expected tokens in [0, " + vocab + "), got "
                        + correctToken + " and " + wrongToken + " for logits " + Shape.str(logits.shape()));
            }
            Tensor last = logits.dim() == 3 ? logits.narrow(1, logits.size(1) - 1, 1).squeeze(1) : logits;
            return last.narrow(1, correctToken, 1).sub(last.narrow(1, wrongToken, 1)).mean().item();
        };
    }

    /** Whether a name is a per-head output, patched head by head. */
    private static boolean isHookZ(String name) {
        return name.equals("hook_z") || name.endsWith(".hook_z");
    }

    /**
     * 1 at the {@code at}-th element (row-major) of the sliced dimensions 1.. (sizes), 0 elsewhere,
     * shaped [1, sizes..., 1, ...] to broadcast over an activation of {@code dims} dims.
     */
    private static Tensor sliceMask(int dims, int[] sizes, int at) {
        int[] shape = new int[dims];
        Arrays.fill(shape, 1);
        System.arraycopy(sizes, 0, shape, 1, sizes.length);
        float[] m = new float[Shape.numel(sizes)];
        m[at] = 1f;
        return Tensor.of(m, shape);
    }
}

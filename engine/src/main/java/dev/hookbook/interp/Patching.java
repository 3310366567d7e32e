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
 * </ul>
 * One call patches names of one kind; patch positions and heads in two calls.
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

    /** The metric for each patched slice, with the metric of the clean and corrupted runs. */
    public static final class Result {
        private final Tensor values;
        private final List<String> names;
        private final List<String> columns;
        private final boolean perHead;
        private final double clean;
        private final double corrupted;

        Result(Tensor values, List<String> names, List<String> columns, boolean perHead, double clean, double corrupted) {
            this.values = values;
            this.names = List.copyOf(names);
            this.columns = List.copyOf(columns);
            this.perHead = perHead;
            this.clean = clean;
            this.corrupted = corrupted;
        }

        /** The metric per name and position ({@code [names, positions]}), or per name and head ({@code [names, heads]}). */
        public Tensor values() {
            return values;
        }

        /** The patched activations' names, one per row, in the order patched. */
        public List<String> names() {
            return names;
        }

        /** Whether the columns are heads ({@code hook_z}) rather than positions. */
        public boolean perHead() {
            return perHead;
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

        /** A heat map of the values: a row per name, a column per position ({@code "0"}, ...) or head ({@code "H0"}, ...). */
        public Heatmap chart() {
            return new Heatmap(values, names, columns, title());
        }

        /** The heat map with the columns labelled by the tokens at each position (position patching only). */
        public Heatmap chart(List<String> tokens) {
            if (perHead || tokens.size() != columns.size()) {
                throw new IllegalArgumentException("Patching.Result.chart: expected " + columns.size() + " token labels for "
                        + (perHead ? "heads (this result is per head, its columns are heads)" : "the positions")
                        + ", got " + tokens.size());
            }
            List<String> labels = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) labels.add(i + " " + tokens.get(i));
            return new Heatmap(values, names, labels, title());
        }

        private String title() {
            return String.format(java.util.Locale.ROOT, "Activation patching by %s (clean %.4g, corrupted %.4g)",
                    perHead ? "head" : "position", clean, corrupted);
        }

        @Override
        public String toString() {
            return chart().toString();
        }
    }

    /**
     * Patches each activation named by {@code names} (names or {@link NamePattern patterns},
     * expanded in model order) from the run of {@code clean} into the run of {@code corrupted},
     * slice by slice, and returns {@code metric} of the model's output for each: see the class
     * comment for the slices. {@code clean} and {@code corrupted} have one shape. The runs
     * record no graph.
     */
    public static Result run(Module model, Tensor clean, Tensor corrupted, ToDoubleFunction<Tensor> metric, String... names) {
        Objects.requireNonNull(model, "Patching.run: model");
        Objects.requireNonNull(metric, "Patching.run: metric");
        if (!Arrays.equals(clean.shape(), corrupted.shape())) {
            throw new IllegalArgumentException("Patching.run: expected clean and corrupted inputs of one shape, got "
                    + Shape.str(clean.shape()) + " and " + Shape.str(corrupted.shape()));
        }
        if (names.length == 0) {
            throw new IllegalArgumentException("Patching.run: expected at least one activation name, such as \"blocks.*.hook_resid_pre\", got none");
        }
        LinkedHashSet<String> expanded = new LinkedHashSet<>();
        for (String pattern : names) expanded.addAll(Interp.match(model, pattern));
        List<String> patched = List.copyOf(expanded);
        List<String> heads = patched.stream().filter(Patching::isHookZ).toList();
        if (!heads.isEmpty() && heads.size() != patched.size()) {
            throw new IllegalArgumentException("Patching.run: expected names of one kind, hook_z (patched per head) or others "
                    + "(patched per position), got both: " + patched + "; patch them in two calls");
        }
        boolean perHead = !heads.isEmpty();

        try (var noGrad = Autograd.noGrad()) {
            CachedRun cleanRun = Interp.runWithCache(model, expanded::contains, clean);
            double cleanMetric = metric.applyAsDouble(cleanRun.output());
            double corruptedMetric = metric.applyAsDouble(model.call(corrupted));
            ActivationCache cache = cleanRun.cache();

            int columns = -1;
            for (String name : patched) {
                Tensor act = cache.get(name);
                if (act.dim() < (perHead ? 4 : 2)) {
                    throw new IllegalArgumentException("Patching.run: expected " + name + " to be "
                            + (perHead ? "[B, heads, T, headDim]" : "[B, T, ...]") + ", got " + Shape.str(act.shape()));
                }
                if (columns >= 0 && act.size(1) != columns) {
                    throw new IllegalArgumentException("Patching.run: expected every activation to have the same size of dim 1 ("
                            + (perHead ? "heads" : "positions") + "), got " + columns + " and " + name + " " + Shape.str(act.shape()));
                }
                columns = act.size(1);
            }
            float[] values = new float[patched.size() * columns];
            for (int r = 0; r < patched.size(); r++) {
                String name = patched.get(r);
                Tensor source = cache.get(name);
                for (int c = 0; c < columns; c++) {
                    Tensor mask = sliceMask(source.dim(), columns, c).to(source.device());
                    Interp.NamedHook patch = Interp.forward(name, (mod, in, out) -> {
                        if (!Arrays.equals(out.shape(), source.shape())) {
                            throw new IllegalArgumentException("Patching.run: expected " + name + " of the corrupted run to be "
                                    + Shape.str(source.shape()) + " as in the clean run, got " + Shape.str(out.shape()));
                        }
                        return Tensor.where(mask, source, out);
                    });
                    Tensor output = Interp.runWithHooks(model, List.of(patch), () -> model.call(corrupted));
                    values[r * columns + c] = (float) metric.applyAsDouble(output);
                }
            }
            List<String> labels = new ArrayList<>();
            for (int c = 0; c < columns; c++) labels.add(perHead ? "H" + c : Integer.toString(c));
            return new Result(Tensor.of(values, patched.size(), columns), patched, labels, perHead, cleanMetric, corruptedMetric);
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

    /** 1 at index {@code at} of dimension 1, 0 elsewhere, shaped [1, size, 1, ...] to broadcast over {@code dims} dims. */
    private static Tensor sliceMask(int dims, int size, int at) {
        int[] shape = new int[dims];
        Arrays.fill(shape, 1);
        shape[1] = size;
        float[] m = new float[size];
        m[at] = 1f;
        return Tensor.of(m, shape);
    }
}

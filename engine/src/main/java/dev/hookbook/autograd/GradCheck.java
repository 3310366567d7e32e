package dev.hookbook.autograd;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Checks a gradient by finite differences, as PyTorch's {@code gradcheck}: for a fixed random
 * upstream gradient u, the analytic gradient of sum(f(x) * u) from backward is compared with
 * the central difference (L(x + h) - L(x - h)) / 2h of every input element, the sum taken in
 * double. Tensors are float32, so the step and tolerances suit float32. {@link #gradGradCheck}
 * checks second derivatives the same way, as PyTorch's {@code gradgradcheck}.
 */
public final class GradCheck {
    /** A function of tensors to check, such as {@code xs -> xs[0].mul(xs[1]).exp()}. */
    @FunctionalInterface
    public interface Fn {
        Tensor apply(Tensor... inputs);
    }

    private static final double STEP = 1e-3;
    private static final double ABS_TOL = 2e-3;
    private static final double REL_TOL = 1e-2;

    private GradCheck() {}

    /** Checks a custom Function. */
    public static Report check(Function f, Tensor... inputs) {
        return check(f::apply, inputs);
    }

    /** Checks {@code f} with respect to every input that requires grad (all of them, if none does). */
    public static Report check(Fn f, Tensor... inputs) {
        Tensor[] xs = new Tensor[inputs.length];
        boolean anyRequires = Arrays.stream(inputs).anyMatch(Tensor::requiresGrad);
        for (int i = 0; i < inputs.length; i++) {
            xs[i] = Tensor.of(inputs[i].toFloatArray(), inputs[i].shape())
                    .requiresGrad(!anyRequires || inputs[i].requiresGrad());
        }
        Tensor y = f.apply(xs);
        Tensor upstream = randomLike(y.shape());
        if (!y.requiresGrad()) {
            throw new IllegalArgumentException("GradCheck: the output does not require grad (is the function differentiable?)");
        }
        y.backward(upstream);
        float[] u = upstream.toFloatArray();

        Report worst = Report.PASSED;
        for (int i = 0; i < xs.length; i++) {
            if (!xs[i].requiresGrad()) continue;
            float[] analytic = xs[i].grad() == null ? new float[(int) xs[i].numel()] : xs[i].grad().toFloatArray();
            float[] values = xs[i].toFloatArray();
            for (int j = 0; j < values.length; j++) {
                double h = STEP * Math.max(1.0, Math.abs(values[j]));
                double plus = loss(f, xs, i, values, j, values[j] + h, u);
                double minus = loss(f, xs, i, values, j, values[j] - h, u);
                double numeric = (plus - minus) / (2 * h);
                double error = Math.abs(analytic[j] - numeric);
                double allowed = ABS_TOL + REL_TOL * Math.abs(numeric);
                Report here = new Report(error <= allowed, error, i, unravel(j, xs[i].shape()), analytic[j], numeric);
                if (!here.passed && worst.passed || (here.passed == worst.passed && error > worst.error)) worst = here;
            }
        }
        return worst;
    }

    /**
     * Checks second derivatives, as PyTorch's {@code gradgradcheck}: the first gradients of
     * sum(f(x) * u), taken with {@code createGraph} (u a fixed random upstream gradient), are
     * themselves checked by {@link #check(Fn, Tensor...)} as a function of the inputs and of u,
     * so every rule on the way must record differentiable ops.
     */
    public static Report gradGradCheck(Fn f, Tensor... inputs) {
        Tensor probe;
        try (var g = Autograd.noGrad()) {
            probe = f.apply(Arrays.stream(inputs).map(t -> Tensor.of(t.toFloatArray(), t.shape())).toArray(Tensor[]::new));
        }
        boolean anyRequires = Arrays.stream(inputs).anyMatch(Tensor::requiresGrad);
        boolean[] differentiated = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) differentiated[i] = !anyRequires || inputs[i].requiresGrad();
        Tensor[] all = Arrays.copyOf(inputs, inputs.length + 1);
        for (int i = 0; i < inputs.length; i++) all[i] = Tensor.of(inputs[i].toFloatArray(), inputs[i].shape()).requiresGrad(differentiated[i]);
        all[inputs.length] = randomLike(probe.shape()).requiresGrad(true);
        return check(xs -> firstGradients(f, xs, differentiated), all);
    }

    /**
     * The gradients of sum(f(x) * u) with respect to the differentiated inputs, flattened and
     * joined into one tensor, u being the last of {@code xs}. Recorded even when called inside
     * {@code noGrad} (the finite differences), since a gradient needs a graph to be taken.
     */
    private static Tensor firstGradients(Fn f, Tensor[] xs, boolean[] differentiated) {
        try (var mode = Autograd.setGradEnabled(true)) {
            Tensor[] args = new Tensor[xs.length - 1];
            List<Tensor> wrt = new java.util.ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                args[i] = xs[i];
                if (!differentiated[i]) continue;
                // A plain copy (the finite differences pass those) becomes a leaf to differentiate by.
                if (!args[i].requiresGrad()) args[i] = args[i].detach().requiresGrad(true);
                wrt.add(args[i]);
            }
            Tensor u = xs[xs.length - 1];
            Tensor y = f.apply(args);
            List<Tensor> grads = Autograd.grad(List.of(y.mul(u).sum()), wrt, null, true, true, true);
            Tensor[] flat = new Tensor[grads.size()];
            for (int i = 0; i < flat.length; i++) {
                Tensor g = grads.get(i);
                flat[i] = (g == null ? Tensor.zeros(wrt.get(i).shape()).to(wrt.get(i).device()) : g).reshape(-1);
            }
            return Tensor.cat(0, flat);
        }
    }

    private static double loss(Fn f, Tensor[] xs, int i, float[] values, int j, double value, float[] u) {
        float[] moved = values.clone();
        moved[j] = (float) value;
        Tensor[] args = xs.clone();
        args[i] = Tensor.of(moved, xs[i].shape());
        float[] y;
        try (var g = Autograd.noGrad()) {
            y = f.apply(args).toFloatArray();
        }
        double s = 0;
        for (int k = 0; k < y.length; k++) s += (double) y[k] * u[k];
        return s;
    }

    private static Tensor randomLike(int[] shape) {
        Random r = new Random(1234);
        float[] d = new float[Shape.numel(shape)];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % Math.max(shape[d], 1);
            flat /= Math.max(shape[d], 1);
        }
        return idx;
    }

    /** The outcome: the worst element found (the first failing one wins over any passing one). */
    public record Report(boolean passed, double error, int input, int[] index, double analytic, double numeric) {
        static final Report PASSED = new Report(true, 0, -1, new int[0], 0, 0);

        @Override
        public String toString() {
            if (input < 0) return "gradcheck passed (no input elements)";
            return String.format(java.util.Locale.ROOT, "gradcheck %s: worst |analytic - numeric| = %.3g at input %d %s (analytic %.6g, numeric %.6g)",
                    passed ? "passed" : "FAILED", error, input, Arrays.toString(index), analytic, numeric);
        }
    }
}

package dev.hookbook.interp;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.F;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Which parts of an input a classifier's output depends on: Captum's attribution methods, for
 * any model whose output is {@code [N, classes]}. Each result is computed for one class,
 * {@code target}, for every sample of the batch (each sample's own logit of that class).
 *
 * <pre>{@code
 * Tensor sal = Attribution.saliency(model, x, 3);                          // |d logit_3 / d x|
 * Attributions ig = Attribution.integratedGradients(model, x, 3, null, 50);
 * Tensor cam = Attribution.gradCam(model, "features.3", x, 3);              // [N, H, W]
 * Tensor occ = Attribution.occlusion(model, x, 3, new int[]{1, 4, 4}, new int[]{1, 2, 2});
 * }</pre>
 *
 * <p>As Captum, these leave the model's mode alone: call {@code model.eval()} first when it has
 * Dropout or BatchNorm, or the attributions see dropped units and batch statistics. They leave
 * nothing behind: no hook stays registered, no parameter's {@code grad()} changes (gradients are
 * taken with {@link Autograd#grad}), and the results are plain tensors without history, on the
 * input's device.
 */
public final class Attribution {
    /** About how many input elements one forward may take; more steps or windows are split into several forwards. */
    private static final long ELEMENTS_PER_FORWARD = 1 << 19;

    private Attribution() {}

    /**
     * Saliency: the absolute gradient of {@code out[:, target]} with respect to the input, shaped
     * like {@code x}, as Captum's {@code Saliency(model).attribute(x, target=target)} (whose
     * {@code abs} is true by default).
     */
    public static Tensor saliency(Module model, Tensor x, int target) {
        checkInput("saliency", model, x, 1);
        return gradient("saliency", model, x.detach(), target).abs();
    }

    /**
     * Integrated gradients with Captum's default rule, as
     * {@code IntegratedGradients(model).attribute(x, baselines=baseline, target=target,
     * n_steps=steps, return_convergence_delta=True)}: the gradient of {@code out[:, target]} at
     * {@code steps} points on the straight line from the baseline to {@code x} (Gauss-Legendre
     * points and weights on [0, 1]), summed with the weights, times {@code x - baseline}.
     * Returns the attributions (shaped like {@code x}) and, per sample, the completeness gap
     * {@code sum(attributions) - (F(x) - F(baseline))}, which shrinks as {@code steps} grows.
     * The steps go through the model in one batch (several for large inputs).
     *
     * @param baseline the input of "no signal": null for zeros, else shaped like {@code x} or
     *                 like one sample {@code [1, ...]} (used for every sample)
     * @param steps    the number of points (Captum's {@code n_steps}, 50 by default there)
     */
    public static Attributions integratedGradients(Module model, Tensor x, int target, Tensor baseline, int steps) {
        checkInput("integratedGradients", model, x, 1);
        if (steps < 1) {
            throw new IllegalArgumentException("Attribution.integratedGradients: expected at least 1 step, got " + steps);
        }
        Tensor input = x.detach();
        int n = input.size(0);
        int[] sample = Arrays.copyOfRange(input.shape(), 1, input.dim());
        Tensor base = baseline(input, baseline);
        Tensor difference = input.sub(base);
        GaussLegendre rule = new GaussLegendre(steps);
        int perForward = (int) Math.max(1, Math.min(steps, ELEMENTS_PER_FORWARD / Math.max(1, input.numel())));
        Tensor total = null;
        for (int first = 0; first < steps; first += perForward) {
            int count = Math.min(perForward, steps - first);
            Tensor[] points = new Tensor[count];
            float[] weights = new float[count];
            for (int k = 0; k < count; k++) {
                points[k] = base.add(difference.mul((float) rule.alphas[first + k]));
                weights[k] = (float) rule.stepSizes[first + k];
            }
            // grads of all points at once: [count * N, ...], then weighted per point and summed over the points
            Tensor grads = gradient("integratedGradients", model, Tensor.cat(0, points), target);
            Tensor weighted = grads.reshape(count, -1).mul(Tensor.fromArray(weights, new int[]{count, 1}, input.device()));
            Tensor summed = weighted.reshape(concat(new int[]{count, n}, sample)).sum(0, false);
            total = total == null ? summed : total.add(summed);
        }
        Tensor values = total.mul(difference);
        Tensor delta;
        try (var off = Autograd.noGrad()) {
            Tensor fx = targetOutput("integratedGradients", model.call(input), target, n);
            Tensor fb = targetOutput("integratedGradients", model.call(base.expand(input.shape()).contiguous()), target, n);
            delta = values.reshape(n, -1).sum(1, false).sub(fx.sub(fb));
        }
        return new Attributions(values, delta);
    }

    /**
     * Integrated gradients with Captum's defaults: from a baseline of zeros, in 50 steps
     * ({@code IntegratedGradients(model).attribute(x, target=target, return_convergence_delta=True)}).
     */
    public static Attributions integratedGradients(Module model, Tensor x, int target) {
        return integratedGradients(model, x, target, null, 50);
    }

    /**
     * Grad-CAM at the module {@code layerPath}: the layer's output feature maps {@code [N, C, h, w]}
     * weighted by the mean gradient of {@code out[:, target]} over each map, summed over the
     * channels, through a ReLU, then resized bilinearly to the input's {@code H, W}: Captum's
     * {@code LayerGradCam(model, layer).attribute(x, target, relu_attributions=True)} followed by
     * {@code LayerAttribution.interpolate(cam, (H, W), "bilinear")} (align_corners false).
     * Returns {@code [N, H, W]} for an input {@code [N, C, H, W]}.
     */
    public static Tensor gradCam(Module model, String layerPath, Tensor x, int target) {
        checkInput("gradCam", model, x, 1);
        if (x.dim() != 4) {
            throw new IllegalArgumentException("Attribution.gradCam: expected images [N, C, H, W], got " + Shape.str(x.shape()));
        }
        Module layer = layer(model, layerPath);
        Tensor[] seen = new Tensor[1];
        int[] calls = new int[1];
        Tensor grads;
        try (var on = Autograd.enableGrad()) {
            Tensor output;
            try (HookHandle hook = layer.registerForwardHook((m, in, out) -> {
                seen[0] = out;
                calls[0]++;
                return null;
            })) {
                output = model.call(x.detach().requiresGrad(true));
            }
            if (calls[0] != 1) {
                throw new IllegalArgumentException("Attribution.gradCam: expected layer \"" + layerPath + "\" to run once in the "
                        + "model's forward, it ran " + calls[0] + " times");
            }
            if (seen[0].dim() != 4) {
                throw new IllegalArgumentException("Attribution.gradCam: expected layer \"" + layerPath + "\" to output feature "
                        + "maps [N, C, h, w], got " + Shape.str(seen[0].shape()));
            }
            Tensor picked = targetOutput("gradCam", output, target, x.size(0));
            grads = Autograd.grad(picked.sum(), seen[0]).get(0);
        }
        Tensor maps = seen[0];
        Tensor channelWeights = grads.mean(3, true).mean(2, true);
        Tensor cam = channelWeights.mul(maps.detach()).sum(1, true).relu();
        return F.interpolate(cam, new int[]{x.size(2), x.size(3)}, "bilinear", false).squeeze(1);
    }

    /**
     * Occlusion: slides a window of zeros over each sample and records how much
     * {@code out[:, target]} drops, as Captum's {@code Occlusion(model).attribute(x,
     * sliding_window_shapes=window, strides=stride, baselines=0, target=target)}. Each element's
     * attribution is the mean drop over the windows that covered it. {@code window} and
     * {@code stride} have one size per dim of a sample ({@code {1, 3, 3}} for {@code [N, 1, H, W]});
     * windows that run past the border are cropped. Returns a tensor shaped like {@code x}.
     */
    public static Tensor occlusion(Module model, Tensor x, int target, int[] window, int[] stride) {
        checkInput("occlusion", model, x, 1);
        Tensor input = x.detach();
        int n = input.size(0);
        int[] sampleShape = Arrays.copyOfRange(input.shape(), 1, input.dim());
        OcclusionWindows windows = new OcclusionWindows(sampleShape, window, stride);
        int size = windows.sampleSize;
        int perForward = (int) Math.max(1, Math.min(windows.count, ELEMENTS_PER_FORWARD / Math.max(1, input.numel())));
        float[] covered = new float[size];
        Tensor total;
        try (var off = Autograd.noGrad()) {
            Tensor initial = targetOutput("occlusion", model.call(input), target, n).reshape(1, n);
            total = Tensor.zeros(n, size).to(input.device());
            for (int first = 0; first < windows.count; first += perForward) {
                int count = Math.min(perForward, windows.count - first);
                float[] masks = new float[count * size];
                for (int k = 0; k < count; k++) windows.mask(first + k, masks, k * size);
                for (int i = 0; i < masks.length; i++) covered[i % size] += masks[i];
                Tensor mask = Tensor.fromArray(masks, new int[]{count, size}, input.device());
                // every window of this round over every sample: [count, N, ...] as one batch [count * N, ...]
                Tensor keep = mask.neg().add(1f).reshape(concat(new int[]{count, 1}, sampleShape));
                Tensor occluded = input.unsqueeze(0).mul(keep).reshape(concat(new int[]{count * n}, sampleShape));
                Tensor drop = initial.sub(targetOutput("occlusion", model.call(occluded), target, count * n).reshape(count, n));
                total = total.add(drop.transpose(0, 1).matmul(mask));
            }
        }
        return total.div(Tensor.fromArray(covered, new int[]{size}, input.device())).reshape(input.shape());
    }

    /**
     * Occlusion with a stride of 1 in every dim, Captum's default
     * ({@code Occlusion(model).attribute(x, sliding_window_shapes=window, target=target)}).
     */
    public static Tensor occlusion(Module model, Tensor x, int target, int[] window) {
        int[] stride = window == null ? null : new int[window.length];
        if (stride != null) Arrays.fill(stride, 1);
        return occlusion(model, x, target, window, stride);
    }

    // ------------------------------------------------------------------ shared steps

    /** d sum_n out[n, target] / d input, for an input without history. */
    private static Tensor gradient(String method, Module model, Tensor input, int target) {
        Tensor leaf = input.requiresGrad(true);
        try (var on = Autograd.enableGrad()) {
            Tensor picked = targetOutput(method, model.call(leaf), target, input.size(0));
            return Autograd.grad(picked.sum(), leaf).get(0);
        }
    }

    /** out[:, target] as [N], after checking that the model gave one row of class scores per sample. */
    private static Tensor targetOutput(String method, Tensor out, int target, int n) {
        if (out.dim() != 2 || out.size(0) != n) {
            throw new IllegalArgumentException("Attribution." + method + ": expected the model to output [" + n
                    + ", classes] (one row per sample), got " + Shape.str(out.shape()));
        }
        if (target < 0 || target >= out.size(1)) {
            throw new IllegalArgumentException("Attribution." + method + ": expected a target class in [0, " + out.size(1)
                    + ") for the model's output " + Shape.str(out.shape()) + ", got " + target);
        }
        return out.narrow(1, target, 1).reshape(n);
    }

    private static void checkInput(String method, Module model, Tensor x, int minDims) {
        if (model == null) throw new IllegalArgumentException("Attribution." + method + ": expected a model, got null");
        if (x == null || x.dim() < minDims || x.size(0) == 0) {
            throw new IllegalArgumentException("Attribution." + method + ": expected an input batch [N, ...] with N > 0, got "
                    + (x == null ? "null" : Shape.str(x.shape())));
        }
    }

    private static Tensor baseline(Tensor input, Tensor baseline) {
        if (baseline == null) return Tensor.zeros(input.shape()).to(input.device());
        int[] one = input.shape().clone();
        one[0] = 1;
        if (!Arrays.equals(baseline.shape(), input.shape()) && !Arrays.equals(baseline.shape(), one)) {
            throw new IllegalArgumentException("Attribution.integratedGradients: expected a baseline shaped like the input "
                    + Shape.str(input.shape()) + " or one sample " + Shape.str(one) + ", got " + Shape.str(baseline.shape()));
        }
        return baseline.detach();
    }

    private static Module layer(Module model, String layerPath) {
        if (layerPath == null) throw new IllegalArgumentException("Attribution.gradCam: expected a layer path such as \"features.3\", got null");
        try {
            return model.get(layerPath);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Attribution.gradCam: no layer \"" + layerPath + "\" in the model: " + e.getMessage(), e);
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

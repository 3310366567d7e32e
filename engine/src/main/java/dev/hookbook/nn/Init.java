package dev.hookbook.nn;

import dev.hookbook.tensor.Generator;
import dev.hookbook.tensor.Tensor;

import java.util.Random;

/**
 * Initialisation in place, with PyTorch's formulas (the trailing underscore marks in-place, as
 * in {@code torch.nn.init}). Random values come from the global generator.
 */
public final class Init {
    private Init() {}

    /** U(-bound, bound) with bound = gain * sqrt(3 / fan_in), gain = sqrt(2 / (1 + a^2)) (leaky ReLU gain). */
    public static Tensor kaimingUniform_(Tensor t, float a) {
        double gain = Math.sqrt(2.0 / (1 + a * a));
        double bound = gain * Math.sqrt(3.0 / fanIn(t));
        return uniform_(t, (float) -bound, (float) bound);
    }

    /** U(-b, b) with b = sqrt(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t) {
        double bound = Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform_(t, (float) -bound, (float) bound);
    }

    public static Tensor uniform_(Tensor t, float low, float high) {
        float[] v = new float[(int) t.numel()];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < v.length; i++) v[i] = low + (high - low) * r.nextFloat();
        }
        return fill(t, v);
    }

    public static Tensor normal_(Tensor t, float mean, float std) {
        float[] v = new float[(int) t.numel()];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < v.length; i++) v[i] = mean + std * (float) r.nextGaussian();
        }
        return fill(t, v);
    }

    public static Tensor normal_(Tensor t) {
        return normal_(t, 0f, 1f);
    }

    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0f);
    }

    public static Tensor ones_(Tensor t) {
        return constant_(t, 1f);
    }

    public static Tensor constant_(Tensor t, float value) {
        t.assign(t.constant(value));
        return t;
    }

    private static Tensor fill(Tensor t, float[] values) {
        t.assign(Tensor.of(values, t.shape()).to(t.device()));
        return t;
    }

    /** Inputs per output unit: dim 1 times the receptive field (kh * kw for a conv weight). */
    static int fanIn(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("fan in cannot be computed for a tensor with fewer than 2 dims (shape "
                    + java.util.Arrays.toString(t.shape()) + ")");
        }
        return t.shape()[1] * receptiveField(t);
    }

    static int fanOut(Tensor t) {
        return t.shape()[0] * receptiveField(t);
    }

    private static int receptiveField(Tensor t) {
        int r = 1;
        for (int i = 2; i < t.dim(); i++) r *= t.shape()[i];
        return r;
    }
}

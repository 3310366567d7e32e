package dev.hookbook.ops;

import dev.hookbook.tensor.Backend;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

import static dev.hookbook.autograd.Graph.record;

/**
 * Resizing the spatial dims of [N, C, L] and [N, C, H, W] tensors, as
 * {@code torch.nn.functional.interpolate} with modes {@code nearest}, {@code linear} and
 * {@code bilinear}, with PyTorch 1.13's index arithmetic (UpSample.h): which input positions
 * each output position reads, and with what weights.
 *
 * <p>Both modes are separable: the op resamples the last dim, then the one before, each step
 * reading one or two positions along that dim ({@code gather}) and weighting them. Bilinear
 * thus computes {@code h0 * (w0 * x00 + w1 * x01) + h1 * (w0 * x10 + w1 * x11)}, PyTorch's own
 * order. The op is linear in x, so its backward is the adjoint (a scatter-add of the weighted
 * gradients), recorded as an op of its own whose backward is the forward again: gradients of
 * gradients need nothing more.
 */
public final class Resampling {
    private Resampling() {}

    /** The interpolation modes, by PyTorch's names. */
    public enum Mode {
        /** Each output reads the input at {@code floor(out * in_size / out_size)}, PyTorch's {@code nearest}. */
        NEAREST("nearest"),
        /** Linear interpolation along L of [N, C, L], PyTorch's {@code linear}. */
        LINEAR("linear"),
        /** Linear interpolation along H and W of [N, C, H, W], PyTorch's {@code bilinear}. */
        BILINEAR("bilinear");

        private final String torchName;

        Mode(String torchName) {
            this.torchName = torchName;
        }

        /** PyTorch's name of the mode, as F.interpolate takes it. */
        public String torchName() {
            return torchName;
        }

        /** The mode PyTorch calls {@code name} ("nearest", "linear", "bilinear"). */
        public static Mode of(String name) {
            for (Mode m : values()) if (m.torchName.equals(name)) return m;
            throw new IllegalArgumentException("interpolate: expected mode nearest, linear or bilinear, got '" + name + "'");
        }
    }

    /**
     * One resampled dim: output position o reads input positions {@code i0[o]} and {@code i1[o]}
     * with weights {@code w0[o]} and {@code w1[o]} (nearest: {@code i0} only, w0 and w1 null).
     * IndexChecks are floats, as the engine's index tensors.
     */
    private record Axis(int dim, int inSize, int outSize, float[] i0, float[] i1, float[] w0, float[] w1) {
        boolean nearest() {
            return w0 == null;
        }
    }

    /**
     * x resized to {@code size} (one size per spatial dim, or one for all), as
     * {@code F.interpolate(x, size=size, mode=mode, align_corners=alignCorners)}.
     * {@code alignCorners} is null for PyTorch's default (false); nearest takes none.
     */
    public static Tensor interpolate(Tensor x, int[] size, Mode mode, Boolean alignCorners) {
        int spatial = spatialDims(x, mode, alignCorners);
        if (size == null || (size.length != spatial && size.length != 1)) {
            throw new IllegalArgumentException("interpolate: expected " + spatial + " output sizes for input " + Shape.str(x.shape())
                    + ", got " + (size == null ? "none" : Arrays.toString(size)));
        }
        int[] out = new int[spatial];
        for (int i = 0; i < spatial; i++) {
            out[i] = size.length == 1 ? size[0] : size[i];
            if (out[i] <= 0) {
                throw new IllegalArgumentException("interpolate: expected output sizes greater than 0, got " + Arrays.toString(size)
                        + " for input " + Shape.str(x.shape()));
            }
        }
        return resample(x, out, null, mode, alignCorners != null && alignCorners);
    }

    /**
     * x resized by {@code scaleFactor} (one per spatial dim, or one for all), as
     * {@code F.interpolate(x, scale_factor=scaleFactor, mode=mode, align_corners=alignCorners)}
     * with PyTorch's default {@code recompute_scale_factor=None}: each output size is
     * {@code floor(in_size * scale)}, and the index mapping uses the given scale
     * ({@code 1 / scale}), not {@code in_size / out_size}.
     */
    public static Tensor interpolate(Tensor x, float[] scaleFactor, Mode mode, Boolean alignCorners) {
        int spatial = spatialDims(x, mode, alignCorners);
        if (scaleFactor == null || (scaleFactor.length != spatial && scaleFactor.length != 1)) {
            throw new IllegalArgumentException("interpolate: expected " + spatial + " scale factors for input " + Shape.str(x.shape())
                    + ", got " + (scaleFactor == null ? "none" : Arrays.toString(scaleFactor)));
        }
        int[] out = new int[spatial];
        double[] scales = new double[spatial];
        for (int i = 0; i < spatial; i++) {
            scales[i] = scaleFactor.length == 1 ? scaleFactor[0] : scaleFactor[i];
            out[i] = (int) (x.size(2 + i) * scales[i]);
            if (!(scales[i] > 0) || out[i] <= 0) {
                throw new IllegalArgumentException("interpolate: expected scale factors giving output sizes greater than 0, got "
                        + Arrays.toString(scaleFactor) + " for input " + Shape.str(x.shape()));
            }
        }
        return resample(x, out, scales, mode, alignCorners != null && alignCorners);
    }

    /** Checks x's rank against the mode and returns the number of spatial dims. */
    private static int spatialDims(Tensor x, Mode mode, Boolean alignCorners) {
        if (mode == Mode.NEAREST && alignCorners != null) {
            throw new IllegalArgumentException("interpolate: align_corners can only be set with the interpolating modes linear and bilinear, got mode nearest");
        }
        int rank = x.dim();
        boolean fits = switch (mode) {
            case NEAREST -> rank == 3 || rank == 4;
            case LINEAR -> rank == 3;
            case BILINEAR -> rank == 4;
        };
        if (!fits) {
            String expected = mode == Mode.NEAREST ? "a 3-D [N, C, L] or 4-D [N, C, H, W]" : mode == Mode.LINEAR ? "a 3-D [N, C, L]" : "a 4-D [N, C, H, W]";
            throw new IllegalArgumentException("interpolate: mode " + mode.torchName() + " expects " + expected + " input, got shape "
                    + Shape.str(x.shape()));
        }
        return rank - 2;
    }

    private static Tensor resample(Tensor x, int[] outSizes, double[] scales, Mode mode, boolean alignCorners) {
        return resampled(opName(mode, outSizes.length), x, axes(x, outSizes, scales, mode, alignCorners));
    }

    /**
     * What the backward of {@code interpolate(x, size, mode, alignCorners)} computes from the
     * output gradient g, as the recorded op it is (its own backward being the forward): for
     * tests of gradients of gradients.
     */
    static Tensor interpolateBackward(Tensor x, int[] size, Mode mode, boolean alignCorners, Tensor g) {
        return adjoint(opName(mode, size.length), g, x.shape(), axes(x, size, null, mode, alignCorners));
    }

    private static String opName(Mode mode, int spatial) {
        return switch (mode) {
            case NEAREST -> spatial == 1 ? "UpsampleNearest1d" : "UpsampleNearest2d";
            case LINEAR -> "UpsampleLinear1d";
            case BILINEAR -> "UpsampleBilinear2d";
        };
    }

    private static Axis[] axes(Tensor x, int[] outSizes, double[] scales, Mode mode, boolean alignCorners) {
        int spatial = outSizes.length;
        // The last dim first: PyTorch weights the inner (W) pair first, then the outer (H) one.
        Axis[] axes = new Axis[spatial];
        for (int i = spatial - 1, a = 0; i >= 0; i--, a++) {
            int dim = 2 + i, in = x.size(dim);
            double scale = scales == null ? 0 : scales[i];
            axes[a] = mode == Mode.NEAREST ? nearestAxis(dim, in, outSizes[i], scale) : linearAxis(dim, in, outSizes[i], scale, alignCorners);
        }
        return axes;
    }

    /** The recorded resampling of x along {@code axes}, in their order. */
    private static Tensor resampled(String name, Tensor x, Axis[] axes) {
        Backend be = x.device().backend();
        Tensor y = x;
        for (Axis a : axes) {
            Tensor next = along(be, y, a);
            if (y != x) be.release(y);
            y = next;
        }
        int[] inShape = x.shape();
        return record(name, y, List.of(), g -> new Tensor[]{adjoint(name, g, inShape, axes)}, x);
    }

    /**
     * The gradient of {@link #resampled} for an input of {@code inShape}: g's values added back
     * to the positions they were read from, with their weights, the axes in reverse order. A
     * recorded op whose backward is the resampling again (the adjoint of the adjoint).
     */
    private static Tensor adjoint(String name, Tensor g, int[] inShape, Axis[] axes) {
        Backend be = g.device().backend();
        Tensor y = g;
        for (int i = axes.length - 1; i >= 0; i--) {
            Tensor next = back(be, y, axes[i]);
            if (y != g) be.release(y);
            y = next;
        }
        if (!Arrays.equals(y.shape(), inShape)) throw new IllegalStateException(name + ": adjoint shape " + Shape.str(y.shape()));
        return record(name + "Backward", y, List.of(), gg -> new Tensor[]{resampled(name, gg, axes)}, g);
    }

    /** y resampled along one axis: {@code y[i0] * w0 + y[i1] * w1} along its dim (nearest: {@code y[i0]}). */
    private static Tensor along(Backend be, Tensor y, Axis a) {
        int[] shape = y.shape();
        shape[a.dim] = a.outSize;
        Tensor v0 = be.gather(y, a.dim, spread(a.i0, shape, a.dim, y));
        if (a.nearest()) return v0;
        Tensor v1 = be.gather(y, a.dim, spread(a.i1, shape, a.dim, y));
        Tensor p0 = be.binary(BinaryOp.MUL, v0, weights(a.w0, shape.length, a.dim, y));
        Tensor p1 = be.binary(BinaryOp.MUL, v1, weights(a.w1, shape.length, a.dim, y));
        Tensor out = be.binary(BinaryOp.ADD, p0, p1);
        for (Tensor t : new Tensor[]{v0, v1, p0, p1}) be.release(t);
        return out;
    }

    /** The adjoint of {@link #along}: g's values, weighted, added at the input positions they were read from. */
    private static Tensor back(Backend be, Tensor g, Axis a) {
        int[] shape = g.shape(), target = g.shape();
        target[a.dim] = a.inSize;
        if (a.nearest()) return be.scatterAdd(target, a.dim, spread(a.i0, shape, a.dim, g), g);
        Tensor p0 = be.binary(BinaryOp.MUL, g, weights(a.w0, shape.length, a.dim, g));
        Tensor p1 = be.binary(BinaryOp.MUL, g, weights(a.w1, shape.length, a.dim, g));
        Tensor s0 = be.scatterAdd(target, a.dim, spread(a.i0, shape, a.dim, g), p0);
        Tensor s1 = be.scatterAdd(target, a.dim, spread(a.i1, shape, a.dim, g), p1);
        Tensor out = be.binary(BinaryOp.ADD, s0, s1);
        for (Tensor t : new Tensor[]{p0, p1, s0, s1}) be.release(t);
        return out;
    }

    /** The per-position indices read as a tensor of {@code shape} that varies along dim only (on like's device). */
    private static Tensor spread(float[] index, int[] shape, int dim, Tensor like) {
        Tensor t = Tensor.fromArray(index, new int[]{index.length}, like.device());
        int[] strides = new int[shape.length];
        strides[dim] = 1;
        return UnrecordedViews.as(t, shape, strides, 0);
    }

    /** The per-position weights as a tensor of rank {@code rank}, all sizes 1 but dim's (broadcast in the product). */
    private static Tensor weights(float[] w, int rank, int dim, Tensor like) {
        int[] shape = new int[rank];
        Arrays.fill(shape, 1);
        shape[dim] = w.length;
        return Tensor.fromArray(w, shape, like.device());
    }

    // ---------------------------------------------------------------- PyTorch 1.13's index arithmetic (UpSample.h)

    /**
     * {@code compute_scales_value}: 1 / scale when a scale factor was given, else in / out,
     * in float.
     */
    private static float scaleValue(double scale, int in, int out) {
        return scale > 0 ? (float) (1.0 / scale) : (float) in / out;
    }

    /** {@code nearest_idx}: sizes equal or doubled are exact; otherwise {@code min(floor(o * scale), in - 1)}. */
    private static Axis nearestAxis(int dim, int in, int out, double scale) {
        float[] i0 = new float[out];
        float s = scaleValue(scale, in, out);
        for (int o = 0; o < out; o++) {
            int src;
            if (out == in) src = o;
            else if (out == 2 * in) src = o >> 1;
            else src = Math.min((int) Math.floor(o * s), in - 1);
            i0[o] = src;
        }
        return new Axis(dim, in, out, i0, null, null, null);
    }

    /**
     * {@code area_pixel_compute_scale} and {@code compute_source_index_and_lambda}: the source
     * position {@code scale * o} (align corners) or {@code scale * (o + 0.5) - 0.5} clamped at 0,
     * its floor and the next position (the last one repeats), and the weights of the two.
     */
    private static Axis linearAxis(int dim, int in, int out, double scale, boolean alignCorners) {
        float[] i0 = new float[out], i1 = new float[out], w0 = new float[out], w1 = new float[out];
        float ratio = alignCorners ? (out > 1 ? (float) (in - 1) / (out - 1) : 0f) : scaleValue(scale, in, out);
        for (int o = 0; o < out; o++) {
            if (out == in) {
                i0[o] = o;
                i1[o] = o;
                w0[o] = 1f;
                w1[o] = 0f;
                continue;
            }
            float real;
            if (alignCorners) {
                real = ratio * o;
            } else {
                real = (float) (ratio * (o + 0.5) - 0.5); // o + 0.5 is a double in PyTorch's source too
                if (real < 0) real = 0f;
            }
            int lo = (int) real;
            int hi = lo + (lo < in - 1 ? 1 : 0);
            float lambda1 = Math.min(Math.max(real - lo, 0f), 1f);
            i0[o] = lo;
            i1[o] = hi;
            w1[o] = lambda1;
            w0[o] = 1f - lambda1;
        }
        return new Axis(dim, in, out, i0, i1, w0, w1);
    }
}

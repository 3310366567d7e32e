package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;

/**
 * Convolution as a matrix product: {@code unfold} copies every kh x kw patch of an image into a
 * column, so that a convolution is weights [out, C*kh*kw] times columns [C*kh*kw, oh*ow];
 * {@code fold} is its adjoint, summing columns back into the image for the gradient.
 */
final class Im2Col {
    private Im2Col() {}

    static void unfold(float[] x, float[] cols, Window2d g) {
        int batch = g.n(), channels = g.channels(), h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw();
        int stride = g.stride(), pad = g.padding(), oh = g.outH(), ow = g.outW();
        int rowsPerImage = channels * kh * kw, l = oh * ow;
        Parallel.forRange(batch * channels, Parallel.unitsPerTask((long) kh * kw * l), (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int img = nc / channels, c = nc % channels;
                int src = nc * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int dst = (img * rowsPerImage + (c * kh + ki) * kw + kj) * l;
                        if (stride == 1 && ow == w) {
                            unfoldShiftedPlane(x, src, cols, dst, h, w, oh, ki - pad, kj - pad);
                            continue;
                        }
                        int lo = firstInside(pad - kj, stride), hi = endInside(w + pad - kj, stride, ow);
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride - pad + ki;
                            int d = dst + oy * ow;
                            if (iy < 0 || iy >= h) continue; // stays zero: padding
                            int rowStart = src + iy * w - pad + kj;
                            if (stride == 1) {
                                copy(x, rowStart + lo, cols, d + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) cols[d + ox] = x[rowStart + ox * stride];
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * One window offset of a stride-1 convolution whose output is as wide as its input (a "same"
     * convolution): output element i of the plane reads input element i + dy * w + dx, so all
     * output rows that fall inside the image are one run of the input plane, copied at once
     * (images of a few pixels have rows too short for a copy each). The elements at the left or
     * right edge that the run took from the neighbouring row are padding, zeroed after. The
     * output plane is zero to begin with.
     */
    private static void unfoldShiftedPlane(float[] x, int src, float[] cols, int dst, int h, int w, int oh, int dy, int dx) {
        int oyLo = Math.max(0, -dy), oyHi = Math.min(oh, h - dy);
        if (oyHi <= oyLo) return;
        int shift = dy * w + dx;
        int readFrom = Math.max(0, oyLo * w + shift), readTo = Math.min(h * w, oyHi * w + shift);
        if (readTo > readFrom) copy(x, src + readFrom, cols, dst + readFrom - shift, readTo - readFrom);
        int zeroFrom = dx < 0 ? 0 : Math.max(0, w - dx), zeroTo = dx < 0 ? Math.min(w, -dx) : w;
        for (int oy = oyLo; oy < oyHi; oy++) {
            for (int ox = zeroFrom; ox < zeroTo; ox++) cols[dst + oy * w + ox] = 0f;
        }
    }

    static void fold(float[] cols, float[] x, Window2d g) {
        int batch = g.n(), channels = g.channels(), h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw();
        int stride = g.stride(), pad = g.padding(), oh = g.outH(), ow = g.outW();
        int rowsPerImage = channels * kh * kw, l = oh * ow;
        // Each (image, channel) plane is written by one task only, so tasks never collide.
        Parallel.forRange(batch * channels, Parallel.unitsPerTask((long) kh * kw * l), (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int img = nc / channels, c = nc % channels;
                int dstPlane = nc * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int src = (img * rowsPerImage + (c * kh + ki) * kw + kj) * l;
                        int lo = firstInside(pad - kj, stride), hi = endInside(w + pad - kj, stride, ow);
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride - pad + ki;
                            if (iy < 0 || iy >= h) continue;
                            int rowStart = dstPlane + iy * w - pad + kj, s = src + oy * ow;
                            if (stride == 1) {
                                if (hi > lo) BinaryKernels.accumulate(cols, s + lo, x, rowStart + lo, hi - lo);
                            } else {
                                for (int ox = lo; ox < hi; ox++) x[rowStart + ox * stride] += cols[s + ox];
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Copies n floats. The rows of small images are a few floats long, where System.arraycopy's
     * fixed cost (a call and checks, some 10 ns) is more than the copy; longer rows use it.
     */
    private static void copy(float[] from, int f, float[] to, int t, int n) {
        if (n >= 32) {
            System.arraycopy(from, f, to, t, n);
            return;
        }
        for (int i = 0; i < n; i++) to[t + i] = from[f + i];
    }

    // Along a row, output column ox reads input column ox * stride - pad + kj; these bound the
    // columns that land inside the image, so the loops need no test per element.

    /** The first ox with ox * stride >= before (before = pad - kj). */
    private static int firstInside(int before, int stride) {
        return before <= 0 ? 0 : (before + stride - 1) / stride;
    }

    /** One past the last ox (at most ow) with ox * stride < limit (limit = w + pad - kj). */
    private static int endInside(int limit, int stride, int ow) {
        return limit <= 0 ? 0 : Math.min(ow, (limit + stride - 1) / stride);
    }
}

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
        Parallel.forRange(batch * channels, 1, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int img = nc / channels, c = nc % channels;
                int src = nc * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int dst = (img * rowsPerImage + (c * kh + ki) * kw + kj) * l;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride - pad + ki;
                            int d = dst + oy * ow;
                            if (iy < 0 || iy >= h) continue; // stays zero: padding
                            int rowStart = src + iy * w;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * stride - pad + kj;
                                if (ix >= 0 && ix < w) cols[d + ox] = x[rowStart + ix];
                            }
                        }
                    }
                }
            }
        });
    }

    static void fold(float[] cols, float[] x, Window2d g) {
        int batch = g.n(), channels = g.channels(), h = g.h(), w = g.w(), kh = g.kh(), kw = g.kw();
        int stride = g.stride(), pad = g.padding(), oh = g.outH(), ow = g.outW();
        int rowsPerImage = channels * kh * kw, l = oh * ow;
        // Each (image, channel) plane is written by one task only, so tasks never collide.
        Parallel.forRange(batch * channels, 1, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int img = nc / channels, c = nc % channels;
                int dstPlane = nc * h * w;
                for (int ki = 0; ki < kh; ki++) {
                    for (int kj = 0; kj < kw; kj++) {
                        int src = (img * rowsPerImage + (c * kh + ki) * kw + kj) * l;
                        for (int oy = 0; oy < oh; oy++) {
                            int iy = oy * stride - pad + ki;
                            if (iy < 0 || iy >= h) continue;
                            int rowStart = dstPlane + iy * w, s = src + oy * ow;
                            for (int ox = 0; ox < ow; ox++) {
                                int ix = ox * stride - pad + kj;
                                if (ix >= 0 && ix < w) x[rowStart + ix] += cols[s + ox];
                            }
                        }
                    }
                }
            }
        });
    }
}

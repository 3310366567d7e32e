package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.AlongDim;
import dev.hookbook.tensor.Shape;

/**
 * Kernels that read or write at positions an index tensor gives (gather and its adjoint
 * scatter-add), the three-way select behind {@code where}, and top-k. Operands are arrays with
 * an offset and strides (0 where broadcast); outputs are contiguous. Index values are integral
 * and in range: the ops check that before a kernel runs.
 */
final class IndexKernels {
    private IndexKernels() {}

    /** {@code out[p] = x[p with p[dim] = idx[p]]} over {@code shape}, the index's shape (rank >= 1). */
    static void gather(float[] x, int xOff, int[] xStrides, int dim, float[] idx, int idxOff, int[] idxStrides,
                       int[] shape, float[] out) {
        int last = shape.length - 1;
        int[] xs = xStrides.clone();
        int dimStride = xs[dim];
        xs[dim] = 0; // the index value, not the position, says where along dim to read
        int xStep = xs[last], iStep = idxStrides[last];
        Strided.rows(shape, new int[][]{Shape.contiguousStrides(shape), idxStrides, xs}, new int[]{0, idxOff, xOff}, (off, n) -> {
            for (int i = 0; i < n; i++) out[off[0] + i] = x[off[2] + i * xStep + (int) idx[off[1] + i * iStep] * dimStride];
        });
    }

    /**
     * {@code out[p with p[dim] = idx[p]] += src[p]} over {@code shape}, the index's (and src's)
     * shape; out is contiguous, of {@code outShape}, and zero to start with. Row-major order, so
     * the values landing on one element are added in increasing order along dim.
     */
    static void scatterAdd(float[] out, int[] outShape, int dim, float[] idx, int idxOff, int[] idxStrides,
                           float[] src, int srcOff, int[] srcStrides, int[] shape) {
        scatterInto(out, outShape, dim, idx, idxOff, idxStrides, src, srcOff, srcStrides, shape, true);
    }

    /**
     * The walk behind scatter and scatter-add: {@code src[p]} written ({@code accumulate} false) or
     * added to {@code out[p with p[dim] = idx[p]]} over {@code shape}, in row-major order.
     */
    static void scatterInto(float[] out, int[] outShape, int dim, float[] idx, int idxOff, int[] idxStrides,
                            float[] src, int srcOff, int[] srcStrides, int[] shape, boolean accumulate) {
        int last = shape.length - 1;
        int[] os = Shape.contiguousStrides(outShape);
        int dimStride = os[dim];
        os[dim] = 0; // the index value, not the position, says where along dim to write
        int oStep = os[last], iStep = idxStrides[last], sStep = srcStrides[last];
        Strided.rows(shape, new int[][]{os, idxStrides, srcStrides}, new int[]{0, idxOff, srcOff}, (off, n) -> {
            for (int i = 0; i < n; i++) {
                int at = off[0] + i * oStep + (int) idx[off[1] + i * iStep] * dimStride;
                float v = src[off[2] + i * sStep];
                out[at] = accumulate ? out[at] + v : v;
            }
        });
    }

    /** {@code out = c != 0 ? a : b} over {@code shape} (rank >= 1), each operand read through its strides. */
    static void where(float[] c, int cOff, int[] cs, float[] a, int aOff, int[] as, float[] b, int bOff, int[] bs,
                      int[] shape, float[] out) {
        int last = shape.length - 1;
        int cStep = cs[last], aStep = as[last], bStep = bs[last];
        Strided.rows(shape, new int[][]{Shape.contiguousStrides(shape), cs, as, bs}, new int[]{0, cOff, aOff, bOff}, (off, n) -> {
            for (int i = 0; i < n; i++) {
                out[off[0] + i] = c[off[1] + i * cStep] != 0f ? a[off[2] + i * aStep] : b[off[3] + i * bStep];
            }
        });
    }

    /**
     * The k first elements along each line of {@code along} in the order of {@link #before},
     * by k passes of selection: each pass takes the first element after the previous one. The
     * OpenCL kernel runs the same passes, so both devices pick the same elements.
     */
    static void topk(float[] x, AlongDim along, int k, float[] values, float[] indices) {
        int size = along.size(), inner = along.inner();
        for (int o = 0; o < along.outer(); o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * size * inner + in, outBase = o * k * inner + in;
                float prev = 0f;
                int prevIndex = -1;
                for (int r = 0; r < k; r++) {
                    int best = -1;
                    float bestValue = 0f;
                    for (int j = 0; j < size; j++) {
                        float v = x[base + j * inner];
                        if (prevIndex >= 0 && !before(prev, prevIndex, v, j)) continue;
                        if (best < 0 || before(v, j, bestValue, best)) {
                            best = j;
                            bestValue = v;
                        }
                    }
                    values[outBase + r * inner] = bestValue;
                    indices[outBase + r * inner] = best;
                    prev = bestValue;
                    prevIndex = best;
                }
            }
        }
    }

    /** Whether (a, ia) comes before (b, ib) in top-k order: larger first, NaN before numbers, lower index on ties. */
    static boolean before(float a, int ia, float b, int ib) {
        boolean an = Float.isNaN(a), bn = Float.isNaN(b);
        if (an != bn) return an;
        if (!an && a != b) return a > b;
        return ia < ib;
    }
}

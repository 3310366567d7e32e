package dev.hookbook.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-row loops of {@link BatchNormKernels} in explicit SIMD (a row is one image's plane of
 * one channel, at an offset, which the JIT does not vectorise by itself). A row's sums run in
 * float lanes and then move into the channel's double sums, as in {@link VectorRows};
 * element-wise expressions keep the plain loops' order. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class VectorBatchNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorBatchNorm() {}

    /** y = (x - m) * s * w + b over x[off .. off + n), or (x - m) * s without the affine part. */
    static void normalise(float[] x, float[] y, int off, int n, float m, float s, boolean affine, float w, float b) {
        FloatVector vm = FloatVector.broadcast(S, m), vs = FloatVector.broadcast(S, s);
        FloatVector vw = FloatVector.broadcast(S, w), vb = FloatVector.broadcast(S, b);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).sub(vm).mul(vs);
            if (affine) v = v.mul(vw).add(vb);
            v.intoArray(y, off + i);
        }
        for (; i < n; i++) {
            float v = (x[off + i] - m) * s;
            y[off + i] = affine ? v * w + b : v;
        }
    }

    /** Adds the row's sum of g to sums[0] and of g * (x - m) * s to sums[1]. */
    static void gradSums(float[] g, float[] x, int off, int n, float m, float s, double[] sums) {
        FloatVector vm = FloatVector.broadcast(S, m), vs = FloatVector.broadcast(S, s);
        FloatVector sg = FloatVector.zero(S), sgx = sg;
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector gv = FloatVector.fromArray(S, g, off + i);
            sg = sg.add(gv);
            sgx = sgx.add(gv.mul(FloatVector.fromArray(S, x, off + i).sub(vm).mul(vs)));
        }
        double a = LaneSums.inLaneOrder(sg), b = LaneSums.inLaneOrder(sgx);
        for (; i < n; i++) {
            a += g[off + i];
            b += g[off + i] * ((x[off + i] - m) * s);
        }
        sums[0] += a;
        sums[1] += b;
    }

    /** gx = (g * count - sumOfG - (x - m) * s * sumOfGxHat) * perValue over one row: the training-mode input gradient. */
    static void inputGrad(float[] g, float[] x, float[] gx, int off, int n, float m, float s,
                          float count, float sumOfG, float sumOfGxHat, float perValue) {
        FloatVector vm = FloatVector.broadcast(S, m), vs = FloatVector.broadcast(S, s), vc = FloatVector.broadcast(S, count);
        FloatVector vg = FloatVector.broadcast(S, sumOfG), vgx = FloatVector.broadcast(S, sumOfGxHat);
        FloatVector vp = FloatVector.broadcast(S, perValue);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector xHat = FloatVector.fromArray(S, x, off + i).sub(vm).mul(vs);
            FloatVector.fromArray(S, g, off + i).mul(vc).sub(vg).sub(xHat.mul(vgx)).mul(vp).intoArray(gx, off + i);
        }
        for (; i < n; i++) {
            float xHat = (x[off + i] - m) * s;
            gx[off + i] = (g[off + i] * count - sumOfG - xHat * sumOfGxHat) * perValue;
        }
    }
}

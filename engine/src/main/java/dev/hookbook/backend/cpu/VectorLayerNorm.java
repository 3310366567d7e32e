package dev.hookbook.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The per-row loops of {@link LayerNormKernels} in explicit SIMD, for {@link VectorRows}: a
 * row's sums run in vector lanes, each lane holding at most {@link VectorRows#BLOCK} values
 * before it is added into a double, so the sums stay close to the plain loops' double sums;
 * element-wise expressions keep the plain loops' order (no fused multiply-add). Loaded only when
 * {@link VectorSupport#ENABLED}.
 */
final class VectorLayerNorm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = VectorRows.BLOCK;

    private VectorLayerNorm() {}

    /** y = (x - mu) * rs * weight + bias over one row; weight and bias may be null. */
    static void normalise(float[] x, float[] y, int off, int n, float mu, float rs, float[] weight, float[] bias) {
        FloatVector m = FloatVector.broadcast(S, mu), r = FloatVector.broadcast(S, rs);
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).sub(m).mul(r);
            if (weight != null) v = v.mul(FloatVector.fromArray(S, weight, i));
            if (bias != null) v = v.add(FloatVector.fromArray(S, bias, i));
            v.intoArray(y, off + i);
        }
        for (; i < n; i++) {
            float v = (x[off + i] - mu) * rs;
            if (weight != null) v *= weight[i];
            if (bias != null) v += bias[i];
            y[off + i] = v;
        }
    }

    /** gx of one row; see {@code Backend.layerNormBackward}. */
    static void inputGrad(float[] g, float[] x, float[] gx, int off, int n, float mu, float rs, float[] weight) {
        FloatVector m = FloatVector.broadcast(S, mu), r = FloatVector.broadcast(S, rs);
        double sg = 0, sgx = 0;
        int i = 0, bound = S.loopBound(n);
        while (i < bound) {
            FloatVector accG = FloatVector.zero(S), accGx = FloatVector.zero(S);
            for (int k = 0; k < BLOCK && i < bound; k++, i += S.length()) {
                FloatVector gh = FloatVector.fromArray(S, g, off + i);
                if (weight != null) gh = gh.mul(FloatVector.fromArray(S, weight, i));
                accG = accG.add(gh);
                accGx = accGx.add(gh.mul(FloatVector.fromArray(S, x, off + i).sub(m).mul(r)));
            }
            sg += LaneSums.inLaneOrder(accG);
            sgx += LaneSums.inLaneOrder(accGx);
        }
        for (int j = i; j < n; j++) {
            float gh = weight == null ? g[off + j] : g[off + j] * weight[j];
            sg += gh;
            sgx += gh * ((x[off + j] - mu) * rs);
        }
        float sumOfG = (float) sg, sumOfGxHat = (float) sgx, perValue = rs / n;
        FloatVector nv = FloatVector.broadcast(S, (float) n), sG = FloatVector.broadcast(S, sumOfG),
                sGx = FloatVector.broadcast(S, sumOfGxHat), pv = FloatVector.broadcast(S, perValue);
        int j = 0;
        for (; j < bound; j += S.length()) {
            FloatVector gh = FloatVector.fromArray(S, g, off + j);
            if (weight != null) gh = gh.mul(FloatVector.fromArray(S, weight, j));
            FloatVector xHat = FloatVector.fromArray(S, x, off + j).sub(m).mul(r);
            gh.mul(nv).sub(sG).sub(xHat.mul(sGx)).mul(pv).intoArray(gx, off + j);
        }
        for (; j < n; j++) {
            float gh = weight == null ? g[off + j] : g[off + j] * weight[j];
            float xHat = (x[off + j] - mu) * rs;
            gx[off + j] = (gh * n - sumOfG - xHat * sumOfGxHat) * perValue;
        }
    }

    /**
     * Adds one row's share of the parameter gradients for columns [from, to):
     * {@code pw[j - from] += g * xHat}, {@code pb[j - from] += g}.
     */
    static void addParameterGrads(float[] g, float[] x, int row, int from, int to, float mu, float rs, float[] pw, float[] pb) {
        FloatVector m = FloatVector.broadcast(S, mu), r = FloatVector.broadcast(S, rs);
        int n = to - from, i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector gi = FloatVector.fromArray(S, g, row + from + i);
            FloatVector xHat = FloatVector.fromArray(S, x, row + from + i).sub(m).mul(r);
            FloatVector.fromArray(S, pw, i).add(gi.mul(xHat)).intoArray(pw, i);
            FloatVector.fromArray(S, pb, i).add(gi).intoArray(pb, i);
        }
        for (; i < n; i++) {
            float gi = g[row + from + i];
            pw[i] += gi * ((x[row + from + i] - mu) * rs);
            pb[i] += gi;
        }
    }
}

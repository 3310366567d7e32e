package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise loops whose arrays start at offsets, in explicit SIMD. The JIT vectorises a
 * plain loop only when every array is indexed by the loop counter itself (it cannot rule out
 * that two offset ranges of one array overlap), so these loops would otherwise run scalar,
 * two to three times slower. Loaded only when {@link VectorSupport#ENABLED}. The species is a
 * constant: a species held in a variable defeats the intrinsics.
 */
final class VectorKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The width of the float vectors these kernels (and the other Vector API kernels) use. */
    static int laneBits() {
        return S.vectorBitSize();
    }

    private VectorKernels() {}

    /**
     * o[oi + i] = a[ai + i] op b[bi + i * bs] for i in [0, n), bs 1 or 0 (b broadcast). Returns
     * false, having done nothing, for ops without a vector form here.
     *
     * <p>Each op has its own loop, in a method of its own: a helper that took the op and returned
     * the result vector was not always inlined by C2 (in a training step's mix of calls), and
     * then every vector crossing the call was boxed, an allocation per 8 or 16 floats.
     */
    static boolean row(BinaryOp op, float[] a, int ai, float[] b, int bi, int bs, float[] o, int oi, int n) {
        int done;
        switch (op) {
            case ADD -> done = add(a, ai, b, bi, bs, o, oi, n);
            case SUB -> done = sub(a, ai, b, bi, bs, o, oi, n);
            case MUL -> done = mul(a, ai, b, bi, bs, o, oi, n);
            case DIV -> done = div(a, ai, b, bi, bs, o, oi, n);
            default -> {
                return false;
            }
        }
        if (done < n) BinaryKernels.scalarRow(op, a, ai + done, 1, b, bi + done * bs, bs, o, oi + done, n - done);
        return true;
    }

    /** The vector part of {@link #row} for ADD; returns how many elements it did. */
    private static int add(float[] a, int ai, float[] b, int bi, int bs, float[] o, int oi, int n) {
        int i = 0, bound = S.loopBound(n);
        if (bs == 1) {
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).add(FloatVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
        } else {
            FloatVector y = FloatVector.broadcast(S, b[bi]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).add(y).intoArray(o, oi + i);
        }
        return i;
    }

    private static int sub(float[] a, int ai, float[] b, int bi, int bs, float[] o, int oi, int n) {
        int i = 0, bound = S.loopBound(n);
        if (bs == 1) {
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).sub(FloatVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
        } else {
            FloatVector y = FloatVector.broadcast(S, b[bi]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).sub(y).intoArray(o, oi + i);
        }
        return i;
    }

    private static int mul(float[] a, int ai, float[] b, int bi, int bs, float[] o, int oi, int n) {
        int i = 0, bound = S.loopBound(n);
        if (bs == 1) {
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).mul(FloatVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
        } else {
            FloatVector y = FloatVector.broadcast(S, b[bi]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).mul(y).intoArray(o, oi + i);
        }
        return i;
    }

    private static int div(float[] a, int ai, float[] b, int bi, int bs, float[] o, int oi, int n) {
        int i = 0, bound = S.loopBound(n);
        if (bs == 1) {
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).div(FloatVector.fromArray(S, b, bi + i)).intoArray(o, oi + i);
        } else {
            FloatVector y = FloatVector.broadcast(S, b[bi]);
            for (; i < bound; i += S.length()) FloatVector.fromArray(S, a, ai + i).div(y).intoArray(o, oi + i);
        }
        return i;
    }

    /** o[oi + i] += x[xi + i] for i in [0, n). */
    static void accumulate(float[] x, int xi, float[] o, int oi, int n) {
        int i = 0, bound = S.loopBound(n);
        for (; i < bound; i += S.length()) {
            FloatVector.fromArray(S, o, oi + i).add(FloatVector.fromArray(S, x, xi + i)).intoArray(o, oi + i);
        }
        for (; i < n; i++) o[oi + i] += x[xi + i];
    }

    /** o[i] = in[i] > 0 ? 1 : 0 over [from, to); a NaN compares false, so it gives 0. */
    static void step(float[] in, float[] o, int from, int to) {
        FloatVector zero = FloatVector.zero(S), one = FloatVector.broadcast(S, 1f);
        int i = from, bound = from + S.loopBound(to - from);
        for (; i < bound; i += S.length()) {
            zero.blend(one, FloatVector.fromArray(S, in, i).compare(VectorOperators.GT, 0f)).intoArray(o, i);
        }
        for (; i < to; i++) o[i] = in[i] > 0f ? 1f : 0f;
    }
}

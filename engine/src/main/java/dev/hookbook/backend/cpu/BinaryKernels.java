package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;

/**
 * Binary element-wise loops. The JIT (C2, JDK 17) turns a loop into SIMD code only when every
 * array in it is indexed by the loop counter itself, with no offset; so dense operands that all
 * start at 0 get such loops ({@link #same}, {@link #withValue}), and rows at offsets go through
 * {@link RowKernels} (in SIMD where the Vector API is present).
 */
final class BinaryKernels {
    private static final RowKernels ROWS = RowKernels.CHOSEN;

    private BinaryKernels() {}

    /** o[i] = a[i] op b[i] over [from, to). */
    static void same(BinaryOp op, float[] a, float[] b, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i] + b[i]; }
            case SUB -> { for (int i = from; i < to; i++) o[i] = a[i] - b[i]; }
            case MUL -> { for (int i = from; i < to; i++) o[i] = a[i] * b[i]; }
            case DIV -> { for (int i = from; i < to; i++) o[i] = a[i] / b[i]; }
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == b[i] ? 1f : 0f; }
            case GT -> { for (int i = from; i < to; i++) o[i] = a[i] > b[i] ? 1f : 0f; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i], b[i]); } // NaN wins, as in torch.maximum
        }
    }

    /** o[i] = a[i] op y over [from, to). */
    static void withValue(BinaryOp op, float[] a, float y, float[] o, int from, int to) {
        switch (op) {
            case ADD -> { for (int i = from; i < to; i++) o[i] = a[i] + y; }
            case SUB -> { for (int i = from; i < to; i++) o[i] = a[i] - y; }
            case MUL -> { for (int i = from; i < to; i++) o[i] = a[i] * y; }
            case DIV -> { for (int i = from; i < to; i++) o[i] = a[i] / y; }
            case EQ -> { for (int i = from; i < to; i++) o[i] = a[i] == y ? 1f : 0f; }
            case GT -> { for (int i = from; i < to; i++) o[i] = a[i] > y ? 1f : 0f; }
            case MAXIMUM -> { for (int i = from; i < to; i++) o[i] = Math.max(a[i], y); }
        }
    }

    /** One row of a broadcasting op: o[oi + i] = a[ai + i * as] op b[bi + i * bs], i in [0, n). */
    static void row(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        ROWS.binaryRow(op, a, ai, as, b, bi, bs, o, oi, n);
    }

    /** {@link #row} one element at a time: the plain form, and the vector form's tail. */
    static void scalarRow(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        switch (op) {
            case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] + b[bi + i * bs]; }
            case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] - b[bi + i * bs]; }
            case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] * b[bi + i * bs]; }
            case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] / b[bi + i * bs]; }
            case EQ -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] == b[bi + i * bs] ? 1f : 0f; }
            case GT -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] > b[bi + i * bs] ? 1f : 0f; }
            case MAXIMUM -> { for (int i = 0; i < n; i++) o[oi + i] = Math.max(a[ai + i * as], b[bi + i * bs]); }
        }
    }

    /** o[oi + i] += x[xi + i] for i in [0, n): a row of a sum. */
    static void accumulate(float[] x, int xi, float[] o, int oi, int n) {
        ROWS.accumulate(x, xi, o, oi, n);
    }
}

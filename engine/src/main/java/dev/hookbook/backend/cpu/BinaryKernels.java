package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.BinaryOp;

/** One row of a broadcasting binary op; the unit-stride loops are the ones the JIT vectorises. */
final class BinaryKernels {
    private BinaryKernels() {}

    static void row(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] o, int oi, int n) {
        if (as == 1 && bs == 1) {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] + b[bi + i]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] - b[bi + i]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] * b[bi + i]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] / b[bi + i]; }
                case EQ -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] == b[bi + i] ? 1f : 0f; }
                case GT -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] > b[bi + i] ? 1f : 0f; }
            }
        } else if (as == 1 && bs == 0) {
            float y = b[bi];
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] + y; }
                case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] - y; }
                case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] * y; }
                case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] / y; }
                case EQ -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] == y ? 1f : 0f; }
                case GT -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i] > y ? 1f : 0f; }
            }
        } else {
            switch (op) {
                case ADD -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] + b[bi + i * bs]; }
                case SUB -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] - b[bi + i * bs]; }
                case MUL -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] * b[bi + i * bs]; }
                case DIV -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] / b[bi + i * bs]; }
                case EQ -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] == b[bi + i * bs] ? 1f : 0f; }
                case GT -> { for (int i = 0; i < n; i++) o[oi + i] = a[ai + i * as] > b[bi + i * bs] ? 1f : 0f; }
            }
        }
    }
}

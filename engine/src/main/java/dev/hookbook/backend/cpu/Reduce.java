package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.AlongDim;
import dev.hookbook.tensor.ReduceOp;

/** Reductions and softmax over the middle dim of data laid out as [outer, n, inner]. */
final class Reduce {
    private Reduce() {}

    static void along(ReduceOp op, float[] x, float[] out, AlongDim along) {
        int outer = along.outer(), n = along.size(), inner = along.inner();
        for (int o = 0; o < outer; o++) {
            int base = o * n * inner, ob = o * inner;
            switch (op) {
                case SUM -> {
                    if (inner == 1) {
                        double s = 0;
                        for (int k = 0; k < n; k++) s += x[base + k];
                        out[ob] = (float) s;
                    } else {
                        for (int k = 0; k < n; k++) BinaryKernels.accumulate(x, base + k * inner, out, ob, inner);
                    }
                }
                case MAX, ARGMAX -> {
                    for (int i = 0; i < inner; i++) {
                        float best = x[base + i];
                        int at = 0;
                        // !(v <= best) is "larger, or NaN" in one comparison; the first NaN wins.
                        for (int k = best == best ? 1 : n; k < n; k++) {
                            float v = x[base + k * inner + i];
                            if (!(v <= best)) {
                                best = v;
                                at = k;
                                if (v != v) break;
                            }
                        }
                        out[ob + i] = op == ReduceOp.MAX ? best : at;
                    }
                }
            }
        }
    }

    static void softmax(float[] x, float[] out, AlongDim along, boolean log) {
        int outer = along.outer(), n = along.size(), inner = along.inner();
        // Each exponential is computed once and kept in double until the division: the same
        // results as computing it again, at half the cost (exp is most of a softmax's time).
        double[] e = log ? null : new double[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * n * inner + i;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) max = Math.max(max, x[base + k * inner]);
                if (max == Float.NEGATIVE_INFINITY) max = 0f; // all -inf: keep exp(-inf) = 0, no NaN from inf - inf
                double sum = 0;
                if (log) {
                    for (int k = 0; k < n; k++) sum += Math.exp(x[base + k * inner] - max);
                    float logSum = (float) Math.log(sum);
                    for (int k = 0; k < n; k++) out[base + k * inner] = x[base + k * inner] - max - logSum;
                } else {
                    for (int k = 0; k < n; k++) sum += e[k] = Math.exp(x[base + k * inner] - max);
                    for (int k = 0; k < n; k++) out[base + k * inner] = (float) (e[k] / sum);
                }
            }
        }
    }
}

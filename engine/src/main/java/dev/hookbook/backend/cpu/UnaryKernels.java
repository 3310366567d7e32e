package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.UnaryOp;

/** Element-wise functions over [from, to) of contiguous arrays; the op is chosen once per range. */
final class UnaryKernels {
    private static final RowKernels ROWS = RowKernels.CHOSEN;

    private UnaryKernels() {}

    /** Elements per task: transcendental functions cost tens of cycles each, so they split early. */
    static int grain(UnaryOp op, int memoryBound) {
        return switch (op) {
            case EXP, LOG, TANH, SIGMOID, POW, ERF, GELU, GELU_GRAD -> 1 << 14;
            default -> memoryBound;
        };
    }

    static void range(UnaryOp op, float[] in, float[] o, float arg, int from, int to) {
        switch (op) {
            case NEG -> { for (int i = from; i < to; i++) o[i] = -in[i]; }
            case EXP -> { for (int i = from; i < to; i++) o[i] = (float) Math.exp(in[i]); }
            case LOG -> { for (int i = from; i < to; i++) o[i] = (float) Math.log(in[i]); }
            case SQRT -> { for (int i = from; i < to; i++) o[i] = (float) Math.sqrt(in[i]); }
            case ABS -> { for (int i = from; i < to; i++) o[i] = Math.abs(in[i]); }
            case TANH -> { for (int i = from; i < to; i++) o[i] = (float) Math.tanh(in[i]); }
            case SIGMOID -> { for (int i = from; i < to; i++) o[i] = (float) (1.0 / (1.0 + Math.exp(-in[i]))); }
            case RELU -> { for (int i = from; i < to; i++) o[i] = Math.max(in[i], 0f); } // keeps NaN, and vectorises
            case POW -> pow(in, o, arg, from, to);
            case SIGN -> { for (int i = from; i < to; i++) o[i] = Math.signum(in[i]); }
            case STEP -> ROWS.step(in, o, from, to); // the gradient mask of ReLU
            case LEAKY_RELU -> { for (int i = from; i < to; i++) o[i] = in[i] > 0f ? in[i] : in[i] * arg; }
            case LEAKY_STEP -> { for (int i = from; i < to; i++) o[i] = in[i] > 0f ? 1f : arg; }
            case ERF, GELU, GELU_GRAD -> ROWS.erfFamily(op, in, o, from, to);
            case CLAMP_MIN -> { for (int i = from; i < to; i++) o[i] = Math.max(in[i], arg); } // NaN stays NaN
            case CLAMP_MAX -> { for (int i = from; i < to; i++) o[i] = Math.min(in[i], arg); }
        }
    }

    /** Common exponents get exact, fast loops; the rest go through Math.pow. */
    private static void pow(float[] in, float[] o, float p, int from, int to) {
        if (p == 2f) {
            for (int i = from; i < to; i++) o[i] = in[i] * in[i];
        } else if (p == 1f) {
            System.arraycopy(in, from, o, from, to - from);
        } else if (p == 0.5f) {
            for (int i = from; i < to; i++) o[i] = (float) Math.sqrt(in[i]);
        } else if (p == -1f) {
            for (int i = from; i < to; i++) o[i] = 1f / in[i];
        } else {
            for (int i = from; i < to; i++) o[i] = (float) Math.pow(in[i], p);
        }
    }
}

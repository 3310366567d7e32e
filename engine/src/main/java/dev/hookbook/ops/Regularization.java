package dev.hookbook.ops;

import dev.hookbook.autograd.Saved;
import dev.hookbook.tensor.Generator;
import dev.hookbook.tensor.BinaryOp;
import dev.hookbook.tensor.Tensor;

import java.util.List;
import java.util.Random;

import static dev.hookbook.autograd.Graph.record;

/** Ops that only act while training. */
public final class Regularization {
    private Regularization() {}

    /**
     * Inverted dropout: in training, zeroes each element with probability {@code p} (drawn from
     * the global generator) and scales the rest by 1 / (1 - p), so the expected value is
     * unchanged and evaluation needs no rescaling; outside training, returns x itself.
     */
    public static Tensor dropout(Tensor x, float p, boolean training) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: probability has to be between 0 and 1, but got " + p);
        }
        if (!training) return x;
        float keep = p == 1f ? 0f : 1f / (1f - p);
        float[] m = new float[(int) x.numel()];
        Random r = Generator.global();
        synchronized (r) {
            for (int i = 0; i < m.length; i++) m[i] = r.nextFloat() < p ? 0f : keep;
        }
        Tensor mask = Tensor.fromArray(m, x.shape(), x.device());
        Tensor out = x.device().backend().binary(BinaryOp.MUL, x, mask);
        // PyTorch's CPU dropout is a multiplication by the mask, so its node is MulBackward as well.
        Saved sMask = Saved.of(mask);
        return record("Mul", out, List.of(sMask), g -> new Tensor[]{g.mul(sMask.get())}, x);
    }
}

package dev.hookbook.optim;

import dev.hookbook.nn.Parameter;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** AdamW's decoupled decay, clipGradNorm's edge cases, the schedules and the learning-rate setter. */
class AdamWAndSchedulesTest {

    @Test
    void adamWDecayShrinksTheParameterItselfNotTheGradient() {
        Parameter p = new Parameter(Tensor.of(new float[]{2f, -4f}, 2));
        AdamW opt = new AdamW(List.of(p), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f);
        p.setGrad(Tensor.zeros(2));
        opt.step();
        // A zero gradient leaves Adam's moments at zero: only the decay p * (1 - lr * wd) acts.
        assertArrayEquals(new float[]{2f * 0.95f, -4f * 0.95f}, p.toFloatArray(), 1e-7f);
        Adam adam = new Adam(List.of(p), 0.1f, 0.9f, 0.999f, 1e-8f, 0.5f);
        float[] before = p.toFloatArray();
        adam.step();
        // Adam's L2 decay goes through the gradient and is normalised away: a step of about lr.
        assertEquals(before[0] - 0.1f, p.toFloatArray()[0], 1e-5f);
    }

    @Test
    void adamWRejectsBadSettings() {
        List<Parameter> ps = List.of(new Parameter(Tensor.zeros(1)));
        assertEquals("invalid betas: (1.0, 0.999), each must be in [0, 1)",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, 0.1f, 1f, 0.999f, 1e-8f, 0f)).getMessage());
        assertEquals("invalid learning rate: -1.0", assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, -1f)).getMessage());
        assertEquals("invalid weight decay: -0.1",
                assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, 0.1f, 0.9f, 0.999f, 1e-8f, -0.1f)).getMessage());
        assertEquals("AdamW(lr=0.001, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.01)", new AdamW(ps, 1e-3f).toString());
    }

    @Test
    void learningRateCanBeReadAndSet() {
        SGD opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), 0.5f);
        assertEquals(0.5f, opt.lr());
        opt.setLr(0.25f);
        assertEquals(0.25f, opt.lr());
        assertEquals("SGD(lr=0.25, momentum=0.0, weight_decay=0.0)", opt.toString());
        assertThrows(IllegalArgumentException.class, () -> opt.setLr(Float.NaN));
    }

    @Test
    void clipGradNormBelowTheLimitLeavesGradientsAlone() {
        Parameter p = new Parameter(Tensor.zeros(2)), q = new Parameter(Tensor.zeros(1));
        Tensor g = Tensor.of(new float[]{3f, 4f}, 2);
        p.setGrad(g);
        assertEquals(5f, Optimizers.clipGradNorm(List.of(p, q), 10f), 1e-6f);
        assertSame(g, p.grad());
        assertArrayEquals(new float[]{3f, 4f}, p.grad().toFloatArray());
        assertEquals(5f, Optimizers.clipGradNorm(List.of(p), 1f), 1e-6f);
        assertArrayEquals(new float[]{0.6f, 0.8f}, p.grad().toFloatArray(), 1e-6f);
        assertSame(g, p.grad(), "clipped in place, as clip_grad_norm_");
        assertEquals(0f, Optimizers.clipGradNorm(List.of(q), 1f));
        assertThrows(IllegalArgumentException.class, () -> Optimizers.clipGradNorm(List.of(p), -1f));
    }

    @Test
    void schedulesStartAtTheOptimizersRateAndRejectBadSettings() {
        SGD opt = new SGD(List.of(new Parameter(Tensor.zeros(1))), 1f);
        StepLR step = new StepLR(opt, 2);
        assertEquals(1f, step.lastLr());
        step.step();
        step.step();
        assertEquals(0.1f, opt.lr(), 1e-7f, "default gamma 0.1");
        CosineAnnealingLR cos = new CosineAnnealingLR(new SGD(List.of(new Parameter(Tensor.zeros(1))), 1f), 4);
        for (int i = 0; i < 4; i++) cos.step();
        assertEquals(0f, cos.lastLr(), 1e-7f, "etaMin 0 at tMax");
        assertThrows(IllegalArgumentException.class, () -> new StepLR(opt, 0));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(opt, 0));
    }
}

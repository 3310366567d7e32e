package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.Embedding;
import dev.hookbook.nn.F;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Parameter;
import dev.hookbook.optim.AdamW;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.optim.Optimizers;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static dev.hookbook.backend.opencl.OpenClTestSupport.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Embedding, layer norm, attention and AdamW on the OpenCL device against the CPU. */
class OpenClSequenceLayersTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    private static Tensor cpu(long seed, float scale, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        return Tensor.of(randn(n, seed), shape).mul(scale);
    }

    /** A leaf on the CPU and its twin on the device, both requiring grad. */
    private static Tensor[] pair(Tensor values) {
        return new Tensor[]{Tensor.of(values.toFloatArray(), values.shape()).requiresGrad(true), on(dev, values).requiresGrad(true)};
    }

    @Test
    void embeddingGathersAndSumsRepeatedRowsAsTheCpu() {
        Tensor idx = Tensor.of(new float[]{3, 0, 3, 7, 3, 1, 0, 7, 2, 2, 5, 3}, 3, 4);
        Tensor[] w = pair(cpu(1, 1f, 8, 33));
        Tensor up = cpu(2, 1f, 3, 4, 33);
        Tensor yc = F.embedding(idx, w[0]), yo = F.embedding(on(dev, idx), w[1]);
        assertSameValues(yc, yo, dev, 0);
        yc.backward(up);
        yo.backward(on(dev, up));
        assertSameValues(w[0].grad(), w[1].grad(), dev, 0);
        assertEquals("EmbeddingBackward", yo.gradFn());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> F.embedding(on(dev, Tensor.of(new float[]{8}, 1)), w[1]));
        assertTrue(e.getMessage().contains("index 8 is out of range"), e.getMessage());
    }

    @Test
    void layerNormForwardAndBackwardAsTheCpu() {
        for (int[] normalized : new int[][]{{40}, {5, 8}}) {
            Tensor[] x = pair(cpu(3, 3f, 6, 5, 8).add(1.5f));
            Tensor[] w = pair(cpu(4, 1f, normalized)), b = pair(cpu(5, 1f, normalized));
            Tensor up = cpu(6, 1f, 6, 5, 8);
            Tensor xc = normalized.length == 1 ? x[0].reshape(6, 40) : x[0], xo = normalized.length == 1 ? x[1].reshape(6, 40) : x[1];
            Tensor upc = up.reshape(xc.shape());
            Tensor yc = F.layerNorm(xc, normalized, w[0], b[0], 1e-5f), yo = F.layerNorm(xo, normalized, w[1], b[1], 1e-5f);
            assertSameValues(yc, yo, dev, 1e-5);
            yc.backward(upc);
            yo.backward(on(dev, upc));
            assertSameValues(x[0].grad(), x[1].grad(), dev, 1e-5);
            assertSameValues(w[0].grad(), w[1].grad(), dev, 1e-5);
            assertSameValues(b[0].grad(), b[1].grad(), dev, 1e-5);
        }
        Tensor plain = cpu(7, 2f, 4, 9);
        assertSameValues(F.layerNorm(plain, new int[]{9}, null, null, 1e-5f), F.layerNorm(on(dev, plain), new int[]{9}, null, null, 1e-5f),
                dev, 1e-5);
    }

    @Test
    void causalAttentionAsTheCpu() {
        Tensor[] q = pair(cpu(8, 1f, 2, 3, 7, 4)), k = pair(cpu(9, 1f, 2, 3, 7, 4)), v = pair(cpu(10, 1f, 2, 3, 7, 5));
        Tensor up = cpu(11, 1f, 2, 3, 7, 5);
        Tensor yc = F.scaledDotProductAttention(q[0], k[0], v[0], null, true);
        Tensor yo = F.scaledDotProductAttention(q[1], k[1], v[1], null, true);
        assertSameValues(yc, yo, dev, 1e-5);
        yc.backward(up);
        yo.backward(on(dev, up));
        for (int i = 0; i < 2; i++) {
            Tensor[] t = new Tensor[][]{q, k, v}[i];
            assertSameValues(t[0].grad(), t[1].grad(), dev, 1e-5);
        }
    }

    /** Token embedding, layer norm, causal self-attention, a linear head: the parts of a GPT block. */
    static final class TinyBlock extends Module {
        final Embedding tokens = addModule("tokens", new Embedding(11, 8));
        final LayerNorm norm = addModule("norm", new LayerNorm(8));
        final MultiheadAttention attention = addModule("attention", new MultiheadAttention(8, 2));
        final Linear head = addModule("head", new Linear(8, 11));

        @Override
        protected Tensor forward(Tensor indices) {
            Tensor x = norm.call(tokens.call(indices));
            int length = indices.shape()[1];
            x = x.add(attention.call(x, x, x, F.causalMask(length).to(x.device())));
            return head.call(x);
        }
    }

    @Test
    void aTinyAttentionBlockTrainsWithAdamWAndClippingAsTheCpu() {
        Hookbook.manualSeed(0);
        TinyBlock c = new TinyBlock(), o = new TinyBlock();
        o.loadStateDict(c.stateDict(), true);
        o.to(dev);
        Optimizer oc = new AdamW(c.parameters(), 0.01f), oo = new AdamW(o.parameters(), 0.01f);
        Tensor x = Tensor.of(new float[]{1, 4, 2, 9, 0, 3, 3, 10, 5, 5, 6, 7}, 2, 6);
        Tensor y = Tensor.of(new float[]{4, 2, 9, 0, 3, 1, 3, 10, 5, 5, 6, 8}, 12);
        for (int step = 0; step < 3; step++) {
            oc.zeroGrad();
            oo.zeroGrad();
            Tensor lc = F.crossEntropy(c.call(x).reshape(12, 11), y);
            Tensor lo = F.crossEntropy(o.call(on(dev, x)).reshape(12, 11), on(dev, y));
            assertSameValues(lc, lo, dev, 1e-5);
            lc.backward();
            lo.backward();
            float nc = Optimizers.clipGradNorm(c.parameters(), 0.5f), no = Optimizers.clipGradNorm(o.parameters(), 0.5f);
            assertEquals(nc, no, 1e-5 * nc, "total gradient norm at step " + step);
            oc.step();
            oo.step();
        }
        Map<String, Parameter> pc = c.namedParameters(), po = o.namedParameters();
        for (String name : pc.keySet()) {
            try {
                if (name.equals("attention.in_proj_bias")) {
                    // The key bias adds the same score to every key of a row, which the softmax
                    // cancels: its gradient is rounding noise (about 1e-9), and Adam scales noise up
                    // to full steps of either sign. The query and value blocks must agree.
                    float[] bc = pc.get(name).toFloatArray(), bo = po.get(name).toFloatArray();
                    for (int i : new int[]{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23}) {
                        assertEquals(bc[i], bo[i], 1e-4 * Math.max(1, Math.abs(bc[i])), "value " + i);
                    }
                    continue;
                }
                assertSameValues(pc.get(name), po.get(name), dev, 1e-4);
            } catch (AssertionError e) {
                throw new AssertionError(name + ": " + e.getMessage(), e);
            }
        }
    }
}

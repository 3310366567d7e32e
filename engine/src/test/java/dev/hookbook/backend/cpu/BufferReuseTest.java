package dev.hookbook.backend.cpu;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Training steps whose every tensor is kept (activations, gradients seen by hooks, parameter
 * gradients, losses). With the pool on, arrays that went back to it and came out again never
 * belong to any of them, none of their values changes afterwards, and every value is the same
 * float as with the pool off.
 */
class BufferReuseTest {
    private record Kept(Tensor t, float[] values) {}

    @AfterEach
    void poolOn() {
        BufferPool.setEnabled(true);
    }

    private static List<Kept> train() {
        List<Kept> kept = new ArrayList<>();
        java.util.function.UnaryOperator<Tensor> keep = t -> {
            kept.add(new Kept(t, t.toFloatArray()));
            if (t.requiresGrad()) t.registerHook(g -> {
                kept.add(new Kept(g, g.toFloatArray()));
                return null;
            });
            return t;
        };
        Hookbook.manualSeed(3);
        // big enough that the convolution's temporaries pass through the pool
        Tensor x = Tensor.randn(4, 3, 12, 12).requiresGrad(true);
        Tensor w1 = Tensor.randn(8, 3, 3, 3).mul(0.2f).requiresGrad(true), b1 = Tensor.zeros(8).requiresGrad(true);
        Tensor w2 = Tensor.randn(8, 8, 3, 3).mul(0.1f).requiresGrad(true);
        Tensor w3 = Tensor.randn(10, 8 * 6 * 6).mul(0.05f).requiresGrad(true);
        SGD sgd = new SGD(List.of(w1, b1, w2, w3), 0.01f, 0.9f);
        Tensor labels = Tensor.of(new float[]{1, 2, 3, 4}, 4);
        for (int step = 0; step < 4; step++) {
            sgd.zeroGrad();
            Tensor h = keep.apply(F.conv2d(keep.apply(x.transpose(2, 3)), w1, b1, 1, 1));
            h = keep.apply(F.relu(h));
            h = keep.apply(F.conv2d(h, w2, null, 1, 1));
            h = keep.apply(F.maxPool2d(h, 2));
            Tensor loss = keep.apply(F.crossEntropy(keep.apply(F.linear(keep.apply(h.flatten(1)), w3, null)), labels));
            loss.backward();
            for (Tensor p : List.of(x, w1, b1, w2, w3)) kept.add(new Kept(p.grad(), p.grad().toFloatArray()));
            sgd.step();
            // the parameters change in place by design: only their values are compared
            for (Tensor p : List.of(w1, b1, w2, w3)) kept.add(new Kept(null, p.toFloatArray()));
        }
        return kept;
    }

    @Test
    void reusedArraysNeverBelongToALiveTensorAndChangeNoValue() {
        BufferPool.setEnabled(false);
        List<Kept> fresh = train();
        BufferPool.setEnabled(true);
        long reusesBefore = BufferPool.reuses();
        List<Kept> pooled = train();
        assertTrue(BufferPool.reuses() > reusesBefore, "arrays given back to the pool came out again, so the test exercises reuse");

        assertEquals(fresh.size(), pooled.size());
        Map<float[], Tensor> owner = new IdentityHashMap<>();
        for (int i = 0; i < pooled.size(); i++) {
            Kept k = pooled.get(i);
            assertArrayEquals(fresh.get(i).values(), k.values(), "value " + i + " differs from the run without the pool");
            if (k.t() == null) continue;
            assertArrayEquals(k.values(), k.t().toFloatArray(), "kept tensor " + i + " changed after it was made");
            Tensor other = owner.putIfAbsent(CpuBackend.data(k.t()), k.t());
            if (other != null && other.storage() != k.t().storage()) fail("two live tensors share one array (tensor " + i + ")");
        }
    }

    @Test
    void aForwardWithoutGraphGivesItsColumnsBackAndItsResultsStay() {
        Hookbook.manualSeed(4);
        Tensor x = Tensor.randn(4, 3, 16, 16), w = Tensor.randn(8, 3, 3, 3);
        long reusesBefore = BufferPool.reuses();
        Tensor first = F.maxPool2d(F.conv2d(x, w, null, 1, 1), 2);
        float[] values = first.toFloatArray();
        Tensor second = F.maxPool2d(F.conv2d(x, w, null, 1, 1), 2);
        assertTrue(BufferPool.reuses() > reusesBefore, "the first forward's columns served the second");
        assertArrayEquals(values, first.toFloatArray());
        assertArrayEquals(values, second.toFloatArray());
    }
}

package dev.hookbook.backend.cpu;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.Context;
import dev.hookbook.autograd.Function;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Linear;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Backward gives the gradients it made and consumed back to the pool, and only those: training
 * steps through graphs where gradients pass through ops (Add, views, transposes, split pieces),
 * are summed (a tensor used twice), and where hooks, retainGrad, a Function, a module's backward
 * hook and {@code Autograd.grad} keep some of them. Every kept tensor keeps its values and its
 * own array, and every value is the same float as without the pool.
 */
class GradientRecyclingTest {
    private record Kept(String what, Tensor t, float[] values) {}

    /** A Function whose backward keeps the gradient it is given, as a user's may. */
    private static final class KeepingScale extends Function {
        final List<Tensor> seen = new ArrayList<>();

        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            return in[0].mul(1.5f);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            seen.add(g[0]);
            return new Tensor[]{g[0].mul(1.5f)};
        }
    }

    @AfterEach
    void poolOn() {
        BufferPool.setEnabled(true);
    }

    private static final int STEPS = 4;

    /** Trains one model made of many small graphs; checks after each step that no kept array sits in the pool. */
    private static List<Kept> train() {
        List<Kept> kept = new ArrayList<>();
        Hookbook.manualSeed(11);
        int b = 32, d = 256; // every activation and gradient has at least BufferPool.MIN_FLOATS floats
        Tensor x = Tensor.randn(b, d);
        Tensor img = Tensor.randn(8, 4, 16, 16);
        Tensor w1 = Tensor.randn(d, d).mul(0.1f).requiresGrad(true);
        Tensor w2 = Tensor.randn(d, d).mul(0.1f).requiresGrad(true);
        Tensor w3 = Tensor.randn(d, d).mul(0.1f).requiresGrad(true);
        Tensor w4 = Tensor.randn(d, d).mul(0.1f).requiresGrad(true);
        Tensor w5 = Tensor.randn(d, d).mul(0.1f).requiresGrad(true);
        Tensor wc = Tensor.randn(8, 4, 3, 3).mul(0.2f).requiresGrad(true), bc = Tensor.zeros(8).requiresGrad(true);
        Tensor gamma = Tensor.ones(8).requiresGrad(true), beta = Tensor.zeros(8).requiresGrad(true);
        Tensor wOut = Tensor.randn(10, 8 * 8 * 8).mul(0.05f).requiresGrad(true);
        Linear hooked = new Linear(64, 64);
        hooked.registerFullBackwardHook((m, gradIn, gradOut) -> {
            for (Tensor g : gradIn) if (g != null) kept.add(new Kept("module gradInput", g, g.toFloatArray()));
            for (Tensor g : gradOut) if (g != null) kept.add(new Kept("module gradOutput", g, g.toFloatArray()));
            return null;
        });
        KeepingScale scale = new KeepingScale();
        List<Tensor> params = new ArrayList<>(List.of(w1, w2, w3, w4, wc, bc, gamma, beta, wOut));
        params.addAll(hooked.parameters());
        SGD sgd = new SGD(params, 0.01f, 0.9f);
        Tensor labels = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8}, 8);

        for (int step = 0; step < STEPS; step++) {
            sgd.zeroGrad();
            // An MLP with shared sub-expressions: h feeds two branches, and a is used twice.
            Tensor h = F.relu(x.matmul(w1));
            Tensor a = h.matmul(w2), c = h.matmul(w3);
            a.retainGrad();
            c.registerGradObserver(g -> kept.add(new Kept("hook on c", g, g.toFloatArray())));
            Tensor s = a.mul(c).add(a);
            // A residual x + f(x), a tensor used twice (r in the add and in tanh).
            Tensor r = s.add(F.relu(s.matmul(w4)));
            Tensor r2 = r.add(r.tanh());
            // Views and transposes, and a multi-output op (chunk's pieces share one node).
            Tensor t = r2.transpose(0, 1).reshape(128, 64);
            List<Tensor> pieces = t.chunk(2, 1);
            Tensor v = pieces.get(0).mul(pieces.get(1)).add(pieces.get(1).narrow(1, 0, 32));
            // A node hook that keeps what it sees, a module backward hook, and a Function that keeps its gradient.
            Tensor m = hooked.call(v.reshape(64, 64));
            m.gradFnNode().registerHook((gradIn, gradOut) -> {
                for (Tensor g : gradIn) if (g != null) kept.add(new Kept("node hook gradInput", g, g.toFloatArray()));
                return null;
            });
            Tensor f = scale.apply(m.tanh());
            Tensor mlpLoss = f.mul(f).mean();
            // A conv net: convolution, batch norm, ReLU, pooling, a linear layer and cross-entropy.
            Tensor conv = F.conv2d(img, wc, bc, 1, 1);
            conv = F.relu(F.batchNorm(conv, null, null, gamma, beta, true));
            Tensor logits = F.linear(F.maxPool2d(conv, 2).flatten(1), wOut, null);
            Tensor convLoss = F.crossEntropy(logits, labels);
            // Autograd.grad on a graph of its own: its results are the caller's.
            Tensor z = x.matmul(w5).tanh();
            Tensor gz = Autograd.grad(z.mul(z).sum(), w5).get(0);
            kept.add(new Kept("Autograd.grad", gz, gz.toFloatArray()));

            Tensor loss = mlpLoss.add(convLoss);
            loss.backward();
            kept.add(new Kept("loss", loss, loss.toFloatArray()));
            kept.add(new Kept("retained a.grad", a.grad(), a.grad().toFloatArray()));
            for (Tensor g : scale.seen) kept.add(new Kept("Function's gradOutput", g, g.toFloatArray()));
            scale.seen.clear();
            for (Tensor p : params) kept.add(new Kept("parameter grad", p.grad(), p.grad().toFloatArray()));
            sgd.step();
            for (Tensor p : params) kept.add(new Kept("parameter", null, p.toFloatArray()));
            for (Kept k : kept) {
                if (k.t() == null) continue;
                assertFalse(BufferPool.holds(CpuBackend.data(k.t())), k.what() + ": its array is in the pool while it is alive");
                assertArrayEquals(k.values(), k.t().toFloatArray(), k.what() + " changed after it was kept");
            }
        }
        return kept;
    }

    @Test
    void trainingWithThePoolMatchesTrainingWithoutAndNoKeptArrayIsHandedOut() {
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
            assertEquals(fresh.get(i).what(), k.what());
            assertArrayEquals(fresh.get(i).values(), k.values(), k.what() + " (value " + i + ") differs from the run without the pool");
            if (k.t() == null) continue;
            Tensor other = owner.putIfAbsent(CpuBackend.data(k.t()), k.t());
            if (other != null && other.storage() != k.t().storage()) fail("two live tensors share one array (" + k.what() + ", " + i + ")");
        }
    }

    /** A chain of element-wise ops, big enough for the pool, whose forward makes no temporaries. */
    private static Tensor chain(Tensor w) {
        return w.mul(1.5f).exp().mul(w).tanh().sum();
    }

    @Test
    void consumedGradientsGoBackToThePoolAndServeTheNextBackward() {
        Hookbook.manualSeed(5);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        Tensor loss = chain(w);
        BufferPool.clear();
        loss.backward();
        assertTrue(BufferPool.held() > 0, "the gradients between the ops went back to the pool");
        float[] first = w.grad().toFloatArray();
        assertFalse(BufferPool.holds(CpuBackend.data(w.grad())), "the leaf's gradient is not in the pool");

        long reusesBefore = BufferPool.reuses();
        w.setGrad(null);
        chain(w).backward();
        assertTrue(BufferPool.reuses() > reusesBefore, "the second backward's gradients came from the pool");
        assertArrayEquals(first, w.grad().toFloatArray());
    }

    @Test
    void gradientsThatUserCodeSawStayOutOfThePool() {
        Hookbook.manualSeed(6);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        List<Tensor> seen = new ArrayList<>();
        Tensor y1 = w.mul(1.5f);
        Tensor y2 = y1.exp();
        Tensor y3 = y2.mul(w);
        y1.registerGradObserver(seen::add);
        y2.retainGrad();
        y3.registerGradObserver(seen::add);
        Tensor loss = y3.tanh().sum();
        BufferPool.clear();
        loss.backward();
        seen.add(y2.grad());
        seen.add(w.grad());
        for (Tensor g : seen) assertFalse(BufferPool.holds(CpuBackend.data(g)), "a gradient user code holds went back to the pool");
    }

    @Test
    void createGraphGivesNothingBack() {
        Hookbook.manualSeed(7);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        Tensor loss = chain(w);
        BufferPool.clear();
        loss.backward(Tensor.scalar(1f), false, true);
        assertEquals(0, BufferPool.held(), "under createGraph a rule may record a gradient into the new graph");
        assertTrue(w.grad().requiresGrad());
    }

    @Test
    void aFunctionsBackwardMayKeepWhatItIsGiven() {
        Hookbook.manualSeed(8);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        KeepingScale scale = new KeepingScale();
        Tensor loss = scale.apply(w.mul(1.5f).exp()).tanh().sum();
        BufferPool.clear();
        loss.backward();
        Tensor given = scale.seen.get(0);
        float[] values = given.toFloatArray();
        assertFalse(BufferPool.holds(CpuBackend.data(given)));
        chain(w).backward(); // takes from the pool whatever it holds
        assertArrayEquals(values, given.toFloatArray());
    }

    @Test
    void aTracedBackwardGivesNothingBack() {
        Hookbook.manualSeed(9);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        Tensor loss = chain(w);
        BufferPool.clear();
        try (var recording = Tracer.record(new TraceListener() {})) { // a listener sees the rules' ops, gradients included
            loss.backward();
        }
        assertEquals(0, BufferPool.held());
    }

    @Test
    void tensorsASavedTensorsHookKeepsStayOutOfThePool() {
        Hookbook.manualSeed(10);
        Tensor w = Tensor.randn(64, 128).mul(0.1f).requiresGrad(true);
        List<Tensor> packed = new ArrayList<>();
        Tensor loss;
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            packed.add(t);
            return t;
        }, o -> (Tensor) o)) {
            loss = w.mul(w).exp().mul(w.tanh()).sum();
        }
        List<float[]> values = new ArrayList<>();
        for (Tensor t : packed) values.add(t.toFloatArray());
        BufferPool.clear();
        loss.backward();
        chain(w).backward(); // takes from the pool whatever it holds
        for (int i = 0; i < packed.size(); i++) {
            assertFalse(BufferPool.holds(CpuBackend.data(packed.get(i))));
            assertArrayEquals(values.get(i), packed.get(i).toFloatArray(), "saved tensor " + i + " changed");
        }
    }
}

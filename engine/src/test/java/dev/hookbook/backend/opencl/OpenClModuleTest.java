package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.BatchNorm1d;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.CrossEntropyLoss;
import dev.hookbook.nn.Dropout;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Tanh;
import dev.hookbook.optim.Adam;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Layers, Module.to and whole training steps on OpenCL against the same model on the CPU. */
class OpenClModuleTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    /** Two identical models: the first stays on the CPU, the second is moved to the device. */
    private static Module[] twins(Supplier<Module> make) {
        Hookbook.manualSeed(0);
        Module cpu = make.get();
        Module ocl = make.get();
        ocl.loadStateDict(cpu.stateDict(), true);
        ocl.to(dev);
        return new Module[]{cpu, ocl};
    }

    private static void assertSameState(Module cpu, Module ocl, double tol) {
        Map<String, Tensor> c = cpu.stateDict(), o = ocl.stateDict();
        assertTrue(c.keySet().equals(o.keySet()), "state dict keys");
        for (String k : c.keySet()) {
            try {
                assertSameValues(c.get(k), o.get(k), dev, tol);
            } catch (AssertionError e) {
                throw new AssertionError(k + ": " + e.getMessage(), e);
            }
        }
    }

    @Test
    void moduleToMovesParametersAndBuffersInPlace() {
        Module m = new Sequential(new Linear(4, 3), new BatchNorm1d(3));
        List<Parameter> before = m.parameters();
        m.to(Device.opencl());
        List<Parameter> after = m.parameters();
        for (int i = 0; i < before.size(); i++) {
            assertSame(before.get(i), after.get(i), "the same Parameter objects");
            assertSame(dev, after.get(i).device());
        }
        for (Tensor b : m.buffers()) assertSame(dev, b.device());
        m.to(Device.CPU);
        for (Tensor p : m.parameters()) assertSame(Device.CPU, p.device());
    }

    @Test
    void cnnForwardAndBackwardInTrainingAndEval() {
        Supplier<Module> make = () -> new Sequential(
                new Conv2d(2, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.25f), new Linear(4 * 3 * 3, 5), new Tanh());
        Module[] m = twins(make);
        Tensor x = Tensor.randn(3, 2, 6, 6);
        for (boolean training : new boolean[]{true, false}) {
            for (Module mod : m) {
                if (training) mod.train(); else mod.eval();
                mod.zeroGrad();
            }
            Hookbook.manualSeed(7);
            Tensor yc = m[0].call(x);
            Hookbook.manualSeed(7); // the same dropout mask
            Tensor yo = m[1].call(on(dev, x));
            assertSameValues(yc, yo, dev, 1e-4);
            Tensor g = Tensor.randn(yc.shape());
            yc.backward(g);
            yo.backward(on(dev, g));
            for (int i = 0; i < m[0].parameters().size(); i++) {
                assertSameValues(m[0].parameters().get(i).grad(), m[1].parameters().get(i).grad(), dev, 1e-4);
            }
            assertSameState(m[0], m[1], 1e-5); // running stats moved the same way
        }
    }

    private static void trainingStepsMatch(Function<List<Parameter>, Optimizer> optimizer) {
        Supplier<Module> make = () -> new Sequential(new Flatten(), new Linear(16, 32), new ReLU(), new Linear(32, 10));
        Module[] m = twins(make);
        Optimizer oc = optimizer.apply(m[0].parameters()), oo = optimizer.apply(m[1].parameters());
        CrossEntropyLoss loss = new CrossEntropyLoss();
        Hookbook.manualSeed(1);
        Tensor x = Tensor.randn(8, 1, 4, 4);
        Tensor y = Tensor.of(new float[]{0, 1, 2, 3, 4, 5, 6, 9}, 8);
        for (int step = 0; step < 3; step++) {
            oc.zeroGrad();
            oo.zeroGrad();
            Tensor lc = loss.call(m[0].call(x), y);
            Tensor lo = loss.call(m[1].call(on(dev, x)), y.to(dev));
            assertSameValues(lc, lo, dev, 1e-5);
            lc.backward();
            lo.backward();
            oc.step();
            oo.step();
        }
        assertSameState(m[0], m[1], 1e-4);
    }

    @Test
    void mlpTrainingStepsWithSgdMomentumMatchTheCpu() {
        trainingStepsMatch(p -> new SGD(p, 0.1f, 0.9f, 1e-4f));
    }

    @Test
    void mlpTrainingStepsWithAdamMatchTheCpu() {
        trainingStepsMatch(p -> new Adam(p, 0.01f));
    }

    @Test
    void mixingDevicesNamesBothDevices() {
        Tensor c = Tensor.ones(2, 2), o = on(dev, Tensor.ones(2, 2));
        for (Function<Tensor[], Tensor> op : List.<Function<Tensor[], Tensor>>of(
                t -> t[0].add(t[1]), t -> t[1].mul(t[0]), t -> t[0].matmul(t[1]),
                t -> F.linear(t[1], t[0], null), t -> F.crossEntropy(t[1], Tensor.of(new float[]{0, 1}, 2)),
                t -> F.batchNorm(t[1], null, null, t[0].sum(0, false), null, true, 0.1f, 1e-5f))) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> op.apply(new Tensor[]{c, o}));
            assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains(dev.name()), e.getMessage());
        }
        Module model = new Linear(2, 2).to(dev);
        Exception e = assertThrows(RuntimeException.class, () -> model.call(c));
        assertTrue(e.getMessage().contains("cpu") && e.getMessage().contains(dev.name()), e.getMessage());
    }
}

package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.utils.Parametrizations;
import dev.hookbook.nn.utils.Prune;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Pruned and parametrized models on OpenCL against the same model (a deep copy) on the CPU. */
class OpenClPruneTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    private static Sequential model() {
        Hookbook.manualSeed(3);
        Sequential m = new Sequential(new Conv2d(1, 3, 3), new ReLU(), new Flatten(), new Linear(12, 6), new ReLU(), new Linear(6, 2),
                new Linear(2, 3));
        Prune.l1Unstructured(m.get("0"), "weight", 0.3);
        Prune.lnStructured(m.get("3"), "weight", 2, 2, 0);
        Parametrizations.weightNorm(m.get("3"), "bias", -1);
        Parametrizations.spectralNorm(m.get("5"), "weight");
        Parametrizations.orthogonal(m.get("6"), "weight"); // [3, 2]: Householder
        return m;
    }

    private static void assertSameStep(Module cpu, Module ocl, Tensor x) {
        Tensor yc = cpu.call(x), yo = ocl.call(on(dev, x));
        assertSameValues(yc, yo, dev, 1e-4);
        yc.sum().backward();
        yo.sum().backward();
        Map<String, Parameter> pc = cpu.namedParameters(), po = ocl.namedParameters();
        assertEquals(pc.keySet(), po.keySet());
        pc.forEach((k, p) -> assertSameValues(p.grad(), po.get(k).grad(), dev, 1e-4));
        Map<String, Tensor> sc = cpu.stateDict(), so = ocl.stateDict();
        sc.forEach((k, t) -> assertSameValues(t, so.get(k), dev, 1e-4)); // masks, and u and v after a power iteration
    }

    @Test
    void aPrunedParametrizedModelMovedToTheDeviceComputesAsOnTheCpu() {
        Sequential cpu = model();
        Module ocl = cpu.deepCopy().to(dev);
        assertSameStep(cpu, ocl, Tensor.randn(2, 1, 4, 4));
        assertFalse(((Linear) ocl.get("3")).weight instanceof Parameter);
        assertEquals(dev, ((Linear) ocl.get("3")).weight.device(), "the hook computed the weight on the device");
    }

    @Test
    void pruningAModelAlreadyOnTheDeviceGivesTheCpuMasks() {
        Hookbook.manualSeed(4);
        Linear cpu = new Linear(5, 4);
        Linear ocl = (Linear) cpu.deepCopy().to(dev);
        for (Linear l : new Linear[]{cpu, ocl}) {
            Prune.l1Unstructured(l, "weight", 0.5);
            Prune.lnStructured(l, "weight", 1, 1, 1);
            Parametrizations.weightNorm(l, "bias", 0);
        }
        assertEquals(dev, ocl.stateDict().get("weight_mask").device());
        assertSameStep(cpu, ocl, Tensor.randn(3, 5));
    }
}

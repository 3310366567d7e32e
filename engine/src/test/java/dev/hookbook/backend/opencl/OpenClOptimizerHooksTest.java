package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.optim.Optimizers;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Step hooks, zeroGrad(false), observers and the optimizer step in backward on the OpenCL device, against the CPU. */
class OpenClOptimizerHooksTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    private static Sequential model() {
        Hookbook.manualSeed(11);
        return new Sequential(new Linear(5, 8), new ReLU(), new Linear(8, 3));
    }

    private static Tensor loss(Module model, Device device, int step) {
        Hookbook.manualSeed(50 + step);
        Tensor x = Tensor.randn(4, 5), y = Tensor.randn(4, 3);
        return F.mseLoss(model.call(on(device, x)), on(device, y));
    }

    @Test
    void theStepInBackwardOnTheDeviceEndsWhereTheCpuLoopEnds() {
        Sequential cpu = model();
        Module ocl = model().to(dev);
        Adam opt = new Adam(cpu.parameters(), 0.01f);
        List<String> steps = new ArrayList<>();
        opt.registerStepPostHook(o -> steps.add("cpu"));
        Optimizers.stepInBackward(ocl.parameters(), p -> {
            Adam one = new Adam(List.of(p), 0.01f);
            one.registerStepPostHook(o -> steps.add("ocl"));
            return one;
        });
        for (int step = 0; step < 3; step++) {
            opt.zeroGrad();
            loss(cpu, Device.CPU, step).backward();
            opt.step();
            loss(ocl, dev, step).backward();
        }
        assertEquals(3 + 3 * 4, steps.size(), "one step per CPU iteration, one per device parameter per iteration");
        List<Parameter> c = cpu.parameters(), o = ocl.parameters();
        for (int i = 0; i < c.size(); i++) {
            assertSameValues(c.get(i), o.get(i), dev, 1e-4);
            assertNull(o.get(i).grad());
        }
    }

    @Test
    void zeroGradWithoutSetToNoneZeroesADeviceGradientInPlace() {
        Module ocl = model().to(dev);
        SGD opt = new SGD(ocl.parameters(), 0.1f);
        List<Tensor> seen = new ArrayList<>();
        ocl.get("2").registerForwardObserver((m, in, out) -> seen.add(out));
        loss(ocl, dev, 0).backward();
        Parameter w = ocl.parameters().get(0);
        Tensor grad = w.grad();
        opt.zeroGrad(false);
        assertSame(grad, w.grad());
        assertSame(dev, grad.device());
        assertArrayEquals(new float[40], grad.toFloatArray(), 0f);
        assertEquals(1, seen.size());
        assertSame(dev, seen.get(0).device());
    }
}

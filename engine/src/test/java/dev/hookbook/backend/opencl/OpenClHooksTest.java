package dev.hookbook.backend.opencl;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.Anomaly;
import dev.hookbook.trace.AnomalyException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** State-dict, post-accumulate-grad, node and saved-tensors hooks, and Anomaly, on the OpenCL device. */
class OpenClHooksTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    private static Tensor cpu(long seed, int... shape) {
        return Tensor.of(OpenClTestSupport.randn(Shape.numel(shape), seed), shape);
    }

    @Test
    void stateDictHooksRenameAndReportOnADeviceModel() {
        Sequential model = new Sequential(new Linear(3, 2), new ReLU());
        model.to(dev);
        Map<String, Tensor> old = new LinkedHashMap<>();
        old.put("0.w_old", cpu(1, 2, 3));
        old.put("0.bias", cpu(2, 2));
        model.get("0").registerLoadStateDictPreHook((m, sd, prefix) -> sd.put(prefix + "weight", sd.remove(prefix + "w_old")));
        List<String> saved = new ArrayList<>();
        model.registerStateDictPostHook((m, sd, prefix) -> saved.addAll(sd.keySet()));
        model.loadStateDict(old, true);
        Map<String, Tensor> sd = model.stateDict();
        assertEquals(List.of("0.weight", "0.bias"), saved);
        assertSameValues(old.get("0.w_old"), sd.get("0.weight"), dev, 0);
    }

    @Test
    void postAccumulateGradHooksSeeTheDeviceGradient() {
        Tensor x = on(dev, cpu(3, 4)).requiresGrad(true);
        Tensor[] seen = new Tensor[1];
        x.registerPostAccumulateGradHook(t -> seen[0] = t.grad());
        x.mul(x).sum().backward();
        assertSameValues(on(Device.CPU, x).mul(2f), seen[0], dev, 1e-6);
    }

    @Test
    void nodeHooksReplaceGradientsOnTheDeviceAsOnTheCpu() {
        Tensor[] grads = new Tensor[2];
        for (Device d : List.of(Device.CPU, dev)) {
            Tensor x = on(d, cpu(4, 2, 3)).requiresGrad(true);
            Tensor y = x.tanh();
            y.gradFnNode().registerPrehook(go -> new Tensor[]{go[0].mul(2f)});
            y.gradFnNode().registerHook((gi, go) -> new Tensor[]{gi[0].add(1f)});
            y.sum().backward();
            grads[d == dev ? 1 : 0] = x.grad();
        }
        assertSameValues(grads[0], grads[1], dev, 1e-5);
    }

    @Test
    void savedTensorsHooksOffloadDeviceTensorsToTheHostAndBack() {
        Tensor[] grads = new Tensor[2];
        List<Device> unpackedTo = new ArrayList<>();
        for (Device d : List.of(Device.CPU, dev)) {
            Tensor x = on(d, cpu(5, 4, 3)).requiresGrad(true);
            Tensor w = on(d, cpu(6, 2, 3)).requiresGrad(true);
            Tensor loss;
            try (var s = Autograd.savedTensorsHooks(t -> new Object[]{t.toFloatArray(), t.shape(), t.device()}, o -> {
                Object[] a = (Object[]) o;
                unpackedTo.add((Device) a[2]);
                return Tensor.fromArray((float[]) a[0], (int[]) a[1], (Device) a[2]);
            })) {
                loss = x.matmul(w.transpose(0, 1)).relu().exp().sum();
            }
            loss.backward();
            grads[d == dev ? 1 : 0] = x.grad();
        }
        assertSameValues(grads[0], grads[1], dev, 1e-4);
        assertSame(dev, unpackedTo.get(unpackedTo.size() - 1));
    }

    static final class Log extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            return x.log();
        }
    }

    @Test
    void anomalyFindsNaNOnTheDevice() {
        Sequential model = new Sequential(new ReLU(), new Log());
        Tensor x = on(dev, Tensor.of(new float[]{1, -1, 2, -3}, 2, 2));
        AnomalyException e = assertThrows(AnomalyException.class, () -> Anomaly.detect(() -> model.call(x.sub(1.5f).neg())));
        // relu(1.5 - x) = [0.5, 2.5, 0, 4.5]: log(0) is -Inf
        assertEquals("Inf in forward of 1 (Log), op Log: output [2, 2] has 1 Inf", e.getMessage().lines().findFirst().orElseThrow());
    }
}

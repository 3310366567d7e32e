package dev.hookbook.backend.opencl;

import dev.hookbook.nn.F;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.hookbook.backend.opencl.OpenClTestSupport.assertSameValues;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Backward gives consumed gradients back to their backend (a no-op on OpenCL): training steps
 * through shared sub-expressions, a residual, a transpose and hooks that keep gradients give
 * the CPU's values on the device, and what the hooks kept keeps its values.
 */
class OpenClGradientRecyclingTest {
    private record Run(List<Tensor> values, List<Tensor> kept, List<float[]> keptValues) {}

    private static Tensor cpu(long seed, float scale, int... shape) {
        return Tensor.of(OpenClTestSupport.randn(Shape.numel(shape), seed), shape).mul(scale);
    }

    private static Run train(Device device) {
        Tensor x = cpu(1, 1f, 32, 128).to(device);
        Tensor w1 = cpu(2, 0.1f, 128, 128).to(device).requiresGrad(true);
        Tensor w2 = cpu(3, 0.1f, 128, 128).to(device).requiresGrad(true);
        SGD sgd = new SGD(List.of(w1, w2), 0.01f, 0.9f);
        List<Tensor> values = new ArrayList<>(), kept = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            sgd.zeroGrad();
            Tensor h = F.relu(x.matmul(w1));
            Tensor a = h.matmul(w2);
            a.retainGrad();
            h.registerGradObserver(kept::add);
            Tensor r = a.add(a.mul(h)).add(h);
            Tensor loss = r.transpose(0, 1).tanh().mul(r.transpose(0, 1)).mean();
            loss.backward();
            kept.add(a.grad());
            values.add(loss);
            values.add(w1.grad());
            values.add(w2.grad());
            sgd.step();
        }
        List<float[]> keptValues = new ArrayList<>();
        for (Tensor k : kept) keptValues.add(k.toFloatArray());
        return new Run(values, kept, keptValues);
    }

    @Test
    void trainingStepsMatchTheCpuAndKeptGradientsKeepTheirValues() {
        Device dev = OpenClTestSupport.device();
        Run onCpu = train(Device.CPU), onDevice = train(dev);
        assertEquals(onCpu.values().size(), onDevice.values().size());
        for (int i = 0; i < onCpu.values().size(); i++) assertSameValues(onCpu.values().get(i), onDevice.values().get(i), dev, 1e-4);
        for (int i = 0; i < onCpu.kept().size(); i++) {
            assertSameValues(onCpu.kept().get(i), onDevice.kept().get(i), dev, 1e-4);
            assertArrayEquals(onDevice.keptValues().get(i), onDevice.kept().get(i).toFloatArray());
        }
    }
}

package dev.hookbook.backend.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The in-place and {@code Into} forms of the element-wise ops on the OpenCL device against the
 * CPU: values and every input gradient through the histories they record, strided targets and
 * operands that overlap the target. Skips without a device, fails under CI=true.
 */
class OpenClInPlaceTest extends OpenClComparisonTest {
    @Test
    void inPlaceChainsAndTheirGradients() {
        Tensor a = t(1, 3, 4), b = t(2, 4), c = t(3, 3, 4), positive = t(4, 3, 1).abs().add(0.5f);
        same((d, x) -> x[0].mul(2f).addInPlace(x[1]).mulInPlace(x[2]).subInPlace(0.5f), a, b, c);
        same((d, x) -> x[0].mul(1f).divInPlace(x[1]).sub(0.25f).reluInPlace(), a, positive);
        same((d, x) -> x[0].mul(1f).mulInPlace(x[0].mul(1f)), a);
        same((d, x) -> x[0].mul(1f).transpose(0, 1).mulInPlace(x[1].transpose(0, 1)).reluInPlace(), a, c);
        same((d, x) -> x[0].mul(2f).fillInPlace(1.5f).mul(x[1]), a, c);
        same((d, x) -> x[0].mul(0.5f).expInPlace().mul(x[1]).tanhInPlace().mul(2f).sigmoidInPlace().sub(0.5f).negInPlace().clampInPlace(-0.3f, 0.2f), a, c);
    }

    @Test
    void stridedTargetsOverlapsAndIntoForms() {
        Device dev = OpenClTestSupport.device();
        Tensor m = t(5, 5, 5);
        float[] expected = m.add(m.transpose(0, 1)).toFloatArray();
        Tensor onDevice = m.to(dev);
        onDevice.addInPlace(onDevice.transpose(0, 1));
        assertArrayEquals(expected, onDevice.toFloatArray(), 0f);
        Tensor o = m.to(dev);
        o.transpose(0, 1).reluInPlace();
        assertArrayEquals(m.relu().toFloatArray(), o.toFloatArray(), 0f);
        try (var g = Autograd.noGrad()) {
            Tensor out = Tensor.zeros(5, 5).to(dev);
            m.to(dev).mulInto(m.transpose(0, 1).to(dev), out);
            assertArrayEquals(m.mul(m.transpose(0, 1)).toFloatArray(), out.toFloatArray(), 0f);
            Tensor self = m.to(dev);
            self.subInto(self.transpose(0, 1), self);
            assertArrayEquals(m.sub(m.transpose(0, 1)).toFloatArray(), self.toFloatArray(), 0f);
        }
    }
}

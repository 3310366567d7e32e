package dev.hookbook.backend.opencl;

import static dev.hookbook.backend.opencl.OpenClTestSupport.randn;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeAll;

/**
 * The common ground of the op tests that run one function on the CPU and on the OpenCL device
 * and compare: the device (skipped without one, a failure under CI=true), seeded inputs and
 * {@link OpenClTestSupport#assertSameOnBothDevices} with the default tolerance.
 */
abstract class OpenClComparisonTest {
    static final double TOL = 1e-5;
    static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    /** Standard normal values from {@code seed}, in {@code shape}, on the CPU. */
    static Tensor t(long seed, int... shape) {
        return Tensor.of(randn(Shape.numel(shape), seed), shape);
    }

    /** f gets the device its inputs live on, to move constants, index and mask tensors there. */
    static void same(double tol, BiFunction<Device, Tensor[], Tensor> f, Tensor... inputs) {
        OpenClTestSupport.assertSameOnBothDevices(dev, tol, f, inputs);
    }

    static void same(BiFunction<Device, Tensor[], Tensor> f, Tensor... inputs) {
        same(TOL, f, inputs);
    }
}

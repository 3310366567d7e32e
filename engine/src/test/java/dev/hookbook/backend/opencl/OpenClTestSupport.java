package dev.hookbook.backend.opencl;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import org.junit.jupiter.api.Assumptions;

import java.util.Arrays;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

/** Finding the device for the OpenCL tests, and comparing device results with the CPU's. */
public final class OpenClTestSupport {
    private OpenClTestSupport() {}

    /**
     * The first OpenCL device. Without one the calling test is skipped with the reason printed,
     * except when the environment variable CI is "true": there a missing device is a failure.
     */
    public static Device device() {
        try {
            return Device.opencl();
        } catch (IllegalStateException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true, so the OpenCL tests must run, but there is no OpenCL device: " + e.getMessage());
            }
            System.out.println("Skipping OpenCL test: " + e.getMessage());
            Assumptions.abort("no OpenCL device: " + e.getMessage());
            throw e; // not reached
        }
    }

    /** A copy of a CPU tensor on {@code device} (a leaf: no history). */
    static Tensor on(Device device, Tensor cpu) {
        return Tensor.fromArray(cpu.toFloatArray(), cpu.shape(), device);
    }

    /** The device result lives on {@code device} and has the CPU result's shape and values, within {@code tol} relative. */
    static void assertSameValues(Tensor cpu, Tensor ocl, Device device, double tol) {
        assertSame(device, ocl.device(), "device of the OpenCL result");
        assertArrayEquals(cpu.shape(), ocl.shape(), () -> "shape: cpu " + Arrays.toString(cpu.shape()) + ", opencl " + Arrays.toString(ocl.shape()));
        TensorAsserts.assertValues(cpu.toFloatArray(), ocl.toFloatArray(), tol);
    }

    /** Normal values with every fifth one special: NaN, the infinities, both zeros, small integers (ties). */
    static float[] awkward(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f, 1f, -1f, 2f};
        for (int i = 0; i < n; i++) v[i] = i % 5 == 3 ? special[(i / 5) % special.length] : (float) r.nextGaussian() * 3;
        return v;
    }

    static float[] randn(int n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
        return v;
    }

    /**
     * {@code f} on CPU copies of the inputs and on {@code dev} copies gives the same values (within
     * {@code tol}), the same gradFn and, after a backward of the same random gradient, the same
     * input gradients. {@code f} gets the device its inputs live on, to move constants, index and
     * mask tensors there.
     */
    static void assertSameOnBothDevices(Device dev, double tol, BiFunction<Device, Tensor[], Tensor> f, Tensor... inputs) {
        Tensor[] c = new Tensor[inputs.length], o = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            c[i] = inputs[i].detach().requiresGrad(true);
            o[i] = on(dev, inputs[i]).requiresGrad(true);
        }
        Tensor yc = f.apply(Device.CPU, c), yo = f.apply(dev, o);
        assertSameValues(yc, yo, dev, tol);
        assertEquals(yc.gradFn(), yo.gradFn(), "gradFn");
        if (!yc.requiresGrad()) return;
        Tensor g = Tensor.of(randn(Shape.numel(yc.shape()), 99), yc.shape());
        yc.backward(g);
        yo.backward(on(dev, g));
        for (int i = 0; i < inputs.length; i++) {
            if (c[i].grad() == null) {
                assertNull(o[i].grad(), "gradient of input " + i);
            } else {
                assertNotNull(o[i].grad(), "gradient of input " + i);
                assertSameValues(c[i].grad(), o[i].grad(), dev, tol);
            }
        }
    }
}

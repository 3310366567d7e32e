package dev.hookbook.backend.opencl;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.Checkpoint;
import dev.hookbook.nn.CheckpointTest;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Supplier;

import static dev.hookbook.backend.opencl.OpenClTestSupport.on;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Activation checkpointing on the OpenCL device: the gradients equal the plain run's on the
 * device exactly, and the CPU's within float tolerance, for an MLP, a CNN and a model with
 * dropout (whose masks are drawn on the host from the global generator).
 */
class OpenClCheckpointTest {
    private static Device dev;

    @BeforeAll
    static void findDevice() {
        dev = OpenClTestSupport.device();
    }

    private static void check(Supplier<Sequential> make, int... inputShape) {
        Sequential cpu = make.get();
        Sequential ocl = make.get();
        ocl.loadStateDict(cpu.stateDict(), true);
        ocl.to(dev);
        Hookbook.manualSeed(11);
        Tensor x = Tensor.randn(inputShape);
        Tensor xOcl = on(dev, x);

        Hookbook.manualSeed(5);
        List<float[]> cpuPlain = CheckpointTest.gradients(cpu, cpu::call, x);
        Hookbook.manualSeed(5);
        List<float[]> oclPlain = CheckpointTest.gradients(ocl, ocl::call, xOcl);
        Hookbook.manualSeed(5);
        List<float[]> oclPerLayer = CheckpointTest.gradients(ocl, in -> {
            Tensor y = CheckpointTest.perLayer(ocl, in);
            assertSame(dev, y.device());
            return y;
        }, xOcl);
        Hookbook.manualSeed(5);
        List<float[]> oclSequential = CheckpointTest.gradients(ocl, in -> Checkpoint.checkpointSequential(ocl, 2, in), xOcl);

        CheckpointTest.assertSameGradients(oclPlain, oclPerLayer);
        CheckpointTest.assertSameGradients(oclPlain, oclSequential);
        assertEquals(cpuPlain.size(), oclPerLayer.size());
        for (int i = 0; i < cpuPlain.size(); i++) TensorAsserts.assertValues(cpuPlain.get(i), oclPerLayer.get(i), 1e-4);
    }

    @Test
    void anMlpCheckpointedOnTheDeviceHasThePlainGradients() {
        check(CheckpointTest::mlp, 5, 6);
    }

    @Test
    void aCnnCheckpointedOnTheDeviceHasThePlainGradients() {
        check(CheckpointTest::cnn, 3, 2, 4, 4);
    }

    @Test
    void dropoutOnTheDeviceDrawsTheSameMasksWhenRecomputed() {
        check(CheckpointTest::withDropout, 8, 6);
    }
}

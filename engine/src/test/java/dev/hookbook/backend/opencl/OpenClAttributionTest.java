package dev.hookbook.backend.opencl;

import dev.hookbook.golden.AttributionGoldenTest;
import dev.hookbook.interp.Attribution;
import dev.hookbook.interp.Attributions;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Saliency, integrated gradients, Grad-CAM and occlusion on the OpenCL device give the CPU's
 * attributions and PyTorch's, and stay on the device.
 */
class OpenClAttributionTest {
    @Test
    void everyMethodMatchesPyTorchOnTheDevice() throws Exception {
        AttributionGoldenTest.checkAgainstPyTorch(OpenClTestSupport.device());
    }

    @Test
    void everyMethodMatchesTheCpu() throws Exception {
        Device dev = OpenClTestSupport.device();
        Sequential cpuModel = AttributionGoldenTest.cnn(Device.CPU), devModel = AttributionGoldenTest.cnn(dev);
        Tensor x = AttributionGoldenTest.input(Device.CPU), xd = AttributionGoldenTest.input(dev);
        Tensor baseline = Tensor.rand(1, 1, 10, 10);
        double tol = 1e-5;

        OpenClTestSupport.assertSameValues(Attribution.saliency(cpuModel, x, 3), Attribution.saliency(devModel, xd, 3), dev, tol);
        Attributions igCpu = Attribution.integratedGradients(cpuModel, x, 0, baseline, 20);
        Attributions igDev = Attribution.integratedGradients(devModel, xd, 0, baseline.to(dev), 20);
        OpenClTestSupport.assertSameValues(igCpu.values(), igDev.values(), dev, tol);
        OpenClTestSupport.assertSameValues(igCpu.convergenceDelta(), igDev.convergenceDelta(), dev, tol);
        OpenClTestSupport.assertSameValues(Attribution.gradCam(cpuModel, "3", x, 4), Attribution.gradCam(devModel, "3", xd, 4), dev, tol);
        int[] window = {1, 4, 3}, stride = {1, 3, 2};
        OpenClTestSupport.assertSameValues(Attribution.occlusion(cpuModel, x, 1, window, stride),
                Attribution.occlusion(devModel, xd, 1, window, stride), dev, tol);
    }
}

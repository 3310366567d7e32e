package dev.hookbook.backend.opencl;

import dev.hookbook.golden.MiniGptGoldenTest;
import dev.hookbook.golden.MiniGptHooksGoldenTest;
import org.junit.jupiter.api.Test;

/** MiniGpt on the OpenCL device: PyTorch's logits and gradients, hook point values, head ablation and greedy generation, as on the CPU. */
class OpenClMiniGptTest {
    @Test
    void logitsLossAndEveryGradientMatchPyTorch() throws Exception {
        MiniGptGoldenTest.checkAgainstPyTorch(OpenClTestSupport.device());
    }

    @Test
    void everyHookPointSeesPyTorchsValueAndGradient() throws Exception {
        MiniGptHooksGoldenTest.checkActivationsAndGradients(OpenClTestSupport.device());
    }

    @Test
    void zeroingOneHeadOfHookZGivesPyTorchsAblatedLogits() throws Exception {
        MiniGptHooksGoldenTest.checkHeadAblation(OpenClTestSupport.device());
    }

    @Test
    void greedyGenerationMatchesPyTorch() throws Exception {
        MiniGptHooksGoldenTest.checkGreedyGeneration(OpenClTestSupport.device());
    }
}

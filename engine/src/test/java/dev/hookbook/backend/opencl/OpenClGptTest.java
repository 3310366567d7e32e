package dev.hookbook.backend.opencl;

import dev.hookbook.golden.GptGoldenTest;
import org.junit.jupiter.api.Test;

/** The small GPT of notebook 07 on the OpenCL device gives PyTorch's logits, loss and gradients, as on the CPU. */
class OpenClGptTest {
    @Test
    void logitsLossAndEveryGradientMatchPyTorchOnTheDevice() throws Exception {
        GptGoldenTest.checkAgainstPyTorch(OpenClTestSupport.device());
    }
}

package dev.hookbook.backend.opencl;

import dev.hookbook.golden.InterpGoldenTest;
import org.junit.jupiter.api.Test;

/**
 * The interpretability tools on the OpenCL device: the cache, activation gradients, patching by
 * position and by head, the ablations and the logit lens of notebook 07's GPT give PyTorch's
 * values there too (the checks of {@link InterpGoldenTest}).
 */
class OpenClInterpTest {
    @Test
    void cacheGradientsPatchingAblationAndLogitLensMatchPyTorchOnTheDevice() throws Exception {
        InterpGoldenTest.checkAgainstPyTorch(OpenClTestSupport.device());
    }
}

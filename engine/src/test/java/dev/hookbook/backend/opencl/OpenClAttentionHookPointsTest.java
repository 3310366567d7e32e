package dev.hookbook.backend.opencl;

import dev.hookbook.nn.MultiheadAttentionHookPointsTest;
import org.junit.jupiter.api.Test;

/** MultiheadAttention's hook points on the OpenCL device: a head zeroed at hook_z, and d loss / d z in a backward hook there. */
class OpenClAttentionHookPointsTest {
    @Test
    void aHeadZeroedAtHookZAndTheGradientThere() {
        MultiheadAttentionHookPointsTest.checkZeroedHeadAndGradient(OpenClTestSupport.device());
    }
}

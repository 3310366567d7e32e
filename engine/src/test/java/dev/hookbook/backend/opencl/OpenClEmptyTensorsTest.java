package dev.hookbook.backend.opencl;

import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Empty tensors on OpenCL as on the CPU: NaN means of nothing, layers with zero inputs or outputs. */
class OpenClEmptyTensorsTest extends OpenClComparisonTest {

    @Test
    void meansOfNothingAreNaN() {
        same((d, x) -> x[0].mean(), t(1, 0, 5));
        same((d, x) -> x[0].mean(0, false), t(2, 0, 5));
    }

    @Test
    void meanLossesOverZeroRowsAreNaN() {
        same((d, x) -> F.crossEntropy(x[0], Tensor.zeros(0).to(d)), t(3, 0, 3));
        same((d, x) -> F.nllLoss(x[0], Tensor.zeros(0).to(d)), t(4, 0, 3));
    }

    @Test
    void linearWithZeroInputsOrOutputs() {
        same((d, x) -> F.linear(x[0], x[1], x[2]), t(5, 2, 0), t(6, 3, 0), t(7, 3));
        same((d, x) -> F.linear(x[0], x[1], x[2]), t(8, 2, 3), t(9, 0, 3), t(10, 0));
    }
}

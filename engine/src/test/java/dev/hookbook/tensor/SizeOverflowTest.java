package dev.hookbook.tensor;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.hookbook.nn.F;
import org.junit.jupiter.api.Test;

/**
 * A result that would hold more than 2^31-1 elements (or have a dim that long) is refused with
 * one line naming the op, as stack, broadcasting and matmul already are, instead of wrapping
 * round to a negative or small size. Expanded views cost nothing, so the inputs are cheap.
 */
class SizeOverflowTest {
    private static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;
    private static final int HALF = 1 << 30;

    private static Tensor[] pieces(int n) {
        Tensor[] ts = new Tensor[n];
        for (int i = 0; i < n; i++) ts[i] = Tensor.zeros(1).expand(HALF);
        return ts;
    }

    @Test
    void catWhoseLengthsAddPastTheLimitSaysSo() {
        // Three, four and five pieces of 2^30: the sum wrapped to a negative, to 0 and to 2^30.
        for (int n = 3; n <= 5; n++) {
            int count = n;
            assertMessage(ARG, () -> Tensor.cat(0, pieces(count)), "cat", "more than 2^31-1 elements", String.valueOf((long) count * HALF));
        }
    }

    @Test
    void catAlongAnotherDimOfAWideResultSaysSo() {
        Tensor a = Tensor.zeros(1, 1).expand(HALF, 1);
        assertMessage(ARG, () -> Tensor.cat(1, a, a), "cat", "more than 2^31-1 elements");
    }

    @Test
    void catJustBelowTheLimitStillWorksOnShapes() {
        Tensor a = Tensor.zeros(3);
        Tensor b = Tensor.zeros(4);
        assertArrayEquals(new int[]{7}, Tensor.cat(0, a, b).shape());
    }

    @Test
    void aCausalMaskTooLargeSaysSo() {
        // 50000 x 50000 wrapped to a negative array size
        assertMessage(ARG, () -> F.causalMask(50_000), "causalMask", "50000 x 50000", "more than 2^31-1 elements");
    }

    @Test
    void arangeLongerThanTheLimitSaysSo() {
        assertMessage(ARG, () -> Tensor.arange(Integer.MIN_VALUE, Integer.MAX_VALUE), "arange", "more than 2^31-1 elements");
    }
}

package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TensorSampleTest {

    @Test
    void smallTensorsAreReadWhole() {
        Tensor t = Tensor.arange(10);
        assertArrayEquals(t.toFloatArray(), TensorSample.of(t, 10));
    }

    @Test
    void largeTensorsAreReadThroughAnOddPrimeStride() {
        Tensor t = Tensor.arange(10_000).reshape(100, 100);
        int stride = TensorSample.stride(10_000, 1000);
        assertEquals(11, stride); // 10 is even, 11 is the next prime
        float[] sample = TensorSample.of(t, 1000);
        assertTrue(sample.length <= 1000);
        for (int i = 0; i < sample.length; i++) assertEquals(i * stride, sample[i]);
    }

    @Test
    void theStrideNeverLinesUpWithSmallPowersOfTwo() {
        assertEquals(3, TensorSample.stride(2000, 1000)); // not 2
        assertEquals(17, TensorSample.stride(16_000, 1000)); // not 16
    }

    @Test
    void nonContiguousViewsAreSampledInRowMajorOrder() {
        Hookbook.manualSeed(1);
        Tensor t = Tensor.randn(40, 50).transpose(0, 1);
        float[] all = t.toFloatArray();
        float[] sample = TensorSample.of(t, 100);
        int stride = TensorSample.stride(2000, 100);
        for (int i = 0; i < sample.length; i++) assertEquals(all[i * stride], sample[i]);
    }

    @Test
    void sampledNormsEstimateTheTrueNorm() {
        Hookbook.manualSeed(2);
        Tensor t = Tensor.randn(64, 8, 8, 8);
        double exact = Norms.sumOfSquares(t.toFloatArray());
        double estimate = Norms.sumOfSquares(t, 1024);
        assertEquals(1, estimate / exact, 0.1);
        assertEquals(exact, Norms.sumOfSquares(t, 1 << 16), exact * 1e-9); // whole: exact
    }
}

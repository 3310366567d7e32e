package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pool hands out only arrays that were given back, each to one taker. */
class BufferPoolTest {
    private static final int N = BufferPool.MIN_FLOATS * 2;

    @BeforeEach
    @AfterEach
    void empty() {
        BufferPool.clear();
    }

    @Test
    void aGivenArrayIsTakenOnceAndOnlyForItsSize() {
        float[] a = new float[N];
        BufferPool.give(a);
        assertNotSame(a, BufferPool.take(N + 1), "another size gets a fresh array");
        assertSame(a, BufferPool.take(N));
        assertNotSame(a, BufferPool.take(N), "taken once, it is gone from the pool");
        assertEquals(0, BufferPool.held());
    }

    @Test
    void givingTheSameArrayTwiceIsRefused() {
        float[] a = new float[N];
        BufferPool.give(a);
        assertThrows(IllegalStateException.class, () -> BufferPool.give(a));
    }

    @Test
    void smallArraysAreNotKept() {
        BufferPool.give(new float[16]);
        assertEquals(0, BufferPool.held());
    }

    @Test
    void aKernelsOwnCopyGoesBackAndIsNeverAnInputOrALiveResult() {
        // a transposed input: the kernel works on a dense copy, which it gives back when done
        Tensor x = Tensor.rand(64, 128).transpose(0, 1);
        float[] before = x.toFloatArray();
        Tensor y = x.relu();
        assertEquals(N, BufferPool.held(), "the copy went back to the pool");
        Tensor z = Tensor.rand(128, 64).neg();
        assertEquals(0L, BufferPool.held(), "and came out again for the next result");
        assertNotSame(CpuBackend.data(y), CpuBackend.data(z));
        org.junit.jupiter.api.Assertions.assertArrayEquals(before, x.toFloatArray(), "the input is untouched");
        for (int i = 0; i < before.length; i++) assertEquals(Math.max(before[i], 0f), y.toFloatArray()[i]);
    }

    @Test
    void emptyCacheFreesWhatTheBackwardGaveBackAndSaysHowMuch() {
        Tensor w = Tensor.randn(128, 128).requiresGrad(true);
        Tensor x = Tensor.randn(64, 128);
        x.matmul(w).relu().matmul(w).sum().backward(); // the [64, 128] gradients in between go back to the pool
        long held = BufferPool.held();
        float[] grad = w.grad().toFloatArray();
        org.junit.jupiter.api.Assertions.assertTrue(held > 0, "the backward gave arrays back");
        assertEquals(held * Float.BYTES, dev.hookbook.Hookbook.emptyCache());
        assertEquals(0, BufferPool.held());
        assertEquals(0, dev.hookbook.Hookbook.emptyCache(), "nothing left the second time");
        org.junit.jupiter.api.Assertions.assertArrayEquals(grad, w.grad().toFloatArray(), "a tensor in use keeps its values");
    }
}

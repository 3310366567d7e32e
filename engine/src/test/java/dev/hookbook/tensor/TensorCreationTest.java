package dev.hookbook.tensor;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import org.junit.jupiter.api.Test;

class TensorCreationTest {

    @Test
    void ofReadsRowMajorAndCopiesTheArray() {
        float[] data = {1, 2, 3, 4, 5, 6};
        Tensor t = Tensor.of(data, 2, 3);
        data[0] = 100;
        assertTensor(values(1, 2, 3, 4, 5, 6), shape(2, 3), t);
        assertEquals(2, t.dim());
        assertEquals(6, t.numel());
        assertEquals(3, t.size(1));
        assertEquals(2, t.size(-2));
        assertArrayEquals(shape(3, 1), t.strides());
        assertTrue(t.isContiguous());
        assertSame(Device.CPU, t.device());
    }

    @Test
    void shapeAndToFloatArrayAreCopies() {
        Tensor t = Tensor.of(values(1, 2), 2);
        t.shape()[0] = 7;
        t.toFloatArray()[0] = 9;
        assertTensor(values(1, 2), shape(2), t);
    }

    @Test
    void scalarIsZeroDim() {
        Tensor s = Tensor.scalar(2.5f);
        assertEquals(0, s.dim());
        assertEquals(1, s.numel());
        assertArrayEquals(new int[0], s.shape());
        assertEquals(2.5f, s.item());
    }

    @Test
    void zerosOnesFullArange() {
        assertTensor(new float[6], shape(2, 3), Tensor.zeros(2, 3));
        assertTensor(values(1, 1, 1, 1), shape(4), Tensor.ones(4));
        assertTensor(values(-1.5f, -1.5f, -1.5f), shape(3, 1), Tensor.full(-1.5f, 3, 1));
        assertTensor(values(0, 1, 2, 3, 4), shape(5), Tensor.arange(5));
        assertTensor(new float[0], shape(0), Tensor.arange(0));
        assertEquals(0, Tensor.zeros(0, 3).numel());
    }

    @Test
    void itemReadsOneElementOfAnyRank() {
        assertEquals(7f, Tensor.of(values(7), 1, 1, 1).item());
        Tensor t = Tensor.of(values(1, 2, 3, 4), 2, 2);
        assertEquals(10f, t.transpose(0, 1).flatten().sum().item());
        assertEquals(3f, t.transpose(0, 1).reshape(4).toFloatArray()[1]);
    }

    @Test
    void randnAndRandFollowTheGlobalSeed() {
        Hookbook.manualSeed(42);
        float[] a = Tensor.randn(3, 4).toFloatArray();
        float[] u = Tensor.rand(5).toFloatArray();
        Hookbook.manualSeed(42);
        assertArrayEquals(a, Tensor.randn(3, 4).toFloatArray());
        assertArrayEquals(u, Tensor.rand(5).toFloatArray());
        Hookbook.manualSeed(43);
        assertNotEquals(a[0], Tensor.randn(3, 4).toFloatArray()[0]);
    }

    @Test
    void randIsInUnitIntervalAndRandnLooksStandardNormal() {
        Hookbook.manualSeed(0);
        float[] u = Tensor.rand(10_000).toFloatArray();
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "rand value " + v);
        }
        float[] n = Tensor.randn(20_000).toFloatArray();
        double mean = 0, sq = 0;
        for (float v : n) {
            mean += v;
            sq += v * v;
        }
        mean /= n.length;
        double var = sq / n.length - mean * mean;
        assertEquals(0, mean, 0.05);
        assertEquals(1, var, 0.05);
    }

    @Test
    void newTensorsAreLeavesWithoutGrad() {
        Tensor t = Tensor.ones(2);
        assertFalse(t.requiresGrad());
        assertTrue(t.isLeaf());
        assertNull(t.grad());
        assertNull(t.gradFn());
        assertSame(t, t.requiresGrad(true));
        assertTrue(t.requiresGrad());
    }

    @Test
    void toSameDeviceIsIdentityAndAvailableListsCpuFirst() {
        Tensor t = Tensor.ones(2);
        assertSame(t, t.to(Device.CPU));
        assertSame(Device.CPU, Device.available().get(0));
        assertEquals("cpu", Device.CPU.toString());
    }

    @Test
    void assignOverwritesInPlaceWithBroadcast() {
        Tensor t = Tensor.zeros(2, 3);
        Tensor view = t.transpose(0, 1);
        t.assign(Tensor.of(values(1, 2, 3), 3));
        assertTensor(values(1, 2, 3, 1, 2, 3), shape(2, 3), t);
        assertTensor(values(1, 1, 2, 2, 3, 3), shape(3, 2), view);
        view.assign(Tensor.scalar(5));
        assertTensor(values(5, 5, 5, 5, 5, 5), shape(2, 3), t);
    }
}

package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.range;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Views share storage where PyTorch's do, and copy where they must. */
class ViewsTest {

    private static Tensor t234() {
        return Tensor.of(range(24, 1, 0), 2, 3, 4);
    }

    @Test
    void viewSharesStorageAndSeesWrites() {
        Tensor x = Tensor.of(range(6, 1, 0), 2, 3);
        Tensor v = x.view(3, 2);
        assertSame(x.storage(), v.storage());
        assertTensor(values(0, 1, 2, 3, 4, 5), shape(3, 2), v);
        x.assign(Tensor.full(7, 2, 3));
        assertTensor(values(7, 7, 7, 7, 7, 7), shape(3, 2), v);
        v.assign(Tensor.of(values(1, 2), 2));
        assertTensor(values(1, 2, 1, 2, 1, 2), shape(2, 3), x);
    }

    @Test
    void viewInfersOneMinusOne() {
        assertArrayEquals(shape(4, 6), t234().view(4, -1).shape());
        assertArrayEquals(shape(2, 3, 2, 2), t234().view(2, 3, -1, 2).shape());
        assertArrayEquals(shape(24), t234().view(-1).shape());
        assertArrayEquals(shape(), Tensor.of(values(5), 1, 1).view().shape());
        assertEquals(5f, Tensor.of(values(5), 1, 1).view().item());
        assertThrows(IllegalArgumentException.class, () -> t234().view(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> t234().view(5, -1));
        assertThrows(IllegalArgumentException.class, () -> t234().view(5, 5));
    }

    @Test
    void transposeIsAStridedViewOfTheSameStorage() {
        Tensor x = Tensor.of(range(6, 1, 0), 2, 3);
        Tensor t = x.transpose(0, 1);
        assertSame(x.storage(), t.storage());
        assertArrayEquals(shape(1, 3), t.strides());
        assertFalse(t.isContiguous());
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(3, 2), t);
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(3, 2), x.transpose(-1, -2));
        x.assign(Tensor.of(range(6, 10, 0), 2, 3));
        assertTensor(values(0, 30, 10, 40, 20, 50), shape(3, 2), t);
    }

    @Test
    void transposeOf3dMatchesIndexArithmetic() {
        Tensor t = t234().transpose(0, 2);
        float[] expected = new float[24];
        for (int k = 0; k < 4; k++) {
            for (int j = 0; j < 3; j++) {
                for (int i = 0; i < 2; i++) {
                    expected[(k * 3 + j) * 2 + i] = (i * 3 + j) * 4 + k;
                }
            }
        }
        assertTensor(expected, shape(4, 3, 2), t);
    }

    @Test
    void permuteMatchesIndexArithmeticAndSharesStorage() {
        Tensor x = t234();
        Tensor p = x.permute(2, 0, 1);
        assertSame(x.storage(), p.storage());
        float[] expected = new float[24];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    expected[(k * 2 + i) * 3 + j] = (i * 3 + j) * 4 + k;
                }
            }
        }
        assertTensor(expected, shape(4, 2, 3), p);
        assertTensor(expected, shape(4, 2, 3), x.permute(-1, 0, -2));
        assertTensor(range(24, 1, 0), shape(2, 3, 4), p.permute(1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> x.permute(0, 1));
    }

    @Test
    void reshapeOfContiguousSharesAndOfNonContiguousCopies() {
        Tensor x = Tensor.of(range(6, 1, 0), 2, 3);
        Tensor r = x.reshape(3, 2);
        assertSame(x.storage(), r.storage());
        Tensor t = x.transpose(0, 1);
        Tensor rt = t.reshape(6);
        assertNotSame(x.storage(), rt.storage());
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(6), rt);
        // the copy no longer follows the original
        x.assign(Tensor.zeros(2, 3));
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(6), rt);
    }

    @Test
    void viewOfNonContiguousIsRefused() {
        Tensor t = Tensor.of(range(6, 1, 0), 2, 3).transpose(0, 1);
        assertThrows(IllegalArgumentException.class, () -> t.view(6));
    }

    @Test
    void contiguousCopiesOnlyWhenNeeded() {
        Tensor x = Tensor.of(range(6, 1, 0), 2, 3);
        assertSame(x, x.contiguous());
        Tensor c = x.transpose(0, 1).contiguous();
        assertTrue(c.isContiguous());
        assertArrayEquals(shape(2, 1), c.strides());
        assertNotSame(x.storage(), c.storage());
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(3, 2), c);
        // a view whose size-1 dims have odd strides is still contiguous
        assertTrue(x.unsqueeze(1).isContiguous());
    }

    @Test
    void flattenMergesFromStart() {
        assertTensor(range(24, 1, 0), shape(24), t234().flatten());
        assertArrayEquals(shape(2, 12), t234().flatten(1).shape());
        assertArrayEquals(shape(2, 3, 4), t234().flatten(2).shape());
        assertArrayEquals(shape(2, 12), t234().flatten(-2).shape());
        assertArrayEquals(shape(1), Tensor.scalar(3).flatten().shape());
        Tensor t = Tensor.of(range(6, 1, 0), 2, 3).transpose(0, 1);
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(6), t.flatten());
    }

    @Test
    void unsqueezeAndSqueeze() {
        Tensor x = Tensor.of(range(6, 1, 0), 2, 3);
        assertArrayEquals(shape(1, 2, 3), x.unsqueeze(0).shape());
        assertArrayEquals(shape(2, 1, 3), x.unsqueeze(1).shape());
        assertArrayEquals(shape(2, 3, 1), x.unsqueeze(2).shape());
        assertArrayEquals(shape(2, 3, 1), x.unsqueeze(-1).shape());
        assertArrayEquals(shape(2, 1, 3), x.unsqueeze(-2).shape());
        assertSame(x.storage(), x.unsqueeze(1).storage());
        assertTensor(range(6, 1, 0), shape(2, 1, 3), x.unsqueeze(1));
        assertTensor(range(6, 1, 0), shape(2, 3), x.unsqueeze(1).squeeze(1));
        // squeezing a dim that is not 1 leaves the tensor as it is, as in PyTorch
        assertArrayEquals(shape(2, 3), x.squeeze(0).shape());
        assertArrayEquals(shape(3), Tensor.ones(1, 3).squeeze(-2).shape());
        assertArrayEquals(shape(1), Tensor.scalar(2).unsqueeze(0).shape());
        // unsqueeze of a transposed view keeps reading the right elements
        Tensor t = x.transpose(0, 1).unsqueeze(1);
        assertTensor(values(0, 3, 1, 4, 2, 5), shape(3, 1, 2), t);
    }

    @Test
    void expandRepeatsWithZeroStrides() {
        Tensor col = Tensor.of(values(1, 2), 2, 1);
        Tensor e = col.expand(2, 3);
        assertSame(col.storage(), e.storage());
        assertArrayEquals(shape(1, 0), e.strides());
        assertTensor(values(1, 1, 1, 2, 2, 2), shape(2, 3), e);
        assertTensor(values(1, 2, 1, 2), shape(2, 2, 1), col.expand(2, 2, 1));
        assertTensor(values(1, 1, 1, 2, 2, 2), shape(6), e.reshape(6));
        assertThrows(IllegalArgumentException.class, () -> col.expand(3, 3));
        assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).expand(3));
    }

    @Test
    void copyIsContiguousAndIndependent() {
        Tensor x = Tensor.of(values(1, 2, 3, 4), 2, 2);
        Tensor c = x.copy();
        assertNotSame(x.storage(), c.storage());
        x.assign(Tensor.zeros(2, 2));
        assertTensor(values(1, 2, 3, 4), shape(2, 2), c);
    }

    @Test
    void detachSharesStorage() {
        Tensor x = Tensor.of(values(1, 2), 2).requiresGrad(true);
        Tensor d = x.detach();
        assertSame(x.storage(), d.storage());
        assertFalse(d.requiresGrad());
    }
}

package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * multinomial and randint draw from the global generator (Java's {@code Random}, not PyTorch's
 * stream, so their values cannot be compared with PyTorch's): the same seed repeats them, and
 * their frequencies match the distribution within a few standard errors.
 */
class SamplingTest {

    @Test
    void multinomialRepeatsWithTheSeedAndDrawsProportionally() {
        Tensor probs = Tensor.of(new float[]{0.1f, 0.2f, 0.3f, 0.4f}, 1, 4).expand(20000, 4);
        Hookbook.manualSeed(7);
        float[] a = probs.multinomial(1).toFloatArray();
        Hookbook.manualSeed(7);
        float[] b = probs.multinomial(1).toFloatArray();
        assertArrayEquals(a, b, "same seed, same draws");
        int[] counts = new int[4];
        for (float v : a) counts[(int) v]++;
        for (int c = 0; c < 4; c++) {
            double p = 0.1 * (c + 1), expected = p * a.length, sd = Math.sqrt(a.length * p * (1 - p));
            assertTrue(Math.abs(counts[c] - expected) < 5 * sd, "category " + c + ": " + counts[c] + " draws, expected about " + expected);
        }
        Hookbook.manualSeed(8);
        assertFalse(java.util.Arrays.equals(a, probs.multinomial(1).toFloatArray()), "another seed, other draws");
    }

    @Test
    void multinomialWithoutReplacementNeverRepeatsACategoryInARow() {
        Hookbook.manualSeed(3);
        Tensor probs = Tensor.rand(50, 6).add(0.01f);
        Tensor s = probs.multinomial(6);
        assertArrayEquals(new int[]{50, 6}, s.shape());
        float[] v = s.toFloatArray();
        for (int row = 0; row < 50; row++) {
            boolean[] seen = new boolean[6];
            for (int j = 0; j < 6; j++) {
                int c = (int) v[row * 6 + j];
                assertFalse(seen[c], "row " + row + " drew category " + c + " twice");
                seen[c] = true;
            }
        }
        // unnormalised weights and a zero weight: the zero category is never drawn
        Tensor w = Tensor.of(new float[]{0f, 5f, 1f}, 3);
        for (int i = 0; i < 200; i++) assertNotEquals(0f, w.multinomial(2).toFloatArray()[0]);
        // the first draw of two without replacement is still distributed as the weights
        int ones = 0;
        for (int i = 0; i < 3000; i++) if (w.multinomial(2).toFloatArray()[0] == 1f) ones++;
        assertEquals(3000 * 5 / 6.0, ones, 5 * Math.sqrt(3000 * 5 / 36.0));
    }

    @Test
    void multinomialRefusesImpossibleRequests() {
        Tensor p = Tensor.of(new float[]{0.5f, 0.5f, 0f}, 3);
        assertMessage(IllegalArgumentException.class, () -> p.multinomial(4), "multinomial", "4 samples", "3 categories", "[3]");
        assertMessage(IllegalArgumentException.class, () -> p.multinomial(3), "multinomial", "2 categories of non-zero", "3 samples");
        assertMessage(IllegalArgumentException.class, () -> Tensor.of(new float[]{1f, -1f}, 2).multinomial(1), "multinomial", "-1.0", "[0, 1]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 2).multinomial(1), "multinomial", "1 or 2 dims", "[2, 2, 2]");
        assertMessage(IllegalArgumentException.class, () -> p.multinomial(0), "multinomial", "0 samples");
    }

    @Test
    void randintIsUniformOverItsRangeAndRepeatsWithTheSeed() {
        Hookbook.manualSeed(11);
        Tensor a = Tensor.randint(-3, 5, 40000);
        Hookbook.manualSeed(11);
        assertArrayEquals(a.toFloatArray(), Tensor.randint(-3, 5, 40000).toFloatArray());
        assertArrayEquals(new int[]{40000}, a.shape());
        int[] counts = new int[8];
        for (float v : a.toFloatArray()) {
            assertEquals(Math.rint(v), v, "integral");
            assertTrue(v >= -3 && v < 5, "in [-3, 5): " + v);
            counts[(int) v + 3]++;
        }
        double expected = 40000 / 8.0, sd = Math.sqrt(40000 * (1 / 8.0) * (7 / 8.0));
        for (int c = 0; c < 8; c++) assertTrue(Math.abs(counts[c] - expected) < 5 * sd, (c - 3) + ": " + counts[c]);
        assertArrayEquals(new int[]{2, 3}, Tensor.randint(0, 2, 2, 3).shape());
        assertMessage(IllegalArgumentException.class, () -> Tensor.randint(4, 4, 2), "randint", "low 4", "high 4");
    }

    @Test
    void arangeFromStartToEnd() {
        assertArrayEquals(new float[]{-2, -1, 0, 1}, Tensor.arange(-2, 2).toFloatArray());
        assertArrayEquals(new int[]{0}, Tensor.arange(3, 3).shape());
        assertMessage(IllegalArgumentException.class, () -> Tensor.arange(5, 2), "arange", "start 5", "end 2");
    }

    @Test
    void topkBreaksTiesByTheLowerIndexAndRanksNanFirst() {
        Tensor x = Tensor.of(new float[]{1, 3, 3, Float.NaN, 2, 3}, 6);
        assertArrayEquals(new float[]{3, 1, 2, 5}, x.topkIndices(4, 0).toFloatArray());
        assertArrayEquals(new float[]{Float.NaN, 3, 3}, x.topk(3, 0).toFloatArray());
        assertArrayEquals(new int[]{2, 0}, Tensor.zeros(2, 4).topk(0, 1).shape());
        assertMessage(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).topk(4, 1), "topk", "k 4", "size 3", "[2, 3]");
    }
}

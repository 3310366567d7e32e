package dev.hookbook.data;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigitsTest {

    // Fingerprints of the fixed test split (see splitIsPinned).
    private static final double PINNED_PIXEL_TOTAL = 113220;
    private static final float[] PINNED_FIRST_LABELS = {8, 1, 5, 9, 5, 9, 7, 0, 2, 3, 7, 3};
    private static final int PINNED_LABEL_HASH = 667255553;

    @Test
    void countsAndShapes() {
        Digits digits = Digits.load();
        assertEquals(1437, digits.train().size());
        assertEquals(360, digits.test().size());
        assertEquals(1797, digits.train().size() + digits.test().size());
        assertArrayEquals(new int[]{1437, 1, 8, 8}, digits.train().x().shape());
        assertArrayEquals(new int[]{1437}, digits.train().y().shape());
        assertArrayEquals(new int[]{360, 1, 8, 8}, digits.test().x().shape());
        assertArrayEquals(new int[]{360}, digits.test().y().shape());
    }

    @Test
    void pixelsAreSixteenthsInZeroToOne() {
        Digits digits = Digits.load();
        for (TensorDataset split : new TensorDataset[]{digits.train(), digits.test()}) {
            float min = Float.MAX_VALUE;
            float max = -Float.MAX_VALUE;
            for (float v : split.x().toFloatArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
                assertEquals(v * 16, Math.rint(v * 16), 0.0, "every pixel is a count 0..16 divided by 16");
            }
            assertEquals(0f, min);
            assertEquals(1f, max);
        }
    }

    @Test
    void matchesTheSourceData() {
        // Figures from scikit-learn's load_digits(): total of the raw pixel counts and images per class.
        Digits digits = Digits.load();
        double pixelTotal = 0;
        int[] perClass = new int[10];
        for (TensorDataset split : new TensorDataset[]{digits.train(), digits.test()}) {
            for (float v : split.x().toFloatArray()) {
                pixelTotal += v * 16;
            }
            for (int c : classes(split.y())) {
                perClass[c]++;
            }
        }
        assertEquals(561718, pixelTotal, 0.0);
        assertArrayEquals(new int[]{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, perClass);
    }

    @Test
    void everyClassIsInBothSplitsInProportion() {
        Digits digits = Digits.load();
        int[] train = new int[10];
        int[] test = new int[10];
        for (int c : classes(digits.train().y())) train[c]++;
        for (int c : classes(digits.test().y())) test[c]++;
        for (int c = 0; c < 10; c++) {
            assertTrue(test[c] >= 35 && test[c] <= 37, "class " + c + " has " + test[c] + " test images");
            assertTrue(train[c] >= 137, "class " + c + " has " + train[c] + " training images");
        }
    }

    @Test
    void splitIsTheSameOnEveryLoadWhateverTheSeed() {
        Hookbook.manualSeed(0);
        Digits a = Digits.load();
        Hookbook.manualSeed(12345);
        Digits b = Digits.load();
        assertArrayEquals(a.train().x().toFloatArray(), b.train().x().toFloatArray());
        assertArrayEquals(a.train().y().toFloatArray(), b.train().y().toFloatArray());
        assertArrayEquals(a.test().x().toFloatArray(), b.test().x().toFloatArray());
        assertArrayEquals(a.test().y().toFloatArray(), b.test().y().toFloatArray());
    }

    @Test
    void splitIsPinned() {
        // The split is part of Hookbook's contract (results quoted anywhere depend on it): these
        // fingerprints of the test split must never change.
        TensorDataset test = Digits.load().test();
        double pixelTotal = 0;
        for (float v : test.x().toFloatArray()) {
            pixelTotal += v * 16;
        }
        float[] labels = test.y().toFloatArray();
        assertEquals(PINNED_PIXEL_TOTAL, pixelTotal, 0.0);
        assertArrayEquals(PINNED_FIRST_LABELS, java.util.Arrays.copyOf(labels, 12));
        assertEquals(PINNED_LABEL_HASH, java.util.Arrays.hashCode(labels));
    }

    @Test
    void eachLoadGivesFreshTensors() {
        assertNotSame(Digits.load().train().x(), Digits.load().train().x());
    }

    @Test
    void describesItself() {
        assertTrue(Digits.load().toString().contains("train=1437, test=360"));
    }

    private static int[] classes(Tensor y) {
        float[] values = y.toFloatArray();
        int[] classes = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            assertEquals(Math.rint(values[i]), values[i], 0.0, "labels are whole numbers");
            classes[i] = (int) values[i];
            assertTrue(classes[i] >= 0 && classes[i] < 10);
        }
        return classes;
    }
}

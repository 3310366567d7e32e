package dev.hookbook.data;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {

    /** Ten samples: x row i is [i, 100 + i], y[i] is i, so every batch shows which samples it holds. */
    private static TensorDataset tenSamples() {
        float[] x = new float[20];
        float[] y = new float[10];
        for (int i = 0; i < 10; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = 100 + i;
            y[i] = i;
        }
        return new TensorDataset(Tensor.of(x, 10, 2), Tensor.of(y, 10));
    }

    /** n samples whose x and y are both the sample's index. */
    private static TensorDataset numbered(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return new TensorDataset(Tensor.of(v, n, 1), Tensor.of(v, n));
    }

    @Test
    void batchesKeepTheLastPartialOne() {
        DataLoader loader = new DataLoader(tenSamples(), 4, false);
        List<Integer> sizes = new ArrayList<>();
        for (Batch batch : loader) {
            sizes.add(batch.size());
            assertArrayEquals(new int[]{batch.size(), 2}, batch.x().shape());
            assertArrayEquals(new int[]{batch.size()}, batch.y().shape());
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(3, loader.size());
    }

    @Test
    void withoutShuffleTheOrderIsTheDatasetOrder() {
        DataLoader loader = new DataLoader(tenSamples(), 3, false);
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, epoch(loader));
        assertArrayEquals(new int[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, epoch(loader));
    }

    @Test
    void shuffleFollowsTheGlobalSeed() {
        DataLoader loader = new DataLoader(numbered(1000), 64, true);
        Hookbook.manualSeed(42);
        int[] first = epoch(loader);
        int[] second = epoch(loader);
        Hookbook.manualSeed(42);
        assertArrayEquals(first, epoch(loader), "same seed, same order");
        assertArrayEquals(second, epoch(loader), "and the same sequence of epochs");
        assertFalse(Arrays.equals(first, second), "each epoch reshuffles");
        Hookbook.manualSeed(43);
        assertFalse(Arrays.equals(first, epoch(loader)), "another seed, another order");
    }

    @Test
    void everySampleAppearsExactlyOncePerEpochWithItsTarget() {
        Hookbook.manualSeed(1);
        DataLoader loader = new DataLoader(tenSamples(), 4, true);
        for (int e = 0; e < 5; e++) {
            List<Integer> seen = new ArrayList<>();
            for (Batch batch : loader) {
                float[] x = batch.x().toFloatArray();
                float[] y = batch.y().toFloatArray();
                for (int i = 0; i < y.length; i++) {
                    assertEquals(y[i], x[2 * i], "x row stays with its y");
                    assertEquals(100 + y[i], x[2 * i + 1]);
                    seen.add((int) y[i]);
                }
            }
            assertEquals(10, seen.size());
            assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen.stream().sorted().toList());
        }
        Hookbook.manualSeed(1);
        assertNotEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), Arrays.stream(epoch(loader)).boxed().toList(),
                "shuffled");
    }

    @Test
    void digitsTrainingSetInBatchesOf64() {
        DataLoader loader = new DataLoader(Digits.load().train(), 64, true);
        assertEquals(23, loader.size());
        int batches = 0;
        int samples = 0;
        int last = 0;
        for (Batch batch : loader) {
            assertArrayEquals(new int[]{batch.size(), 1, 8, 8}, batch.x().shape());
            batches++;
            samples += batch.size();
            last = batch.size();
        }
        assertEquals(23, batches);
        assertEquals(1437, samples);
        assertEquals(1437 - 22 * 64, last);
    }

    @Test
    void batchLargerThanTheDataset() {
        List<Batch> batches = new ArrayList<>();
        new DataLoader(tenSamples(), 64, true).forEach(batches::add);
        assertEquals(1, batches.size());
        assertEquals(10, batches.get(0).size());
    }

    @Test
    void iteratorEndsCleanly() {
        Iterator<Batch> it = new DataLoader(tenSamples(), 10, false).iterator();
        assertTrue(it.hasNext());
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }

    @Test
    void rejectsBadArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new DataLoader(tenSamples(), 0, false));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());
        var mismatch = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.of(new float[6], 3, 2), Tensor.of(new float[2], 2)));
        assertTrue(mismatch.getMessage().contains("[3, 2]") && mismatch.getMessage().contains("[2]"), mismatch.getMessage());
    }

    @Test
    void datasetGetIsABatchOfOne() {
        Batch sample = tenSamples().get(7);
        assertArrayEquals(new int[]{1, 2}, sample.x().shape());
        assertArrayEquals(new float[]{7, 107}, sample.x().toFloatArray());
        assertArrayEquals(new float[]{7}, sample.y().toFloatArray());
        assertThrows(IndexOutOfBoundsException.class, () -> tenSamples().get(10));
    }

    /** The sample order of one epoch, read from the targets (which must then be distinct). */
    private static int[] epoch(DataLoader loader) {
        List<Integer> order = new ArrayList<>();
        for (Batch batch : loader) {
            for (float v : batch.y().toFloatArray()) {
                order.add((int) v);
            }
        }
        return order.stream().mapToInt(Integer::intValue).toArray();
    }
}

package dev.hookbook.data;

import dev.hookbook.tensor.Generator;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Random;

/**
 * Iterates a {@link Dataset} ({@link TensorDataset}, {@link CharDataset}) in mini-batches, as
 * PyTorch's {@code DataLoader}.
 *
 * <pre>{@code
 * var loader = new DataLoader(Digits.load().train(), 64, true);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *     for (Batch batch : loader) { ... }
 * }
 * }</pre>
 *
 * <p>Each iteration (each {@code for} loop over the loader) is one epoch: every sample appears
 * exactly once, in batches of {@code batchSize}, the last batch holding what is left over. With
 * {@code shuffle} each epoch draws a fresh order from the global generator, so
 * {@code Hookbook.manualSeed(long)} makes the order repeat; without it the order is the dataset's.
 * A TensorDataset's tensors are copied once when an epoch starts.
 */
public final class DataLoader implements Iterable<Batch> {

    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;

    /**
     * @param dataset   the samples
     * @param batchSize samples per batch (the last batch of an epoch may be smaller)
     * @param shuffle   draw a new random order for every epoch
     */
    public DataLoader(Dataset dataset, int batchSize, boolean shuffle) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, found " + batchSize);
        }
        this.batchSize = batchSize;
        this.shuffle = shuffle;
    }

    /** The dataset this loader iterates. */
    public Dataset dataset() {
        return dataset;
    }

    /** Samples per batch. */
    public int batchSize() {
        return batchSize;
    }

    /** Whether each epoch is shuffled. */
    public boolean shuffle() {
        return shuffle;
    }

    /** Batches per epoch, the last partial batch included (PyTorch's {@code len(loader)}). */
    public int size() {
        return (dataset.size() + batchSize - 1) / batchSize;
    }

    /** Starts an epoch: draws the order now (when shuffling) and snapshots the data. */
    @Override
    public Iterator<Batch> iterator() {
        int n = dataset.size();
        int[] order = shuffle ? randomPermutation(n) : identity(n);
        Dataset.Batcher batcher = dataset.batcher();
        return new Iterator<>() {
            private int next = 0;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("the epoch is over");
                }
                int to = Math.min(next + batchSize, n);
                Batch batch = batcher.batch(order, next, to);
                next = to;
                return batch;
            }
        };
    }

    @Override
    public String toString() {
        return "DataLoader(size=" + dataset.size() + ", batchSize=" + batchSize + ", shuffle=" + shuffle + ")";
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Fisher-Yates on the global generator, held for the whole draw so no other thread interleaves. */
    private static int[] randomPermutation(int n) {
        int[] order = identity(n);
        Random generator = Generator.global();
        synchronized (generator) {
            for (int i = n - 1; i > 0; i--) {
                int j = generator.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return order;
    }
}

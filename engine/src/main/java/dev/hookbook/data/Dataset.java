package dev.hookbook.data;

/**
 * Samples that a {@link DataLoader} can put into batches: {@link TensorDataset} (all samples in
 * two tensors) and {@link CharDataset} (windows of a text, cut when a batch is asked for).
 */
public interface Dataset {

    /** The number of samples. */
    int size();

    /**
     * Starts an epoch: a {@link Batcher} over the samples as they are now (a TensorDataset
     * copies its tensors once here, so the batches of one epoch read one snapshot).
     */
    Batcher batcher();

    /** Copies chosen samples into one batch. */
    interface Batcher {
        /** The samples {@code order[from..to)}, in that order, as one batch. */
        Batch batch(int[] order, int from, int to);
    }
}

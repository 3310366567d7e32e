package dev.hookbook.data;

/** A data set split once and for all into a training part and a test part. */
abstract class TrainTestSplit {
    private final TensorDataset train;
    private final TensorDataset test;

    TrainTestSplit(TensorDataset train, TensorDataset test) {
        this.train = train;
        this.test = test;
    }

    /** The training images and labels. */
    public TensorDataset train() {
        return train;
    }

    /** The test images and labels, for measuring what training did not see. */
    public TensorDataset test() {
        return test;
    }
}

package dev.hookbook.data;

import java.net.URI;
import java.nio.file.Path;

/**
 * MNIST (Y. LeCun, C. Cortes and C. J. C. Burges): 70,000 grey-scale 28x28 handwritten digits.
 *
 * <pre>{@code
 * var mnist = Mnist.load();
 * var loader = new DataLoader(mnist.train(), 64, true);
 * }</pre>
 *
 * <p>{@code train()} holds 60,000 images and {@code test()} 10,000; in both {@code x} has shape
 * {@code [N, 1, 28, 28]} with the pixels divided by 255 into [0, 1], and {@code y} shape
 * {@code [N]}, the digit as a float.
 *
 * <p>The files are looked for, in order, in the folder given to {@link #load(Path)},
 * {@code $HOOKBOOK_DATA/mnist} and {@code ~/.cache/hookbook/mnist}; when none holds them they are
 * downloaded into the cache from the mirror PyTorch uses (LeCun's own site now often refuses
 * downloads) and checked against the published files' SHA-256. {@code -Dhookbook.data.mirror=URL}
 * (or {@code $HOOKBOOK_DATA_MIRROR}) downloads from {@code URL/mnist/} instead.
 */
public final class Mnist extends TrainTestSplit {

    /*
     * The SHA-256 of the four files as LeCun published them, which PyTorch's and Google's mirrors
     * serve byte for byte: the values torch.rb (Ruby's torchvision) and other loaders check. Their
     * MD5s, which torchvision checks, are f68b3c2d..., d53e105e..., 9fb629c4... and ec29112d....
     */
    static final DataSource SOURCE = new DataSource("MNIST", "mnist",
            URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
            new RemoteFile("train-images-idx3-ubyte.gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
            null,
            "Download the four .gz files from https://ossci-datasets.s3.amazonaws.com/mnist/ (or"
                    + " http://yann.lecun.com/exdb/mnist/) into one of those folders.",
            10);

    private Mnist(IdxDataSet.Splits splits) {
        super(splits.train(), splits.test());
    }

    /**
     * Loads MNIST from the first place that holds it, downloading it when none does.
     *
     * @throws IllegalStateException naming every place looked at when it is nowhere and cannot be
     *                               downloaded, or naming the file when one is damaged
     */
    public static Mnist load() {
        return new Mnist(IdxDataSet.load(SOURCE, null));
    }

    /** Loads MNIST from {@code dir}, or, when it lacks the files, as {@link #load()} does. */
    public static Mnist load(Path dir) {
        return new Mnist(IdxDataSet.load(SOURCE, dir));
    }

    @Override
    public String toString() {
        return "Mnist(train=" + train().size() + ", test=" + test().size() + ", x=[N, 1, 28, 28], y=[N], classes=10)";
    }
}

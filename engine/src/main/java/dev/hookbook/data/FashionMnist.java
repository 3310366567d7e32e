package dev.hookbook.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Zalando Research, H. Xiao, K. Rasul and R. Vollgraf, 2017; MIT licence): 70,000
 * grey-scale 28x28 pictures of clothes in ten classes, MNIST's format and size, harder to get right.
 *
 * <pre>{@code
 * var fashion = FashionMnist.load();
 * var loader = new DataLoader(fashion.train(), 64, true);
 * String name = FashionMnist.CLASSES.get((int) fashion.test().y().toFloatArray()[0]);
 * }</pre>
 *
 * <p>{@code train()} holds 60,000 images and {@code test()} 10,000; in both {@code x} has shape
 * {@code [N, 1, 28, 28]} with the pixels divided by 255 into [0, 1], and {@code y} shape
 * {@code [N]}, the class index as a float.
 *
 * <p>The files are looked for, in order, in the folder given to {@link #load(Path)},
 * {@code $HOOKBOOK_DATA/fashion-mnist}, {@code ~/.cache/hookbook/fashion-mnist} and Debian's
 * {@code /usr/share/datasets/fashion-mnist} ({@code apt-get install dataset-fashion-mnist}); when
 * none holds them they are downloaded from the official location into the cache and checked
 * against the published files' SHA-256. {@code -Dhookbook.data.mirror=URL} (or
 * {@code $HOOKBOOK_DATA_MIRROR}) downloads from {@code URL/fashion-mnist/} instead.
 */
public final class FashionMnist extends TrainTestSplit {

    /** The ten class names, by class index: {@code CLASSES.get(0)} is "T-shirt/top". */
    public static final List<String> CLASSES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    /*
     * The SHA-256 of the four files as published at the base URL. The project's README publishes
     * their MD5s (8d4fb7e6..., 25c81989..., bef4ecab..., bb300cfd...); these SHA-256s of the same
     * files are the ones other loaders that download from there check (Flux's Fashion-MNIST module,
     * the batchup library and more), recorded with sizes 26,421,880 / 29,515 / 4,422,102 / 5,148
     * bytes. Debian's copies are re-gzipped without the file name in the gzip header (each exactly
     * that name's length plus one byte shorter), so their bytes, not their pixels, differ: local
     * copies are not checked, only downloads.
     */
    static final DataSource SOURCE = new DataSource("Fashion-MNIST", "fashion-mnist",
            URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
            new RemoteFile("train-images-idx3-ubyte.gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"),
            new RemoteFile("train-labels-idx1-ubyte.gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845"),
            new RemoteFile("t10k-images-idx3-ubyte.gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073"),
            new RemoteFile("t10k-labels-idx1-ubyte.gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5"),
            Path.of("/usr/share/datasets/fashion-mnist"),
            "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or download the four"
                    + " .gz files from https://github.com/zalandoresearch/fashion-mnist into one of those folders.",
            10);

    private FashionMnist(IdxDataSet.Splits splits) {
        super(splits.train(), splits.test());
    }

    /**
     * Loads Fashion-MNIST from the first place that holds it, downloading it when none does.
     *
     * @throws IllegalStateException naming every place looked at when it is nowhere and cannot be
     *                               downloaded, or naming the file when one is damaged
     */
    public static FashionMnist load() {
        return new FashionMnist(IdxDataSet.load(SOURCE, null));
    }

    /** Loads Fashion-MNIST from {@code dir}, or, when it lacks the files, as {@link #load()} does. */
    public static FashionMnist load(Path dir) {
        return new FashionMnist(IdxDataSet.load(SOURCE, dir));
    }

    @Override
    public String toString() {
        return "FashionMnist(train=" + train().size() + ", test=" + test().size() + ", x=[N, 1, 28, 28], y=[N], classes=10)";
    }
}

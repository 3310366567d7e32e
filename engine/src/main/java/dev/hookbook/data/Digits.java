package dev.hookbook.data;

import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPInputStream;

/**
 * The UCI optical recognition of handwritten digits data (E. Alpaydin and C. Kaynak, 1998;
 * CC BY 4.0), as packaged by scikit-learn and shipped inside Hookbook: 1797 grey-scale images of
 * 8x8 pixels, each labelled with the digit 0 to 9 it shows.
 *
 * <pre>{@code
 * var digits = Digits.load();
 * var loader = new DataLoader(digits.train(), 64, true);
 * var model = new Sequential(new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, 10));
 * }</pre>
 *
 * <p>In both splits {@code x} has shape {@code [N, 1, 8, 8]} (one channel, so a {@code Conv2d}
 * takes it as is; an MLP starts with {@code Flatten}), with the original pixel counts 0..16
 * divided by 16 into [0, 1]; {@code y} has shape {@code [N]} and holds the class index as a float,
 * as {@code F.crossEntropy} expects.
 *
 * <p><b>The split is fixed once and for all</b>, so results in notebooks and papers compare:
 * {@value #TEST_SIZE} images for testing and {@value #TRAIN_SIZE} for training, stratified (each
 * digit gives the test set its share, 35 to 37 images), chosen by a {@link java.util.Random}
 * seeded with {@value #SPLIT_SEED}. The Java specification fixes that generator's sequence, so the
 * split is the same on every JVM, and it does not use Hookbook's global generator, so
 * {@code Hookbook.manualSeed} leaves it unchanged. Both splits keep the order of the source file.
 */
public final class Digits {

    /** Number of classes, the digits 0 to 9. */
    public static final int CLASSES = 10;

    /** Images are {@code SIDE x SIDE} pixels. */
    public static final int SIDE = 8;

    /** Number of images in the whole dataset. */
    public static final int SIZE = 1797;

    /** Number of images in the test split (20%, rounded up, as scikit-learn's {@code test_size=0.2}). */
    public static final int TEST_SIZE = 360;

    /** Number of images in the training split. */
    public static final int TRAIN_SIZE = SIZE - TEST_SIZE;

    /** Seed of the generator that chooses the split; changing it would change every result. */
    static final long SPLIT_SEED = 1998;

    private static final String RESOURCE = "digits.csv.gz";
    private static final int PIXELS = SIDE * SIDE;
    private static final int MAX_PIXEL = 16;

    private final TensorDataset train;
    private final TensorDataset test;

    private Digits(TensorDataset train, TensorDataset test) {
        this.train = train;
        this.test = test;
    }

    /**
     * Loads the digits from Hookbook's class path. Each call returns fresh tensors (the file is
     * read and parsed once per JVM), so changing them in place affects no other caller.
     *
     * @throws IllegalStateException if the data file is missing from the class path or damaged
     */
    public static Digits load() {
        Source source = source();
        return new Digits(source.subset(source.trainIndices), source.subset(source.testIndices));
    }

    /** The {@value #TRAIN_SIZE} training images and labels. */
    public TensorDataset train() {
        return train;
    }

    /** The {@value #TEST_SIZE} test images and labels. */
    public TensorDataset test() {
        return test;
    }

    @Override
    public String toString() {
        return "Digits(train=" + train.size() + ", test=" + test.size() + ", x=[N, 1, 8, 8], y=[N], classes=10)";
    }

    private static Source cachedSource;

    // Not a holder class: a failure there would surface as NoClassDefFoundError on every later
    // call, hiding the clear message; this way each call retries and reports it.
    private static synchronized Source source() {
        if (cachedSource == null) {
            cachedSource = new Source();
        }
        return cachedSource;
    }

    /** The parsed file and the split, computed once per JVM on first use. */
    private static final class Source {
        final float[] pixels = new float[SIZE * PIXELS];   // scaled to [0, 1], row-major
        final int[] labels = new int[SIZE];
        final int[] trainIndices;
        final int[] testIndices;

        private Source() {
            parse(readResource());
            testIndices = stratifiedTestIndices(labels);
            trainIndices = complement(testIndices, SIZE);
        }

        TensorDataset subset(int[] indices) {
            float[] x = new float[indices.length * PIXELS];
            float[] y = new float[indices.length];
            for (int i = 0; i < indices.length; i++) {
                System.arraycopy(pixels, indices[i] * PIXELS, x, i * PIXELS, PIXELS);
                y[i] = labels[indices[i]];
            }
            return new TensorDataset(Tensor.of(x, indices.length, 1, SIDE, SIDE), Tensor.of(y, indices.length));
        }

        private static byte[] readResource() {
            InputStream raw = Digits.class.getResourceAsStream(RESOURCE);
            if (raw == null) {
                throw new IllegalStateException("the digits data is missing: expected the resource "
                        + "dev/hookbook/data/" + RESOURCE + " on the class path, inside the hookbook-engine jar");
            }
            try (InputStream in = new GZIPInputStream(raw, 1 << 16)) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read dev/hookbook/data/" + RESOURCE + ": " + e.getMessage(), e);
            }
        }

        /**
         * Reads rows of 65 comma-separated integers: 64 pixels in 0..16, then the label in 0..9.
         * A hand-written scanner, since the file is plain digits and this runs on every start.
         */
        private void parse(byte[] csv) {
            int row = 0;
            int pos = 0;
            while (pos < csv.length) {
                if (csv[pos] == '\n' || csv[pos] == '\r') {          // blank line or CRLF remainder
                    pos++;
                    continue;
                }
                if (row == SIZE) {
                    throw malformed(row + 1, "more than the expected " + SIZE + " rows");
                }
                int column = 0;
                while (true) {
                    int start = pos;
                    int value = 0;
                    while (pos < csv.length && csv[pos] >= '0' && csv[pos] <= '9' && pos - start < 9) {
                        value = value * 10 + (csv[pos++] - '0');
                    }
                    boolean endOfLine = pos == csv.length || csv[pos] == '\n' || csv[pos] == '\r';
                    if (pos == start || !(endOfLine || csv[pos] == ',')) {
                        String found = pos == csv.length ? "the end of the file" : "'" + (char) csv[pos] + "'";
                        throw malformed(row + 1, "expected an integer in column " + (column + 1) + ", found " + found);
                    }
                    if (column < PIXELS) {
                        if (value > MAX_PIXEL) {
                            throw malformed(row + 1, "pixel " + (column + 1) + " is " + value + ", expected 0..16");
                        }
                        pixels[row * PIXELS + column] = value / (float) MAX_PIXEL;
                    } else if (column == PIXELS) {
                        if (value >= CLASSES) {
                            throw malformed(row + 1, "label is " + value + ", expected 0..9");
                        }
                        labels[row] = value;
                    }
                    column++;
                    if (endOfLine) {
                        break;
                    }
                    pos++;                                             // skip the comma
                }
                if (column != PIXELS + 1) {
                    throw malformed(row + 1, "expected " + (PIXELS + 1) + " comma-separated integers, found " + column);
                }
                row++;
            }
            if (row != SIZE) {
                throw malformed(row, "expected " + SIZE + " rows, found " + row);
            }
        }

        private static IllegalStateException malformed(int line, String what) {
            return new IllegalStateException("damaged digits data, dev/hookbook/data/" + RESOURCE
                    + " line " + line + ": " + what);
        }
    }

    /**
     * Picks the test rows: every class gives its share of {@value #TEST_SIZE} (largest remainders
     * get the rounding), its rows drawn by a shuffle from a generator with a fixed seed. Sorted.
     */
    static int[] stratifiedTestIndices(int[] labels) {
        int[][] byClass = new int[CLASSES][];
        int[] counts = new int[CLASSES];
        for (int label : labels) {
            counts[label]++;
        }
        for (int c = 0; c < CLASSES; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[CLASSES];
        for (int i = 0; i < labels.length; i++) {
            byClass[labels[i]][fill[labels[i]]++] = i;
        }

        // Quotas: floor of each class's exact share, then one more for the largest remainders.
        int[] quota = new int[CLASSES];
        long[] remainder = new long[CLASSES];
        int assigned = 0;
        for (int c = 0; c < CLASSES; c++) {
            long exact = (long) TEST_SIZE * counts[c];
            quota[c] = (int) (exact / labels.length);
            remainder[c] = exact % labels.length;
            assigned += quota[c];
        }
        for (; assigned < TEST_SIZE; assigned++) {
            int best = 0;
            for (int c = 1; c < CLASSES; c++) {
                if (remainder[c] > remainder[best]) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }

        Random random = new Random(SPLIT_SEED);
        int[] test = new int[TEST_SIZE];
        int n = 0;
        for (int c = 0; c < CLASSES; c++) {
            int[] rows = byClass[c];
            for (int i = rows.length - 1; i > 0; i--) {          // Fisher-Yates
                int j = random.nextInt(i + 1);
                int t = rows[i];
                rows[i] = rows[j];
                rows[j] = t;
            }
            System.arraycopy(rows, 0, test, n, quota[c]);
            n += quota[c];
        }
        Arrays.sort(test);
        return test;
    }

    /** The sorted indices in {@code [0, size)} that are not in {@code sortedTaken}. */
    private static int[] complement(int[] sortedTaken, int size) {
        int[] rest = new int[size - sortedTaken.length];
        int n = 0;
        int t = 0;
        for (int i = 0; i < size; i++) {
            if (t < sortedTaken.length && sortedTaken[t] == i) {
                t++;
            } else {
                rest[n++] = i;
            }
        }
        return rest;
    }
}

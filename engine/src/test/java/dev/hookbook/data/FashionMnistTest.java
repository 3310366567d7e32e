package dev.hookbook.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The real Fashion-MNIST, as Debian's {@code dataset-fashion-mnist} installs it. CI installs the
 * package, so there a missing data set fails; elsewhere the test is skipped, saying why.
 */
class FashionMnistTest {

    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");
    private static FashionMnist fashion;

    @BeforeAll
    static void load() {
        if (!Files.isDirectory(DEBIAN)) {
            String reason = DEBIAN + " is missing: `apt-get install dataset-fashion-mnist` installs it";
            if ("true".equals(System.getenv("CI"))) {
                fail("CI must test the real Fashion-MNIST, but " + reason);
            }
            System.out.println("FashionMnistTest skipped: " + reason);
            Assumptions.abort(reason);
        }
        long start = System.nanoTime();
        fashion = FashionMnist.load(DEBIAN);
        System.out.printf("FashionMnistTest: loaded 70,000 images in %.2f s%n", (System.nanoTime() - start) / 1e9);
    }

    @Test
    void sixtyThousandTrainingAndTenThousandTestImagesOfTwentyEightSquare() {
        assertArrayEquals(new int[]{60_000, 1, 28, 28}, fashion.train().x().shape());
        assertArrayEquals(new int[]{60_000}, fashion.train().y().shape());
        assertArrayEquals(new int[]{10_000, 1, 28, 28}, fashion.test().x().shape());
        assertArrayEquals(new int[]{10_000}, fashion.test().y().shape());
    }

    @Test
    void pixelsSpanZeroToOneWithTheKnownMean() {
        float[] x = fashion.train().x().toFloatArray();
        double sum = 0;
        float min = 1, max = 0;
        for (float v : x) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertEquals(0f, min);
        assertEquals(1f, max);
        assertEquals(0.2860, sum / x.length, 5e-5, "the training set's mean pixel, as published (0.2860)");
    }

    @Test
    void everyClassHasSixThousandTrainingAndOneThousandTestImages() {
        assertArrayEquals(tenTimes(6000), classCounts(fashion.train()));
        assertArrayEquals(tenTimes(1000), classCounts(fashion.test()));
        assertEquals("Ankle boot", FashionMnist.CLASSES.get((int) fashion.train().y().toFloatArray()[0]));
        assertEquals(10, FashionMnist.CLASSES.size());
    }

    @Test
    void theFirstLabelsAreTheFilesOrder() {
        assertArrayEquals(new float[]{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}, Arrays.copyOf(fashion.train().y().toFloatArray(), 10));
        assertArrayEquals(new float[]{9, 2, 1, 1, 6, 1, 4, 6, 5, 7}, Arrays.copyOf(fashion.test().y().toFloatArray(), 10));
    }

    @Test
    void aLoaderBatchesTheImagesAsTheyAre() {
        Batch first = new DataLoader(fashion.test(), 100, false).iterator().next();
        assertArrayEquals(new int[]{100, 1, 28, 28}, first.x().shape());
        float[] expected = Arrays.copyOf(fashion.test().x().toFloatArray(), 100 * 784);
        assertArrayEquals(expected, first.x().toFloatArray());
        assertTrue(fashion.toString().startsWith("FashionMnist(train=60000, test=10000"));
    }

    private static int[] classCounts(TensorDataset split) {
        int[] counts = new int[10];
        for (float label : split.y().toFloatArray()) {
            counts[(int) label]++;
        }
        return counts;
    }

    private static int[] tenTimes(int n) {
        int[] counts = new int[10];
        Arrays.fill(counts, n);
        return counts;
    }
}

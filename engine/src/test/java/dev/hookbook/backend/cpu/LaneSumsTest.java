package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SIMD sums add a vector's lanes in lane order, so a sum has the same bits whether its method
 * is interpreted or compiled (JDK 25's C2 adds {@code reduceLanes(ADD)}'s lanes pairwise, its
 * interpreter in order): checked on lanes whose sum depends on the order, and on a row summed
 * before and after the JIT compiles the loop.
 */
class LaneSumsTest {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    @BeforeEach
    void needsTheVectorApi() {
        Assumptions.assumeTrue(VectorSupport.ENABLED, "the JVM runs without " + VectorSupport.MODULE + ", so there is no SIMD path");
    }

    /** ((0 + v[0]) + v[1]) + ..., in float. */
    private static float inOrder(float[] lanes) {
        float sum = 0f;
        for (float lane : lanes) sum += lane;
        return sum;
    }

    @Test
    void addsTheLanesInLaneOrder() {
        // 1 + 1e8 rounds back to 1e8, so in order the first 1 is lost: L - 3; paired with its
        // neighbours first (1 + 1e8, -1e8 + 1) both ones are lost, halves first loses others.
        float[] lanes = new float[S.length()];
        java.util.Arrays.fill(lanes, 1f);
        lanes[1] = 1e8f;
        lanes[2] = -1e8f;
        float pairwise = 0f;
        for (int i = 0; i < lanes.length; i += 2) pairwise += lanes[i] + lanes[i + 1];
        assertNotEquals(inOrder(lanes), pairwise, "the order matters for these lanes");
        assertEquals(S.length() - 3f, inOrder(lanes));
        assertEquals(inOrder(lanes), LaneSums.inLaneOrder(FloatVector.fromArray(S, lanes, 0)));
    }

    /** VectorRows.rowSum as plain Java: float lanes of BLOCK vectors each, their lanes in order into a double. */
    private static double expectedRowSum(float[] x) {
        int width = S.length(), bound = x.length - x.length % width;
        double total = 0;
        for (int start = 0; start < bound; start += VectorRows.BLOCK * width) {
            float[] acc = new float[width];
            for (int i = start; i < Math.min(bound, start + VectorRows.BLOCK * width); i++) acc[i % width] += x[i];
            total += inOrder(acc);
        }
        for (int i = bound; i < x.length; i++) total += x[i];
        return total;
    }

    @Test
    void aRowSumHasTheSameBitsBeforeAndAfterTheJitCompilesIt() {
        Random random = new Random(5);
        float[] x = new float[1021];
        for (int i = 0; i < x.length; i++) x[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(9)));
        double expected = expectedRowSum(x);
        VectorRows rows = new VectorRows();
        // Enough calls for C2 to compile the loop (about 10,000 invocations), many more after it.
        for (int call = 0; call < 40_000; call++) {
            double sum = rows.rowSum(x, 0, x.length);
            if (Double.doubleToLongBits(sum) != Double.doubleToLongBits(expected)) {
                assertEquals(expected, sum, "call " + call + " summed in another order");
            }
        }
    }
}

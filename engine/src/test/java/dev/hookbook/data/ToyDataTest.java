package dev.hookbook.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ToyDataTest {

    @Test
    void everySetHasTwoCoordinatesAndOneLabelOfPlusOrMinusOnePerPoint() {
        for (String name : ToyData.NAMES) {
            TensorDataset set = ToyData.of(name, 101, 0.2f, 7);
            assertArrayEquals(new int[]{101, 2}, set.x().shape(), name);
            assertArrayEquals(new int[]{101, 1}, set.y().shape(), name);
            for (float label : set.y().toFloatArray()) {
                assertTrue(label == 1 || label == -1, name + ": label " + label);
            }
        }
    }

    @Test
    void withoutNoiseTheClassesAreBalanced() {
        for (String name : ToyData.NAMES) {
            assertEquals(100, positives(ToyData.of(name, 200, 0f, 3)), name);
        }
    }

    @Test
    void theSameSeedGivesTheSamePointsAndAnotherSeedOthers() {
        for (String name : ToyData.NAMES) {
            TensorDataset a = ToyData.of(name, 50, 0.3f, 11), b = ToyData.of(name, 50, 0.3f, 11);
            assertArrayEquals(a.x().toFloatArray(), b.x().toFloatArray(), name);
            assertArrayEquals(a.y().toFloatArray(), b.y().toFloatArray(), name);
            assertFalse(java.util.Arrays.equals(a.x().toFloatArray(), ToyData.of(name, 50, 0.3f, 12).x().toFloatArray()), name);
        }
    }

    @Test
    void theCircleWithoutNoiseIsADiscInsideARing() {
        TensorDataset set = ToyData.circle(400, 0f, 5);
        float[] xy = set.x().toFloatArray(), y = set.y().toFloatArray();
        for (int i = 0; i < y.length; i++) {
            double r = Math.hypot(xy[2 * i], xy[2 * i + 1]);
            if (y[i] > 0) {
                assertTrue(r <= 2.5 + 1e-5, "inside point at radius " + r);
            } else {
                assertTrue(r >= 3.5 - 1e-5 && r <= 5 + 1e-5, "ring point at radius " + r);
            }
        }
    }

    @Test
    void xorWithoutNoiseIsPositiveExactlyWhereTheSignsAgree() {
        TensorDataset set = ToyData.xor(400, 0f, 5);
        float[] xy = set.x().toFloatArray(), y = set.y().toFloatArray();
        for (int i = 0; i < y.length; i++) {
            float x0 = xy[2 * i], x1 = xy[2 * i + 1];
            assertTrue(Math.abs(x0) >= 0.3f && Math.abs(x1) >= 0.3f, "kept off the axes");
            assertEquals(x0 * x1 > 0 ? 1f : -1f, y[i]);
        }
    }

    @Test
    void theSpiralWithoutNoiseLiesOnItsTwoArms() {
        TensorDataset set = ToyData.spiral(200, 0f, 5);
        float[] xy = set.x().toFloatArray(), y = set.y().toFloatArray();
        for (int i = 0; i < y.length; i++) {
            double x0 = xy[2 * i], x1 = xy[2 * i + 1];
            double r = Math.hypot(x0, x1);
            if (r < 1e-6) continue;
            // on an arm, the angle (measured as the Playground does: sin for x, cos for y) is 1.75 turns per 5 of radius
            double turn = 1.75 * r / 5 * 2 * Math.PI + (y[i] > 0 ? 0 : Math.PI);
            assertEquals(r * Math.sin(turn), x0, 1e-4);
            assertEquals(r * Math.cos(turn), x1, 1e-4);
        }
    }

    @Test
    void theGaussiansAreCentredOnTwoTwoAndMinusTwoMinusTwo() {
        TensorDataset set = ToyData.gaussians(2000, 0f, 9);
        float[] xy = set.x().toFloatArray(), y = set.y().toFloatArray();
        double[] sum = new double[4];
        for (int i = 0; i < y.length; i++) {
            int k = y[i] > 0 ? 0 : 2;
            sum[k] += xy[2 * i];
            sum[k + 1] += xy[2 * i + 1];
        }
        for (int k = 0; k < 4; k++) {
            assertEquals(k < 2 ? 2 : -2, sum[k] / 1000, 0.1);
        }
    }

    @Test
    void noiseFlipsSomeCircleLabelsNearTheBorder() {
        TensorDataset set = ToyData.circle(400, 0.5f, 5);
        float[] xy = set.x().toFloatArray(), y = set.y().toFloatArray();
        int flipped = 0;
        for (int i = 0; i < y.length; i++) {
            boolean inside = Math.hypot(xy[2 * i], xy[2 * i + 1]) <= 2.5;
            if (inside != y[i] > 0) flipped++;
        }
        assertTrue(flipped > 10 && flipped < 200, flipped + " labels flipped");
    }

    @Test
    void badArgumentsSayWhatWasExpected() {
        var name = assertThrows(IllegalArgumentException.class, () -> ToyData.of("moons", 10, 0f, 1));
        assertEquals("ToyData.of: expected one of [circle, xor, gaussians, spiral], got 'moons'", name.getMessage());
        var noise = assertThrows(IllegalArgumentException.class, () -> ToyData.circle(10, -0.1f, 1));
        assertEquals("ToyData.circle: expected noise in [0, 1] (the Playground's 0 to 0.5), got -0.1", noise.getMessage());
        var n = assertThrows(IllegalArgumentException.class, () -> ToyData.spiral(1, 0f, 1));
        assertEquals("ToyData.spiral: expected at least 2 points, got n=1", n.getMessage());
    }

    private static int positives(TensorDataset set) {
        int count = 0;
        for (float label : set.y().toFloatArray()) {
            if (label > 0) count++;
        }
        return count;
    }
}

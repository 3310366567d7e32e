package dev.hookbook.tensor;

import dev.hookbook.Hookbook;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The global generator's state, as {@code torch.get_rng_state} / {@code torch.set_rng_state}. */
class GeneratorStateTest {

    @Test
    void theGlobalGeneratorDrawsWhatJavaUtilRandomDraws() {
        Hookbook.manualSeed(1234);
        Random reference = new Random(1234);
        Random global = Generator.global();
        for (int i = 0; i < 100; i++) {
            assertEquals(reference.nextFloat(), global.nextFloat());
            assertEquals(reference.nextGaussian(), global.nextGaussian());   // odd counts leave a Gaussian waiting
            assertEquals(reference.nextInt(17), global.nextInt(17));
            assertEquals(reference.nextLong(), global.nextLong());
            assertEquals(reference.nextDouble(), global.nextDouble());
        }
    }

    @Test
    void settingTheStateRepeatsTheDrawsThatFollowed() {
        Hookbook.manualSeed(5);
        Tensor.randn(3);                              // three Gaussians: the pair's second one waits
        Generator.State state = Hookbook.getRngState();
        float[] first = Tensor.randn(5).toFloatArray();
        float[] uniform = Tensor.rand(4).toFloatArray();
        assertNotEquals(first[0], Tensor.randn(1).item());
        Hookbook.setRngState(state);
        assertArrayEquals(first, Tensor.randn(5).toFloatArray());
        assertArrayEquals(uniform, Tensor.rand(4).toFloatArray());
    }

    @Test
    void aStateIsASnapshotAndNullIsRefused() {
        Hookbook.manualSeed(9);
        Generator.State before = Generator.getState();
        Tensor.rand(10);
        assertNotEquals(before, Generator.getState(), "drawing moves the generator, not the snapshot");
        Hookbook.manualSeed(9);
        assertEquals(before, Generator.getState(), "seeding gives the seeded state back");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Generator.setState(null));
        assertEquals("Generator.setState: expected a state from Generator.getState(), got null", e.getMessage());
    }
}

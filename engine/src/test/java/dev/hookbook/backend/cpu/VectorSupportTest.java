package dev.hookbook.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * With and without the Vector API: a JVM started without {@code --add-modules
 * jdk.incubator.vector} still multiplies matrices, through the plain-Java kernel, and says once
 * how to get the fast one. Each case runs {@link Child} in a fresh JVM.
 */
class VectorSupportTest {

    /** Multiplies a few matrices through the public API and prints what it got. */
    static final class Child {
        public static void main(String[] args) {
            Tensor a = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor b = Tensor.of(new float[] {7, 8, 9, 10, 11, 12}, 3, 2);
            System.out.println("product " + Arrays.toString(a.matmul(b).toFloatArray()));
            // A transposed operand and a batch, so more than one product runs.
            Tensor batch = Tensor.of(new float[] {1, 0, 0, 1, 2, 0, 0, 2}, 2, 2, 2);
            System.out.println("batched " + Arrays.toString(batch.matmul(b.transpose(0, 1).matmul(b)).toFloatArray()));
            // The row loops (GELU's, ReLU's gradient mask) load their form too, with or without the module.
            Tensor x = Tensor.of(new float[] {-1, 0.5f, 2}, 3).requiresGrad(true);
            x.gelu().add(x.relu()).sum().backward();
            System.out.println("vector " + VectorSupport.ENABLED);
        }
    }

    /** [[1,2,3],[4,5,6]] @ [[7,8],[9,10],[11,12]], and I and 2I times B^T B = [[251,278],[278,308]]. */
    private static final String EXPECTED = "product [58.0, 64.0, 139.0, 154.0]\n"
            + "batched [251.0, 278.0, 278.0, 308.0, 502.0, 556.0, 556.0, 616.0]\n";

    @Test
    void withoutTheModuleTheEngineFallsBackAndSaysHowToEnableItOnce() throws Exception {
        String output = runChild();
        assertTrue(output.contains(EXPECTED + "vector false\n"), output);
        assertEquals(1, output.lines().filter(VectorSupport.HINT::equals).count(), output);
        assertEquals(1, output.lines().filter(l -> l.contains("--add-modules")).count(), "one line, once: " + output);
    }

    @Test
    void withTheModuleTheEngineUsesItQuietly() throws Exception {
        String output = runChild("--add-modules", VectorSupport.MODULE);
        assertTrue(output.contains(EXPECTED + "vector true\n"), output);
        assertFalse(output.contains("hookbook:"), output);
    }

    /** The child's standard output and error, merged, with \n line ends. */
    private static String runChild(String... jvmOptions) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmOptions));
        // The tests' own class path: the engine, its dependencies and this class.
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
        assertEquals(0, process.exitValue(), output);
        return output;
    }
}

package dev.hookbook.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One run of a Python script under {@code src/test/resources/widgets/} that plays a widget front
 * end against the kernel with Jupyter's own client: the kernel installed into a temporary prefix,
 * the script run once, and each of its checks printed as {@code PASS name} or
 * {@code FAIL name: why}, which a test reads with {@link #passed(String)}. On CI (env CI=true) a
 * missing Jupyter fails; elsewhere the tests are skipped.
 */
final class FrontEndScript {
    /** The environment under which Jupyter finds the kernel installed into the prefix. */
    final Map<String, String> environment;
    /** What the script printed. */
    final String output;

    private FrontEndScript(Map<String, String> environment, String output) {
        this.environment = environment;
        this.output = output;
    }

    /** Installs the kernel into {@code prefix} and runs {@code widgets/<script>} with {@code arguments}. */
    static FrontEndScript run(Path prefix, String script, String... arguments) throws Exception {
        ProcessRun check = ProcessRun.run(List.of(JupyterClientTest.PYTHON, "-c", "import jupyter_client"), prefix, Map.of(), 60);
        if (check.status() != 0) {
            if (TestPaths.onCi()) {
                fail("CI needs jupyter_client for " + JupyterClientTest.PYTHON + ": " + check.output());
            }
            TestPaths.skip("skipped: Jupyter's client is not installed for " + JupyterClientTest.PYTHON + ": " + check.output());
        }
        ProcessRun install = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, install.status(), install.output());
        Map<String, String> environment = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(prefix.resolve("runtime")).toString(),
                "JUPYTER_PLATFORM_DIRS", "1");
        List<String> command = new ArrayList<>(List.of(JupyterClientTest.PYTHON,
                TestPaths.moduleDirectory().resolve("src/test/resources/widgets").resolve(script).toString()));
        command.addAll(List.of(arguments));
        ProcessRun run = ProcessRun.run(command, prefix, environment, 540);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("done"), run.output());
        return new FrontEndScript(environment, run.output());
    }

    /** Fails unless the script printed {@code PASS check}. */
    void passed(String check) {
        String line = output.lines().filter(l -> l.startsWith("PASS " + check) || l.startsWith("FAIL " + check + ":"))
                .findFirst().orElse("no line for " + check + " in:\n" + output);
        assertEquals("PASS " + check, line);
    }
}

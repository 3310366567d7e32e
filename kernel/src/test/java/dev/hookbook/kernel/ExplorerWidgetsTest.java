package dev.hookbook.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code monitor.explorer()} and {@code Charts.attentionExplorer} in the kernel, with Jupyter's own
 * client ({@code jupyter_client}) moving their controls ({@code src/test/resources/widgets/explorers.py}):
 * a slider or drop-down update sent from the client brings a new picture to the explorer's image.
 * On CI (env CI=true) a missing Jupyter fails; elsewhere the tests are skipped.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ExplorerWidgetsTest {

    @TempDir
    static Path prefix;
    static String output;

    @BeforeAll
    static void moveTheControls() throws Exception {
        ProcessRun check = ProcessRun.run(List.of(JupyterClientTest.PYTHON, "-c", "import jupyter_client"), prefix, Map.of(), 60);
        if (check.status() != 0) {
            if (TestPaths.onCi()) {
                fail("CI needs jupyter_client for " + JupyterClientTest.PYTHON + ": " + check.output());
            }
            assumeTrue(false, "skipped: Jupyter's client is not installed for " + JupyterClientTest.PYTHON);
        }
        ProcessRun install = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, install.status(), install.output());
        Map<String, String> environment = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(prefix.resolve("runtime")).toString(),
                "JUPYTER_PLATFORM_DIRS", "1");
        Path script = TestPaths.moduleDirectory().resolve("src/test/resources/widgets/explorers.py");
        ProcessRun run = ProcessRun.run(List.of(JupyterClientTest.PYTHON, script.toString()), prefix, environment, 540);
        output = run.output();
        assertEquals(0, run.status(), output);
        assertTrue(output.contains("done"), output);
    }

    private static void passed(String check) {
        String line = output.lines().filter(l -> l.startsWith("PASS " + check) || l.startsWith("FAIL " + check + ":"))
                .findFirst().orElse("no line for " + check + " in:\n" + output);
        assertEquals("PASS " + check, line);
    }

    @Test
    void movingTheMonitorExplorersSliderOrDropdownSendsANewPicture() {
        passed("monitor-explorer");
    }

    @Test
    void choosingAHeadInTheAttentionExplorerSendsANewPicture() {
        passed("attention-explorer");
    }
}

package dev.hookbook.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


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
    static FrontEndScript frontEnd;

    @BeforeAll
    static void moveTheControls() throws Exception {
        frontEnd = FrontEndScript.run(prefix, "explorers.py");
    }

    private static void passed(String check) {
        frontEnd.passed(check);
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

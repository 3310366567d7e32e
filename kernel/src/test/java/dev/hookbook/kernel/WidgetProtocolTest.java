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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The widget protocol against the kernel, with Jupyter's own client ({@code jupyter_client})
 * playing the front end ({@code src/test/resources/widgets/frontend.py}): widgets opened with
 * their state, updates both ways (also while a cell runs a loop reading the value), echo
 * updates, binary buffers, {@code request_state}, clicks, {@code comm_info_request}, closing from
 * either side, unknown comms and targets answered without harm, the control comm, the Output
 * widget's capture, thousands of updates and widgets without a leak, and none of their messages
 * lost when the front end reads them late. The script runs once;
 * each test reads its own check's line. On CI (env CI=true) a missing Jupyter fails; elsewhere
 * the tests are skipped.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class WidgetProtocolTest {

    @TempDir
    static Path prefix;
    static FrontEndScript frontEnd;

    /** Runs a notebook through nbclient, which keeps the widgets' state in the notebook's metadata. */
    static final String NBCLIENT = String.join("\n",
            "import json, sys, nbformat",
            "from nbclient import NotebookClient",
            "notebook = nbformat.read(sys.argv[1], as_version=4)",
            "NotebookClient(notebook, kernel_name='hookbook', timeout=120, startup_timeout=120).execute()",
            "nbformat.validate(notebook)",
            "states = notebook.metadata['widgets']['application/vnd.jupyter.widget-state+json']['state']",
            "by_model = {}",
            "for model in states.values():",
            "    by_model.setdefault(model['model_name'], []).append(model['state'])",
            "print('slider', by_model['IntSliderModel'][0]['value'])",
            "print('models', ' '.join(sorted(by_model)))",
            "view = 'application/vnd.jupyter.widget-view+json'",
            "shown = [o for o in notebook.cells[0].outputs if view in o.get('data', {})][0]['data'][view]['model_id']",
            "print('shown', states[shown]['model_name'])",
            "");

    @BeforeAll
    static void playTheFrontEnd() throws Exception {
        frontEnd = FrontEndScript.run(prefix, "frontend.py");
    }

    private static void passed(String check) {
        frontEnd.passed(check);
    }

    @Test
    void nbclientKeepsTheWidgetsStateInTheNotebook() throws Exception {
        ProcessRun check = ProcessRun.run(List.of(JupyterClientTest.PYTHON, "-c", "import nbclient"), prefix, Map.of(), 60);
        assumeTrue(check.status() == 0 || TestPaths.onCi(), "skipped: nbclient is not installed");
        Path script = Files.writeString(prefix.resolve("nbclient-widgets.py"), NBCLIENT);
        Path notebook = TestPaths.moduleDirectory().resolve("src/test/resources/widgets/widgets.ipynb");
        ProcessRun run = ProcessRun.run(List.of(JupyterClientTest.PYTHON, script.toString(), notebook.toString()), prefix, frontEnd.environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("slider 4\n"), run.output());
        assertTrue(run.output().contains("shown IntSliderModel\n"), run.output());
        assertTrue(run.output().contains("models ButtonModel ButtonStyleModel ImageModel IntSliderModel LabelModel LabelStyleModel LayoutModel SliderStyleModel VBoxModel\n"), run.output());
    }

    @Test
    void aWidgetOpensWithItsStateBeforeItIsShown() {
        passed("open");
    }

    @Test
    void anUpdateFromTheFrontEndIsEchoedAndSeenByJava() {
        passed("update-from-front-end");
    }

    @Test
    void aRunningCellSeesAValueMovedInTheFrontEnd() {
        passed("update-while-cell-runs");
    }

    @Test
    void aValueSetInJavaReachesTheFrontEnd() {
        passed("update-from-java");
    }

    @Test
    void requestStateIsAnsweredWithTheFullState() {
        passed("request-state");
    }

    @Test
    void imagesTravelAsBinaryBuffersBothWays() {
        passed("buffers");
    }

    @Test
    void aClickInTheFrontEndRunsTheButtonsActions() {
        passed("click");
    }

    @Test
    void commInfoListsTheOpenComms() {
        passed("comm-info");
    }

    @Test
    void closingInJavaClosesTheComms() {
        passed("close-from-java");
    }

    @Test
    void closingInTheFrontEndClosesTheWidget() {
        passed("close-from-front-end");
    }

    @Test
    void messagesForUnknownCommsDoNoHarm() {
        passed("unknown-comm");
    }

    @Test
    void aCommForAnUnknownTargetIsClosed() {
        passed("unknown-target");
    }

    @Test
    void theControlCommSendsEveryWidgetsState() {
        passed("control");
    }

    @Test
    void outputCaptureRoutesTheBlocksOutputs() {
        passed("output");
    }

    @Test
    void thousandsOfUpdatesAndWidgetsLeaveNoCommOpen() {
        passed("no-leak");
    }

    /** A front end slowed down (a loaded machine) still gets every message of a cell that sends thousands. */
    @Test
    void aFrontEndThatReadsLateLosesNoMessage() {
        passed("read-late");
    }
}

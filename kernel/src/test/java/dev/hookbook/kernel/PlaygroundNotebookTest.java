package dev.hookbook.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;


/**
 * Notebook 10's playground live, with Jupyter's own client ({@code jupyter_client}) playing the
 * front end ({@code src/test/resources/widgets/playground.py}): the notebook's cells run up to
 * the one that shows the playground, then play is pressed from the client, pictures arrive while
 * it trains, a cell runs meanwhile, the learning rate moved from the client is the optimizer's at
 * the next step, and pause stops training with the kernel still answering. The script runs once;
 * each test reads its own check's line. On CI (env CI=true) a missing Jupyter fails; elsewhere
 * the tests are skipped.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PlaygroundNotebookTest {

    @TempDir
    static Path prefix;
    static FrontEndScript frontEnd;

    @BeforeAll
    static void playTheFrontEnd() throws Exception {
        Path notebook = TestPaths.moduleDirectory().resolveSibling("notebooks").resolve("10-playground.ipynb");
        frontEnd = FrontEndScript.run(prefix, "playground.py", notebook.toString());
    }

    private static void passed(String check) {
        frontEnd.passed(check);
    }

    @Test
    void theNotebookShowsThePlaygroundAsWidgets() {
        passed("open");
    }

    @Test
    void playFromTheFrontEndTrainsAndSendsNewPictures() {
        passed("play");
    }

    @Test
    void aCellRunsWhileItTrains() {
        passed("responsive");
    }

    @Test
    void aLearningRateMovedMidTrainingIsTheOptimizersAtTheNextStep() {
        passed("learning-rate");
    }

    @Test
    void pauseFromTheFrontEndStopsTrainingAndTheKernelAnswers() {
        passed("pause");
    }
}

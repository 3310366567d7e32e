package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs that end before their last cell: a timeout, a signal, a cell that exits the JVM. They fail and keep what ran. */
class StoppedRunTest {

    @TempDir
    Path dir;

    @Test
    void aCellPastTheTimeoutIsStoppedAndFailsTheRunWithItsNumber() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("slow.ipynb"),
                "System.out.println(\"first cell\");",
                "Thread.sleep(600_000);",
                "System.out.println(\"never runs\");");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"), "--timeout", "1");
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("cell 2 was still running after 1 s"), run.output());
        assertFalse(run.output().contains("never runs"), run.output());
        Path saved = dir.resolve("out/slow.ipynb");
        assertEquals("first cell\n", TestNotebooks.outputs(saved, 0).get(0).getAsJsonObject().get("text").getAsString());
        JsonObject error = TestNotebooks.outputs(saved, 1).get(0).getAsJsonObject();
        assertEquals("Timeout", error.get("ename").getAsString(), error.toString());
        assertEquals(0, TestNotebooks.outputs(saved, 2).size());
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalStopsTheRunningCellAndTheCellsDoneSoFarAreWritten(String signal, int status) throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("long.ipynb"),
                "System.out.println(\"first cell\");",
                // Split, so that only the cell's output (not its progress line) has the whole text.
                "System.out.println(\"second cell \" + \"started\");\nThread.sleep(600_000);",
                "System.out.println(\"never runs\");");
        RunnerProcess runner = RunnerProcess.start(notebook, dir.resolve("out"));
        runner.awaitOutput("second cell started");
        runner.signal(signal);
        ProcessRun run = runner.finish();
        assertEquals(status, run.status(), run.output());
        assertTrue(run.output().contains("cell 2 failed"), run.output());
        assertFalse(run.output().contains("never runs"), run.output());
        Path saved = dir.resolve("out/long.ipynb");
        assertEquals("first cell\n", TestNotebooks.outputs(saved, 0).get(0).getAsJsonObject().get("text").getAsString());
        JsonObject error = TestNotebooks.outputs(saved, 1).get(1).getAsJsonObject();
        assertEquals("Interrupted", error.get("ename").getAsString(), error.toString());
        assertEquals("cell 2 was stopped: the run got SIG" + signal, error.get("evalue").getAsString());
        assertTrue(Files.readString(dir.resolve("out/long.html")).contains("second cell started"));
    }

    @Test
    void aCellThatCatchesEveryStopStillEndsTheRunAtTheTimeout() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("stubborn.ipynb"),
                "System.out.println(\"first cell\");",
                // Every stop (ThreadDeath included) is caught and the loop goes on.
                "System.out.println(\"stubborn \" + \"cell\");\nwhile (true) { try { while (true) {} } catch (Throwable t) {} }",
                "System.out.println(\"never runs\");");
        ProcessRun run = ProcessRun.java(dir, NotebookRunner.class.getName(),
                notebook.toString(), "--out", dir.resolve("out").toString(), "--timeout", "1");
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("cell 2 was still running after 1 s"), run.output());
        assertFalse(run.output().contains("never runs"), run.output());
        Path saved = dir.resolve("out/stubborn.ipynb");
        assertEquals("stubborn cell\n", TestNotebooks.outputs(saved, 1).get(0).getAsJsonObject().get("text").getAsString());
        JsonObject error = TestNotebooks.outputs(saved, 1).get(1).getAsJsonObject();
        assertEquals("Timeout", error.get("ename").getAsString(), error.toString());
        assertTrue(Files.exists(dir.resolve("out/stubborn.html")));
    }

    @ParameterizedTest
    @CsvSource({"INT, 130", "TERM, 143"})
    void aSignalJustAfterTheLastCellPrintedStillWritesEveryLineTheConsoleShowed(String signal, int status) throws Exception {
        // The last cell's last line prints, so the signal comes as the run ends: while the session
        // closes or the files are written, when the JVM's own handler would end the process.
        Path notebook = TestNotebooks.codeCells(dir.resolve("late.ipynb"),
                "int x = 1;",
                "for (int i = 0; i < 3; i++) { System.out.println(\"line \" + i); }\n"
                        + "System.out.println(\"last \" + \"line\");");
        RunnerProcess runner = RunnerProcess.start(notebook, dir.resolve("out"));
        runner.awaitOutput("last line");
        runner.signal(signal);
        ProcessRun run = runner.finish();
        Path saved = dir.resolve("out/late.ipynb");
        assertTrue(Files.exists(saved), run.output());
        JsonObject printed = TestNotebooks.outputs(saved, 1).get(0).getAsJsonObject();
        assertEquals("line 0\nline 1\nline 2\nlast line\n", printed.get("text").getAsString(), run.output());
        assertTrue(run.status() == 0 || run.status() == status, run.output());
        assertTrue(run.output().contains("wrote " + saved), run.output());
    }

    @Test
    void theLargestTimeoutIsAcceptedAndTheRunWritesItsFiles() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("patient.ipynb"), "System.out.println(\"ran\");");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"), "--timeout", Long.toString(Long.MAX_VALUE));
        assertEquals(0, run.status(), run.output());
        assertFalse(run.output().contains("Exception"), run.output());
        assertEquals("ran\n", TestNotebooks.outputs(dir.resolve("out/patient.ipynb"), 0).get(0).getAsJsonObject()
                .get("text").getAsString());
    }

    @Test
    void aTimeoutThatIsNotANumberIsExplained() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("any.ipynb"), "1");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"), "--timeout", "soon");
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("--timeout needs a whole number of seconds (0: no limit); got soon"), run.output());
    }
}

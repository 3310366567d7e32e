package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the runner reports a failed cell: the line of the code that failed, wherever that code came from. */
class FailedCellTest {

    @TempDir
    Path dir;

    @Test
    void aFailureInAFileTheCellLoadedNamesThatFileAndItsLine() throws Exception {
        Files.writeString(dir.resolve("ten.jsh"), "// one of nine lines before\n".repeat(9)
                + "throw new IllegalStateException(\"from line ten\");\n");
        Path notebook = TestNotebooks.codeCells(dir.resolve("load.ipynb"), "%load ten.jsh");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"));
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("jnb run: load.ipynb: cell 1 failed at ten.jsh line 10\n"), run.output());
        assertTrue(run.output().contains("IllegalStateException: from line ten"), run.output());
        assertEquals("error", TestNotebooks.outputs(dir.resolve("out/load.ipynb"), 0).get(0).getAsJsonObject()
                .get("output_type").getAsString());
    }

    @Test
    void aFailingMagicNamesTheCellsLine() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("missing.ipynb"), "int a = 1;\n%load missing.jsh");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"));
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("cell 1 failed at line 2: %load missing.jsh"), run.output());
    }
}

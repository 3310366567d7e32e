package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An --out the runner cannot write to is refused in one line before any cell runs. */
class OutDirectoryTest {

    @TempDir
    Path dir;

    @Test
    void anOutUnderAFileIsRefusedBeforeTheCellsRun() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("n.ipynb"), "System.out.println(\"the cell ran\");");
        Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        ProcessRun run = TestNotebooks.run(notebook, file.resolve("out"));
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("jnb run: --out " + file.resolve("out") + ": " + file + " is a file, expected a directory"),
                run.output());
        assertFalse(run.output().contains("the cell ran"), "no cell runs: " + run.output());
    }

    @Test
    void anOutThatIsAnExistingFileIsRefusedToo() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("n.ipynb"), "System.out.println(\"the cell ran\");");
        Path file = Files.writeString(dir.resolve("out-file"), "x");
        ProcessRun run = TestNotebooks.run(notebook, file);
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains(": " + file + " is a file, expected a directory"), run.output());
        assertFalse(run.output().contains("the cell ran"), run.output());
    }

    @Test
    void anOutWhereTheNotebookWouldBeADirectoryIsRefused() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("n.ipynb"), "1 + 1");
        Files.createDirectories(dir.resolve("out/n.ipynb"));
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"));
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("n.ipynb is a directory, expected to write a file there"), run.output());
    }
}

package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.kernel.KernelInstaller;
import dev.hookbook.kernel.ProcessRun;
import dev.hookbook.kernel.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell that would break the compiler fails as a cell does: a clear message, exit 1, the files written. */
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class WedgedRunTest {

    @TempDir
    Path dir;

    /** The run failed at cell {@code number} with an error output whose message contains {@code message}. */
    void failedAt(ProcessRun run, String name, int number, String message) throws Exception {
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("jnb run: " + name + ": cell " + number + " failed"), run.output());
        assertTrue(run.output().contains(message), run.output());
        assertFalse(run.output().contains("InternalError") || run.output().contains("StackOverflowError"), run.output());
        JsonObject error = TestNotebooks.outputs(dir.resolve("out").resolve(name), number - 1).get(0).getAsJsonObject();
        assertEquals("error", error.get("output_type").getAsString());
        assertTrue(error.get("evalue").getAsString().contains(message), error.toString());
        assertTrue(Files.exists(dir.resolve("out").resolve(name.replace(".ipynb", ".html"))));
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Path fake = Files.writeString(dir.resolve("fake.jar"), "plain text\n");
        Path notebook = TestNotebooks.codeCells(dir.resolve("fake.ipynb"), "%classpath " + fake, "1 + 1");
        failedAt(TestNotebooks.run(notebook, dir.resolve("out")), "fake.ipynb", 1, "not a jar or a class directory");
    }

    @Test
    void aCellThatFillsTheHeapWithSmallObjectsIsStoppedAndTheFilesAreWritten() throws Exception {
        // Small arrays fill the heap to the last byte: the runner then ended with status 1, no
        // message and no files, the OutOfMemoryError striking whatever thread allocated next.
        Path notebook = TestNotebooks.codeCells(dir.resolve("hog.ipynb"),
                "var hog = new ArrayList<long[]>();\nwhile (true) hog.add(new long[1000]);", "1 + 1");
        List<String> command = new ArrayList<>(List.of(TestPaths.currentJava().toString()));
        command.addAll(KernelInstaller.JVM_OPTIONS);
        command.addAll(List.of("-Xmx1g", "-cp", TestPaths.kernelClassPath(), NotebookRunner.class.getName(),
                notebook.toString(), "--out", dir.resolve("out").toString()));
        failedAt(ProcessRun.run(command, dir, Map.of(), 200), "hog.ipynb", 1, "set large ones to null");
    }

    @Test
    void aCellThatPrintsAMillionLinesRunsAndEveryLineIsSaved() throws Exception {
        // Each line was added to the saved output by copying all the text before it: 180,000 of
        // the million lines in two minutes, when the cell ran out of time.
        Path notebook = TestNotebooks.codeCells(dir.resolve("flood.ipynb"),
                "for (int i = 0; i < 1_000_000; i++) System.out.println(i);", "\"after\"");
        ProcessRun run = TestNotebooks.run(notebook, dir.resolve("out"), "--timeout", "200");
        assertEquals(0, run.status(), run.output().substring(Math.max(0, run.output().length() - 2000)));
        String text = TestNotebooks.outputs(dir.resolve("out").resolve("flood.ipynb"), 0).get(0).getAsJsonObject()
                .get("text").getAsString();
        assertTrue(text.startsWith("0\n1\n2\n") && text.endsWith("\n999998\n999999\n"), text.substring(0, 20));
        assertEquals(1_000_000, text.lines().count());
    }

    @Test
    void threeThousandNestedParenthesesAreTooMany() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("deep.ipynb"),
                "int deep = " + "(".repeat(3000) + "1" + ")".repeat(3000) + ";");
        failedAt(TestNotebooks.run(notebook, dir.resolve("out")), "deep.ipynb", 1, "too many nested parentheses");
    }
}

package dev.hookbook.kernel.runner;

import com.google.gson.JsonObject;
import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell that would break the compiler fails as a cell does: a clear message, exit 1, the files written. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
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
    void threeThousandNestedParenthesesAreTooMany() throws Exception {
        Path notebook = TestNotebooks.codeCells(dir.resolve("deep.ipynb"),
                "int deep = " + "(".repeat(3000) + "1" + ")".repeat(3000) + ";");
        failedAt(TestNotebooks.run(notebook, dir.resolve("out")), "deep.ipynb", 1, "too many nested parentheses");
    }
}

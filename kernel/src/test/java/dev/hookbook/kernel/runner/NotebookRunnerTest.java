package dev.hookbook.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hookbook.kernel.ProcessRun;
import dev.hookbook.kernel.TestPaths;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** {@code ./jnb run}: the runner as its own process, as the launcher starts it. */
class NotebookRunnerTest {

    @TempDir
    Path out;

    static ProcessRun run(Path notebook, Path out) throws Exception {
        return ProcessRun.java(notebook.getParent(), NotebookRunner.class.getName(), notebook.toString(), "--out", out.toString());
    }

    /** Writes a notebook of one code cell with these lines. */
    static Path oneCell(Path file, String... lines) throws Exception {
        JsonArray source = new JsonArray();
        for (int i = 0; i < lines.length; i++) {
            source.add(lines[i] + (i < lines.length - 1 ? "\n" : ""));
        }
        JsonObject cell = new JsonObject();
        cell.addProperty("id", "only-cell");
        cell.addProperty("cell_type", "code");
        cell.add("metadata", new JsonObject());
        cell.add("outputs", new JsonArray());
        cell.add("execution_count", com.google.gson.JsonNull.INSTANCE);
        cell.add("source", source);
        JsonObject notebook = new JsonObject();
        JsonArray cells = new JsonArray();
        cells.add(cell);
        notebook.add("cells", cells);
        notebook.add("metadata", new JsonObject());
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
        return Files.writeString(file, notebook.toString());
    }

    static JsonObject read(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void runsTheTestNotebookWithEveryKindOfOutputTheSameWayTwice() throws Exception {
        ProcessRun first = run(TestPaths.smokeNotebook(), out.resolve("first"));
        assertEquals(0, first.status(), first.output());
        assertTrue(first.output().contains("[1/5] System.out.println(\"hello from Hookbook\");"), first.output());
        assertTrue(first.output().contains("hello from Hookbook\n42"), first.output());

        JsonObject notebook = read(out.resolve("first/kernel-smoke.ipynb"));
        JsonArray cells = notebook.getAsJsonArray("cells");
        JsonArray hello = cells.get(1).getAsJsonObject().getAsJsonArray("outputs");
        assertEquals("hello from Hookbook\n", hello.get(0).getAsJsonObject().get("text").getAsString());
        assertEquals("42", hello.get(1).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
        assertEquals(1, cells.get(1).getAsJsonObject().get("execution_count").getAsInt());
        assertTrue(cells.get(2).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject()
                .getAsJsonObject("data").has("text/html"), "tensor as a table");
        JsonArray displayed = cells.get(3).getAsJsonObject().getAsJsonArray("outputs");
        assertEquals("second", displayed.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString(),
                "the display holds its last update");
        assertEquals("stderr", displayed.get(1).getAsJsonObject().get("name").getAsString());
        assertTrue(cells.get(4).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject()
                .getAsJsonObject("data").has("image/png"), "chart as PNG");
        assertEquals("hookbook", notebook.getAsJsonObject("metadata").getAsJsonObject("kernelspec").get("name").getAsString());
        assertTrue(Files.readString(out.resolve("first/kernel-smoke.html")).contains("<img src=\"data:image/png;base64,"));
        assertTrue(Files.exists(out.resolve("first/kernel-smoke-cell4-1.png")));

        ProcessRun second = run(TestPaths.smokeNotebook(), out.resolve("second"));
        assertEquals(0, second.status(), second.output());
        assertEquals(Files.readString(out.resolve("first/kernel-smoke.ipynb")),
                Files.readString(out.resolve("second/kernel-smoke.ipynb")), "two runs, same outputs");
    }

    @Test
    void actionsBookedForTheEndOfACellRunBeforeTheCellIsSaved() throws Exception {
        Path notebook = oneCell(out.resolve("cell-end.ipynb"),
                "var h = display(\"training...\");",
                "Display.current().get().atCellEnd(() -> h.update(\"final state\"));");
        ProcessRun run = run(notebook, out.resolve("ran"));
        assertEquals(0, run.status(), run.output());
        JsonArray outputs = read(out.resolve("ran/cell-end.ipynb")).getAsJsonArray("cells").get(0).getAsJsonObject()
                .getAsJsonArray("outputs");
        assertEquals("final state", outputs.get(0).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
    }

    @Test
    void aProgressBarIsOneOutputEndingOnItsFinalStateAndALineOnTheConsole() throws Exception {
        Path notebook = oneCell(out.resolve("progress.ipynb"),
                "int sum = 0;",
                "for (int i : Progress.over(List.of(1, 2, 3), \"counting\")) sum += i;");
        ProcessRun run = run(notebook, out.resolve("ran"));
        assertEquals(0, run.status(), run.output());
        JsonArray outputs = read(out.resolve("ran/progress.ipynb")).getAsJsonArray("cells").get(0).getAsJsonObject()
                .getAsJsonArray("outputs");
        assertEquals(1, outputs.size(), outputs.toString());
        JsonObject data = outputs.get(0).getAsJsonObject().getAsJsonObject("data");
        assertTrue(data.get("text/html").getAsString().contains("<progress value=\"3\" max=\"3\""), data.toString());
        assertTrue(data.get("text/plain").getAsString().startsWith("counting: 100%"), data.toString());
        assertTrue(run.output().contains("counting:   0%"), "the bar as first shown: " + run.output());
        assertTrue(run.output().contains("counting: 100%"), "the final state, as a status line: " + run.output());
    }

    @Test
    void aFailingCellStopsTheRunWithItsNumberLineAndError() throws Exception {
        ProcessRun failed = run(TestPaths.failingNotebook(), out);
        assertNotEquals(0, failed.status());
        assertTrue(failed.output().contains("cell 2 failed at line 3: o.toString();"), failed.output());
        assertTrue(failed.output().contains("NullPointerException"), failed.output());
        assertFalse(failed.output().contains("never runs"), failed.output());
        JsonArray cells = read(out.resolve("failing.ipynb")).getAsJsonArray("cells");
        assertEquals("error", cells.get(1).getAsJsonObject().getAsJsonArray("outputs").get(0).getAsJsonObject()
                .get("output_type").getAsString());
    }

    @Test
    void badArgumentsAreExplained() throws Exception {
        ProcessRun missing = ProcessRun.java(out, NotebookRunner.class.getName(), "no-such.ipynb");
        assertEquals(2, missing.status());
        assertTrue(missing.output().contains("no notebook at"), missing.output());
        Path notJson = Files.writeString(out.resolve("bad.ipynb"), "not json");
        ProcessRun bad = ProcessRun.java(out, NotebookRunner.class.getName(), notJson.toString());
        assertEquals(2, bad.status());
        assertTrue(bad.output().contains("is not JSON"), bad.output());
        ProcessRun unknown = ProcessRun.java(out, NotebookRunner.class.getName(), "--outt", "x", notJson.toString());
        assertEquals(2, unknown.status());
        assertTrue(unknown.output().contains("jnb run: Unknown option") && unknown.output().contains("'--outt'"), unknown.output());
        assertTrue(unknown.output().contains("Usage: ./jnb run"), unknown.output());
        ProcessRun two = ProcessRun.java(out, NotebookRunner.class.getName(), "a.ipynb", "b.ipynb");
        assertEquals(2, two.status());
        assertTrue(two.output().contains("'b.ipynb'"), two.output());
    }

    @Test
    void helpListsTheOptions() throws Exception {
        ProcessRun help = ProcessRun.java(out, NotebookRunner.class.getName(), "--help");
        assertEquals(0, help.status(), help.output());
        for (String option : List.of("NOTEBOOK.ipynb", "--out=DIR", "--timeout=SECONDS", "--version")) {
            assertTrue(help.output().contains(option), help.output());
        }
    }

    /**
     * Every repository notebook, its saved outputs compared with the fresh run's. The notebooks that
     * train for minutes run here only, not also through nbclient ({@code JupyterClientTest.HEAVY}),
     * so this is where CI executes them.
     */
    @TestFactory
    Stream<DynamicTest> runsEveryRepositoryNotebook() {
        return TestPaths.repositoryNotebooks().stream().map(notebook -> DynamicTest.dynamicTest(
                notebook.getFileName().toString(), () -> {
                    Optional<String> missing = NotebookNeeds.missingFor(notebook);
                    if (missing.isPresent()) {
                        if (NotebookNeeds.required()) {
                            fail("CI=true, so every notebook must run, but " + missing.get());
                        }
                        System.out.println("NotebookRunnerTest skipped: " + missing.get());
                        Assumptions.abort(missing.get());
                    }
                    Path ran = out.resolve(notebook.getFileName().toString());
                    ProcessRun run = run(notebook, ran);
                    assertEquals(0, run.status(), run.output());
                    // The JVM warns about the Vector API's incubator module as it starts, before any
                    // cell: the warning (and the engine's hint for JVMs without it) stays out of the outputs.
                    String saved = Files.readString(ran.resolve(notebook.getFileName()));
                    assertFalse(saved.contains("jdk.incubator.vector"), saved);
                    // The same run checks that the committed notebook's saved outputs are still what its code prints.
                    List<String> stale = SavedOutputs.differences(notebook, ran.resolve(notebook.getFileName()));
                    assertTrue(stale.isEmpty(), notebook.getFileName() + " has saved outputs a fresh run no longer gives"
                            + " (refresh them with ./jnb run, or mark what varies; see the README):\n" + String.join("\n", stale));
                }));
    }
}

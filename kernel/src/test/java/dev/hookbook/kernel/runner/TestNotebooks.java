package dev.hookbook.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hookbook.kernel.ProcessRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Notebooks the runner tests write, run and read back. */
final class TestNotebooks {

    private TestNotebooks() {}

    /** Writes a notebook with one code cell per source (lines separated by \n). */
    static Path codeCells(Path file, String... sources) throws Exception {
        JsonArray cells = new JsonArray();
        for (String source : sources) {
            JsonObject cell = new JsonObject();
            cell.addProperty("id", "cell-" + cells.size());
            cell.addProperty("cell_type", "code");
            cell.add("metadata", new JsonObject());
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", JsonNull.INSTANCE);
            cell.addProperty("source", source);
            cells.add(cell);
        }
        JsonObject notebook = new JsonObject();
        notebook.add("cells", cells);
        notebook.add("metadata", new JsonObject());
        notebook.addProperty("nbformat", 4);
        notebook.addProperty("nbformat_minor", 5);
        return Files.writeString(file, notebook.toString());
    }

    /** {@code ./jnb run NOTEBOOK --out OUT [more arguments]} as its own process. */
    static ProcessRun run(Path notebook, Path out, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(notebook.toString(), "--out", out.toString()));
        args.addAll(List.of(more));
        return ProcessRun.java(notebook.getParent(), NotebookRunner.class.getName(), args.toArray(String[]::new));
    }

    /** The outputs of code cell {@code index} (0-based) of a written notebook. */
    static JsonArray outputs(Path notebook, int index) throws Exception {
        return cells(notebook).get(index).getAsJsonObject().getAsJsonArray("outputs");
    }

    static JsonArray cells(Path notebook) throws Exception {
        return JsonParser.parseString(Files.readString(notebook)).getAsJsonObject().getAsJsonArray("cells");
    }
}

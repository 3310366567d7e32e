package dev.hookbook.kernel.runner;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A Jupyter notebook file (nbformat 4) as JSON: its cells, read and written back. */
final class Notebook {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private final JsonObject json;

    private Notebook(JsonObject json) {
        this.json = json;
    }

    /** Reads a notebook, with a one-line error for a file that is not a valid nbformat 4 notebook (see {@link NotebookFormat}). */
    static Notebook read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no notebook at " + file);
        }
        return new Notebook(NotebookFormat.read(file));
    }

    /** Every cell, in order. */
    List<JsonObject> cells() {
        List<JsonObject> cells = new ArrayList<>();
        json.getAsJsonArray("cells").forEach(cell -> cells.add(cell.getAsJsonObject()));
        return cells;
    }

    /** The code cells, in order. */
    List<JsonObject> codeCells() {
        return cells().stream().filter(Notebook::isCode).toList();
    }

    static boolean isCode(JsonObject cell) {
        return cell.has("cell_type") && "code".equals(cell.get("cell_type").getAsString());
    }

    /** A cell's source, which nbformat stores as one string or a list of lines. */
    static String source(JsonObject cell) {
        JsonElement source = cell.get("source");
        if (source == null || source.isJsonNull()) {
            return "";
        }
        if (source.isJsonArray()) {
            StringBuilder text = new StringBuilder();
            source.getAsJsonArray().forEach(line -> text.append(line.getAsString()));
            return text.toString();
        }
        return source.getAsString();
    }

    /** Marks the notebook as one for this kernel, where it does not say so already. */
    void describeKernel(String name, String displayName) {
        JsonObject metadata = json.has("metadata") ? json.getAsJsonObject("metadata") : new JsonObject();
        json.add("metadata", metadata);
        if (!metadata.has("kernelspec")) {
            JsonObject spec = new JsonObject();
            spec.addProperty("name", name);
            spec.addProperty("display_name", displayName);
            spec.addProperty("language", "java");
            metadata.add("kernelspec", spec);
        }
        if (!metadata.has("language_info")) {
            JsonObject language = new JsonObject();
            language.addProperty("name", "java");
            language.addProperty("file_extension", ".jshell");
            language.addProperty("mimetype", "text/x-java-source");
            metadata.add("language_info", language);
        }
    }

    /** Notes in the notebook's metadata in which order this run adds floats (see {@link SummationOrder}). */
    void noteSummationOrder(String order) {
        JsonObject metadata = json.getAsJsonObject("metadata");
        JsonObject hookbook = metadata.has("hookbook") ? metadata.getAsJsonObject("hookbook") : new JsonObject();
        hookbook.addProperty("summation_order", order);
        metadata.add("hookbook", hookbook);
    }

    /** Notes the devices the run had ({@code "cpu, opencl:0"}) in the notebook's metadata. */
    void noteDevices(String devices) {
        JsonObject metadata = json.getAsJsonObject("metadata");
        JsonObject hookbook = metadata.has("hookbook") ? metadata.getAsJsonObject("hookbook") : new JsonObject();
        hookbook.addProperty("devices", devices);
        metadata.add("hookbook", hookbook);
    }

    /** Clears the outputs and counts of every code cell (before a run). */
    void clearOutputs() {
        for (JsonObject cell : codeCells()) {
            cell.add("outputs", new JsonArray());
            cell.add("execution_count", null);
        }
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, GSON.toJson(json) + "\n");
    }
}

package dev.hookbook.kernel.runner;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.eval.CellException;

/**
 * The outputs of one code cell as nbformat 4 JSON, appended as the cell runs: streams (merged
 * while the same stream goes on), displays, the result and the error. Threads the cell started
 * may append too.
 */
final class CellOutputs {

    private static final Gson GSON = new Gson();

    private final JsonArray outputs;
    private final int executionCount;

    CellOutputs(JsonObject cell, int executionCount) {
        this.outputs = new JsonArray();
        this.executionCount = executionCount;
        cell.add("outputs", outputs);
        cell.addProperty("execution_count", executionCount);
    }

    synchronized void stream(String name, String text) {
        if (!outputs.isEmpty()) {
            JsonObject last = outputs.get(outputs.size() - 1).getAsJsonObject();
            if ("stream".equals(last.get("output_type").getAsString()) && name.equals(last.get("name").getAsString())) {
                last.addProperty("text", last.get("text").getAsString() + text);
                return;
            }
        }
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "stream");
        output.addProperty("name", name);
        output.addProperty("text", text);
        outputs.add(output);
    }

    /** Adds a display_data output and returns it, so a later update can replace its data. */
    synchronized JsonObject display(MimeBundle bundle) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "display_data");
        setBundle(output, bundle);
        outputs.add(output);
        return output;
    }

    synchronized void result(MimeBundle bundle) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "execute_result");
        output.addProperty("execution_count", executionCount);
        setBundle(output, bundle);
        outputs.add(output);
    }

    synchronized void error(CellException error) {
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "error");
        output.addProperty("ename", error.name());
        output.addProperty("evalue", error.value());
        JsonArray traceback = new JsonArray();
        error.traceback().forEach(traceback::add);
        output.add("traceback", traceback);
        outputs.add(output);
    }

    /** Sets an output's {@code data} and {@code metadata} from a bundle (also used by display updates). */
    static void setBundle(JsonObject output, MimeBundle bundle) {
        JsonObject data = new JsonObject();
        bundle.data().forEach(data::addProperty);
        output.add("data", data);
        output.add("metadata", GSON.toJsonTree(bundle.metadata()));
    }
}

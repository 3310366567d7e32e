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
    // The stream output that the next text of the same stream is added to, and its text so far.
    private JsonObject openStream;
    private final StringBuilder openText = new StringBuilder();

    CellOutputs(JsonObject cell, int executionCount) {
        this.outputs = new JsonArray();
        this.executionCount = executionCount;
        cell.add("outputs", outputs);
        cell.addProperty("execution_count", executionCount);
    }

    synchronized void stream(String name, String text) {
        if (openStream != null && name.equals(openStream.get("name").getAsString())) {
            openText.append(text);
            return;
        }
        settle();
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "stream");
        output.addProperty("name", name);
        output.addProperty("text", text);
        outputs.add(output);
        openStream = output;
        openText.append(text);
    }

    /**
     * Writes the text of the stream output still being appended to into its JSON, and closes it:
     * call before the notebook is written. (Each line going into the JSON string as it came would
     * copy all the text before it: a cell printing a million lines took minutes.)
     */
    synchronized void settle() {
        if (openStream != null) {
            openStream.addProperty("text", openText.toString());
            openStream = null;
            openText.setLength(0);
        }
    }

    /** Adds a display_data output and returns it, so a later update can replace its data. */
    synchronized JsonObject display(MimeBundle bundle) {
        settle();
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "display_data");
        setBundle(output, bundle);
        outputs.add(output);
        return output;
    }

    synchronized void result(MimeBundle bundle) {
        settle();
        JsonObject output = new JsonObject();
        output.addProperty("output_type", "execute_result");
        output.addProperty("execution_count", executionCount);
        setBundle(output, bundle);
        outputs.add(output);
    }

    synchronized void error(CellException error) {
        settle();
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

package dev.hookbook.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text outputs a notebook has saved, compared with a fresh run's, so a committed notebook
 * never shows what its code no longer prints. What may differ from run to run is left out: a
 * cell whose metadata says {@code "hookbook": {"varying": true}}, and the parts of lines that match
 * one of the regular expressions in the notebook's metadata {@code "hookbook": {"varying_text": [...]}}
 * (a time, a rate), so the rest of such a line (a loss) is still compared. Numbers are compared
 * only when the fresh run added floats in the order the saved outputs were computed with (the
 * {@code "summation_order"} the runner notes in the metadata: lane width and threads); on a
 * machine that adds in another order, training takes another path, so there every number is
 * masked and the rest of the text is still compared; a cell whose very words follow the trained
 * numbers (classes ranked by recall) says {@code "hookbook": {"ranked_by_results": true}} and is
 * then left out. Likewise a cell whose outputs follow the devices present (which, and what runs on
 * them) says {@code "hookbook": {"device_dependent": true}} and is compared only when the fresh run
 * had the devices the saved outputs were made with (the {@code "devices"} the runner notes).
 */
final class SavedOutputs {

    /** A number as a notebook prints one: 90.4, 1,386, 1e-05, 10⁻³. */
    private static final Pattern NUMBER = Pattern.compile("[-+]?\\d[\\d,.]*(e[-+]?\\d+)?|[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+");

    private SavedOutputs() {}

    /** Every difference between the saved and the fresh outputs, one line each (empty: they agree). */
    static List<String> differences(Path saved, Path fresh) throws Exception {
        JsonObject before = JsonParser.parseString(Files.readString(saved)).getAsJsonObject();
        JsonObject after = JsonParser.parseString(Files.readString(fresh)).getAsJsonObject();
        List<Pattern> varying = varyingLines(before);
        boolean sameOrder = summationOrder(before).equals(summationOrder(after));
        boolean sameDevices = noted(before, "devices").equals(noted(after, "devices"));
        if (!sameOrder) {
            varying.add(NUMBER);
        }
        JsonArray savedCells = before.getAsJsonArray("cells");
        JsonArray freshCells = after.getAsJsonArray("cells");
        List<String> differences = new ArrayList<>();
        if (savedCells.size() != freshCells.size()) {
            differences.add("the run wrote " + freshCells.size() + " cells, the notebook has " + savedCells.size());
            return differences;
        }
        for (int i = 0; i < savedCells.size(); i++) {
            JsonObject cell = savedCells.get(i).getAsJsonObject();
            if (!cell.get("cell_type").getAsString().equals("code") || flag(cell, "varying")
                    || (!sameOrder && flag(cell, "ranked_by_results")) || (!sameDevices && flag(cell, "device_dependent"))) {
                continue;
            }
            List<String> old = text(cell, varying);
            List<String> now = text(freshCells.get(i).getAsJsonObject(), varying);
            if (!old.equals(now)) {
                differences.add("cell " + i + " (" + cell.get("id") + "): saved " + old + ", a fresh run gives " + now);
            }
        }
        return differences;
    }

    /** Whether the cell's metadata sets {@code "hookbook": {name: true}}. */
    private static boolean flag(JsonObject cell, String name) {
        JsonObject hookbook = cell.getAsJsonObject("metadata").getAsJsonObject("hookbook");
        return hookbook != null && hookbook.has(name) && hookbook.get(name).getAsBoolean();
    }

    /** What the runner noted of the order its kernels added floats in; "" where nothing is noted. */
    static String summationOrder(JsonObject notebook) {
        return noted(notebook, "summation_order");
    }

    /** What the runner noted under {@code name} in the notebook's metadata; "" where nothing is noted. */
    static String noted(JsonObject notebook, String name) {
        JsonObject hookbook = notebook.getAsJsonObject("metadata").getAsJsonObject("hookbook");
        return hookbook != null && hookbook.has(name) ? hookbook.get(name).getAsString() : "";
    }

    private static List<Pattern> varyingLines(JsonObject notebook) {
        List<Pattern> patterns = new ArrayList<>();
        JsonObject hookbook = notebook.getAsJsonObject("metadata").getAsJsonObject("hookbook");
        if (hookbook != null && hookbook.has("varying_text")) {
            hookbook.getAsJsonArray("varying_text").forEach(p -> patterns.add(Pattern.compile(p.getAsString())));
        }
        return patterns;
    }

    /** The cell's stream text and plain-text results and displays, line by line, the varying parts masked. */
    private static List<String> text(JsonObject cell, List<Pattern> varying) {
        StringBuilder all = new StringBuilder();
        for (JsonElement element : cell.getAsJsonArray("outputs")) {
            JsonObject output = element.getAsJsonObject();
            switch (output.get("output_type").getAsString()) {
                case "stream" -> all.append(joined(output.get("text")));
                case "error" -> all.append("error: ").append(output.get("evalue").getAsString()).append('\n');
                default -> {
                    JsonObject data = output.getAsJsonObject("data");
                    if (data.has("text/plain")) {
                        all.append(joined(data.get("text/plain"))).append('\n');
                    }
                }
            }
        }
        return all.toString().lines().map(line -> {
            String masked = line;
            for (Pattern pattern : varying) {
                masked = pattern.matcher(masked).replaceAll("…");
            }
            return masked;
        }).toList();
    }

    private static String joined(JsonElement text) {
        if (text.isJsonArray()) {
            StringBuilder joined = new StringBuilder();
            text.getAsJsonArray().forEach(line -> joined.append(line.getAsString()));
            return joined.toString();
        }
        return text.getAsString();
    }
}

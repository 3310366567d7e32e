package dev.hookbook.kernel.runner;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a notebook file as nbformat 4 says it must be: UTF-8, strict JSON (no unquoted keys,
 * single quotes or comments, which Jupyter itself refuses), and the structure of nbformat 4's
 * schema. Each problem is one line naming the file and the field, such as
 * {@code nb.ipynb: cells[3].source: expected a string or a list of strings, got a number}.
 */
final class NotebookFormat {

    private static final Set<String> CELL_TYPES = Set.of("code", "markdown", "raw");
    private static final Set<String> OUTPUT_TYPES = Set.of("stream", "display_data", "execute_result", "error");
    // nbformat 4.5's cell ids.
    private static final Pattern CELL_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    private final Path file;

    private NotebookFormat(Path file) {
        this.file = file;
    }

    /** The notebook in {@code file}, checked; an {@link IllegalArgumentException} of one line says what is wrong. */
    static JsonObject read(Path file) throws IOException {
        NotebookFormat format = new NotebookFormat(file);
        JsonElement parsed = format.parse(format.decode(Files.readAllBytes(file)));
        return format.validate(parsed);
    }

    /** The bytes as UTF-8, or an error with the offset of the first byte that is not. */
    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw problem("not UTF-8 (byte offset " + in.position() + " starts an invalid sequence); a notebook must be UTF-8");
        }
        decoder.flush(out);
        String text = out.flip().toString();
        // Gson would skip the mark; Python's json (so nbformat) refuses it, and so does Jupyter.
        if (text.startsWith("\uFEFF")) {
            throw problem("is not JSON, so not a notebook: it starts with a UTF-8 byte-order mark (U+FEFF),"
                    + " which JSON forbids; save it as UTF-8 without the mark");
        }
        return text;
    }

    private JsonElement parse(String text) {
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = Streams.parse(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonParseException("text after the end of the JSON value");
            }
            return parsed;
        } catch (JsonParseException | IOException | IllegalStateException e) {
            String reason = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : e.getMessage();
            // Gson's advice to parse leniently is not the reader's to follow: Jupyter would refuse the file too.
            String where = firstLine(reason).replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON",
                    "strict JSON expected (quoted names, double quotes, no comments)");
            throw problem("is not JSON, so not a notebook: " + where);
        }
    }

    private JsonObject validate(JsonElement parsed) {
        if (!parsed.isJsonObject()) {
            throw problem("expected a notebook (a JSON object with \"cells\"), got " + kind(parsed));
        }
        JsonObject notebook = parsed.getAsJsonObject();
        JsonElement major = required(notebook, "", "nbformat");
        if (!isInteger(major)) {
            throw problem("nbformat: expected the integer 4, got " + kind(major));
        }
        if (major.getAsInt() != 4) {
            throw problem("is in notebook format " + major.getAsInt() + ", not 4; open and save it with a current Jupyter first");
        }
        JsonElement minor = required(notebook, "", "nbformat_minor");
        if (!isInteger(minor) || minor.getAsInt() < 0) {
            throw problem("nbformat_minor: expected an integer of 0 or more, got " + kind(minor));
        }
        object(required(notebook, "", "metadata"), "metadata");
        JsonObject metadata = notebook.getAsJsonObject("metadata");
        if (metadata.has("kernelspec")) {
            JsonObject spec = object(metadata.get("kernelspec"), "metadata.kernelspec");
            string(required(spec, "metadata.kernelspec", "name"), "metadata.kernelspec.name");
            string(required(spec, "metadata.kernelspec", "display_name"), "metadata.kernelspec.display_name");
        }
        if (metadata.has("language_info")) {
            JsonObject language = object(metadata.get("language_info"), "metadata.language_info");
            string(required(language, "metadata.language_info", "name"), "metadata.language_info.name");
        }
        JsonElement cells = required(notebook, "", "cells");
        if (!cells.isJsonArray()) {
            throw problem("cells: expected a list of cells, got " + kind(cells));
        }
        boolean idsRequired = minor.getAsInt() >= 5;
        Set<String> ids = new HashSet<>();
        JsonArray list = cells.getAsJsonArray();
        for (int i = 0; i < list.size(); i++) {
            cell(list.get(i), "cells[" + i + "]", idsRequired, ids);
        }
        return notebook;
    }

    private void cell(JsonElement element, String path, boolean idRequired, Set<String> ids) {
        if (!element.isJsonObject()) {
            throw problem(path + ": expected a cell (an object), got " + kind(element));
        }
        JsonObject cell = element.getAsJsonObject();
        String type = string(required(cell, path, "cell_type"), path + ".cell_type");
        if (!CELL_TYPES.contains(type)) {
            throw problem(path + ".cell_type: expected \"code\", \"markdown\" or \"raw\", got \"" + type + "\"");
        }
        if (idRequired && !cell.has("id")) {
            throw problem(path + ": the field \"id\" is missing (nbformat 4.5 gives every cell an id; add one,"
                    + " or set nbformat_minor to 4)");
        }
        if (cell.has("id")) {
            String id = string(cell.get("id"), path + ".id");
            if (!CELL_ID.matcher(id).matches()) {
                throw problem(path + ".id: expected 1 to 64 letters, digits, '-' or '_', got \"" + id + "\"");
            }
            if (!ids.add(id)) {
                throw problem(path + ".id: \"" + id + "\" is the id of an earlier cell too; ids must be unique");
            }
        }
        object(required(cell, path, "metadata"), path + ".metadata");
        text(required(cell, path, "source"), path + ".source");
        if (cell.has("attachments")) {
            object(cell.get("attachments"), path + ".attachments");
        }
        if (!type.equals("code")) {
            return;
        }
        executionCount(required(cell, path, "execution_count"), path + ".execution_count");
        JsonElement outputs = required(cell, path, "outputs");
        if (!outputs.isJsonArray()) {
            throw problem(path + ".outputs: expected a list of outputs, got " + kind(outputs));
        }
        for (int k = 0; k < outputs.getAsJsonArray().size(); k++) {
            output(outputs.getAsJsonArray().get(k), path + ".outputs[" + k + "]");
        }
    }

    private void output(JsonElement element, String path) {
        JsonObject output = object(element, path);
        String type = string(required(output, path, "output_type"), path + ".output_type");
        if (!OUTPUT_TYPES.contains(type)) {
            throw problem(path + ".output_type: expected \"stream\", \"display_data\", \"execute_result\" or \"error\", got \"" + type + "\"");
        }
        switch (type) {
            case "stream" -> {
                string(required(output, path, "name"), path + ".name");
                text(required(output, path, "text"), path + ".text");
            }
            case "error" -> {
                string(required(output, path, "ename"), path + ".ename");
                string(required(output, path, "evalue"), path + ".evalue");
                JsonElement traceback = required(output, path, "traceback");
                if (!traceback.isJsonArray() || !allStrings(traceback.getAsJsonArray())) {
                    throw problem(path + ".traceback: expected a list of strings, got " + kind(traceback));
                }
            }
            default -> {
                JsonObject data = object(required(output, path, "data"), path + ".data");
                for (String mime : data.keySet()) {
                    JsonElement value = data.get(mime);
                    if (!value.isJsonObject() && !isText(value)) { // JSON outputs (application/json) are objects
                        throw problem(path + ".data." + mime + ": expected a string or a list of strings, got " + kind(value));
                    }
                }
                object(required(output, path, "metadata"), path + ".metadata");
                if (type.equals("execute_result")) {
                    executionCount(required(output, path, "execution_count"), path + ".execution_count");
                }
            }
        }
    }

    private JsonElement required(JsonObject object, String path, String field) {
        JsonElement value = object.get(field);
        if (value == null) {
            throw problem((path.isEmpty() ? "" : path + ": ") + "the field \"" + field + "\" is missing");
        }
        return value;
    }

    private JsonObject object(JsonElement value, String path) {
        if (!value.isJsonObject()) {
            throw problem(path + ": expected an object, got " + kind(value));
        }
        return value.getAsJsonObject();
    }

    private String string(JsonElement value, String path) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
            throw problem(path + ": expected a string, got " + kind(value));
        }
        return value.getAsString();
    }

    /** nbformat's multiline strings: one string, or a list of strings (lines). */
    private void text(JsonElement value, String path) {
        if (!isText(value)) {
            throw problem(path + ": expected a string or a list of strings, got " + kind(value));
        }
    }

    private void executionCount(JsonElement value, String path) {
        if (!value.isJsonNull() && !(isInteger(value) && value.getAsLong() >= 0)) {
            throw problem(path + ": expected an integer of 0 or more, or null, got " + kind(value));
        }
    }

    private static boolean isText(JsonElement value) {
        return value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()
                || value.isJsonArray() && allStrings(value.getAsJsonArray());
    }

    private static boolean allStrings(JsonArray array) {
        for (JsonElement item : array) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                return false;
            }
        }
        return true;
    }

    private static boolean isInteger(JsonElement value) {
        if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isNumber()) {
            return false;
        }
        String number = value.getAsString();
        return number.matches("-?\\d{1,9}");
    }

    /** How an error names what it found. */
    static String kind(JsonElement value) {
        if (value.isJsonNull()) {
            return "null";
        }
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            JsonArray array = value.getAsJsonArray();
            for (JsonElement item : array) {
                if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                    return "a list holding " + kind(item);
                }
            }
            return "a list";
        }
        if (value.getAsJsonPrimitive().isBoolean()) {
            return value.getAsBoolean() ? "true" : "false";
        }
        if (value.getAsJsonPrimitive().isNumber()) {
            return "a number (" + value.getAsString() + ")";
        }
        return "a string";
    }

    private IllegalArgumentException problem(String detail) {
        return new IllegalArgumentException(file + ": " + detail);
    }

    private static String firstLine(String text) {
        return text == null ? "" : text.lines().findFirst().orElse("");
    }
}

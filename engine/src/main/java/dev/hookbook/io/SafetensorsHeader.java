package dev.hookbook.io;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: reading it with every check the Rust reference makes,
 * and encoding it byte for byte as the reference writer does.
 *
 * @param dataStart absolute file position of the data buffer ({@code 8 + header length})
 * @param entries   the tensors, in data-offset order
 * @param metadata  the {@code __metadata__} map, in file order (empty when absent)
 */
record SafetensorsHeader(long dataStart, List<Entry> entries, Map<String, String> metadata) {

    /** The reference reader refuses larger headers, so a corrupt length cannot exhaust memory. */
    static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The header key that holds free-form string metadata rather than a tensor. */
    static final String METADATA_KEY = "__metadata__";

    /**
     * One tensor's header entry.
     *
     * @param begin first byte in the data buffer
     * @param end   one past the last byte in the data buffer
     */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

        /** Element count (1 for a 0-rank tensor), or -1 when it overflows a long. */
        long numel() {
            long n = 1;
            for (long d : shape) {
                try {
                    n = Math.multiplyExact(n, d);
                } catch (ArithmeticException overflow) {
                    return -1;
                }
            }
            return n;
        }

        /** "tensor 'name' (F32, shape [2, 3])", for messages. */
        String describe() {
            return "tensor " + quote(name) + " (" + dtype + ", shape " + Arrays.toString(shape) + ")";
        }

        String offsets() {
            return "data_offsets [" + begin + ", " + end + "]";
        }
    }

    // ---------------------------------------------------------------- reading

    /** Reads and validates the header of {@code ch}, which must be positioned anywhere. */
    static SafetensorsHeader read(FileChannel ch, Path file) throws IOException {
        long fileSize = ch.size();
        if (fileSize < 8) {
            throw new SafetensorsFormatException(file, "file is " + fileSize
                    + " bytes, too short for the 8-byte header length that starts a safetensors file");
        }
        ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, lengthBytes, 0, file, "the header length");
        long n = lengthBytes.getLong(0);
        // A u64 above Long.MAX_VALUE reads as negative: too large either way.
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new SafetensorsFormatException(file, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (8 + n > fileSize) {
            throw new SafetensorsFormatException(file, "header length " + n + " reaches beyond the end of the file ("
                    + fileSize + " bytes leave room for at most " + (fileSize - 8) + " header bytes)");
        }
        ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
        readFully(ch, headerBytes, 8, file, "the header");
        headerBytes.flip();
        String json;
        try {
            json = StandardCharsets.UTF_8.newDecoder().decode(headerBytes).toString();
        } catch (CharacterCodingException e) {
            throw new SafetensorsFormatException(file, "header is not valid UTF-8");
        }

        checkAsTheReferenceDoes(json, file);
        var parsed = parse(json, file);
        checkNoLoneSurrogates(parsed, file);
        List<Entry> entries = parsed.entries();
        long dataLength = validateOffsets(entries, file);
        long available = fileSize - 8 - n;
        if (available < dataLength) {
            throw new SafetensorsFormatException(file, "file is truncated: the header describes " + dataLength
                    + " data bytes but only " + available + " follow the header");
        }
        if (available > dataLength) {
            throw new SafetensorsFormatException(file, "file has " + (available - dataLength)
                    + " bytes after the last tensor: the header describes " + dataLength + " data bytes but "
                    + available + " follow the header");
        }
        return new SafetensorsHeader(8 + n, List.copyOf(entries), parsed.metadata());
    }

    /** Reads until {@code buf} is full, from absolute {@code position}. */
    static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file, String what) throws IOException {
        while (buf.hasRemaining()) {
            int read = ch.read(buf, position);
            if (read < 0) {
                throw new SafetensorsFormatException(file, "file ended at byte " + position + " while reading " + what);
            }
            position += read;
        }
    }

    /**
     * Sorts {@code entries} by offsets (files from older writers may list them in any order) and
     * checks that they tile the data buffer from 0 with no hole and no overlap, each spanning
     * exactly dtype size x element count. Returns the data buffer length.
     */
    private static long validateOffsets(List<Entry> entries, Path file) throws SafetensorsFormatException {
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expectedBegin = 0;
        Entry previous = null;
        for (Entry e : entries) {
            if (e.end() < e.begin()) {
                throw new SafetensorsFormatException(file, e.describe() + ": " + e.offsets() + " end before they begin");
            }
            if (e.begin() > expectedBegin) {
                throw new SafetensorsFormatException(file, "hole in the data buffer: bytes [" + expectedBegin + ", "
                        + e.begin() + ") belong to no tensor; " + e.describe() + " has " + e.offsets()
                        + ", expected it to begin at " + expectedBegin);
            }
            if (e.begin() < expectedBegin) {
                throw new SafetensorsFormatException(file, e.describe() + " overlaps tensor " + quote(previous.name())
                        + ": its " + e.offsets() + " begin before " + expectedBegin + ", where "
                        + quote(previous.name()) + " ends");
            }
            long numel = e.numel();
            long bytes = numel < 0 ? -1 : multiplyOrMinusOne(numel, e.dtype().size);
            if (bytes < 0) {
                throw new SafetensorsFormatException(file, e.describe() + ": the shape is too large (its byte size overflows)");
            }
            if (e.end() - e.begin() != bytes) {
                throw new SafetensorsFormatException(file, e.describe() + " needs " + bytes + " bytes ("
                        + numel + " x " + e.dtype().size + ") but its " + e.offsets() + " span " + (e.end() - e.begin()));
            }
            expectedBegin = e.end();
            previous = e;
        }
        return expectedBegin;
    }

    private static long multiplyOrMinusOne(long a, long b) {
        try {
            return Math.multiplyExact(a, b);
        } catch (ArithmeticException overflow) {
            return -1;
        }
    }

    private record Parsed(List<Entry> entries, Map<String, String> metadata) {}

    /** serde_json, which the reference reader uses, refuses JSON nested deeper than this. */
    static final int MAX_NESTING = 127;

    /**
     * What serde_json refuses and Gson would take: a byte-order mark before the header (it is not
     * JSON whitespace) and arrays or objects nested more than {@link #MAX_NESTING} deep.
     */
    private static void checkAsTheReferenceDoes(String json, Path file) throws SafetensorsFormatException {
        if (json.startsWith("\uFEFF")) {
            throw new SafetensorsFormatException(file, "header starts with a UTF-8 byte-order mark (EF BB BF), "
                    + "expected '{' or spaces");
        }
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') i++;               // skip the escaped character
                else if (c == '"') inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > MAX_NESTING) {
                    throw new SafetensorsFormatException(file, "header nests arrays and objects more than " + MAX_NESTING
                            + " deep (at character " + i + "), the reference reader's limit");
                }
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
    }

    /** serde_json refuses a string escape {@code \\ud800} without its other half; Gson would pass it on. */
    private static void checkNoLoneSurrogates(Parsed parsed, Path file) throws SafetensorsFormatException {
        for (Entry e : parsed.entries()) checkWellFormed(e.name(), "tensor name", file);
        for (Map.Entry<String, String> m : parsed.metadata().entrySet()) {
            checkWellFormed(m.getKey(), METADATA_KEY + " key", file);
            checkWellFormed(m.getValue(), METADATA_KEY + " value of " + quote(m.getKey()), file);
        }
    }

    private static void checkWellFormed(String s, String what, Path file) throws SafetensorsFormatException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new SafetensorsFormatException(file, what + " " + quote(s) + " holds an unpaired surrogate escape (\\u"
                        + String.format("%04x", (int) c) + ")");
            }
        }
    }

    /** Parses the header JSON: one object, tensor names to entries, plus optional metadata. */
    private static Parsed parse(String json, Path file) throws SafetensorsFormatException {
        JsonReader r = new JsonReader(new StringReader(json));
        r.setStrictness(Strictness.STRICT);
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        try {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new SafetensorsFormatException(file, "header must be a JSON object, found " + describe(r.peek()));
            }
            r.beginObject();
            Set<String> keys = new HashSet<>();
            while (r.hasNext()) {
                String key = r.nextName();
                if (!keys.add(key)) {
                    throw new SafetensorsFormatException(file, "duplicate key " + quote(key) + " in the header");
                }
                if (key.equals(METADATA_KEY)) {
                    metadata = readMetadata(r, file);
                } else {
                    entries.add(readEntry(r, key, file));
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new SafetensorsFormatException(file, "header has " + describe(r.peek())
                        + " after its JSON object, expected only spaces");
            }
        } catch (SafetensorsFormatException e) {
            throw e;
        } catch (IOException | IllegalStateException e) {
            // Gson's messages carry the position; keep their first line, without the advice
            // to make Gson lenient (which a user of Hookbook cannot act on).
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    .replaceFirst("Use JsonReader\\.set\\w+\\([^)]*\\) to accept malformed JSON", "syntax not allowed in strict JSON");
            throw new SafetensorsFormatException(file, "header is not valid JSON: " + reason);
        }
        return new Parsed(entries, metadata);
    }

    private static Map<String, String> readMetadata(JsonReader r, Path file) throws IOException {
        if (r.peek() == JsonToken.NULL) {                 // the reference accepts null as "no metadata"
            r.nextNull();
            return Map.of();
        }
        expect(r, JsonToken.BEGIN_OBJECT, METADATA_KEY, "an object of strings", file);
        r.beginObject();
        Map<String, String> metadata = new LinkedHashMap<>();
        while (r.hasNext()) {
            String key = r.nextName();
            if (metadata.containsKey(key)) {
                throw new SafetensorsFormatException(file, "duplicate key " + quote(key) + " in " + METADATA_KEY);
            }
            expect(r, JsonToken.STRING, METADATA_KEY + " value " + quote(key), "a string", file);
            metadata.put(key, r.nextString());
        }
        r.endObject();
        return Collections.unmodifiableMap(metadata);
    }

    private static Entry readEntry(JsonReader r, String name, Path file) throws IOException {
        String where = "tensor " + quote(name);
        expect(r, JsonToken.BEGIN_OBJECT, where, "an object with dtype, shape and data_offsets", file);
        r.beginObject();
        String dtype = null;
        long[] shape = null;
        long[] offsets = null;
        Set<String> fields = new HashSet<>();
        while (r.hasNext()) {
            String field = r.nextName();
            if (!fields.add(field)) {
                throw new SafetensorsFormatException(file, where + ": duplicate field \"" + field + "\"");
            }
            switch (field) {
                case "dtype" -> {
                    expect(r, JsonToken.STRING, where + ": dtype", "a string", file);
                    dtype = r.nextString();
                }
                case "shape" -> shape = readNaturals(r, where + ": shape", file);
                case "data_offsets" -> offsets = readNaturals(r, where + ": data_offsets", file);
                default -> r.skipValue();                 // the reference ignores unknown fields too
            }
        }
        r.endObject();
        if (dtype == null || shape == null || offsets == null) {
            String missing = dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets";
            throw new SafetensorsFormatException(file, where + ": missing \"" + missing + "\"");
        }
        if (offsets.length != 2) {
            throw new SafetensorsFormatException(file, where + ": data_offsets must be [begin, end], found "
                    + offsets.length + " numbers");
        }
        return new Entry(name, SafetensorsDtype.parse(dtype, where, file), shape, offsets[0], offsets[1]);
    }

    /** A JSON array of non-negative integers (the reference's {@code usize}). */
    private static long[] readNaturals(JsonReader r, String where, Path file) throws IOException {
        expect(r, JsonToken.BEGIN_ARRAY, where, "an array of non-negative integers", file);
        r.beginArray();
        long[] values = new long[4];
        int n = 0;
        while (r.hasNext()) {
            expect(r, JsonToken.NUMBER, where, "non-negative integers", file);
            String text = r.nextString();
            if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new SafetensorsFormatException(file, where + ": expected non-negative integers, found " + text);
            }
            long value;
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException tooLong) {
                throw new SafetensorsFormatException(file, where + ": " + text + " is too large");
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, 2 * n);
            }
            values[n++] = value;
        }
        r.endArray();
        return Arrays.copyOf(values, n);
    }

    private static void expect(JsonReader r, JsonToken token, String where, String wanted, Path file) throws IOException {
        JsonToken found = r.peek();
        if (found != token) {
            throw new SafetensorsFormatException(file, where + ": expected " + wanted + ", found " + describe(found));
        }
    }

    /**
     * {@code 'name'} for messages, with control characters escaped so a message stays on one
     * line whatever the file holds.
     */
    static String quote(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 2).append('\'');
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_OBJECT -> "an object";
            case BEGIN_ARRAY -> "an array";
            case STRING, NAME -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            case END_OBJECT, END_ARRAY -> "the end of a JSON container";
            case END_DOCUMENT -> "the end of the header";
        };
    }

    // ---------------------------------------------------------------- writing

    /**
     * The header bytes for {@code entries} (already in file order), as the reference writer lays
     * them out: compact JSON, {@code __metadata__} first when present, each entry's fields as
     * dtype, shape, data_offsets, then spaces up to a multiple of 8 bytes so the data that follows
     * stays aligned.
     */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        StringBuilder json = new StringBuilder(64 + 96 * entries.size()).append('{');
        if (!metadata.isEmpty()) {
            appendString(json, METADATA_KEY).append(":{");
            String sep = "";
            for (var m : metadata.entrySet()) {
                appendString(json.append(sep), m.getKey()).append(':');
                appendString(json, m.getValue());
                sep = ",";
            }
            json.append('}');
        }
        String sep = metadata.isEmpty() ? "" : ",";
        for (Entry e : entries) {
            appendString(json.append(sep), e.name()).append(":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":[");
            for (int i = 0; i < e.shape().length; i++) {
                json.append(i == 0 ? "" : ",").append(e.shape()[i]);
            }
            json.append("],\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
            sep = ",";
        }
        json.append('}');

        ByteBuffer utf8;
        try {
            utf8 = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(json));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("a tensor name or metadata string is not valid Unicode"
                    + " (it holds an unpaired surrogate)");
        }
        int padded = (utf8.remaining() + 7) / 8 * 8;
        byte[] bytes = new byte[padded];
        Arrays.fill(bytes, (byte) ' ');
        utf8.get(bytes, 0, utf8.remaining());
        return bytes;
    }

    /** A JSON string escaped as serde_json does: quote, backslash and control characters only. */
    private static StringBuilder appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"');
    }
}

package dev.hookbook.io;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {

    @TempDir
    Path dir;

    // ------------------------------------------------------------ round trip

    @Test
    void roundTripKeepsShapesValuesAndFileOrder() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("w", Tensor.of(new float[]{1, -2, 3.5f, Float.NaN, -0f, Float.MIN_VALUE}, 2, 3));
        in.put("b", Tensor.of(new float[]{Float.MAX_VALUE, Float.NEGATIVE_INFINITY, 1e-30f}, 3));
        in.put("scalar", Tensor.scalar(0.25f));
        in.put("empty", Tensor.of(new float[0], 0, 4));
        Path file = dir.resolve("model.safetensors");
        Safetensors.save(in, file);

        Map<String, Tensor> out = Safetensors.load(file);
        // The writer sorts by name, and load returns file order.
        assertEquals(List.of("b", "empty", "scalar", "w"), List.copyOf(out.keySet()));
        for (String name : in.keySet()) {
            assertArrayEquals(in.get(name).shape(), out.get(name).shape(), name);
            assertArrayEquals(bits(in.get(name).toFloatArray()), bits(out.get(name).toFloatArray()), name);
        }
        assertEquals(0, out.get("scalar").shape().length);
        assertEquals(Map.of(), Safetensors.readMetadata(file));
    }

    @Test
    void metadataRoundTripsInOrder() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("note", "quote \" backslash \\ newline \n tab \t é");
        Path file = dir.resolve("meta.safetensors");
        Safetensors.save(Map.of("x", Tensor.of(new float[]{1}, 1)), meta, file);
        assertEquals(List.copyOf(meta.entrySet()), List.copyOf(Safetensors.readMetadata(file).entrySet()));
    }

    @Test
    void saveReplacesAnExistingFile() throws IOException {
        Path file = dir.resolve("twice.safetensors");
        Safetensors.save(Map.of("a", Tensor.of(new float[1000], 1000)), file);
        Safetensors.save(Map.of("a", Tensor.of(new float[]{5}, 1)), file);
        assertArrayEquals(new float[]{5}, Safetensors.load(file).get("a").toFloatArray());
    }

    @Test
    void saveRejectsTheReservedName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(Map.of("__metadata__", Tensor.scalar(1)), dir.resolve("x.safetensors")));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
    }

    // ------------------------------------------------------------ byte layout

    @Test
    void headerLayoutMatchesTheReferenceWriter() throws IOException {
        // The expected bytes are those of the reference implementation's own serialization tests.
        float[] values = {0, 1, 2, 3, 4, 5};
        assertArrayEquals(file(64, "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", values),
                saved(Map.of("attn.0", Tensor.of(values, 1, 2, 3)), Map.of()));
        // 65 bytes of JSON: padded with 7 spaces to 72.
        assertArrayEquals(file(72, "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", values),
                saved(Map.of("attn0", Tensor.of(values, 1, 1, 2, 3)), Map.of()));
        assertArrayEquals(file(8, "{}      ", new float[0]), saved(Map.of(), Map.of()));
        assertArrayEquals(file(40, "{\"__metadata__\":{\"framework\":\"pt\"}}     ", new float[0]),
                saved(Map.of(), Map.of("framework", "pt")));
    }

    @Test
    void headerIsPaddedToAMultipleOfEightSoDataIsAligned() throws IOException {
        for (int len = 1; len <= 9; len++) {
            byte[] bytes = saved(Map.of("x".repeat(len), Tensor.of(new float[]{1}, 1)), Map.of());
            long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header length for a name of " + len);
            assertEquals('{', bytes[8]);
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertEquals(header.strip(), header.stripTrailing(), "padding only at the end");
            assertEquals(8 + n + 4, bytes.length);
        }
    }

    @Test
    void writerIsByteIdenticalToThePythonWriter() throws IOException {
        // Same tensors as f32_only() in tools/golden/make_safetensors_fixture.py.
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(new float[]{1, 2}, 2));
        tensors.put("a.weight", Tensor.of(new float[]{0.25f, -0.5f, 0.75f, 1}, 2, 2));
        tensors.put("a.bias", Tensor.of(new float[]{-1.5f, 1e-3f}, 2));
        tensors.put("Z", Tensor.scalar(3.5f));
        tensors.put("\u00e9", Tensor.of(new float[]{7}, 1));
        tensors.put("\uff21", Tensor.of(new float[]{8}, 1));
        tensors.put("\uD83D\uDE00", Tensor.of(new float[]{9}, 1));
        tensors.put("odd \"name\"\\with\nescapes", Tensor.of(new float[]{10}, 1));
        assertArrayEquals(resource("pytorch_f32.safetensors"), saved(tensors, Map.of("format", "pt")));
    }

    // ------------------------------------------------------------ files from PyTorch

    @Test
    void loadsEveryDtypeWrittenByPyTorchAsTorchConvertsIt() throws IOException {
        Path file = copyResource("pytorch_mixed.safetensors");
        Map<String, Tensor> loaded = Safetensors.load(file);
        JsonObject expected = JsonParser.parseString(
                new String(resource("pytorch_mixed_expected.json"), StandardCharsets.UTF_8)).getAsJsonObject();

        assertEquals(expected.keySet(), loaded.keySet());
        for (String name : expected.keySet()) {
            JsonObject e = expected.getAsJsonObject(name);
            int[] shape = e.getAsJsonArray("shape").asList().stream().mapToInt(j -> j.getAsInt()).toArray();
            int[] want = e.getAsJsonArray("float32_bits").asList().stream().mapToInt(j -> j.getAsInt()).toArray();
            assertArrayEquals(shape, loaded.get(name).shape(), name);
            int[] got = bits(loaded.get(name).toFloatArray());
            for (int i = 0; i < want.length; i++) {
                if (Float.isNaN(Float.intBitsToFloat(want[i]))) {
                    assertTrue(Float.isNaN(Float.intBitsToFloat(got[i])), name + "[" + i + "]");
                } else {
                    assertEquals(want[i], got[i], name + "[" + i + "] as " + e.get("dtype").getAsString());
                }
            }
        }
        // File order: descending dtype alignment, then name, as the Python writer laid it out.
        assertEquals(List.of("bn.num_batches_tracked", "long", "double", "empty", "fc.bias", "fc.weight",
                "int32", "brain", "half", "int16", "int8", "uint8", "mask"), List.copyOf(loaded.keySet()));
        assertEquals(Map.of("format", "pt"), Safetensors.readMetadata(file));
    }

    @Test
    void conversionsGiveTheExpectedValues() throws IOException {
        Map<String, Tensor> t = Safetensors.load(copyResource("pytorch_mixed.safetensors"));
        float[] half = t.get("half").toFloatArray();
        assertEquals(0.5f, half[0]);
        assertEquals(-2f, half[1]);
        assertEquals(65504f, half[2]);                         // largest half
        assertEquals(5.9604645e-8f, half[3]);                  // smallest half subnormal, 2^-24
        assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(half[5]));
        assertEquals(Float.POSITIVE_INFINITY, half[6]);
        assertTrue(Float.isNaN(half[7]));
        assertArrayEquals(new float[]{1f, -3.140625f, 1.0002555517425873e30f}, t.get("brain").toFloatArray());
        assertArrayEquals(new float[]{-3, 0, 1099511627776f, 9007199254740992f}, t.get("long").toFloatArray());
        assertArrayEquals(new float[]{1 / 3f, Float.POSITIVE_INFINITY, -2.5f}, t.get("double").toFloatArray());
        assertArrayEquals(new float[]{-128, 0, 127}, t.get("int8").toFloatArray());
        assertArrayEquals(new float[]{0, 200, 255}, t.get("uint8").toFloatArray());
        assertArrayEquals(new float[]{1, 0, 0, 1}, t.get("mask").toFloatArray());
        assertEquals(0, t.get("bn.num_batches_tracked").shape().length);
        assertEquals(42f, t.get("bn.num_batches_tracked").toFloatArray()[0]);
        assertArrayEquals(new int[]{0, 3}, t.get("empty").shape());
    }

    @Test
    void halfConversionIsExactForEveryBitPattern() {
        for (int h = 0; h < 0x10000; h++) {
            float f = SafetensorsDtype.halfToFloat((short) h);
            int exponent = (h >>> 10) & 0x1f;
            int mantissa = h & 0x3ff;
            double magnitude = exponent == 0 ? mantissa * Math.pow(2, -24)
                    : exponent == 31 ? (mantissa == 0 ? Double.POSITIVE_INFINITY : Double.NaN)
                    : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            double want = (h & 0x8000) != 0 ? -magnitude : magnitude;
            if (Double.isNaN(want)) {
                assertTrue(Float.isNaN(f));
            } else {
                assertEquals(want, f, 0.0, "half 0x" + Integer.toHexString(h));
                assertEquals((h & 0x8000) != 0, (Float.floatToRawIntBits(f) & 0x80000000) != 0);
            }
        }
    }

    @Test
    void acceptsLeadingWhitespaceAndAnyHeaderOrder() throws IOException {
        Path file = raw("  {\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":null}",
                floats(1, 2));
        Map<String, Tensor> t = Safetensors.load(file);
        assertEquals(List.of("a", "b"), List.copyOf(t.keySet()));
        assertEquals(2f, t.get("b").toFloatArray()[0]);
    }

    @Test
    void ignoresUnknownFieldsInAnEntry() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"extra\":[1,{}],\"shape\":[],\"data_offsets\":[0,4]}}", floats(6));
        assertEquals(6f, Safetensors.load(file).get("a").toFloatArray()[0]);
    }

    // ------------------------------------------------------------ malformed files

    @Test
    void truncatedFile() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.save(Map.of("w", Tensor.of(new float[]{1, 2, 3}, 3)), file);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 4));
        assertError(file, "file is truncated", "12 data bytes", "only 8 follow");
    }

    @Test
    void truncatedInsideTheHeader() throws IOException {
        Path file = dir.resolve("cut.safetensors");
        Safetensors.save(Map.of("w", Tensor.of(new float[]{1, 2, 3}, 3)), file);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 20));
        assertError(file, "header length 56 reaches beyond the end of the file", "20 bytes");
    }

    @Test
    void shorterThanTheLengthField() throws IOException {
        Path file = dir.resolve("tiny.safetensors");
        Files.write(file, new byte[]{1, 2, 3});
        assertError(file, "file is 3 bytes", "8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        assertError(raw(1000, "{}"), "header length 1000 reaches beyond the end of the file");
    }

    @Test
    void headerLengthOverTheLimit() throws IOException {
        assertError(raw(100_000_001, "{}"), "header length 100000001 exceeds the limit of 100000000 bytes");
        assertError(raw(-1, "{}"), "header length 18446744073709551615 exceeds the limit");
    }

    @Test
    void badJson() throws IOException {
        assertError(raw("{\"a\":{\"dtype\":\"F32\",", new byte[0]), "header is not valid JSON");
        assertError(raw("{'a':1}", new byte[0]), "header is not valid JSON");
        assertError(raw("{} x", new byte[0]), "header", "JSON");
        assertError(raw("", new byte[0]), "header is not valid JSON");
        assertError(raw("[1,2]", new byte[0]), "header must be a JSON object, found an array");
    }

    @Test
    void headerThatIsNotUtf8() throws IOException {
        byte[] header = {'{', '"', (byte) 0xff, '"', ':', '1', '}', ' '};
        Path file = dir.resolve("latin.safetensors");
        Files.write(file, concat(le(header.length), header));
        assertError(file, "header is not valid UTF-8");
    }

    @Test
    void overlappingOffsets() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertError(file, "tensor 'b' (F32, shape [2]) overlaps tensor 'a'", "data_offsets [4, 12] begin before 8");
    }

    @Test
    void holeBetweenTensors() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}", new byte[20]);
        assertError(file, "hole in the data buffer: bytes [8, 12) belong to no tensor", "tensor 'b'",
                "expected it to begin at 8");
    }

    @Test
    void holeAtTheStart() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]);
        assertError(file, "bytes [0, 4) belong to no tensor");
    }

    @Test
    void offsetsEndingBeforeTheyBegin() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", new byte[4]);
        assertError(file, "tensor 'b'", "data_offsets [4, 0] end before they begin");
    }

    @Test
    void wrongSizeForShape() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}", new byte[20]);
        assertError(file, "tensor 'a' (F32, shape [2, 3]) needs 24 bytes (6 x 4) but its data_offsets [0, 20] span 20");
    }

    @Test
    void shapeWhoseByteSizeOverflows() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}",
                new byte[8]);
        assertError(file, "tensor 'a'", "overflows");
    }

    @Test
    void bytesAfterTheLastTensor() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[7]);
        assertError(file, "3 bytes after the last tensor", "describes 4 data bytes but 7 follow");
    }

    @Test
    void unknownDtype() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]);
        assertError(file, "tensor 'a': unknown dtype \"Q7\", expected one of BOOL, U8", "F32");
    }

    @Test
    void knownButUnsupportedDtype() throws IOException {
        Path file = raw("{\"a\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        assertError(file, "tensor 'a': dtype F8_E4M3 is valid safetensors but Hookbook cannot convert it");
    }

    @Test
    void duplicateKey() throws IOException {
        String entry = "{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}";
        assertError(raw("{\"a\":" + entry + ",\"a\":" + entry + "}", new byte[4]), "duplicate key 'a' in the header");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                new byte[4]), "tensor 'a': duplicate field \"dtype\"");
    }

    @Test
    void malformedEntries() throws IOException {
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", new byte[4]), "tensor 'a': missing \"shape\"");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a': shape: expected non-negative integers, found -1");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4]),
                "found 1.5");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[\"1\"],\"data_offsets\":[0,4]}}", new byte[4]),
                "tensor 'a': shape: expected non-negative integers, found a string");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4,8]}}", new byte[4]),
                "data_offsets must be [begin, end], found 3 numbers");
        assertError(raw("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,99999999999999999999]}}",
                new byte[4]), "99999999999999999999 is too large");
        assertError(raw("{\"a\":[1,2]}", new byte[0]), "tensor 'a': expected an object with dtype, shape and data_offsets");
        assertError(raw("{\"__metadata__\":{\"k\":1}}", new byte[0]), "__metadata__ value 'k': expected a string");
    }

    @Test
    void messagesStayOnOneLineWhateverTheNames() throws IOException {
        Path file = raw("{\"a\\nb\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", new byte[4]);
        assertError(file, "tensor 'a\\u000ab' (F32, shape [2]) needs 8 bytes");
    }

    @Test
    void missingFileIsAPlainNoSuchFileException() {
        assertThrows(java.nio.file.NoSuchFileException.class, () -> Safetensors.load(dir.resolve("nope.safetensors")));
    }

    // ------------------------------------------------------------ as strict as the reference reader

    @Test
    void aByteOrderMarkBeforeTheHeaderIsRefused() throws IOException {
        assertError(raw("\uFEFF{}", new byte[0]), "byte-order mark");
    }

    @Test
    void loneSurrogateEscapesAreRefusedInNamesAndMetadata() throws IOException {
        assertError(raw("{\"a\\ud800\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", floats(1)),
                "tensor name", "unpaired surrogate", "\\ud800");
        assertError(raw("{\"__metadata__\":{\"k\":\"v\\udc00\"}}", new byte[0]), "unpaired surrogate", "\\udc00");
        // a pair written as two escapes is one character, and fine
        Path pair = raw("{\"\\ud83d\\ude00\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", floats(5));
        assertEquals(List.of("\uD83D\uDE00"), List.copyOf(Safetensors.load(pair).keySet()));
    }

    @Test
    void nestingIsLimitedAsInSerdeJson() throws IOException {
        String entry = "{\"a\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4],\"extra\":%s}}";
        // the header object and the entry take two levels; 125 more reach the limit of 127
        String deepest = "[".repeat(125) + "]".repeat(125);
        assertEquals(1f, Safetensors.load(raw(String.format(entry, deepest), floats(1))).get("a").item());
        String tooDeep = "[".repeat(126) + "]".repeat(126);
        assertError(raw(String.format(entry, tooDeep), floats(1)), "more than 127 deep");
    }

    @Test
    void aDirectoryOrAFifoIsRefusedAtOnce() throws Exception {
        var e = assertThrows(IOException.class, () -> Safetensors.load(dir));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path fifo = dir.resolve("pipe.safetensors");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo (coreutils) is needed for this test");
        var f = assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> assertThrows(IOException.class, () -> Safetensors.load(fifo)), "loading a FIFO must not wait for a writer");
        assertTrue(f.getMessage().contains("not a regular file"), f.getMessage());
    }

    @Test
    void aTensorLargerThanTheHeapSaysWhatItNeeds() throws Exception {
        // A valid file whose one tensor needs 256 MiB, sparse on disk, loaded by a JVM with a 48 MiB heap.
        long numel = 64L << 20;
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[" + numel + "],\"data_offsets\":[0," + numel * 4 + "]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = dir.resolve("big.safetensors");
        try (var out = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            out.write(concat(le(h.length), h));
            out.setLength(8 + h.length + numel * 4);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx48m", "-cp", System.getProperty("java.class.path"),
                LoadOne.class.getName(), file.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(output.startsWith("IOException: " + file + ": tensor 'big'"), output);
        assertTrue(output.contains("needs 268435456 bytes"), output);
    }

    /** Loads one file in a JVM of its own and prints what went wrong, for the heap test. */
    public static final class LoadOne {
        public static void main(String[] args) {
            try {
                Safetensors.load(Path.of(args[0]));
                System.out.println("loaded");
            } catch (IOException e) {
                System.out.println(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    // ------------------------------------------------------------ helpers

    /** Asserts that loading {@code file} fails with a one-line message naming it and holding every part. */
    private static void assertError(Path file, String... parts) {
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(file));
        String message = e.getMessage();
        assertTrue(message.startsWith(file + ": "), message);
        assertFalse(message.contains("\n"), message);
        for (String part : parts) {
            assertTrue(message.contains(part), "expected \"" + part + "\" in: " + message);
        }
        assertEquals(file, e.file());
    }

    private byte[] saved(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Path file = Files.createTempFile(dir, "saved", ".safetensors");
        Safetensors.save(tensors, metadata, file);
        return Files.readAllBytes(file);
    }

    /** A file with a correct length field for {@code header}, then {@code data}. */
    private Path raw(String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, concat(concat(le(h.length), h), data));
        return file;
    }

    /** A file whose length field says {@code n}, whatever follows. */
    private Path raw(long n, String rest) throws IOException {
        Path file = Files.createTempFile(dir, "raw", ".safetensors");
        Files.write(file, concat(le(n), rest.getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    private static byte[] file(long n, String header, float[] data) {
        return concat(concat(le(n), header.getBytes(StandardCharsets.UTF_8)), floats(data));
    }

    private static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) b.putFloat(v);
        return b.array();
    }

    private static byte[] le(long n) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static int[] bits(float[] values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) bits[i] = Float.floatToRawIntBits(values[i]);
        return bits;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = SafetensorsTest.class.getResourceAsStream("/io/" + name)) {
            assertTrue(in != null, "test resource /io/" + name + " is missing");
            return in.readAllBytes();
        }
    }

    private Path copyResource(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, resource(name));
        return file;
    }
}

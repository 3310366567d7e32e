package dev.hookbook.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.internal.Streams;
import com.google.gson.stream.JsonReader;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Seeded mutations of a valid safetensors file: every load either gives exactly the tensors the
 * mutated bytes describe, or fails with a {@link SafetensorsFormatException}; nothing else (an
 * {@code IndexOutOfBoundsException}, an {@code OutOfMemoryError}, a hang) may come out.
 */
class SafetensorsFuzzTest {

    private static final int MUTATIONS = 400;

    @TempDir
    Path dir;

    @Test
    void everyMutatedFileLoadsCorrectlyOrIsRefusedWithAFormatError() throws IOException {
        byte[] valid = validFile();
        Random random = new Random(13);
        int loaded = 0;
        int refused = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] bytes = mutation.apply(valid, random);
            Path file = Files.write(dir.resolve("m" + i + ".safetensors"), bytes);
            String what = "mutation " + i + " (" + mutation + ")";
            Map<String, Tensor> tensors;
            try {
                tensors = Safetensors.load(file);
            } catch (SafetensorsFormatException e) {
                assertTrue(e.getMessage().startsWith(file.toString()) && !e.getMessage().contains("\n"),
                        what + ": one line naming the file, got " + e.getMessage());
                refused++;
                continue;
            } catch (Exception | Error e) {
                throw new AssertionError(what + ": expected a SafetensorsFormatException, got " + e, e);
            }
            assertMatchesTheBytes(bytes, tensors, what);
            loaded++;
        }
        // The mutations must reach both outcomes, or the test checks less than it says.
        assertTrue(loaded > 10 && refused > 100, "loaded " + loaded + ", refused " + refused);
    }

    /** Two F32 tensors and metadata, as {@link Safetensors#save} writes them. */
    private byte[] validFile() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("weight", Tensor.of(new float[]{1, -2, 3.5f, 0.25f, -0f, 7}, 2, 3));
        tensors.put("bias", Tensor.of(new float[]{0.5f, -1.5f}, 2));
        Path file = dir.resolve("valid.safetensors");
        Safetensors.save(tensors, Map.of("format", "pt"), file);
        return Files.readAllBytes(file);
    }

    /**
     * A loaded file must hold what its own bytes say: the header, read by a strict JSON parser,
     * names each tensor with its shape, and its float32 values are the bytes at its offsets.
     */
    private static void assertMatchesTheBytes(byte[] bytes, Map<String, Tensor> tensors, String what) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) buffer.getLong(0);
        String headerText = new String(bytes, 8, headerLength, StandardCharsets.UTF_8);
        JsonObject header;
        try {
            JsonReader reader = new JsonReader(new StringReader(headerText));
            reader.setStrictness(Strictness.STRICT);
            JsonElement parsed = Streams.parse(reader);
            header = parsed.getAsJsonObject();
        } catch (RuntimeException e) {
            fail(what + ": loaded, but its header is not strict JSON: " + headerText);
            return;
        }
        header.remove("__metadata__");
        assertEquals(header.keySet(), tensors.keySet(), what + ": the tensors the header names");
        int dataStart = 8 + headerLength;
        for (String name : header.keySet()) {
            JsonObject entry = header.getAsJsonObject(name);
            int[] shape = new int[entry.getAsJsonArray("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = entry.getAsJsonArray("shape").get(d).getAsInt();
            }
            Tensor tensor = tensors.get(name);
            assertArrayEquals(shape, tensor.shape(), what + ": shape of " + name);
            if (!entry.get("dtype").getAsString().equals("F32")) {
                continue; // a mutated dtype that is still a valid one: converted, its shape checked above
            }
            int begin = entry.getAsJsonArray("data_offsets").get(0).getAsInt();
            float[] expected = new float[Math.toIntExact(Arrays.stream(shape).asLongStream().reduce(1, (a, b) -> a * b))];
            for (int k = 0; k < expected.length; k++) {
                expected[k] = buffer.getFloat(dataStart + begin + 4 * k);
            }
            float[] actual = tensor.toFloatArray();
            assertEquals(expected.length, actual.length, what + ": size of " + name);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(Float.floatToRawIntBits(expected[k]), Float.floatToRawIntBits(actual[k]),
                        what + ": " + name + "[" + k + "]");
            }
        }
    }

    /** Ways a file gets damaged: in transit, by a bad writer, or on purpose. */
    private enum Mutation {
        FLIP_A_BIT {
            @Override
            byte[] apply(byte[] valid, Random random) {
                byte[] bytes = valid.clone();
                int at = random.nextInt(bytes.length);
                bytes[at] ^= (byte) (1 << random.nextInt(8));
                return bytes;
            }
        },
        RANDOM_BYTE_IN_THE_HEADER {
            @Override
            byte[] apply(byte[] valid, Random random) {
                byte[] bytes = valid.clone();
                bytes[8 + random.nextInt(headerLength(valid))] = (byte) random.nextInt(256);
                return bytes;
            }
        },
        CHANGE_A_DIGIT_IN_THE_HEADER {
            @Override
            byte[] apply(byte[] valid, Random random) {
                byte[] bytes = valid.clone();
                for (int tries = 0; tries < 100; tries++) {
                    int at = 8 + random.nextInt(headerLength(valid));
                    if (Character.isDigit(bytes[at])) {
                        bytes[at] = (byte) ('0' + random.nextInt(10));
                        break;
                    }
                }
                return bytes;
            }
        },
        TRUNCATE {
            @Override
            byte[] apply(byte[] valid, Random random) {
                return Arrays.copyOf(valid, random.nextInt(valid.length));
            }
        },
        APPEND_BYTES {
            @Override
            byte[] apply(byte[] valid, Random random) {
                byte[] bytes = Arrays.copyOf(valid, valid.length + 1 + random.nextInt(16));
                for (int i = valid.length; i < bytes.length; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                return bytes;
            }
        },
        DELETE_A_BYTE {
            @Override
            byte[] apply(byte[] valid, Random random) {
                int at = random.nextInt(valid.length);
                byte[] bytes = new byte[valid.length - 1];
                System.arraycopy(valid, 0, bytes, 0, at);
                System.arraycopy(valid, at + 1, bytes, at, valid.length - at - 1);
                return bytes;
            }
        },
        HEADER_LENGTH {
            @Override
            byte[] apply(byte[] valid, Random random) {
                byte[] bytes = valid.clone();
                long[] lengths = {0, 1, headerLength(valid) - 1, headerLength(valid) + 1, valid.length, Long.MAX_VALUE,
                        -1, 1L << 40, random.nextInt(1 << 20)};
                ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, lengths[random.nextInt(lengths.length)]);
                return bytes;
            }
        };

        abstract byte[] apply(byte[] valid, Random random);

        static int headerLength(byte[] valid) {
            return (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        }
    }
}

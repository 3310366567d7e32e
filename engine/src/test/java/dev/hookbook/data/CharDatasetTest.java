package dev.hookbook.data;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CharDatasetTest {
    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path file = dir.resolve("text.txt");
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void vocabularyIsTheSortedDistinctCharacters() throws IOException {
        CharDataset d = CharDataset.of(write("hello world\n"), 4);
        assertEquals("\n dehlorw", d.vocabulary());
        assertEquals(9, d.vocabularySize());
        assertEquals(12, d.length());
        assertEquals(8, d.size(), "every start whose window and next character fit");
    }

    @Test
    void encodeAndDecodeRoundTrip() throws IOException {
        CharDataset d = CharDataset.of(write("abcab é"), 2);
        Tensor t = d.encode("cabé");
        assertArrayEquals(new int[]{4}, t.shape());
        assertArrayEquals(new float[]{3, 1, 2, 4}, t.toFloatArray());
        assertEquals("cabé", d.decode(t));
        assertEquals("ba", d.decode(Tensor.of(new float[]{2, 1}, 1, 2)));
    }

    @Test
    void eachSampleIsAWindowAndTheSameWindowOneCharacterLater() throws IOException {
        CharDataset d = CharDataset.of(write("abcdefg"), 3);
        Batch b = d.get(2);
        assertArrayEquals(new int[]{3}, b.x().shape());
        assertEquals("cde", d.decode(b.x()));
        assertEquals("def", d.decode(b.y()));
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(4));
    }

    @Test
    void dataLoaderBatchesItLikeATensorDataset() throws IOException {
        CharDataset d = CharDataset.of(write("0123456789"), 4);
        DataLoader ordered = new DataLoader(d, 4, false);
        assertEquals(2, ordered.size());
        var it = ordered.iterator();
        Batch first = it.next();
        assertArrayEquals(new int[]{4, 4}, first.x().shape());
        assertArrayEquals(new int[]{4, 4}, first.y().shape());
        assertEquals("0123123423453456", d.decode(first.x()));
        assertEquals("1234234534564567", d.decode(first.y()));
        assertEquals(2, it.next().size(), "the last batch holds what is left");

        Hookbook.manualSeed(3);
        Set<String> starts = new HashSet<>();
        for (Batch b : new DataLoader(d, 4, true)) {
            for (int i = 0; i < b.size(); i++) {
                String x = d.decode(Tensor.of(rowOf(b.x(), i), 4)), y = d.decode(Tensor.of(rowOf(b.y(), i), 4));
                assertEquals(x.substring(1), y.substring(0, 3), "y is x shifted by one");
                starts.add(x);
            }
        }
        assertEquals(6, starts.size(), "a shuffled epoch holds every sample once");
    }

    private static float[] rowOf(Tensor t, int row) {
        float[] all = t.toFloatArray();
        int w = t.shape()[1];
        return java.util.Arrays.copyOfRange(all, row * w, row * w + w);
    }

    @Test
    void badInputs() throws IOException {
        Path missing = dir.resolve("nothing.txt");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CharDataset.of(missing, 8));
        assertEquals("CharDataset: no file " + missing, e.getMessage());

        Path shortFile = write("abc");
        e = assertThrows(IllegalArgumentException.class, () -> CharDataset.of(shortFile, 3));
        assertEquals("CharDataset: " + shortFile + " holds 3 characters, expected at least blockSize + 1 = 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CharDataset.of(shortFile, 0));
        assertTrue(e.getMessage().contains("blockSize must be at least 1, got 0"), e.getMessage());

        CharDataset d = CharDataset.of(shortFile, 2);
        e = assertThrows(IllegalArgumentException.class, () -> d.encode("abz"));
        assertTrue(e.getMessage().startsWith("encode: character 'z' (U+007A) at position 2 is not in the vocabulary of 3 characters"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.decode(Tensor.of(new float[]{0, 3}, 2)));
        assertTrue(e.getMessage().contains("expected indices 0 <= index < 3"), e.getMessage());

        Path latin1 = dir.resolve("latin1.txt");
        Files.write(latin1, new byte[]{'a', (byte) 0xE9, 'b', 'c'});
        e = assertThrows(IllegalArgumentException.class, () -> CharDataset.of(latin1, 2));
        assertEquals("CharDataset: " + latin1 + " is not UTF-8 text", e.getMessage());
    }
}

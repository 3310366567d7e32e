package dev.hookbook.data;

import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A text as a data set for a character-level language model: sample {@code i} is the window of
 * {@code blockSize} characters starting at character {@code i} ({@code x}) and the same window
 * one character later ({@code y}), so at each position the target is the next character.
 * Characters are numbered by their place in {@link #vocabulary()}, the text's distinct
 * characters (Unicode code points) in sorted order.
 *
 * <pre>{@code
 * var text = CharDataset.of(Path.of("input.txt"), 64);
 * for (Batch b : new DataLoader(text, 32, true)) { ... }   // b.x(), b.y(): [32, 64] indices
 * text.decode(text.encode("hello"));                       // "hello"
 * }</pre>
 */
public final class CharDataset implements Dataset {
    private final Path file;
    private final int blockSize;
    /** The distinct code points, sorted; a character's index is its place here. */
    private final int[] vocabulary;
    /** The whole text as indices. */
    private final float[] text;

    private CharDataset(Path file, int blockSize, int[] vocabulary, float[] text) {
        this.file = file;
        this.blockSize = blockSize;
        this.vocabulary = vocabulary;
        this.text = text;
    }

    /**
     * Reads {@code textFile} (UTF-8) as samples of {@code blockSize} characters. The file must
     * hold at least {@code blockSize + 1} characters, so that one sample and its target fit.
     */
    public static CharDataset of(Path textFile, int blockSize) {
        Objects.requireNonNull(textFile, "textFile");
        if (blockSize < 1) throw new IllegalArgumentException("CharDataset: blockSize must be at least 1, got " + blockSize);
        int[] codePoints = read(textFile).codePoints().toArray();
        if (codePoints.length < blockSize + 1) {
            throw new IllegalArgumentException("CharDataset: " + textFile + " holds " + codePoints.length
                    + " characters, expected at least blockSize + 1 = " + (blockSize + 1));
        }
        int[] vocabulary = Arrays.stream(codePoints).distinct().sorted().toArray();
        float[] text = new float[codePoints.length];
        for (int i = 0; i < text.length; i++) text[i] = Arrays.binarySearch(vocabulary, codePoints[i]);
        return new CharDataset(textFile, blockSize, vocabulary, text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("CharDataset: no file " + file);
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("CharDataset: " + file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException("CharDataset: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The text's distinct characters in sorted order; character {@code i} here has index {@code i}. */
    public String vocabulary() {
        return new String(vocabulary, 0, vocabulary.length);
    }

    /** How many distinct characters the text holds (the size of a model's embedding and output). */
    public int vocabularySize() {
        return vocabulary.length;
    }

    /** Characters per sample. */
    public int blockSize() {
        return blockSize;
    }

    /** The characters of the text (code points), all of it. */
    public int length() {
        return text.length;
    }

    /** The number of samples: every start position whose window and target fit in the text. */
    @Override
    public int size() {
        return text.length - blockSize;
    }

    /** Sample {@code index}: x [blockSize] the characters from {@code index}, y [blockSize] those one later. */
    public Batch get(int index) {
        Objects.checkIndex(index, size());
        return new Batch(Tensor.of(Arrays.copyOfRange(text, index, index + blockSize), blockSize),
                Tensor.of(Arrays.copyOfRange(text, index + 1, index + 1 + blockSize), blockSize));
    }

    /** Cuts each batch's windows from the text when asked, so no epoch holds a copy per sample. */
    @Override
    public Batcher batcher() {
        return (order, from, to) -> {
            int n = to - from;
            float[] x = new float[n * blockSize], y = new float[n * blockSize];
            for (int i = 0; i < n; i++) {
                System.arraycopy(text, order[from + i], x, i * blockSize, blockSize);
                System.arraycopy(text, order[from + i] + 1, y, i * blockSize, blockSize);
            }
            return new Batch(Tensor.of(x, n, blockSize), Tensor.of(y, n, blockSize));
        };
    }

    /** The indices of the characters of {@code s}, as a float tensor [length]. */
    public Tensor encode(String s) {
        int[] cps = s.codePoints().toArray();
        float[] out = new float[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int index = Arrays.binarySearch(vocabulary, cps[i]);
            if (index < 0) {
                throw new IllegalArgumentException("encode: character " + describe(cps[i]) + " at position " + i
                        + " is not in the vocabulary of " + vocabulary.length + " characters of " + file);
            }
            out[i] = index;
        }
        return Tensor.of(out, out.length);
    }

    /** The text that {@code indices} (any shape, read row-major) stand for. */
    public String decode(Tensor indices) {
        StringBuilder sb = new StringBuilder();
        float[] v = indices.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (v[i] != Math.rint(v[i]) || v[i] < 0 || v[i] >= vocabulary.length) {
                throw new IllegalArgumentException("decode: expected indices 0 <= index < " + vocabulary.length
                        + " (the vocabulary size), got " + v[i] + " at position " + i);
            }
            sb.appendCodePoint(vocabulary[(int) v[i]]);
        }
        return sb.toString();
    }

    /** 'a' (U+0061), with control characters shown by their code only. */
    private static String describe(int codePoint) {
        String code = String.format("U+%04X", codePoint);
        return Character.isISOControl(codePoint) ? code : "'" + new String(Character.toChars(codePoint)) + "' (" + code + ")";
    }

    @Override
    public String toString() {
        return "CharDataset(" + file.getFileName() + ", characters=" + text.length + ", vocabulary=" + vocabulary.length
                + ", blockSize=" + blockSize + ")";
    }
}

package dev.hookbook.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files MNIST and Fashion-MNIST come in, gzipped or not: a big-endian magic number
 * ({@code 0x00000803} for images, {@code 0x00000801} for labels: unsigned bytes, 3 or 1
 * dimensions), each dimension as a big-endian int32, then the values, one unsigned byte each.
 *
 * <p>Pixels are decoded straight into one {@code float[]}, scaled to [0, 1] as {@code value / 255},
 * so loading 70,000 images takes well under a second beyond the decompression. Every problem is
 * one line that names the file and what was expected.
 */
final class IdxReader {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** {@code i / 255f} for every byte value: one table look-up per pixel, exactly torchvision's scaling. */
    private static final float[] PIXEL = new float[256];
    /** {@code i} for every byte value: labels are kept as they are. */
    private static final float[] LABEL = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            PIXEL[i] = i / 255f;
            LABEL[i] = i;
        }
    }

    private static final int CHUNK = 1 << 16;

    private IdxReader() {}

    /** {@code count} images of {@code rows x columns} pixels, row-major one after the other, in [0, 1]. */
    record Images(int count, int rows, int columns, float[] pixels) {}

    /** Reads an IDX image file (magic {@code 0x00000803}). */
    static Images images(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, IMAGES_MAGIC, 3);
            long size = (long) dims[0] * dims[1] * dims[2];
            String promised = dims[0] + " images of " + dims[1] + "x" + dims[2] + " pixels (" + size + " bytes)";
            if (size > Integer.MAX_VALUE - 8) {
                throw bad(file, "the header promises " + promised + ", more than one Java array holds");
            }
            float[] pixels = new float[(int) size];
            readValues(in, file, pixels, PIXEL, promised);
            return new Images(dims[0], dims[1], dims[2], pixels);
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** Reads an IDX label file (magic {@code 0x00000801}); every label must lie in {@code 0..classes-1}. */
    static float[] labels(Path file, int classes) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, LABELS_MAGIC, 1);
            float[] labels = new float[dims[0]];
            readValues(in, file, labels, LABEL, dims[0] + " labels (" + dims[0] + " bytes)");
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] >= classes) {
                    throw bad(file, "label " + (int) labels[i] + " at index " + i + ", expected a class 0.." + (classes - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw unreadable(file, e);
        }
    }

    /** The file's bytes, decompressed when it starts with gzip's magic bytes {@code 1f 8b} whatever its name. */
    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), CHUNK);
        raw.mark(2);
        boolean gzipped = raw.read() == 0x1f && raw.read() == 0x8b;
        raw.reset();
        return new DataInputStream(gzipped ? new GZIPInputStream(raw, CHUNK) : raw);
    }

    /** Checks the magic number and reads the {@code dimensions} sizes that follow it. */
    private static int[] header(DataInputStream in, Path file, int magic, int dimensions) throws IOException {
        String kind = magic == IMAGES_MAGIC ? "an IDX image file" : "an IDX label file";
        int headerBytes = 4 * (1 + dimensions);
        int[] dims = new int[dimensions];
        try {
            int found = in.readInt();
            if (found != magic) {
                throw bad(file, "not " + kind + ": expected the magic number " + hex(magic) + ", found " + hex(found));
            }
            for (int d = 0; d < dimensions; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 0) {
                    throw bad(file, "dimension " + d + " of the header is " + dims[d] + ", expected a size of 0 or more");
                }
            }
        } catch (EOFException e) {
            throw bad(file, "truncated: " + kind + " starts with a " + headerBytes + "-byte header, the file ends before it does");
        }
        return dims;
    }

    /** Fills {@code values} with the next bytes, each mapped through {@code table}, then checks that the file ends there. */
    private static void readValues(InputStream in, Path file, float[] values, float[] table, String promised)
            throws IOException {
        byte[] chunk = new byte[CHUNK];
        int filled = 0;
        try {
            while (filled < values.length) {
                int n = in.read(chunk, 0, Math.min(chunk.length, values.length - filled));
                if (n < 0) {
                    break;
                }
                for (int i = 0; i < n; i++) {
                    values[filled + i] = table[chunk[i] & 0xFF];
                }
                filled += n;
            }
        } catch (EOFException e) {
            // a gzip stream cut short ends this way rather than with read() == -1
        }
        if (filled < values.length) {
            throw bad(file, "truncated: the header promises " + promised + ", the file holds only " + filled);
        }
        if (in.read() != -1) {
            throw bad(file, "longer than its header says: expected " + promised + " and no more");
        }
    }

    private static IllegalStateException bad(Path file, String what) {
        return new IllegalStateException(file + ": " + what);
    }

    private static RuntimeException unreadable(Path file, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new UncheckedIOException(file + ": no such file", e);
        }
        if (e instanceof ZipException) {
            return bad(file, "damaged: expected gzip data, which failed to decompress (" + e.getMessage() + ")");
        }
        return new UncheckedIOException(file + ": cannot be read (" + e + ")", e);
    }

    private static String hex(int value) {
        return String.format("0x%08X", value);
    }
}

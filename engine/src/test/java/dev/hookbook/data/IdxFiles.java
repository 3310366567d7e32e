package dev.hookbook.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Small IDX files for tests: image i has every pixel equal to {@code (i * 40 + p) % 256}, label i is {@code i % 10}. */
final class IdxFiles {
    private IdxFiles() {}

    static byte[] images(int count, int rows, int columns) {
        ByteBuffer buffer = ByteBuffer.allocate(16 + count * rows * columns);
        buffer.putInt(IdxReader.IMAGES_MAGIC).putInt(count).putInt(rows).putInt(columns);
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * columns; p++) {
                buffer.put((byte) pixel(i, p));
            }
        }
        return buffer.array();
    }

    /** The byte value of pixel {@code p} of image {@code i}. */
    static int pixel(int image, int p) {
        return (image * 40 + p) % 256;
    }

    static byte[] labels(int count) {
        ByteBuffer buffer = ByteBuffer.allocate(8 + count);
        buffer.putInt(IdxReader.LABELS_MAGIC).putInt(count);
        for (int i = 0; i < count; i++) {
            buffer.put((byte) (i % 10));
        }
        return buffer.array();
    }

    static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path file, byte[] bytes) {
        try {
            Files.createDirectories(file.getParent());
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code source} as if a system package installed it in {@code packaged} (null: no package). */
    static DataSource packagedAt(DataSource source, Path packaged) {
        return new DataSource(source.title(), source.folder(), source.baseUrl(), source.trainImages(), source.trainLabels(),
                source.testImages(), source.testLabels(), packaged, source.howToGet(), source.classes());
    }

    /**
     * A data set's four files, gzipped as published, in {@code folder}: {@code train} training and
     * {@code test} test images of 3x2 pixels.
     */
    static Path writeDataSet(Path folder, int train, int test) {
        write(folder.resolve("train-images-idx3-ubyte.gz"), gzip(images(train, 3, 2)));
        write(folder.resolve("train-labels-idx1-ubyte.gz"), gzip(labels(train)));
        write(folder.resolve("t10k-images-idx3-ubyte.gz"), gzip(images(test, 3, 2)));
        write(folder.resolve("t10k-labels-idx1-ubyte.gz"), gzip(labels(test)));
        return folder;
    }
}

package dev.hookbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxReaderTest {

    @TempDir
    Path dir;

    @Test
    void readsImagesScaledToZeroOneGzippedOrNot() {
        byte[] raw = IdxFiles.images(4, 3, 2);
        for (Path file : new Path[]{IdxFiles.write(dir.resolve("plain"), raw),
                IdxFiles.write(dir.resolve("packed.gz"), IdxFiles.gzip(raw)),
                IdxFiles.write(dir.resolve("gzipped-without-the-suffix"), IdxFiles.gzip(raw))}) {
            IdxReader.Images images = IdxReader.images(file);
            assertEquals(4, images.count());
            assertEquals(3, images.rows());
            assertEquals(2, images.columns());
            assertEquals(24, images.pixels().length);
            for (int i = 0; i < 4; i++) {
                for (int p = 0; p < 6; p++) {
                    assertEquals(IdxFiles.pixel(i, p) / 255f, images.pixels()[i * 6 + p], 0f, file + " image " + i + " pixel " + p);
                }
            }
        }
    }

    @Test
    void bytesAboveOneHundredTwentySevenAreUnsigned() {
        byte[] raw = IdxFiles.images(1, 1, 2);
        raw[16] = (byte) 255;
        raw[17] = (byte) 128;
        float[] pixels = IdxReader.images(IdxFiles.write(dir.resolve("bright"), raw)).pixels();
        assertArrayEquals(new float[]{1f, 128 / 255f}, pixels);
    }

    @Test
    void readsLabelsAsClassIndices() {
        float[] labels = IdxReader.labels(IdxFiles.write(dir.resolve("labels.gz"), IdxFiles.gzip(IdxFiles.labels(12))), 10);
        assertArrayEquals(new float[]{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1}, labels);
    }

    @Test
    void aLabelFileWhereImagesAreExpectedNamesBothMagicNumbers() {
        Path file = IdxFiles.write(dir.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(3));
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.images(file));
        assertEquals(file + ": not an IDX image file: expected the magic number 0x00000803, found 0x00000801", e.getMessage());
    }

    @Test
    void aFileThatIsNotIdxAtAll() {
        Path file = IdxFiles.write(dir.resolve("page.html"), "<html>not found</html>".getBytes());
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.labels(file, 10));
        assertEquals(file + ": not an IDX label file: expected the magic number 0x00000801, found 0x3C68746D", e.getMessage());
    }

    @Test
    void aHeaderCutShort() {
        byte[] raw = Arrays.copyOf(IdxFiles.images(2, 3, 2), 10);
        Path file = IdxFiles.write(dir.resolve("short"), raw);
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.images(file));
        assertEquals(file + ": truncated: an IDX image file starts with a 16-byte header, the file ends before it does",
                e.getMessage());
    }

    @Test
    void pixelsCutShortSayHowManyWerePromisedAndFound() {
        byte[] raw = IdxFiles.images(2, 3, 2);
        byte[] cut = Arrays.copyOf(raw, raw.length - 5);
        Path plain = IdxFiles.write(dir.resolve("cut"), cut);
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.images(plain));
        assertEquals(plain + ": truncated: the header promises 2 images of 3x2 pixels (12 bytes), the file holds only 7",
                e.getMessage());

        byte[] gz = IdxFiles.gzip(raw);
        Path packed = IdxFiles.write(dir.resolve("cut.gz"), Arrays.copyOf(gz, gz.length - 12)); // lose the trailer and some data
        var g = assertThrows(IllegalStateException.class, () -> IdxReader.images(packed));
        assertTrue(g.getMessage().startsWith(packed + ": truncated: the header promises 2 images of 3x2 pixels (12 bytes)"),
                g.getMessage());
    }

    @Test
    void moreBytesThanTheHeaderPromises() {
        byte[] raw = Arrays.copyOf(IdxFiles.labels(3), 8 + 3 + 1);
        Path file = IdxFiles.write(dir.resolve("long"), raw);
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.labels(file, 10));
        assertEquals(file + ": longer than its header says: expected 3 labels (3 bytes) and no more", e.getMessage());
    }

    @Test
    void aLabelOutsideTheClasses() {
        byte[] raw = IdxFiles.labels(3);
        raw[8 + 2] = 12;
        Path file = IdxFiles.write(dir.resolve("labels"), raw);
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.labels(file, 10));
        assertEquals(file + ": label 12 at index 2, expected a class 0..9", e.getMessage());
    }

    @Test
    void damagedGzipData() {
        byte[] gz = IdxFiles.gzip(IdxFiles.images(3, 4, 4));
        gz[gz.length - 8] ^= 0x55;                     // the CRC of the data no longer matches
        Path file = IdxFiles.write(dir.resolve("damaged.gz"), gz);
        var e = assertThrows(IllegalStateException.class, () -> IdxReader.images(file));
        assertTrue(e.getMessage().startsWith(file + ": damaged: expected gzip data, which failed to decompress"), e.getMessage());
    }

    @Test
    void aMissingFile() {
        Path file = dir.resolve("absent");
        var e = assertThrows(RuntimeException.class, () -> IdxReader.images(file));
        assertEquals(file + ": no such file", e.getMessage());
    }
}

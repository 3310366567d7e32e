package dev.hookbook.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a data set is looked for, and what the error says when it is nowhere. */
class DataLookupTest {

    @TempDir
    Path dir;

    /** A machine whose home is in the temporary folder, with the given variables and properties. */
    private Environment environment(Map<String, String> variables, Map<String, String> properties) {
        return new Environment(variables::get, properties::get, dir.resolve("home"));
    }

    /** Fashion-MNIST as published, but installed by no system package here. */
    private static DataSource unpackaged() {
        return IdxFiles.packagedAt(FashionMnist.SOURCE, null);
    }

    private static IdxDataSet.Splits load(DataSource source, Path given, Environment environment) {
        return IdxDataSet.load(source, given, environment, new Downloader(new PrintStream(new ByteArrayOutputStream())));
    }

    @Test
    void readsBothSplitsFromTheGivenFolder() {
        Path folder = IdxFiles.writeDataSet(dir.resolve("given"), 5, 3);
        IdxDataSet.Splits splits = load(unpackaged(), folder, environment(Map.of(), Map.of()));
        assertArrayEquals(new int[]{5, 1, 3, 2}, splits.train().x().shape());
        assertArrayEquals(new int[]{5}, splits.train().y().shape());
        assertArrayEquals(new int[]{3, 1, 3, 2}, splits.test().x().shape());
        assertArrayEquals(new float[]{0, 1, 2}, splits.test().y().toFloatArray());
        assertEquals(IdxFiles.pixel(4, 5) / 255f, splits.train().x().toFloatArray()[4 * 6 + 5], 0f);
    }

    @Test
    void unpackedFilesDoAsWellAsGzippedOnes() throws IOException {
        Path folder = dir.resolve("unpacked");
        IdxFiles.write(folder.resolve("train-images-idx3-ubyte"), IdxFiles.images(4, 3, 2));
        IdxFiles.write(folder.resolve("train-labels-idx1-ubyte"), IdxFiles.labels(4));
        IdxFiles.write(folder.resolve("t10k-images-idx3-ubyte"), IdxFiles.images(2, 3, 2));
        IdxFiles.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(2)));
        assertEquals(4, load(unpackaged(), folder, environment(Map.of(), Map.of())).train().size());
    }

    @Test
    void theGivenFolderComesFirstThenHookbookDataThenTheCache() {
        Path given = IdxFiles.writeDataSet(dir.resolve("given"), 1, 1);
        Path data = dir.resolve("data");
        IdxFiles.writeDataSet(data.resolve("fashion-mnist"), 2, 1);
        IdxFiles.writeDataSet(dir.resolve("home/.cache/hookbook/fashion-mnist"), 3, 1);
        Environment environment = environment(Map.of("HOOKBOOK_DATA", data.toString()), Map.of());

        assertEquals(1, load(unpackaged(), given, environment).train().size());
        assertEquals(2, load(unpackaged(), null, environment).train().size());
        assertEquals(2, load(unpackaged(), dir.resolve("empty"), environment).train().size());
        assertEquals(3, load(unpackaged(), null, environment(Map.of(), Map.of())).train().size());
    }

    @Test
    void theSystemPackageFolderComesLast() {
        Path packaged = IdxFiles.writeDataSet(dir.resolve("usr/share/datasets/fashion-mnist"), 4, 1);
        DataSource source = IdxFiles.packagedAt(FashionMnist.SOURCE, packaged);
        assertEquals(4, load(source, null, environment(Map.of(), Map.of())).train().size());
        IdxFiles.writeDataSet(dir.resolve("home/.cache/hookbook/fashion-mnist"), 3, 1);
        assertEquals(3, load(source, null, environment(Map.of(), Map.of())).train().size());
    }

    @Test
    void imagesAndLabelsThatDisagreeNameBothFiles() {
        Path folder = IdxFiles.writeDataSet(dir.resolve("given"), 5, 3);
        IdxFiles.write(folder.resolve("t10k-labels-idx1-ubyte.gz"), IdxFiles.gzip(IdxFiles.labels(4)));
        var e = assertThrows(IllegalStateException.class, () -> load(unpackaged(), folder, environment(Map.of(), Map.of())));
        assertEquals(folder.resolve("t10k-images-idx3-ubyte.gz") + " holds 3 images but "
                + folder.resolve("t10k-labels-idx1-ubyte.gz") + " holds 4 labels; expected one label per image", e.getMessage());
    }

    @Test
    void offlineTheErrorNamesEveryPlaceAndHowToGetTheFiles() throws IOException {
        Path partial = dir.resolve("partial");
        IdxFiles.writeDataSet(partial, 2, 1);
        Files.delete(partial.resolve("t10k-images-idx3-ubyte.gz"));
        Files.delete(partial.resolve("t10k-labels-idx1-ubyte.gz"));
        String closed = "http://127.0.0.1:" + closedPort();
        Environment offline = environment(Map.of(), Map.of("hookbook.data.mirror", closed));

        Path packaged = Files.createDirectories(dir.resolve("usr/share/datasets/fashion-mnist"));
        DataSource source = IdxFiles.packagedAt(FashionMnist.SOURCE, packaged);

        var e = assertThrows(IllegalStateException.class, () -> load(source, partial, offline));
        String message = e.getMessage();
        Path cache = dir.resolve("home/.cache/hookbook/fashion-mnist");
        assertTrue(message.startsWith("Fashion-MNIST not found: looked in " + partial
                + " (lacks t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz), $HOOKBOOK_DATA/fashion-mnist"
                + " ($HOOKBOOK_DATA is not set), " + cache + " (no such folder), " + packaged + " (none of the files),"
                + " and the download from " + closed + "/fashion-mnist/ failed ("), message);
        assertTrue(message.endsWith("Install it with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu), or"
                + " download the four .gz files from https://github.com/zalandoresearch/fashion-mnist into one of those folders."),
                message);
        assertFalse(message.contains("\n"), "one line");
    }

    @Test
    void theMirrorVariableWorksAndThePropertyWinsOverIt() {
        DataSource source = FashionMnist.SOURCE;
        assertEquals("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                source.downloadBase(environment(Map.of(), Map.of())).toString());
        assertEquals("http://mirror.example/data/fashion-mnist/",
                source.downloadBase(environment(Map.of("HOOKBOOK_DATA_MIRROR", "http://mirror.example/data"), Map.of())).toString());
        assertEquals("http://other.example/fashion-mnist/",
                source.downloadBase(environment(Map.of("HOOKBOOK_DATA_MIRROR", "http://mirror.example/data"),
                        Map.of("hookbook.data.mirror", "http://other.example/"))).toString());
    }

    /** A port nothing listens on: connecting fails at once, as on a machine without a network. */
    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

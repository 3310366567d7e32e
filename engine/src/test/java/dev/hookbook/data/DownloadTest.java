package dev.hookbook.data;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Downloads from a local HTTP server that serves small IDX files under the data set's folder. */
class DownloadTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private final Map<String, byte[]> served = new ConcurrentHashMap<>();
    private final ByteArrayOutputStream progress = new ByteArrayOutputStream();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = served.get(exchange.getRequestURI().getPath());
            try (exchange) {
                if (body == null) {
                    exchange.sendResponseHeaders(404, -1);
                } else {
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                }
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";
    }

    private Path cache() {
        return dir.resolve("home/.cache/hookbook/fashion-mnist");
    }

    /** Serves a small data set's files at {@code /mirror/fashion-mnist/}; returns a source that expects exactly them. */
    private DataSource serveSmallDataSet() throws IOException {
        Path files = IdxFiles.writeDataSet(dir.resolve("published"), 6, 2);
        DataSource s = FashionMnist.SOURCE;
        RemoteFile[] published = new RemoteFile[4];
        int i = 0;
        for (RemoteFile file : s.files()) {
            byte[] bytes = Files.readAllBytes(files.resolve(file.name()));
            served.put("/mirror/fashion-mnist/" + file.name(), bytes);
            published[i++] = new RemoteFile(file.name(), sha256(bytes));
        }
        return new DataSource(s.title(), s.folder(), s.baseUrl(), published[0], published[1], published[2], published[3],
                null, s.howToGet(), s.classes());
    }

    private IdxDataSet.Splits load(DataSource source) {
        Environment environment = new Environment(name -> null,
                Map.of(Environment.MIRROR_PROPERTY, mirror())::get, dir.resolve("home"));
        return IdxDataSet.load(source, null, environment, new Downloader(new PrintStream(progress, true)));
    }

    @Test
    void downloadsIntoTheCacheChecksAndReads() throws IOException {
        DataSource source = serveSmallDataSet();
        IdxDataSet.Splits splits = load(source);
        assertEquals(6, splits.train().size());
        assertEquals(2, splits.test().size());
        assertEquals(List.of("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz", "train-images-idx3-ubyte.gz",
                "train-labels-idx1-ubyte.gz"), cacheFiles());
        String lines = progress.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("Downloading Fashion-MNIST train-images-idx3-ubyte.gz: 0.0 of 0.0 MB\n"), lines);

        served.clear();                                   // the next load finds the cache and asks no server
        assertEquals(6, load(source).train().size());
    }

    @Test
    void aFileWhoseChecksumIsWrongIsRefusedAndTheCacheKeepsNothingOfIt() throws IOException {
        DataSource source = serveSmallDataSet();
        String path = "/mirror/fashion-mnist/t10k-images-idx3-ubyte.gz";
        byte[] corrupted = served.get(path).clone();
        corrupted[corrupted.length / 2] ^= 0x01;
        served.put(path, corrupted);

        var e = assertThrows(IllegalStateException.class, () -> load(source));
        assertEquals(mirror() + "/fashion-mnist/t10k-images-idx3-ubyte.gz sent a file whose SHA-256 is " + sha256(corrupted)
                + ", expected " + source.testImages().sha256() + " (the published t10k-images-idx3-ubyte.gz); it was not saved",
                e.getMessage());
        // The two files fetched before it were checked and kept; no part of the refused one is left.
        assertEquals(List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"), cacheFiles());
    }

    @Test
    void theRealChecksumsRefuseOtherFiles() throws IOException {
        serveSmallDataSet();                              // small files: not the published Fashion-MNIST
        var e = assertThrows(IllegalStateException.class, () -> load(IdxFiles.packagedAt(FashionMnist.SOURCE, null)));
        assertTrue(e.getMessage().endsWith(", expected 3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84"
                + " (the published train-images-idx3-ubyte.gz); it was not saved"), e.getMessage());
        assertEquals(List.of(), cacheFiles());
    }

    @Test
    void aMissingFileOnTheServerIsADownloadFailureThatNamesTheUrl() throws IOException {
        DataSource source = serveSmallDataSet();
        served.remove("/mirror/fashion-mnist/train-labels-idx1-ubyte.gz");
        var e = assertThrows(IllegalStateException.class, () -> load(source));
        assertTrue(e.getMessage().contains("and the download from " + mirror() + "/fashion-mnist/ failed (HTTP 404 from "
                + URI.create(mirror() + "/fashion-mnist/train-labels-idx1-ubyte.gz") + ")"), e.getMessage());
        assertEquals(List.of("train-images-idx3-ubyte.gz"), cacheFiles());
    }

    @Test
    void onlyTheFilesTheCacheLacksAreFetched() throws IOException {
        DataSource source = serveSmallDataSet();
        Files.createDirectories(cache());
        Files.write(cache().resolve("train-images-idx3-ubyte.gz"), served.get("/mirror/fashion-mnist/train-images-idx3-ubyte.gz"));
        served.remove("/mirror/fashion-mnist/train-images-idx3-ubyte.gz");
        assertEquals(6, load(source).train().size());
        assertFalse(progress.toString(StandardCharsets.UTF_8).contains("train-images"));
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache())) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cache())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

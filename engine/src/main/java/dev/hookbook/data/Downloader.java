package dev.hookbook.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Downloads a data set's files into a folder. Each file is written under a temporary name next
 * to its final place, its SHA-256 checked against the published one, and only then moved into
 * place in one atomic step: an interrupted or refused download leaves no file under the real
 * name, so the next run never reads half a file.
 */
final class Downloader {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final long REDRAW_NANOS = 500_000_000L;

    private final HttpClient client;
    private final PrintStream progress;

    /** @param progress where the one-line progress of each file is drawn */
    Downloader(PrintStream progress) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.progress = progress;
    }

    /**
     * Downloads {@code base + file.name()} to {@code folder/file.name()}.
     *
     * @throws IOException           when the server cannot be reached or answers other than 200
     * @throws IllegalStateException when the bytes that came are not the published ones
     */
    void fetch(String title, URI base, RemoteFile file, Path folder) throws IOException, InterruptedException {
        URI url = base.resolve(file.name());
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " from " + url);
            }
            // The folder is made only once a server answers, so a machine offline is left as it was.
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, file.name() + ".", ".part");
            try {
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                String sha256 = copy(body, partial, length, "Downloading " + title + " " + file.name());
                if (!sha256.equals(file.sha256())) {
                    throw new IllegalStateException(url + " sent a file whose SHA-256 is " + sha256 + ", expected "
                            + file.sha256() + " (the published " + file.name() + "); it was not saved");
                }
                Files.move(partial, folder.resolve(file.name()), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
    }

    /** Copies {@code in} to {@code file}, drawing a progress line; returns the SHA-256 of what came. */
    private String copy(InputStream in, Path file, long length, String label) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        long done = 0;
        long lastDrawn = System.nanoTime();
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                digest.update(buffer, 0, n);
                done += n;
                long now = System.nanoTime();
                if (now - lastDrawn >= REDRAW_NANOS) {
                    progress.print("\r" + label + ": " + megabytes(done, length));
                    progress.flush();
                    lastDrawn = now;
                }
            }
        }
        progress.println("\r" + label + ": " + megabytes(done, length));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String megabytes(long done, long length) {
        String sofar = String.format(Locale.ROOT, "%.1f", done / 1e6);
        return length > 0 ? sofar + " of " + String.format(Locale.ROOT, "%.1f MB", length / 1e6) : sofar + " MB";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM lacks SHA-256, which every Java platform must have", e);
        }
    }
}

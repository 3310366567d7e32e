package dev.hookbook.kernel.render;

import dev.hookbook.display.MimeBundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Optional;

/**
 * Where a shown image goes when nothing can draw it: plain JShell and {@code jupyter console}
 * write a displayed chart or image as a PNG file in {@code ./hookbook-charts} (where the viz's
 * {@code Monitor.show()} writes its live charts without a screen) and print its path.
 */
public final class ImageFiles {

    /** The directory images are written to, as {@code Monitor.show()}'s default. */
    public static final Path DIRECTORY = Path.of("hookbook-charts");

    private ImageFiles() {}

    /**
     * Writes the PNG of {@code bundle}, if it has one, to {@code file} (through a temporary file
     * beside it, so a viewer never reads half a picture); returns the file's absolute path, or
     * nothing when the bundle holds no PNG.
     */
    public static Optional<Path> writePng(MimeBundle bundle, Path file) {
        String png = bundle.data().get(MimeBundle.PNG);
        if (png == null) {
            return Optional.empty();
        }
        try {
            Path target = file.toAbsolutePath();
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            Files.write(partial, Base64.getMimeDecoder().decode(png));
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Optional.of(target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the image to " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The line printed for an image written to {@code file}: its text, its size when the text
     * does not give it, and where it went, e.g. {@code JFreeChart "Loss" (640x400) saved to /work/hookbook-charts/display-1.png}.
     */
    public static String savedLine(MimeBundle bundle, Path file) {
        String text = bundle.plainText();
        text = text == null || text.isBlank() ? "image" : text;
        String size = pngSize(bundle.data().get(MimeBundle.PNG));
        if (!size.isEmpty() && !text.contains(size)) {
            text += " (" + size + ")";
        }
        return text + " saved to " + file;
    }

    /** {@code WIDTHxHEIGHT} from a base64 PNG's header, or empty when it is not a PNG. */
    static String pngSize(String base64) {
        if (base64 == null) {
            return "";
        }
        byte[] head = Base64.getMimeDecoder().decode(base64.substring(0, Math.min(base64.length(), 32)));
        // The signature (8 bytes), then the IHDR chunk: length (4), type (4), width (4), height (4).
        if (head.length < 24 || head[12] != 'I' || head[13] != 'H' || head[14] != 'D' || head[15] != 'R') {
            return "";
        }
        java.nio.ByteBuffer header = java.nio.ByteBuffer.wrap(head);
        return header.getInt(16) + "x" + header.getInt(20);
    }
}

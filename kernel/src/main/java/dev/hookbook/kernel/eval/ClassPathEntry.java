package dev.hookbook.kernel.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * What may go on a session's class path: a class directory or a jar (any readable zip file).
 * Anything else makes JShell's compiler fail on every later cell instead of reporting it, so it
 * is refused when added, and named when it breaks afterwards (a jar overwritten in place).
 */
public final class ClassPathEntry {

    private ClassPathEntry() {}

    /** Why {@code path} cannot be a class path entry, or empty when it can. */
    public static Optional<String> problem(String path) {
        Path entry = Path.of(path);
        if (Files.isDirectory(entry)) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(entry)) {
            return Optional.of("no such jar or directory: " + path);
        }
        try (ZipFile zip = new ZipFile(entry.toFile())) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("not a jar or a class directory: " + path + " (" + describe(e) + ")");
        }
    }

    /** Throws a one-line {@link IllegalArgumentException} when {@code path} cannot be a class path entry. */
    public static void check(String path) {
        problem(path).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}

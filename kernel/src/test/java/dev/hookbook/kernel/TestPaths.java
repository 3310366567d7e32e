package dev.hookbook.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the tests find the built kernel, the JDKs and the notebooks. */
public final class TestPaths {

    /** Temurin 25, to check the kernel on a JDK without Thread.stop. */
    public static final Path JAVA_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    private TestPaths() {}

    /** The kernel module's directory (Maven runs the tests there). */
    public static Path moduleDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /** The class path to start the kernel, the runner or the installer with: the module's classes and its dependencies. */
    public static String kernelClassPath() {
        Path classPathFile = moduleDirectory().resolve("target/classpath.txt");
        try {
            return moduleDirectory().resolve("target/classes") + java.io.File.pathSeparator
                    + Files.readString(classPathFile).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("run the tests through Maven: it writes " + classPathFile, e);
        }
    }

    /** A session on the kernel's class path, as the kernel and the runner make one, working in {@code directory}. */
    public static Session newSession(Path directory) {
        var evaluator = new dev.hookbook.kernel.eval.Evaluator(List.of(kernelClassPath().split(java.io.File.pathSeparator)));
        return new Session(evaluator, new dev.hookbook.kernel.render.Renderers(), dev.hookbook.kernel.magic.Magics.defaults(), directory);
    }

    /** The java launcher of the JDK running the tests. */
    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Skips the calling test (or, from {@code @BeforeAll}, its whole class) and prints why: Maven
     * reports a class skipped in {@code @BeforeAll} as "Tests run: 0" and shows no reason, so the
     * reason goes to the build's output here.
     */
    public static void skip(String reason) {
        System.out.println(reason);
        org.junit.jupiter.api.Assumptions.assumeTrue(false, reason);
    }

    /** Whether the tests run on CI, where a missing tool is a failure, never a skip. */
    public static boolean onCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** The small notebook the tests own. */
    public static Path smokeNotebook() {
        return moduleDirectory().resolve("src/test/resources/notebooks/kernel-smoke.ipynb");
    }

    /** A notebook whose second cell throws. */
    public static Path failingNotebook() {
        return moduleDirectory().resolve("src/test/resources/notebooks/failing.ipynb");
    }

    /** Every notebook in the repository's notebooks/ directory (none is fine). */
    public static List<Path> repositoryNotebooks() {
        Path directory = moduleDirectory().getParent().resolve("notebooks");
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".ipynb")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

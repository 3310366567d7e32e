package dev.hookbook.kernel.magic;

import dev.hookbook.display.MimeBundle;
import dev.hookbook.kernel.Session;
import dev.hookbook.kernel.TestPaths;
import dev.hookbook.kernel.eval.CellException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The line magics, through a session as a cell runs them. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MagicsTest {

    @TempDir
    static Path directory;
    static Session session;

    @BeforeAll
    static void start() {
        session = TestPaths.newSession(directory);
    }

    @AfterAll
    static void close() {
        session.close();
    }

    static String text(String cell) throws CellException {
        return session.run(cell, "test").orElseThrow().plainText();
    }

    /** Compiles {@code source} (one public class {@code name}) into {@code output}. */
    static void compile(String name, String source, Path output, String... classPath) throws IOException {
        Path sources = Files.createDirectories(directory.resolve("src-" + name));
        Path file = sources.resolve(name.replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        Files.createDirectories(output);
        String cp = classPath.length == 0 ? "" : String.join(File.pathSeparator, classPath);
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null,
                "-d", output.toString(), "-cp", cp, file.toString());
        assertEquals(0, status, "compiling " + name);
    }

    @Test
    void classpathAddsADirectoryWithoutARestart() throws Exception {
        compile("greet.Greeter", "package greet; public class Greeter { public static String hi() { return \"hi from a jar\"; } }",
                directory.resolve("greeter-classes"));
        assertEquals("hi from a jar",
                text("%classpath greeter-classes\ngreet.Greeter.hi()"));
    }

    @Test
    void aDirectoryOnTheClasspathRegistersRenderersForItsOwnTypes() throws Exception {
        Path classes = directory.resolve("stamp-classes");
        compile("stamp.Stamp", "package stamp; public class Stamp { public String toString() { return \"a stamp\"; } }", classes);
        compile("stamp.StampRenderers", "package stamp; import dev.hookbook.display.*; import java.util.List;"
                + " public class StampRenderers implements RendererProvider { public List<MimeRenderer<?>> renderers() {"
                + " return List.of(MimeRenderer.of(Stamp.class, (s, formats) -> MimeBundle.html(\"<i>stamp</i>\", \"rendered stamp\"))); } }",
                classes, System.getProperty("java.class.path"), classes.toString());
        Path services = Files.createDirectories(classes.resolve("META-INF/services"));
        Files.writeString(services.resolve("dev.hookbook.display.RendererProvider"), "stamp.StampRenderers\n");
        assertEquals("rendered stamp", text("%classpath stamp-classes\nnew stamp.Stamp()"));
    }

    @Test
    void loadRunsAJshFile() throws Exception {
        Files.writeString(directory.resolve("helpers.jsh"), "int loaded = 41;\nint plusOne(int x) { return x + 1; }\n");
        assertEquals("42", text("%load helpers.jsh\nplusOne(loaded)"));
    }

    @Test
    void mavenResolvesTransitiveDependenciesFromARepository() throws Exception {
        Path repository = directory.resolve("repo");
        Path local = directory.resolve("local-repo");
        // lib-a 1.0 depends on lib-b 1.0; asking for lib-a must bring lib-b.
        compile("b.B", "package b; public class B { public static int value() { return 40; } }", directory.resolve("b-classes"));
        compile("a.A", "package a; public class A { public static int value() { return b.B.value() + 2; } }",
                directory.resolve("a-classes"), directory.resolve("b-classes").toString());
        publish(repository, "lib-b", directory.resolve("b-classes"), "");
        publish(repository, "lib-a", directory.resolve("a-classes"),
                "<dependencies><dependency><groupId>test.hookbook</groupId><artifactId>lib-b</artifactId>"
                        + "<version>1.0</version></dependency></dependencies>");
        String previous = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", local.toString());
        try {
            assertEquals("42", text("%maven --repo " + repository.toUri() + " test.hookbook:lib-a:1.0\na.A.value()"));
        } finally {
            if (previous == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", previous);
            }
        }
        assertTrue(Files.exists(local.resolve("test/hookbook/lib-b/1.0/lib-b-1.0.jar")), "cached in the local repository");
    }

    private static void publish(Path repository, String artifact, Path classes, String dependencies) throws IOException {
        Path directory = Files.createDirectories(repository.resolve("test/hookbook/" + artifact + "/1.0"));
        Path pom = directory.resolve(artifact + "-1.0.pom");
        Path jarFile = directory.resolve(artifact + "-1.0.jar");
        Files.writeString(pom,
                "<project><modelVersion>4.0.0</modelVersion><groupId>test.hookbook</groupId><artifactId>" + artifact
                        + "</artifactId><version>1.0</version>" + dependencies + "</project>");
        try (OutputStream out = Files.newOutputStream(jarFile);
             JarOutputStream jar = new JarOutputStream(out);
             var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                jar.write(Files.readAllBytes(file));
                jar.closeEntry();
            }
        }
        // Checksums, as a real repository has them (the resolver warns without).
        for (Path file : List.of(pom, jarFile)) {
            Files.writeString(Path.of(file + ".sha1"), sha1(Files.readAllBytes(file)));
        }
    }

    private static String sha1(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void chartformatChoosesTheChartFormats() throws Exception {
        session.run("%chartformat svg png", "test");
        assertEquals(java.util.Set.of(MimeBundle.PNG, MimeBundle.SVG), session.renderers().chartFormats());
        session.run("%chartformat png", "test");
        assertEquals(java.util.Set.of(MimeBundle.PNG), session.renderers().chartFormats());
    }

    @Test
    void badMagicsGiveClearErrorsOnTheirLine() {
        CellException unknown = assertThrows(CellException.class, () -> session.run("int fine = 1;\n%nosuch thing", "t"));
        assertTrue(unknown.value().contains("unknown magic %nosuch") && unknown.value().contains("%maven"), unknown.value());
        assertEquals(2, unknown.line().getAsInt());
        CellException missing = assertThrows(CellException.class, () -> session.run("%classpath no/such.jar", "t"));
        assertTrue(missing.value().contains("no such jar or directory"), missing.value());
        CellException coordinates = assertThrows(CellException.class, () -> session.run("%maven junit", "t"));
        assertTrue(coordinates.value().contains("is not GROUP:ARTIFACT:VERSION"), coordinates.value());
    }

    @Test
    void mavenWithoutAReachableRepositoryFailsInOneLineNamingTheArtifactAndTheRepositories() throws Exception {
        String previous = System.getProperty("maven.repo.local");
        System.setProperty("maven.repo.local", directory.resolve("local-repo").toString());
        try {
            // Port 9 (discard) refuses connections here, as a repository without network does.
            CellException error = assertThrows(CellException.class,
                    () -> session.run("%maven --repo http://127.0.0.1:9/maven2/ test.hookbook:absent:1.0", "t"));
            assertEquals(1, error.traceback().size(), String.join("\n", error.traceback()));
            assertTrue(error.value().contains("could not resolve test.hookbook:absent:1.0"), error.value());
            assertTrue(error.value().contains("https://repo.maven.apache.org/maven2/"), error.value());
            assertTrue(error.value().contains("http://127.0.0.1:9/maven2/"), error.value());
            assertEquals(1, error.value().lines().count(), error.value());
        } finally {
            if (previous == null) {
                System.clearProperty("maven.repo.local");
            } else {
                System.setProperty("maven.repo.local", previous);
            }
        }
    }

    @Test
    void codeAroundMagicsKeepsItsLineNumbers() {
        CellException error = assertThrows(CellException.class,
                () -> session.run("int one = 1;\n%chartformat png\nint two = 2;\nString three = 3;", "cell 9"));
        assertEquals(4, error.line().getAsInt());
        assertTrue(error.value().startsWith("cell 9 line 4"), error.value());
    }
}

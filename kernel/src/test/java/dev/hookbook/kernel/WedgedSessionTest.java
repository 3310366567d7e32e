package dev.hookbook.kernel;

import dev.hookbook.kernel.eval.CellException;
import dev.hookbook.kernel.eval.Completeness;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A cell that would break the compiler fails on its own, and the session answers the next one. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WedgedSessionTest {

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

    static String nested(int depth) {
        return "int deep = " + "(".repeat(depth) + "1" + ")".repeat(depth) + ";";
    }

    @Test
    void aFileThatIsNotAJarIsRefusedAndTheSessionGoesOn() throws Exception {
        Files.writeString(directory.resolve("fake.jar"), "not a zip at all\n");
        CellException refused = assertThrows(CellException.class, () -> session.run("%classpath fake.jar", "t"));
        assertTrue(refused.value().contains("not a jar or a class directory") && refused.value().contains("fake.jar"),
                refused.value());
        assertFalse(refused.value().contains("\n"), refused.value());
        assertEquals("2", text("1 + 1"));
    }

    @Test
    void aJarThatBreaksAfterItWasAddedDoesNotTakeTheSessionWithIt() throws Exception {
        // A session of its own: the others should not see the broken entry.
        try (Session own = TestPaths.newSession(directory)) {
            Path jar = directory.resolve("later-broken.jar");
            writeJar(jar);
            own.run("%classpath later-broken.jar", "t");
            byte[] good = Files.readAllBytes(jar);
            Files.writeString(jar, "overwritten by something that is not a jar\n");
            for (int i = 0; i < 2; i++) {
                CellException broken = assertThrows(CellException.class, () -> own.run("2 + 3", "t"));
                assertTrue(broken.value().contains("later-broken.jar") && broken.value().contains("put the jar back"),
                        broken.value());
            }
            Files.write(jar, good);
            assertEquals("5", own.run("2 + 3", "t").orElseThrow().plainText());
        }
    }

    static void writeJar(Path jar) throws Exception {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("readme.txt"));
            out.write("nothing to load".getBytes());
        }
    }

    @Test
    void tooManyNestedParenthesesIsAClearErrorAndTheSessionGoesOn() throws Exception {
        CellException deep = assertThrows(CellException.class, () -> session.run(nested(3000), "t"));
        assertTrue(deep.value().contains("too many nested parentheses"), deep.value());
        assertEquals("2", text("1 + 1"));
        // The front end's is_complete, complete and inspect requests on such a cell get answers too.
        assertEquals(Completeness.Status.INVALID, session.isComplete(nested(3000)).status());
        assertEquals(List.of(), session.complete(nested(3000), 20).matches());
        assertTrue(session.inspect(nested(3000), 20).isEmpty());
        session.run(nested(200), "t");
        assertEquals("1", text("deep"));
    }

    @Test
    void aCompilerOverflowOnAnotherDeepShapeIsAClearErrorToo() throws Exception {
        // Not parentheses: a chain of 30,000 string concatenations overflows javac's recursion.
        String chain = "String s = \"a\"" + " + \"a\"".repeat(30_000) + ";";
        try {
            session.run(chain, "t");
        } catch (CellException e) {
            assertTrue(e.value().contains("too deeply nested"), e.value());
        }
        assertEquals("2", text("1 + 1"));
    }
}

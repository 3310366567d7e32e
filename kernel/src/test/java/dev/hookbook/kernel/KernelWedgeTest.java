package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One hostile cell fails on its own: the kernel answers the next request and keeps its streams. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KernelWedgeTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final OwnKernel kernel = new OwnKernel();

    @TempDir
    static Path directory;

    static JsonObject failing(String cell) {
        JsonObject reply = kernel.client().execute(cell, TIMEOUT).replyContent();
        assertEquals("error", reply.get("status").getAsString(), reply.toString());
        return reply;
    }

    static void stillAnswers() {
        assertEquals("2", KernelProtocolTest.text(kernel.client().execute("1 + 1", TIMEOUT)));
        JsonObject info = kernel.client().shellRequest("kernel_info_request", new JsonObject(), TIMEOUT).replyContent();
        assertEquals("ok", info.get("status").getAsString(), info.toString());
    }

    @Test
    void aFileThatIsNotAJarIsRefusedInOneLine() throws Exception {
        Path fake = Files.writeString(directory.resolve("fake.jar"), "plain text, not a zip\n");
        JsonObject reply = failing("%classpath " + fake);
        String message = reply.get("evalue").getAsString();
        assertTrue(message.startsWith("not a jar or a class directory: " + fake), message);
        assertFalse(message.contains("\n"), message);
        stillAnswers();
    }

    @Test
    void threeThousandNestedParenthesesAreTooMany() {
        JsonObject reply = failing("int deep = " + "(".repeat(3000) + "1" + ")".repeat(3000) + ";");
        assertTrue(reply.get("evalue").getAsString().contains("too many nested parentheses"), reply.toString());
        stillAnswers();
        // A thousand still compile, as they did.
        assertEquals("ok", kernel.client().execute("int deep = " + "(".repeat(1000) + "1" + ")".repeat(1000) + ";",
                TIMEOUT).replyContent().get("status").getAsString());
    }

    @Test
    void aSecurityManagerIsRefusedAndTheKernelLives() {
        JsonObject reply = failing("System.setSecurityManager(new SecurityManager());");
        assertTrue(reply.get("evalue").getAsString().contains("System.setSecurityManager would lock this Java session"),
                reply.toString());
        stillAnswers();
        assertEquals("true", KernelProtocolTest.text(kernel.client().execute("System.getSecurityManager() == null", TIMEOUT)));
    }

    @Test
    void aSecurityManagerSetThroughReflectionIsRefusedToo() {
        // The rewrite of snippets' calls does not see this one: the JVM itself must refuse it.
        JsonObject reply = failing("System.class.getMethod(\"setSecurityManager\", SecurityManager.class)"
                + ".invoke(null, new SecurityManager());");
        assertTrue(reply.toString().contains("UnsupportedOperationException"), reply.toString());
        stillAnswers();
        assertEquals("true", KernelProtocolTest.text(kernel.client().execute("System.getSecurityManager() == null", TIMEOUT)));
    }

    @Test
    void aCellThatFillsTheHeapWithSmallObjectsIsStoppedAndTheKernelLives(@TempDir Path fresh) throws Exception {
        // Small arrays fill the heap to the last byte: the OutOfMemoryError then struck the
        // kernel's own threads (ZeroMQ's I/O thread among them) and nothing answered again.
        try (KernelProcess process = KernelProcess.start(TestPaths.currentJava(), fresh, "-Xmx1g");
             KernelClient client = process.client()) {
            client.waitUntilReady(TIMEOUT);
            JsonObject reply = client.execute("var hog = new ArrayList<long[]>();\n"
                    + "while (true) hog.add(new long[1000]);", Duration.ofSeconds(120)).replyContent();
            assertEquals("error", reply.get("status").getAsString(), reply.toString());
            assertEquals("OutOfMemoryError", reply.get("ename").getAsString(), reply.toString());
            assertTrue(reply.get("evalue").getAsString().contains("set large ones to null"), reply.toString());
            assertEquals("2", KernelProtocolTest.text(client.execute("1 + 1", TIMEOUT)));
            // The variable keeps what it holds until the user lets it go; then the heap is free again.
            assertEquals("ok", client.execute("hog = null;", TIMEOUT).replyContent().get("status").getAsString());
            assertEquals("8000000", KernelProtocolTest.text(client.execute("new long[1_000_000].length * 8", TIMEOUT)));
        }
    }

    @Test
    void closingSystemOutAndErrKeepsLaterCellsOutput() {
        kernel.client().execute("System.out.close();\nSystem.err.close();", TIMEOUT);
        KernelClient.Exchange later = kernel.client().execute("System.out.println(\"still printed\");\n"
                + "System.err.println(\"still warned\");", TIMEOUT);
        assertEquals("still printed\n", later.streamText("stdout"));
        assertEquals("still warned\n", later.streamText("stderr"));
    }
}

package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static dev.hookbook.kernel.KernelProtocolTest.assertOk;
import static dev.hookbook.kernel.KernelProtocolTest.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's session moving to a fresh JShell, seen from a front end: a kernel started to move
 * every few snippets keeps a model, an open widget, printed output, rich displays, completion of
 * the session's names and the grad mode across the move, and the move happens (the snippets'
 * class loader changes).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class KernelSessionRenewalTest {

    static final Duration TIMEOUT = KernelProtocolTest.TIMEOUT;

    @TempDir
    static Path directory;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = KernelProcess.start(TestPaths.currentJava(), directory, "-Dhookbook.kernel.renewAfterSnippets=12");
        client = kernel.client();
        kernel.waitUntilReady(client, TIMEOUT);
    }

    @AfterAll
    static void stopKernel() throws Exception {
        client.close();
        kernel.close();
    }

    static String value(String code) {
        KernelClient.Exchange exchange = client.execute(code, TIMEOUT);
        assertOk(exchange);
        return text(exchange);
    }

    static String loader() {
        return value("System.identityHashCode(java.lang.invoke.MethodHandles.lookup().lookupClass().getClassLoader())");
    }

    @Test
    void aNotebookCannotTellTheMove() {
        assertOk(client.execute(String.join("\n",
                "var model = new Sequential(new Linear(4, 8), new ReLU(), new Linear(8, 1));",
                "var x = Tensor.randn(16, 4);",
                "var slider = new IntSlider(\"n\", 0, 10, 3);",
                "display(slider);",
                "String tag = \"kept\";",
                "Autograd.setGradEnabled(false);"), TIMEOUT));
        String before = loader();
        Object output = value("model.call(x).sum().item()");

        for (int i = 0; i < 16; i++) {
            assertOk(client.execute("int filler = " + i + ";", TIMEOUT));
        }

        assertNotEquals(before, loader(), "the snippets run in a fresh JShell's class loader");
        assertEquals(output, value("model.call(x).sum().item()"), "the same model, the same input");
        assertEquals("3", value("slider.value()"));
        assertEquals("false", value("Autograd.isGradEnabled()"), "grad mode left off stays off");
        KernelClient.Exchange printed = client.execute("System.out.println(tag + \" \" + filler);", TIMEOUT);
        assertOk(printed);
        assertEquals("kept 15\n", printed.ofType("stream").get(0).content().get("text").getAsString());
        KernelClient.Exchange shown = client.execute("display(Charts.line(\"t\", \"x\", \"y\", Map.of(\"a\", new double[] {1, 2, 3})));", TIMEOUT);
        assertOk(shown);
        assertFalse(shown.ofType("display_data").isEmpty(), shown.broadcasts()::toString);

        JsonObject completion = new JsonObject();
        completion.addProperty("code", "mod");
        completion.addProperty("cursor_pos", 3);
        KernelClient.Exchange completed = client.shellRequest("complete_request", completion, TIMEOUT);
        assertTrue(completed.replyContent().getAsJsonArray("matches").toString().contains("model"), completed.reply()::toString);
        assertOk(client.execute("Autograd.setGradEnabled(true);", TIMEOUT));
    }

    @Test
    void aWidgetObserverWrittenInACellKeepsTheSessionWhereItIs() {
        assertOk(client.execute(String.join("\n",
                "int moves = 0;",
                "var watched = new IntSlider(\"m\", 0, 10, 1);",
                "watched.observe(v -> moves++);",
                "display(watched);"), TIMEOUT));
        String before = loader();
        for (int i = 0; i < 16; i++) {
            assertOk(client.execute("int filler = " + i + ";", TIMEOUT));
        }
        assertEquals(before, loader(), "the observer reads this session's moves: the session stays");
        assertOk(client.execute("watched.setValue(5);", TIMEOUT));
        assertEquals("1", value("moves"));
        // Closed, and no name left on it: nothing of this session is reachable any more.
        assertOk(client.execute("watched.close();\nvar watched = 0;", TIMEOUT));
        for (int i = 0; i < 16; i++) {
            assertOk(client.execute("int filler = " + i + ";", TIMEOUT));
        }
        assertNotEquals(before, loader(), "once the widget is closed, the session moves");
    }
}

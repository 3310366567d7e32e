package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In a notebook, a cell that displays something first gets the script that keeps its outputs
 * out of the classic Notebook's scroll box (live charts and a progress bar stay in view while
 * the cell runs): once per cell, before its first display, and not for a cell that displays nothing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OutputsInViewTest {

    @TempDir
    Path directory;

    @Test
    void theFirstDisplayOfACellComesAfterTheScriptThatTurnsFoldingOff() throws Exception {
        try (KernelProcess kernel = KernelProcess.start(TestPaths.currentJava(), directory);
             KernelClient client = kernel.client()) {
            kernel.waitUntilReady(client, KernelProtocolTest.TIMEOUT);

            KernelClient.Exchange cell = client.execute(
                    "var h = display(\"one\"); display(\"two\"); h.update(\"three\");", KernelProtocolTest.TIMEOUT);
            List<KernelClient.Received> shown = cell.ofType("display_data");
            assertEquals(3, shown.size(), () -> cell.broadcasts().toString());
            JsonObject script = shown.get(0).content().getAsJsonObject("data");
            assertEquals(KernelDisplay.KEEP_IN_VIEW_SCRIPT, script.get("application/javascript").getAsString());
            assertEquals("", script.get("text/plain").getAsString());
            assertTrue(KernelDisplay.KEEP_IN_VIEW_SCRIPT.contains("this.scroll_state = false"));
            assertEquals("one", shown.get(1).content().getAsJsonObject("data").get("text/plain").getAsString());
            assertEquals("two", shown.get(2).content().getAsJsonObject("data").get("text/plain").getAsString());
            assertEquals(1, cell.ofType("update_display_data").size());

            KernelClient.Exchange next = client.execute("display(\"four\");", KernelProtocolTest.TIMEOUT);
            assertEquals(2, next.ofType("display_data").size(), "each cell gets its own script");

            KernelClient.Exchange quiet = client.execute("1 + 1", KernelProtocolTest.TIMEOUT);
            assertEquals(0, quiet.ofType("display_data").size(), "no display, no script");
        }
    }
}

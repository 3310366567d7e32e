package dev.hookbook.kernel;

import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kernel whose front end is a terminal ({@code jupyter console}, which prints each output once
 * as text and draws no update): progress comes as a text line on the cell's standard error,
 * and a chart as a PNG file whose path the output's text gives.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConsoleFrontEndTest {

    @TempDir
    Path directory;

    @Test
    void theFrontEndIsAConsoleWhenTheVariableOrTheParentCommandSaysSo() {
        assertEquals(FrontEnd.CONSOLE, FrontEnd.of("console", Optional.empty()));
        assertEquals(FrontEnd.NOTEBOOK, FrontEnd.of(" Notebook ", Optional.of("/usr/bin/python3 /usr/bin/jupyter-console")));
        assertEquals(FrontEnd.CONSOLE, FrontEnd.of(null, Optional.of("/usr/bin/python3 /usr/bin/jupyter-console --kernel hookbook")));
        assertEquals(FrontEnd.CONSOLE, FrontEnd.of("", Optional.of("python3 -m jupyter_console --existing")));
        assertEquals(FrontEnd.NOTEBOOK, FrontEnd.of(null, Optional.of("/usr/bin/python3 /usr/bin/jupyter-notebook --ip=127.0.0.1")));
        assertEquals(FrontEnd.NOTEBOOK, FrontEnd.of(null, Optional.empty()));
        assertFalse(FrontEnd.CONSOLE.updatesInPlace());
        assertTrue(FrontEnd.NOTEBOOK.updatesInPlace());
    }

    @Test
    void progressIsATextLineAndAChartAFileWhoseTextGivesItsPath() throws Exception {
        try (KernelProcess kernel = KernelProcess.start(TestPaths.currentJava(), directory, Map.of(FrontEnd.VARIABLE, "console"));
             KernelClient client = kernel.client()) {
            kernel.waitUntilReady(client, KernelProtocolTest.TIMEOUT);

            KernelClient.Exchange bar = client.execute(
                    "try (var p = Progress.start(3, \"epoch 1\")) { for (int i = 0; i < 3; i++) p.step(); }", KernelProtocolTest.TIMEOUT);
            KernelProtocolTest.assertOk(bar);
            assertTrue(bar.ofType("display_data").isEmpty(), () -> "no display output: " + bar.broadcasts());
            String err = bar.streamText("stderr");
            assertTrue(err.startsWith("\repoch 1:   0%|"), err);
            assertTrue(err.contains("\repoch 1: 100%|") && err.endsWith("\n"), err);

            KernelClient.Exchange shown = client.execute(
                    "display(org.jfree.chart.ChartFactory.createXYLineChart(\"Loss\", \"step\", \"loss\", null));", KernelProtocolTest.TIMEOUT);
            List<KernelClient.Received> outputs = shown.ofType("display_data");
            assertEquals(1, outputs.size(), () -> shown.broadcasts().toString());
            JsonObject data = outputs.get(0).content().getAsJsonObject("data");
            Path file = directory.resolve("hookbook-charts/display-1.png").toAbsolutePath();
            assertEquals("JFreeChart \"Loss\" (640x400) saved to " + file, data.get("text/plain").getAsString());
            assertEquals(1, data.size(), () -> "text only, so the console prints it: " + data.keySet());
            assertTrue(Files.size(file) > 1000, () -> file + " should hold the chart");

            String result = KernelProtocolTest.text(client.execute(
                    "org.jfree.chart.ChartFactory.createXYLineChart(\"Accuracy\", \"step\", \"acc\", null)", KernelProtocolTest.TIMEOUT));
            assertTrue(result.startsWith("JFreeChart \"Accuracy\" (640x400) saved to ") && result.endsWith("display-2.png"), result);
        }
    }
}

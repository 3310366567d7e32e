package dev.hookbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGINT, as a front end sends it for {@code "interrupt_mode": "signal"} (jupyter_client's
 * {@code KernelManager.interrupt_kernel}) or {@code kill -INT} does, stops the running cell as an
 * {@code interrupt_request} does; the JVM, and every variable, lives on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelSigintTest {

    @TempDir
    Path directory;

    @Test
    void sigintStopsABusyLoopAndKeepsTheVariables() throws Exception {
        try (KernelProcess kernel = KernelProcess.start(TestPaths.currentJava(), directory);
             KernelClient client = kernel.client()) {
            kernel.waitUntilReady(client, KernelProtocolTest.TIMEOUT);
            client.execute("long survivor = 41;", KernelProtocolTest.TIMEOUT);
            String id = client.sendExecute("while (true) { }");
            assertNull(client.pollShellReply(id, Duration.ofMillis(700)), "the loop should still run");

            signal(kernel.process.pid());
            KernelClient.Exchange stopped = client.awaitShellReply(id, Duration.ofSeconds(10));
            assertEquals("error", stopped.replyContent().get("status").getAsString());
            assertEquals("Interrupted", stopped.replyContent().get("ename").getAsString());
            assertTrue(kernel.process.isAlive(), () -> "SIGINT ended the kernel\n" + kernel.log());
            assertEquals("42", KernelProtocolTest.text(client.execute("survivor + 1", KernelProtocolTest.TIMEOUT)));

            signal(kernel.process.pid()); // with no cell running, nothing to stop and nothing ends
            assertEquals("43", KernelProtocolTest.text(client.execute("survivor + 2", KernelProtocolTest.TIMEOUT)));
        }
    }

    private static void signal(long pid) throws Exception {
        Process kill = new ProcessBuilder(ProcessRun.kill("INT", pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -INT " + pid);
    }
}

package dev.hookbook.kernel;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel on a JDK without {@code Thread.stop} (Temurin 25): JShell stops a busy loop through
 * checks compiled into the snippet. Required on CI; skipped elsewhere when that JDK is missing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelOnJdk25Test {

    @TempDir
    static Path directory;
    static KernelProcess kernel;
    static KernelClient client;

    @BeforeAll
    static void startKernel() throws Exception {
        if (!Files.isExecutable(TestPaths.JAVA_25)) {
            assertTrue(!TestPaths.onCi(), "CI needs Temurin 25 at " + TestPaths.JAVA_25);
            TestPaths.skip("skipped: no Temurin 25 at " + TestPaths.JAVA_25);
        }
        kernel = KernelProcess.start(TestPaths.JAVA_25, directory);
        client = kernel.client();
        client.waitUntilReady(KernelProtocolTest.TIMEOUT);
    }

    @AfterAll
    static void stopKernel() throws Exception {
        if (client != null) {
            client.close();
        }
        if (kernel != null) {
            kernel.close();
        }
    }

    @Test
    void runsOnJdk25() {
        KernelClient.Exchange exchange = client.execute("Runtime.version().feature()", KernelProtocolTest.TIMEOUT);
        String feature = exchange.ofType("execute_result").get(0).content().getAsJsonObject("data").get("text/plain").getAsString();
        assertEquals("25", feature);
    }

    @Test
    void interruptStopsABusyLoop() {
        KernelProtocolTest.interruptBusyLoop(client);
    }
}

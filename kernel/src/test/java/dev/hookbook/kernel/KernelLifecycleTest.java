package dev.hookbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernel process ends with the front end that started it, even without a shutdown request. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KernelLifecycleTest {

    @TempDir
    Path directory;

    @Test
    void exitsWhenTheProcessThatStartedItEnds() throws Exception {
        // Stands in for the Jupyter server or nbclient, which put their pid in JPY_PARENT_PID.
        Process frontEnd = new ProcessBuilder("sleep", "120").start();
        try (KernelProcess kernel = KernelProcess.start(TestPaths.currentJava(), directory,
                Map.of("JPY_PARENT_PID", String.valueOf(frontEnd.pid())));
             KernelClient client = kernel.client()) {
            kernel.waitUntilReady(client, KernelProtocolTest.TIMEOUT);
            frontEnd.destroy();
            assertTrue(kernel.process.waitFor(15, TimeUnit.SECONDS), () -> "the kernel outlived its front end\n" + kernel.log());
            assertEquals(0, kernel.process.exitValue());
        } finally {
            frontEnd.destroyForcibly();
        }
    }
}

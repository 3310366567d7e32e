package dev.hookbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kernel writes to its own standard error, which {@code jupyter console} prints in the
 * terminal: nothing on a normal start, its log lines when asked with {@code HOOKBOOK_KERNEL_LOG}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class KernelLoggingTest {

    @TempDir
    Path directory;

    private String outputOfAReadyKernel(Map<String, String> environment) throws Exception {
        try (KernelProcess kernel = KernelProcess.start(TestPaths.currentJava(), directory, environment);
             KernelClient client = kernel.client()) {
            client.waitUntilReady(KernelProtocolTest.TIMEOUT);
            return kernel.log();
        }
    }

    @Test
    void aNormalStartWritesNoLogLine() throws Exception {
        String output = outputOfAReadyKernel(Map.of());
        assertFalse(output.contains("INFO") || output.contains("listening"), output);
    }

    @Test
    void theLogIsWrittenWhenAsked() throws Exception {
        String output = outputOfAReadyKernel(Map.of("HOOKBOOK_KERNEL_LOG", "info"));
        assertTrue(output.contains("Hookbook kernel listening on tcp://127.0.0.1"), output);
    }
}

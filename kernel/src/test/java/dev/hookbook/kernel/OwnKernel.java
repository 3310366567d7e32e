package dev.hookbook.kernel;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A kernel process of a test class's own, started before its tests with a client it has
 * answered, and ended after them. Register with
 * {@code @RegisterExtension static final OwnKernel kernel = new OwnKernel();}.
 */
final class OwnKernel implements BeforeAllCallback, AfterAllCallback {

    private Path directory;
    private KernelProcess process;
    private KernelClient client;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        directory = Files.createTempDirectory("hookbook-kernel-test");
        process = KernelProcess.start(TestPaths.currentJava(), directory);
        client = process.client();
        client.waitUntilReady(KernelProtocolTest.TIMEOUT);
    }

    KernelProcess process() {
        return process;
    }

    KernelClient client() {
        return client;
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        client.close();
        process.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}

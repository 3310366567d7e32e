package dev.hookbook.kernel;

import com.google.gson.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The kernel started as its own process, the way Jupyter starts it: a connection file with free
 * ports and a random key, then {@code java OPTIONS -cp ... KernelMain CONNECTION_FILE} with the
 * kernelspec's options.
 */
final class KernelProcess implements AutoCloseable {

    final Process process;
    final JsonObject connection;
    final Path log;

    private KernelProcess(Process process, JsonObject connection, Path log) {
        this.process = process;
        this.connection = connection;
        this.log = log;
    }

    static KernelProcess start(Path java, Path directory, String... jvmOptions) throws IOException {
        return start(java, directory, Map.of(), jvmOptions);
    }

    static KernelProcess start(Path java, Path directory, Map<String, String> environment, String... jvmOptions)
            throws IOException {
        JsonObject connection = new JsonObject();
        connection.addProperty("transport", "tcp");
        connection.addProperty("ip", "127.0.0.1");
        for (String port : List.of("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")) {
            connection.addProperty(port, freePort());
        }
        connection.addProperty("signature_scheme", "hmac-sha256");
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        connection.addProperty("key", HexFormat.of().formatHex(key));
        connection.addProperty("kernel_name", "hookbook");
        Path file = directory.resolve("kernel-connection.json");
        Files.writeString(file, connection.toString());

        List<String> command = new java.util.ArrayList<>();
        command.add(java.toString());
        command.addAll(KernelInstaller.JVM_OPTIONS);   // as the kernelspec starts it
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", TestPaths.kernelClassPath(), KernelMain.class.getName(), file.toString()));
        Path log = directory.resolve("kernel.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new KernelProcess(process, connection, log);
    }

    KernelClient client() {
        return new KernelClient(connection);
    }

    /** Waits until the kernel answers; if it never does, the failure says whether it is still running, and its log. */
    JsonObject waitUntilReady(KernelClient client, java.time.Duration timeout) {
        try {
            return client.waitUntilReady(timeout);
        } catch (AssertionError e) {
            String state = process.isAlive() ? "still running" : "exited with status " + process.exitValue();
            throw new AssertionError(e.getMessage() + "; the kernel process is " + state + "; its log:\n" + log(), e);
        }
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}

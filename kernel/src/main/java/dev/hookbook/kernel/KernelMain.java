package dev.hookbook.kernel;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Starts the Hookbook kernel: {@code java -cp ... dev.hookbook.kernel.KernelMain CONNECTION_FILE},
 * as written into the kernelspec by {@link KernelInstaller}. Runs until a shutdown request.
 */
public final class KernelMain {

    private KernelMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: java -cp CLASSPATH " + KernelMain.class.getName() + " CONNECTION_FILE");
            System.exit(2);
        }
        configureLogging();
        Logger log = LoggerFactory.getLogger(KernelMain.class);
        KernelConnectionProperties connection;
        try {
            connection = readConnectionFile(Path.of(args[0]));
        } catch (IllegalArgumentException | com.google.gson.JsonParseException e) {
            System.err.println("hookbook kernel: " + e.getMessage());
            System.exit(2);
            return;
        }

        HookbookKernel kernel = new HookbookKernel(Path.of("").toAbsolutePath());
        KernelChannels channels = new KernelChannels(connection);
        kernel.connect(channels);
        channels.open();
        log.info("Hookbook kernel listening on {}://{}", connection.getTransport(), connection.getIp());
        exitWithParent(System.getenv("JPY_PARENT_PID"), channels, log);
        interruptOnSigint(kernel, log);

        channels.awaitShutdownRequest();
        channels.close();
        // Threads a cell started may still run; a shut-down kernel ends them with the process.
        System.exit(0);
    }

    /**
     * Jupyter names the process that started the kernel in {@code JPY_PARENT_PID}: when that
     * process ends without a shutdown request (killed, crashed), the kernel ends too, instead of
     * running on with no front end.
     */
    private static void exitWithParent(String parentPid, KernelChannels channels, Logger log) {
        if (parentPid == null || parentPid.isBlank()) {
            return;
        }
        try {
            ProcessHandle.of(Long.parseLong(parentPid.strip())).ifPresent(parent -> parent.onExit().thenRun(() -> {
                log.warn("The process that started the kernel ({}) has ended; shutting down", parentPid);
                channels.shutDown();
            }));
        } catch (NumberFormatException e) {
            log.warn("Ignoring JPY_PARENT_PID={}: not a process id", parentPid);
        }
    }

    /**
     * SIGINT interrupts the running cell, as an {@code interrupt_request} does, and the session
     * goes on: a front end whose kernelspec says (or defaults to) {@code "interrupt_mode":
     * "signal"}, {@code kill -INT}, or a Ctrl-C that reaches the kernel's process group would
     * otherwise end the JVM and every variable in it. ipykernel likewise turns SIGINT into a
     * {@code KeyboardInterrupt} in the running cell. The JDK's only way to handle a signal without
     * ending the JVM is {@code sun.misc.Signal}, as the runner uses it.
     */
    private static void interruptOnSigint(HookbookKernel kernel, Logger log) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> {
                log.info("SIGINT: interrupting the running cell");
                kernel.interrupt();
            });
        } catch (IllegalArgumentException e) {
            log.warn("SIGINT cannot be handled here ({}); interrupt with an interrupt_request", e.getMessage());
        }
    }

    /** The connection file Jupyter wrote, checked enough to give a clear error. */
    static KernelConnectionProperties readConnectionFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no connection file at " + file);
        }
        KernelConnectionProperties connection = KernelConnectionProperties.parse(withDefaultScheme(Files.readString(file)));
        if (connection == null || connection.getIp() == null || connection.getTransport() == null) {
            throw new IllegalArgumentException(file + " is not a Jupyter connection file (it needs ip, transport and the ports)");
        }
        if (connection.getKey() != null && !connection.getKey().isEmpty()
                && !DEFAULT_SIGNATURE_SCHEME.equals(connection.getSignatureScheme())) {
            throw new IllegalArgumentException("unsupported signature scheme " + connection.getSignatureScheme()
                    + " in " + file + "; the kernel signs with hmac-sha256");
        }
        return connection;
    }

    /**
     * The connection file's text with {@code signature_scheme} set to {@code hmac-sha256} where it
     * names none, as jupyter_client's {@code Session} defaults it; text that is not a JSON object
     * is returned as it is, for the checks after it to refuse.
     */
    static String withDefaultScheme(String text) {
        JsonElement tree;
        try {
            tree = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            return text;
        }
        if (!tree.isJsonObject()) {
            return text;
        }
        JsonObject fields = tree.getAsJsonObject();
        JsonElement scheme = fields.get("signature_scheme");
        if (scheme == null || scheme.isJsonNull() || (scheme.isJsonPrimitive() && scheme.getAsString().isEmpty())) {
            fields.addProperty("signature_scheme", DEFAULT_SIGNATURE_SCHEME);
        }
        return fields.toString();
    }

    /** jupyter_client's default, and the only scheme the kernel signs with. */
    static final String DEFAULT_SIGNATURE_SCHEME = "hmac-sha256";

    /**
     * The kernel and the protocol library log through SLF4J to the process's standard error,
     * never into a cell. A front end such as {@code jupyter console} shows that stream in its
     * terminal, so by default only warnings are written (a dropped message, a front end that has
     * gone); {@code HOOKBOOK_KERNEL_LOG=info} or {@code debug} (or {@code trace}) asks for more.
     * Must run before the first logger is created.
     */
    private static void configureLogging() {
        String level = logLevel(System.getenv(LOG_LEVEL_VARIABLE));
        setDefault("org.slf4j.simpleLogger.logFile", "System.err");
        setDefault("org.slf4j.simpleLogger.cacheOutputStream", "true");
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", level.equals("debug") || level.equals("trace") ? level : "warn");
        setDefault("org.slf4j.simpleLogger.log.dev.hookbook", level);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
    }

    static final String LOG_LEVEL_VARIABLE = "HOOKBOOK_KERNEL_LOG";

    /** The level {@code requested} names, or {@code warn} (with a line saying so) when it names none. */
    static String logLevel(String requested) {
        if (requested == null || requested.isBlank()) {
            return "warn";
        }
        String level = requested.strip().toLowerCase(Locale.ROOT);
        if (!List.of("trace", "debug", "info", "warn", "error", "off").contains(level)) {
            System.err.println("hookbook kernel: ignoring " + LOG_LEVEL_VARIABLE + "=" + requested
                    + " (use trace, debug, info, warn, error or off)");
            return "warn";
        }
        return level;
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}

package dev.hookbook.kernel;

import com.google.gson.GsonBuilder;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./jnb install-kernel [--prefix DIR]}: writes the {@code hookbook} kernelspec.
 *
 * <p>The kernelspec starts the kernel with the JDK that ran the installer (its absolute path, so
 * a different {@code java} on the PATH later does not matter) and with this process's class path,
 * made absolute. Without {@code --prefix} it goes to the user's Jupyter data directory; with it,
 * to {@code DIR/share/jupyter/kernels/hookbook}. Installing again replaces it.
 */
public final class KernelInstaller {

    /** The kernel's name in {@code jupyter kernelspec list} and {@code --kernel hookbook}. */
    public static final String KERNEL_NAME = KernelNames.KERNEL_NAME;
    /** The name front ends show for the kernel. */
    public static final String DISPLAY_NAME = KernelNames.DISPLAY_NAME;
    /**
     * The kernel JVM's options: the JDK's Vector API for the engine's fast kernels (the JVM's
     * warning about that incubator module goes to the kernel's log, never into a cell), headless AWT.
     */
    public static final List<String> JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true");

    private KernelInstaller() {}

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            System.out.println("usage: ./jnb install-kernel [--prefix DIR]");
            System.out.println("Installs the '" + KERNEL_NAME + "' Jupyter kernel (" + DISPLAY_NAME + ") for this JDK:");
            System.out.println("into DIR/share/jupyter/kernels/" + KERNEL_NAME + ", or the user's Jupyter data directory.");
            return;
        }
        try {
            Path installed = install(parse(args));
            System.out.println("Installed the " + KERNEL_NAME + " kernel (" + DISPLAY_NAME + ") in " + installed);
        } catch (IllegalArgumentException e) {
            System.err.println("install-kernel: " + e.getMessage());
            System.err.println("usage: ./jnb install-kernel [--prefix DIR]");
            System.exit(2);
        } catch (IOException e) {
            System.err.println("install-kernel: could not write the kernelspec: " + e);
            System.exit(1);
        }
    }

    /** The kernelspec directory named by the arguments ({@code --prefix DIR} or nothing). */
    static Path parse(String[] args) {
        if (args.length == 0) {
            return userDataDirectory().resolve("kernels").resolve(KERNEL_NAME);
        }
        if (args.length == 2 && args[0].equals("--prefix")) {
            return Path.of(args[1]).toAbsolutePath().resolve(Path.of("share", "jupyter", "kernels", KERNEL_NAME));
        }
        if (args.length == 1 && args[0].startsWith("--prefix=")) {
            return parse(new String[] {"--prefix", args[0].substring("--prefix=".length())});
        }
        throw new IllegalArgumentException("unexpected arguments " + String.join(" ", args));
    }

    /** Writes kernel.json into {@code directory}, replacing what was there; returns the directory. */
    static Path install(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> old = Files.walk(directory)) {
                for (Path path : old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("kernel.json"), kernelJson(javaExecutable(), classPath()));
        return directory;
    }

    /** The kernelspec's JSON: argv with {@code {connection_file}}, message-mode interrupts. */
    static String kernelJson(String java, String classPath) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(JVM_OPTIONS);
        argv.addAll(List.of("-cp", classPath, KernelMain.class.getName(), "{connection_file}"));
        spec.put("argv", argv);
        spec.put("display_name", DISPLAY_NAME);
        spec.put("language", "java");
        // Interrupts come as messages: a signal cannot stop a JShell snippet, jshell.stop() can.
        spec.put("interrupt_mode", "message");
        spec.put("env", Map.of());
        spec.put("metadata", Map.of("debugger", false));
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(spec) + "\n";
    }

    /** The java launcher of the JDK running this installer, as an absolute path. */
    static String javaExecutable() {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        return java.toAbsolutePath().toString();
    }

    /** This process's class path, each entry absolute. */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Jupyter's user data directory, found the way Jupyter finds it. */
    static Path userDataDirectory() {
        String configured = System.getenv("JUPYTER_DATA_DIR");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Jupyter");
        }
        if (os.contains("win")) {
            String appData = System.getenv("APPDATA");
            return (appData == null ? home : Path.of(appData)).resolve("jupyter");
        }
        String xdg = System.getenv("XDG_DATA_HOME");
        return (xdg == null || xdg.isBlank() ? home.resolve(".local").resolve("share") : Path.of(xdg)).resolve("jupyter");
    }
}

package dev.hookbook.kernel;

import com.google.gson.GsonBuilder;
import dev.hookbook.Hookbook;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

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
 * {@code ./jnb install-kernel [--user | --sys-prefix | --prefix DIR]}: writes the {@code hookbook}
 * kernelspec, as {@code python -m ipykernel install} does for Python.
 *
 * <p>The kernelspec starts the kernel with the JDK that ran the installer (its absolute path, so
 * a different {@code java} on the PATH later does not matter) and with this process's class path,
 * made absolute: the jars of a clone's build, or those of the kernel distribution's {@code lib/}
 * directory. By default ({@code --user}) it goes to the user's Jupyter data directory; with
 * {@code --sys-prefix}, to the active Python environment's {@code share/jupyter/kernels/hookbook};
 * with {@code --prefix DIR}, to {@code DIR/share/jupyter/kernels/hookbook}. Installing again
 * replaces it. A class path entry that does not exist (a jar not built yet) is refused before
 * anything is written.
 */
@Command(name = "./jnb install-kernel", mixinStandardHelpOptions = true, version = "Hookbook " + Hookbook.VERSION,
        description = "Installs the 'hookbook' Jupyter kernel (Java (Hookbook)) for the JDK that runs this command.",
        footer = "Run it again after moving the jars or changing JDK: it replaces the kernelspec.")
public final class KernelInstaller {

    /** The kernel's name in {@code jupyter kernelspec list} and {@code --kernel hookbook}. */
    public static final String KERNEL_NAME = KernelNames.KERNEL_NAME;
    /** The name front ends show for the kernel. */
    public static final String DISPLAY_NAME = KernelNames.DISPLAY_NAME;
    /**
     * The kernel JVM's options: the JDK's Vector API for the engine's fast kernels (the JVM's
     * warning about that incubator module goes to the kernel's log, never into a cell), headless AWT,
     * and no security manager ever: snippets' own calls of {@code System.setSecurityManager} are
     * rewritten to fail, but one through reflection would lock the kernel out of its own files and
     * sockets (JDK 17 allows it unless told not to; JDK 18 and later disallow it by default).
     */
    public static final List<String> JVM_OPTIONS = List.of("--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true",
            "-Djava.security.manager=disallow");

    /** Where to install: one of the three, the user's directory when none is given. */
    @ArgGroup(exclusive = true)
    private Where where;

    private static final class Where {
        @Option(names = "--user", description = "into the user's Jupyter data directory (the default)")
        boolean user;
        @Option(names = "--sys-prefix", description = "into the active Python environment (VIRTUAL_ENV, CONDA_PREFIX, or python3's sys.prefix)")
        boolean sysPrefix;
        @Option(names = "--prefix", paramLabel = "DIR", description = "into DIR/share/jupyter/kernels/" + KERNEL_NAME)
        Path prefix;
    }

    private KernelInstaller() {}

    public static void main(String[] args) {
        CommandLine command = new CommandLine(new KernelInstaller());
        try {
            command.parseArgs(args);
            if (command.isUsageHelpRequested()) {
                command.usage(System.out);
                return;
            }
            if (command.isVersionHelpRequested()) {
                command.printVersionHelp(System.out);
                return;
            }
            Path installed = install(((KernelInstaller) command.getCommand()).directory());
            System.out.println("Installed the " + KERNEL_NAME + " kernel (" + DISPLAY_NAME + ") in " + installed);
        } catch (ParameterException | IllegalArgumentException e) {
            System.err.println("install-kernel: " + e.getMessage());
            command.usage(System.err);
            System.exit(2);
        } catch (IllegalStateException e) {
            System.err.println("install-kernel: " + e.getMessage());
            System.exit(1);
        } catch (IOException e) {
            System.err.println("install-kernel: could not write the kernelspec: " + e);
            System.exit(1);
        }
    }

    /** The kernelspec directory named by the arguments ({@code --user}, {@code --sys-prefix}, {@code --prefix DIR} or nothing). */
    static Path parse(String[] args) {
        KernelInstaller options = new KernelInstaller();
        try {
            new CommandLine(options).parseArgs(args);
        } catch (ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return options.directory();
    }

    private Path directory() {
        Path kernels = Path.of("share", "jupyter", "kernels", KERNEL_NAME);
        if (where != null && where.prefix != null) {
            return where.prefix.toAbsolutePath().resolve(kernels);
        }
        if (where != null && where.sysPrefix) {
            return pythonPrefix().resolve(kernels);
        }
        return userDataDirectory().resolve("kernels").resolve(KERNEL_NAME);
    }

    /** The active Python environment's prefix, found as ipykernel's {@code --sys-prefix} would be run from it. */
    static Path pythonPrefix() {
        for (String variable : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return Path.of(value).toAbsolutePath();
            }
        }
        try {
            Process python = new ProcessBuilder("python3", "-c", "import sys; print(sys.prefix)").redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
            if (python.waitFor() == 0 && !output.isEmpty()) {
                return Path.of(output);
            }
            throw new IllegalStateException("--sys-prefix: python3 could not say its sys.prefix: " + output);
        } catch (IOException e) {
            throw new IllegalStateException("--sys-prefix needs python3 on the PATH (or VIRTUAL_ENV, CONDA_PREFIX set); " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("--sys-prefix: interrupted while asking python3 for sys.prefix");
        }
    }

    /** Writes kernel.json into {@code directory}, replacing what was there; returns the directory. */
    static Path install(Path directory) throws IOException {
        String classPath = classPath(); // refuses missing jars before the old kernelspec goes
        if (Files.exists(directory)) {
            try (Stream<Path> old = Files.walk(directory)) {
                for (Path path : old.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("kernel.json"), kernelJson(javaExecutable(), classPath));
        KernelLogo.write(directory);
        return directory;
    }

    /** The kernelspec's JSON: argv with {@code {connection_file}}, message-mode interrupts. */
    static String kernelJson(String java, String classPath) {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<String> argv = new ArrayList<>(List.of(java));
        argv.addAll(JVM_OPTIONS);
        argv.addAll(memoryOptions());
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

    /**
     * The kernel JVM's heap options, as {@code ./jnb} gives its JVMs (see bench/README.md,
     * "Start-up"): a heap of 512 MB written once at start-up, so that the first epochs and a small
     * model after a cell of big tensors do not pay a page fault per fresh 4 KiB page; and, where
     * Linux offers transparent huge pages, 2 MiB pages for the heap (one fault where there were
     * 512). The huge-page option exists only in Linux JVMs: elsewhere it would stop the JVM.
     */
    static List<String> memoryOptions() {
        List<String> options = new ArrayList<>(List.of("-Xms512m", "-XX:+AlwaysPreTouch"));
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        try {
            if (System.getProperty("os.name").equals("Linux") && Files.isReadable(thp) && !Files.readString(thp).contains("[never]")) {
                options.add("-XX:+UseTransparentHugePages");
            }
        } catch (IOException e) {
            // unreadable: no huge pages, the pre-touched heap alone
        }
        return options;
    }

    /** The java launcher of the JDK running this installer, as an absolute path. */
    static String javaExecutable() {
        boolean windows = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
        Path java = Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
        return java.toAbsolutePath().toString();
    }

    /**
     * This process's class path, each entry absolute.
     *
     * @throws IllegalStateException naming the first entry that does not exist: a kernelspec
     *                               pointing there would start a kernel that cannot load
     */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                Path path = Path.of(entry).toAbsolutePath().normalize();
                if (!Files.exists(path)) {
                    throw new IllegalStateException("the kernel's class path names " + path + ", which does not exist;"
                            + " build Hookbook first (./jnb builds it, or mvn install), then install the kernel again");
                }
                entries.add(path.toString());
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

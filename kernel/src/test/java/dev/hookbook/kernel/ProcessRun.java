package dev.hookbook.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A finished child process: its exit status and everything it printed. */
public record ProcessRun(int status, String output) {

    /**
     * Runs {@code command} in {@code directory} with extra environment variables, waiting at most
     * {@code seconds}; a program that cannot be started gives status 127 and the reason.
     */
    public static ProcessRun run(List<String> command, Path directory, Map<String, String> environment, int seconds)
            throws IOException, InterruptedException {
        // The log goes to the system's temporary directory, never beside a notebook.
        Path log = Files.createTempFile("hookbook-test-process", ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            // A program that is not there (no /usr/bin/python3 on a machine with only a JDK): exit
            // status 127 and the reason, as a shell says it, so that a check can skip with it.
            Files.deleteIfExists(log);
            return new ProcessRun(127, "cannot run " + command.get(0) + ": " + e.getMessage());
        }
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within " + seconds + " s:\n" + Files.readString(log));
            }
            return new ProcessRun(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** {@code java OPTIONS -cp KERNEL_CLASSPATH mainClass args...}: the JDK running the tests, with the kernel's JVM options. */
    public static ProcessRun java(Path directory, String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(TestPaths.currentJava().toString()));
        command.addAll(KernelInstaller.JVM_OPTIONS);
        command.addAll(List.of("-cp", TestPaths.kernelClassPath(), mainClass));
        command.addAll(List.of(args));
        return run(command, directory, Map.of(), 300);
    }

    /**
     * The command that sends signal {@code name} to {@code pid}: the kill program, or where there is
     * none (a machine with only a JDK has no procps) the shell's own kill.
     */
    public static List<String> kill(String name, long pid) {
        boolean program = Files.isExecutable(Path.of("/bin/kill")) || Files.isExecutable(Path.of("/usr/bin/kill"));
        return program ? List.of("kill", "-" + name, Long.toString(pid)) : List.of("sh", "-c", "kill -" + name + " " + pid);
    }
}

package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.KernelInstaller;
import dev.hookbook.kernel.ProcessRun;
import dev.hookbook.kernel.TestPaths;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ./jnb run} started as its own process and left running, so a test can signal it mid-cell. */
final class RunnerProcess {

    private static final int DEADLINE_SECONDS = 300;

    private final Process process;
    private final Path log;

    private RunnerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static RunnerProcess start(Path notebook, Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(TestPaths.currentJava().toString()));
        command.addAll(KernelInstaller.JVM_OPTIONS);
        command.addAll(List.of("-cp", TestPaths.kernelClassPath(), NotebookRunner.class.getName(),
                notebook.toString(), "--out", out.toString()));
        Path log = Files.createTempFile("hookbook-test-runner", ".log");
        Process process = new ProcessBuilder(command).directory(notebook.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new RunnerProcess(process, log);
    }

    /** Waits until the runner has printed {@code text} (it is running the cell that prints it). */
    void awaitOutput(String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
        while (!Files.readString(log).contains(text)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the runner never printed " + text + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    /** Sends {@code kill -NAME} to the runner. */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder(ProcessRun.kill(name, process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " failed");
        }
    }

    /** Waits for the runner to end: its status and everything it printed. */
    ProcessRun finish() throws Exception {
        try {
            if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the runner did not end:\n" + Files.readString(log));
            }
            return new ProcessRun(process.exitValue(), Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

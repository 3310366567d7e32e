package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.ProcessRun;
import dev.hookbook.kernel.TestPaths;
import dev.hookbook.tensor.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@code ```java} block of the README runs as written: the blocks, in order, are the cells
 * of one notebook (so a later block uses the model of "A taste", as a reader would type them
 * into one session with the session's imports), run by {@code ./jnb run} in an empty directory.
 * A block marked {@code ```java fragment} (a piece whose names come from the text around it) is
 * left out.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReadmeSnippetsTest {

    /** The info string after {@code ```java} that marks a block not meant to run on its own. */
    static final String FRAGMENT = "fragment";

    /** One {@code ```java} block: its first line's number in the README and its code. */
    record Block(int line, String code) {}

    @TempDir
    Path directory;

    static List<Block> javaBlocks(List<String> lines, boolean withFragments) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String fence = lines.get(i).strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            List<String> info = List.of(fence.substring(3).strip().split("\\s+"));
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith("```")) {
                end++;
            }
            if (info.get(0).equals("java") && (withFragments || !info.contains(FRAGMENT))) {
                blocks.add(new Block(start + 1, String.join("\n", lines.subList(start, end))));
            }
            i = end;
        }
        return blocks;
    }

    @Test
    void everyJavaBlockOfTheReadmeRunsInOneSession() throws Exception {
        List<String> readme = Files.readAllLines(TestPaths.moduleDirectory().getParent().resolve("README.md"));
        List<Block> blocks = new ArrayList<>(javaBlocks(readme, false));
        assertTrue(blocks.size() >= 4, () -> "expected the README's runnable blocks, got " + blocks);
        String noOpenCl = openClMissing();
        if (noOpenCl != null && !TestPaths.onCi()) {
            // A machine without an OpenCL driver runs the rest; under CI=true the driver is there.
            for (Block block : List.copyOf(blocks)) {
                if (block.code().contains("Device.opencl(")) {
                    blocks.remove(block);
                    System.out.println("ReadmeSnippetsTest skipped README.md line " + block.line() + ": " + noOpenCl);
                }
            }
        }

        Path notebook = TestNotebooks.codeCells(directory.resolve("readme.ipynb"),
                blocks.stream().map(Block::code).toArray(String[]::new));
        ProcessRun run = TestNotebooks.run(notebook, directory.resolve("out"));
        String where = blocks.stream()
                .map(b -> "cell " + (blocks.indexOf(b) + 1) + " = README.md line " + b.line())
                .collect(Collectors.joining(", "));
        assertEquals(0, run.status(), () -> "a README block failed (" + where + "):\n" + run.output());
    }

    /** Why this machine has no OpenCL device, or null when it has one. */
    private static String openClMissing() {
        try {
            Device.opencl();
            return null;
        } catch (RuntimeException | LinkageError e) {
            return "no OpenCL device: " + e.getMessage();
        }
    }

    @Test
    void fragmentsAreLeftOutAndEveryOtherJavaBlockIsTaken() {
        List<String> text = List.of("# T", "```java", "int a = 1;", "```", "```xml", "<x/>", "```",
                "```java fragment", "loss.backward();", "```", "```java", "a + 1", "```");
        assertEquals(List.of(new Block(3, "int a = 1;"), new Block(12, "a + 1")), javaBlocks(text, false));
        assertEquals(3, javaBlocks(text, true).size());
    }
}

package dev.hookbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelInstallerTest {

    @TempDir
    Path prefix;

    @Test
    void theKernelsHeapStartsPreTouchedAndTheJvmAcceptsEveryOption() throws Exception {
        List<String> memory = KernelInstaller.memoryOptions();
        assertTrue(memory.contains("-Xms512m") && memory.contains("-XX:+AlwaysPreTouch"), memory::toString);
        JsonArray argv = JsonParser.parseString(KernelInstaller.kernelJson("java", "cp")).getAsJsonObject().getAsJsonArray("argv");
        for (String option : memory) {
            assertTrue(argv.contains(new JsonPrimitive(option)), () -> option + " in " + argv);
        }
        // An option this JVM does not know would stop the kernel before its first message.
        List<String> command = new ArrayList<>(List.of(TestPaths.currentJava().toString()));
        command.addAll(memory);
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes());
        assertEquals(0, java.waitFor(), output);
    }

    @Test
    void writesAKernelspecForThisJdkAndClassPathAndReplacesAnOldOne() throws Exception {
        Path stale = Files.createDirectories(prefix.resolve("share/jupyter/kernels/hookbook")).resolve("stale.txt");
        Files.writeString(stale, "from an older install");

        ProcessRun run = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, run.status(), run.output());

        Path spec = prefix.resolve("share/jupyter/kernels/hookbook/kernel.json");
        JsonObject json = JsonParser.parseString(Files.readString(spec)).getAsJsonObject();
        assertEquals("Java (Hookbook)", json.get("display_name").getAsString());
        assertEquals("java", json.get("language").getAsString());
        assertEquals("message", json.get("interrupt_mode").getAsString());
        JsonArray argv = json.getAsJsonArray("argv");
        Path java = Path.of(argv.get(0).getAsString());
        assertTrue(java.isAbsolute() && Files.isExecutable(java), java::toString);
        assertEquals(TestPaths.currentJava().toRealPath(), java.toRealPath());
        assertTrue(argv.contains(new JsonPrimitive("--add-modules=jdk.incubator.vector")),
                "the engine's fast kernels need the Vector API: " + argv);
        assertEquals("{connection_file}", argv.get(argv.size() - 1).getAsString());
        assertEquals(KernelMain.class.getName(), argv.get(argv.size() - 2).getAsString());
        String classPath = argv.get(argv.size() - 3).getAsString();
        assertTrue(classPath.contains("hookbook-engine") || classPath.contains("engine"), classPath);
        for (String entry : classPath.split(File.pathSeparator)) {
            assertTrue(Path.of(entry).isAbsolute(), entry);
        }
        assertFalse(Files.exists(stale), "re-installing replaces the old kernelspec");
        for (int size : new int[] {32, 64}) {
            BufferedImage logo = ImageIO.read(prefix.resolve("share/jupyter/kernels/hookbook/logo-" + size + "x" + size + ".png").toFile());
            assertEquals(size, logo.getWidth());
            assertEquals(size, logo.getHeight());
            assertEquals(0, logo.getRGB(0, 0) >>> 24, "a transparent corner");
            assertEquals(255, logo.getRGB(size / 2, size / 2) >>> 24, "an opaque middle");
        }
    }

    @Test
    void refusesAClassPathWithAMissingJarAndLeavesTheOldKernelspec() throws Exception {
        Path old = Files.createDirectories(prefix.resolve("share/jupyter/kernels/hookbook")).resolve("kernel.json");
        Files.writeString(old, "{}");
        Path missing = prefix.resolve("lib/hookbook-engine-0.1.0.jar");
        List<String> command = new ArrayList<>(List.of(TestPaths.currentJava().toString(), "-cp",
                TestPaths.kernelClassPath() + File.pathSeparator + missing, KernelInstaller.class.getName(), "--prefix", prefix.toString()));
        ProcessRun run = ProcessRun.run(command, prefix, Map.of(), 60);
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("install-kernel: the kernel's class path names " + missing + ", which does not exist;"), run.output());
        assertEquals("{}", Files.readString(old), "nothing is written");
    }

    @Test
    void helpListsTheOptionsAndAnUnknownOptionIsRefusedWithTheUsage() throws Exception {
        ProcessRun help = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--help");
        assertEquals(0, help.status(), help.output());
        for (String option : List.of("--user", "--sys-prefix", "--prefix=DIR", "--version")) {
            assertTrue(help.output().contains(option), help.output());
        }
        ProcessRun wrong = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefx", "x");
        assertEquals(2, wrong.status(), wrong.output());
        assertTrue(wrong.output().contains("install-kernel: Unknown option") && wrong.output().contains("'--prefx'"), wrong.output());
        assertTrue(wrong.output().contains("Usage: ./jnb install-kernel"), wrong.output());
    }

    @Test
    void rejectsUnknownArguments() {
        assertThrows(IllegalArgumentException.class, () -> KernelInstaller.parse(new String[] {"--prefx", "x"}));
        assertThrows(IllegalArgumentException.class, () -> KernelInstaller.parse(new String[] {"--user", "--prefix", "x"}),
                "one place at a time");
        assertEquals(Path.of("/opt/j/share/jupyter/kernels/hookbook"),
                KernelInstaller.parse(new String[] {"--prefix", "/opt/j"}));
        assertEquals(Path.of("/opt/j/share/jupyter/kernels/hookbook"),
                KernelInstaller.parse(new String[] {"--prefix=/opt/j"}));
        assertEquals(KernelInstaller.parse(new String[0]), KernelInstaller.parse(new String[] {"--user"}), "per user by default");
    }
}

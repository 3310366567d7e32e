package dev.hookbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelInstallerTest {

    @TempDir
    Path prefix;

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
    }

    @Test
    void rejectsUnknownArguments() {
        assertThrows(IllegalArgumentException.class, () -> KernelInstaller.parse(new String[] {"--prefx", "x"}));
        assertEquals(Path.of("/opt/j/share/jupyter/kernels/hookbook"),
                KernelInstaller.parse(new String[] {"--prefix", "/opt/j"}));
    }
}

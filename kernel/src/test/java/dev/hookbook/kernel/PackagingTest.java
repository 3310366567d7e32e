package dev.hookbook.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a user's own project relies on: the BOM and the examples name the version the build
 * makes, and the JBang script compiles as JBang would compile it (its {@code //DEPS} are the
 * engine and the viz, which this module's test class path holds, and its {@code //COMPILE_OPTIONS}).
 * CI also builds and runs the Maven example against the local repository ({@code .ci/run}).
 */
class PackagingTest {

    private static final Path ROOT = TestPaths.moduleDirectory().getParent();

    /** The version this build makes: the one the kernel's POM names for its parent. */
    private static String buildVersion() throws Exception {
        String pom = Files.readString(ROOT.resolve("kernel/pom.xml"));
        return find(pom, "<parent>.*?<version>([^<]+)</version>");
    }

    private static String find(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }

    @Test
    void theBomTheExampleAndTheScriptNameTheVersionTheBuildMakes() throws Exception {
        String version = buildVersion();
        assertEquals(version, find(Files.readString(ROOT.resolve("pom.xml")), "<artifactId>hookbook-parent</artifactId>\\s*<version>([^<]+)</version>"));
        assertEquals(version, find(Files.readString(ROOT.resolve("bom/pom.xml")), "<artifactId>hookbook-bom</artifactId>\\s*<version>([^<]+)</version>"),
                "bom/pom.xml has no parent, so its version is kept by hand");
        assertEquals(version, find(Files.readString(ROOT.resolve("examples/maven-digits/pom.xml")), "<hookbook.version>([^<]+)</hookbook.version>"));
        assertEquals(version, find(Files.readString(ROOT.resolve("examples/jbang/Digits.java")), "//DEPS dev.hookbook:hookbook-bom:([^@\\s]+)@pom"));

        assertEquals(version, dev.hookbook.Hookbook.VERSION, "Hookbook.VERSION is kept by hand");
        assertEquals(version, find(Files.readString(ROOT.resolve("README.md")), "<artifactId>hookbook-bom</artifactId>\\s*<version>([^<]+)</version>"),
                "the README's dependency block");
        assertEquals(version, find(Files.readString(ROOT.resolve("README.md")), "platform\\(\"dev.hookbook:hookbook-bom:([^\"]+)\"\\)"),
                "the README's Gradle line");
    }

    @Test
    void theJBangScriptCompilesWithItsOwnFlags(@TempDir Path classes) throws Exception {
        Path script = ROOT.resolve("examples/jbang/Digits.java");
        String text = Files.readString(script);
        assertTrue(text.contains("//JAVA 17+"), "the script asks for Java 17 or later");
        assertTrue(text.contains("//RUNTIME_OPTIONS --add-modules jdk.incubator.vector"), "the script runs with the Vector API");
        List<String> options = new java.util.ArrayList<>(List.of("--release", "17", "-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), "-proc:none"));
        options.addAll(List.of(find(text, "//COMPILE_OPTIONS ([^\\n]+)").strip().split("\\s+")));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
            boolean compiled = javac.getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(script)).call();
            assertTrue(compiled, diagnostics.getDiagnostics().toString());
        }
        assertTrue(Files.exists(classes.resolve("Digits.class")));
    }
}

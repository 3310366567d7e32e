package dev.hookbook.kernel;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The widgets in a real browser: headless Chromium opens the page of {@code src/test/browser}
 * (ipywidgets 8's {@code @jupyter-widgets/html-manager} and {@code @jupyterlab/services} from npm,
 * bundled with esbuild), which a Jupyter server serves as a static file and which starts a
 * {@code hookbook} kernel through that server. The driver ({@code src/test/resources/widgets/browser.py},
 * Selenium) runs a cell showing an {@code IntSlider} and a chart that {@code Widgets.interact}
 * redraws, drags the slider with the mouse and moves it with the keyboard, and checks that Java saw
 * each value and the chart's bytes changed; then a {@code setValue(10)} from Java moves the slider in
 * the browser. Last, a {@code Play} linked to a slider, a dropdown, toggle buttons, a checkbox and a
 * button are used in the page and their values read in Java, and an {@code Output} captures a
 * line, which the page puts in the widget and sends back. Screenshots are left in
 * {@code target/browser/}.
 *
 * <p>The page is built here, into {@code target/browser/frontend} ({@code npm ci} the first time
 * or when the lock file changed, then the esbuild bundle), so a fresh clone needs no step before
 * {@code mvn verify}. On CI (env CI=true) a missing npm, Chromium, chromedriver, Selenium or
 * Jupyter server fails; elsewhere the tests are skipped with the reason.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BrowserWidgetTest {

    @TempDir
    static Path prefix;
    static String output;

    @BeforeAll
    static void driveTheBrowser() throws Exception {
        Optional<String> missing = missingTool();
        if (missing.isPresent()) {
            if (TestPaths.onCi()) {
                fail("CI needs " + missing.get() + " for the browser test (.ci/run installs it)");
            }
            TestPaths.skip("skipped: " + missing.get() + " is missing");
        }
        Path target = TestPaths.moduleDirectory().resolve("target/browser");
        Path page = buildPage(target.resolve("frontend"));

        ProcessRun install = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, install.status(), install.output());
        Map<String, String> environment = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(prefix.resolve("runtime")).toString(),
                "JUPYTER_CONFIG_DIR", Files.createDirectories(prefix.resolve("config")).toString(),
                "JUPYTER_DATA_DIR", Files.createDirectories(prefix.resolve("data")).toString(),
                "JUPYTER_PLATFORM_DIRS", "1");
        Path script = TestPaths.moduleDirectory().resolve("src/test/resources/widgets/browser.py");
        ProcessRun run = ProcessRun.run(List.of(JupyterClientTest.PYTHON, script.toString(), page.toString(), target.toString()),
                prefix, environment, 600);
        output = run.output();
        System.out.println(output);
        assertEquals(0, run.status(), output);
        assertTrue(output.contains("\ndone"), output);
    }

    /** What the test needs and this machine lacks, if anything. */
    private static Optional<String> missingTool() throws IOException, InterruptedException {
        if (onPath("npm").isEmpty()) {
            return Optional.of("npm");
        }
        for (String program : List.of("/usr/bin/chromium", "/usr/bin/chromedriver")) {
            if (!Files.isExecutable(Path.of(program))) {
                return Optional.of(program);
            }
        }
        ProcessRun check = ProcessRun.run(List.of(JupyterClientTest.PYTHON, "-c", "import selenium, jupyter_server"),
                prefix, Map.of(), 60);
        return check.status() == 0 ? Optional.empty()
                : Optional.of("Selenium or the Jupyter server for " + JupyterClientTest.PYTHON + " (" + check.output().strip() + ")");
    }

    private static Optional<Path> onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Copies the front end's sources to {@code build}, runs {@code npm ci} there when its
     * {@code node_modules} is missing or came from another lock file, and bundles it; returns the
     * folder to serve.
     */
    static Path buildPage(Path build) throws IOException, InterruptedException {
        Path sources = TestPaths.moduleDirectory().resolve("src/test/browser");
        Files.createDirectories(build.resolve("src"));
        for (String file : List.of("package.json", "package-lock.json", "build.mjs", "index.html")) {
            Files.copy(sources.resolve(file), build.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Stream<Path> files = Files.list(sources.resolve("src"))) {
            for (Path file : files.toList()) {
                Files.copy(file, build.resolve("src").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        // The lock file node_modules was installed from is kept beside it: the same lock needs no new install.
        Path stamp = build.resolve("node_modules/.installed-from-lock");
        String lock = Files.readString(build.resolve("package-lock.json"));
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(lock)) {
            npm(build, 300, "ci", "--no-audit", "--no-fund");
            Files.writeString(stamp, lock);
        }
        npm(build, 120, "run", "build");
        Path page = build.resolve("dist");
        assertTrue(Files.isRegularFile(page.resolve("bundle.js")), "npm run build wrote no " + page.resolve("bundle.js"));
        return page;
    }

    private static void npm(Path directory, int seconds, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(onPath("npm").orElseThrow().toString()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        ProcessRun run = ProcessRun.run(command, directory, Map.of(), seconds);
        assertEquals(0, run.status(), String.join(" ", command) + " failed:\n" + run.output());
        System.out.printf("npm %s: %.1f s%n", String.join(" ", args), (System.nanoTime() - start) / 1e9);
    }

    private static void passed(String check) {
        String line = output.lines().filter(l -> l.equals("PASS " + check) || l.startsWith("FAIL " + check + ":"))
                .findFirst().orElse("no line for " + check + " in:\n" + output);
        assertEquals("PASS " + check, line);
    }

    @Test
    void theCellRunsFromThePage() {
        passed("cell-runs");
    }

    @Test
    void theSliderAndTheChartAreDrawn() {
        passed("slider-rendered");
        passed("image-rendered");
    }

    @Test
    void aSliderDraggedWithTheMouseIsSeenByJava() {
        passed("dragged");
        passed("java-label-follows");
        passed("java-value");
    }

    @Test
    void theChartIsRedrawnWhenTheSliderMoves() {
        passed("image-changed");
    }

    @Test
    void theKeyboardMovesTheSliderToo() {
        passed("keyboard");
    }

    @Test
    void aValueSetInJavaMovesTheSliderInTheBrowser() {
        passed("set-from-java-runs");
        passed("set-from-java");
        passed("set-from-java-handle");
        passed("set-from-java-redraws");
    }

    @Test
    void theOtherControlsWorkFromTheBrowser() {
        passed("controls-run");
        passed("html-rendered");
        passed("controls-seen-by-java");
    }

    @Test
    void anOutputWidgetCapturesInThePageAndJavaGetsItsOutputs() {
        passed("output-captures");
        passed("output-state-from-page");
    }

    @Test
    void thePageLogsNoErrors() {
        passed("no-page-errors");
    }
}

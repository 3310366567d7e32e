package dev.hookbook.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The kernel with Jupyter's own client: installed into a temporary prefix, listed by
 * {@code jupyter kernelspec list}, and running notebooks through nbclient (the light ones and one
 * that trains, see {@link #HEAVY}). On CI (env CI=true) a missing Jupyter fails these tests;
 * elsewhere they are skipped with the reason.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class JupyterClientTest {

    static final String PYTHON = "/usr/bin/python3";
    static final String EXECUTE = String.join("\n",
            "import os, sys, nbformat",
            "from nbclient import NotebookClient",
            "source, target = sys.argv[1], sys.argv[2]",
            "notebook = nbformat.read(source, as_version=4)",
            "NotebookClient(notebook, kernel_name='hookbook', timeout=300, startup_timeout=120,",
            "               resources={'metadata': {'path': os.path.dirname(source)}}).execute()",
            "nbformat.validate(notebook)",
            "nbformat.write(notebook, target)",
            "");

    static final String RESTART = String.join("\n",
            "import jupyter_client",
            "km, kc = jupyter_client.manager.start_new_kernel(kernel_name='hookbook', startup_timeout=120)",
            "def run(code):",
            "    results = []",
            "    reply = kc.execute_interactive(code, timeout=120, output_hook=results.append)",
            "    values = [m['content']['data']['text/plain'] for m in results if m['msg_type'] == 'execute_result']",
            "    return reply['content']['status'], values",
            "assert run('int kept = 41;') == ('ok', []), run('kept')",
            "assert run('kept + 1') == ('ok', ['42'])",
            "km.restart_kernel(now=False)",
            "kc.wait_for_ready(timeout=120)",
            "status, values = run('kept')",
            "assert status == 'error', (status, values)",
            "assert run('1 + 1') == ('ok', ['2'])",
            "km.shutdown_kernel(now=False)",
            "assert not km.is_alive()",
            "print('restarted')",
            "");

    /** jupyter_client's interrupt in both modes: the kernelspec's "message", and "signal" (SIGINT to the kernel's process group). */
    static final String INTERRUPT = String.join("\n",
            "import time, jupyter_client",
            "for mode in ('message', 'signal'):",
            "    km, kc = jupyter_client.manager.start_new_kernel(kernel_name='hookbook', startup_timeout=120)",
            "    assert km.kernel_spec.interrupt_mode == 'message', km.kernel_spec.interrupt_mode",
            "    km.kernel_spec.interrupt_mode = mode",
            "    def run(code):",
            "        results = []",
            "        reply = kc.execute_interactive(code, timeout=120, output_hook=results.append)",
            "        values = [m['content']['data']['text/plain'] for m in results if m['msg_type'] == 'execute_result']",
            "        return reply['content'], values",
            "    assert run('int kept = 41;')[0]['status'] == 'ok'",
            "    msg_id = kc.execute('while (true) {}')",
            "    time.sleep(2)",
            "    km.interrupt_kernel()",
            "    while True:",
            "        reply = kc.get_shell_msg(timeout=30)",
            "        if reply['parent_header'].get('msg_id') == msg_id: break",
            "    assert reply['content']['ename'] == 'Interrupted', (mode, reply['content'])",
            "    assert km.is_alive(), mode",
            "    content, values = run('kept + 1')",
            "    assert values == ['42'], (mode, content, values)",
            "    km.shutdown_kernel(now=True)",
            "    print('interrupted with', mode)",
            "");

    /** Shift-Tab as a front end asks for it: inspect_request on {@code Tensor.matmul}, the reply's text and HTML. */
    static final String INSPECT = String.join("\n",
            "import jupyter_client",
            "km, kc = jupyter_client.manager.start_new_kernel(kernel_name='hookbook', startup_timeout=120)",
            "code = 'Tensor.matmul'",
            "reply = kc.inspect(code, cursor_pos=len(code), detail_level=0, reply=True, timeout=120)['content']",
            "assert reply['status'] == 'ok' and reply['found'], reply",
            "text, html = reply['data']['text/plain'], reply['data']['text/html']",
            "assert text.startswith('Tensor Tensor.matmul(Tensor other)\\n\\nMatrix product'), text",
            "assert 'Matrix product' in html and '<pre>Tensor Tensor.matmul(Tensor other)</pre>' in html, html",
            "for tag in ('{@', '<p>', '<pre>'):",
            "    assert tag not in text, (tag, text)",
            "km.shutdown_kernel(now=True)",
            "print('inspected:', text.splitlines()[0])",
            "");

    /**
     * {@code jupyter console} through {@code ./jnb console}'s script, in a terminal (pexpect's
     * pty): Ctrl-C during {@code while (true) {}} stops the cell and the variables stay.
     */
    static final String CONSOLE_CTRL_C = String.join("\n",
            "import sys, time, pexpect",
            "child = pexpect.spawn(sys.argv[1], [sys.argv[2], '--kernel', 'hookbook'], encoding='utf-8', timeout=120,",
            "                      dimensions=(40, 200))",
            "child.expect('Protocol v')",
            "time.sleep(3)",
            "child.sendline('int x = 42;')",
            "time.sleep(3)",
            "child.sendline('System.out.println(\"ready \" + x);')",
            "child.expect('ready 42')",
            "time.sleep(2)",
            "child.sendline('while (true) {}')",
            "time.sleep(3)",
            "child.sendintr()",
            "child.expect('Interrupted', timeout=30)",
            "time.sleep(2)",
            "child.sendline('System.out.println(\"after \" + (x + 1));')",
            "child.expect('after 43', timeout=30)",
            "child.terminate(force=True)",
            "print('ctrl-c interrupted the cell')",
            "");

    @TempDir
    static Path prefix;
    static Map<String, String> environment;

    @BeforeAll
    static void installKernel() throws Exception {
        ProcessRun check = ProcessRun.run(List.of(PYTHON, "-c", "import nbclient, nbformat, jupyter_client, jupyter_core"),
                prefix, Map.of(), 60);
        if (check.status() != 0) {
            if (TestPaths.onCi()) {
                fail("CI needs Jupyter (python3-nbclient, jupyter-client, jupyter-core): " + check.output());
            }
            TestPaths.skip("skipped: Jupyter's client is not installed for " + PYTHON + ": " + check.output());
        }
        ProcessRun install = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, install.status(), install.output());
        environment = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(prefix.resolve("runtime")).toString(),
                "JUPYTER_PLATFORM_DIRS", "1");
        Files.writeString(prefix.resolve("execute.py"), EXECUTE);
    }

    @Test
    void jupyterListsTheKernel() throws Exception {
        ProcessRun list = ProcessRun.run(List.of(PYTHON, "-m", "jupyter", "kernelspec", "list", "--json"), prefix, environment, 60);
        assertEquals(0, list.status(), list.output());
        String json = list.output().substring(list.output().indexOf('{'));
        JsonObject spec = JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("kernelspecs").getAsJsonObject("hookbook");
        assertEquals("Java (Hookbook)", spec.getAsJsonObject("spec").get("display_name").getAsString());
    }

    static JsonArray execute(Path notebook, Path target) throws Exception {
        ProcessRun run = ProcessRun.run(List.of(PYTHON, prefix.resolve("execute.py").toString(), notebook.toString(), target.toString()),
                prefix, environment, 480);
        assertEquals(0, run.status(), run.output());
        return JsonParser.parseString(Files.readString(target)).getAsJsonObject().getAsJsonArray("cells");
    }

    @Test
    void restartGivesAFreshSessionAndShutdownEndsTheProcess() throws Exception {
        Files.writeString(prefix.resolve("restart.py"), RESTART);
        ProcessRun run = ProcessRun.run(List.of(PYTHON, prefix.resolve("restart.py").toString()), prefix, environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("restarted"), run.output());
    }

    @Test
    void interruptKernelStopsABusyLoopInBothInterruptModes() throws Exception {
        Files.writeString(prefix.resolve("interrupt.py"), INTERRUPT);
        ProcessRun run = ProcessRun.run(List.of(PYTHON, prefix.resolve("interrupt.py").toString()), prefix, environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("interrupted with message") && run.output().contains("interrupted with signal"), run.output());
    }

    @Test
    void shiftTabOnTensorMatmulShowsItsJavadocRendered() throws Exception {
        Files.writeString(prefix.resolve("shift_tab.py"), INSPECT);
        ProcessRun run = ProcessRun.run(List.of(PYTHON, prefix.resolve("shift_tab.py").toString()), prefix, environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("inspected: Tensor Tensor.matmul(Tensor other)"), run.output());
    }

    @Test
    void ctrlCInJnbConsoleStopsTheCellAndKeepsTheVariables() throws Exception {
        ProcessRun check = ProcessRun.run(List.of(PYTHON, "-c", "import jupyter_console, pexpect"), prefix, Map.of(), 60);
        if (check.status() != 0) {
            if (TestPaths.onCi()) {
                fail("CI needs jupyter-console and python3-pexpect: " + check.output());
            }
            TestPaths.skip("skipped: jupyter_console or pexpect is not installed for " + PYTHON + ": " + check.output());
        }
        Path script = TestPaths.moduleDirectory().resolve("src/main/python/hookbook_console.py");
        Files.writeString(prefix.resolve("console.py"), CONSOLE_CTRL_C);
        Map<String, String> terminal = new java.util.HashMap<>(environment);
        terminal.put("TERM", "xterm");
        ProcessRun run = ProcessRun.run(List.of(PYTHON, prefix.resolve("console.py").toString(), PYTHON, script.toString()),
                prefix, terminal, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("ctrl-c interrupted the cell"), run.output());
    }

    @Test
    void nbclientRunsTheTestNotebook() throws Exception {
        JsonArray cells = execute(TestPaths.smokeNotebook(), prefix.resolve("smoke-out.ipynb"));
        JsonArray hello = cells.get(1).getAsJsonObject().getAsJsonArray("outputs");
        assertEquals("hello from Hookbook\n", hello.get(0).getAsJsonObject().get("text").getAsString());
        assertEquals("42", hello.get(1).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString());
        JsonArray displayed = cells.get(3).getAsJsonObject().getAsJsonArray("outputs");
        // A cell's first display comes after the script that keeps the classic Notebook from folding its outputs.
        assertTrue(displayed.get(0).getAsJsonObject().getAsJsonObject("data").has("application/javascript"), displayed::toString);
        assertEquals("second", displayed.get(1).getAsJsonObject().getAsJsonObject("data").get("text/plain").getAsString(),
                "nbclient applied the update_display_data");
        JsonArray chart = cells.get(4).getAsJsonObject().getAsJsonArray("outputs");
        assertTrue(chart.get(chart.size() - 1).getAsJsonObject().getAsJsonObject("data").has("image/png"), chart::toString);
    }

    @Test
    void theRunnersNotebooksAreValidNbformat() throws Exception {
        Path out = prefix.resolve("runner-out");
        ProcessRun run = ProcessRun.java(prefix, "dev.hookbook.kernel.runner.NotebookRunner",
                TestPaths.smokeNotebook().toString(), "--out", out.toString());
        assertEquals(0, run.status(), run.output());
        ProcessRun validate = ProcessRun.run(List.of(PYTHON, "-c",
                "import sys, nbformat; nbformat.validate(nbformat.read(sys.argv[1], as_version=4))",
                out.resolve("kernel-smoke.ipynb").toString()), prefix, environment, 60);
        assertEquals(0, validate.status(), validate.output());
    }

    /**
     * The repository notebooks that train for minutes (through nbclient, Temurin 25, 2 loaded
     * cores: 05 167 s, 08 90 s, 07 85 s, 09 83 s; the other six 13 to 32 s each, 130 s together).
     * {@code NotebookRunnerTest} runs every notebook (and compares its saved outputs), so these are
     * executed in CI there; through nbclient only {@link #HEAVY_THROUGH_NBCLIENT} runs, so that
     * this front end too sees cells that train for a while, with charts and a widget. Running all
     * of them through both front ends added 5 to 6 minutes to CI and checked nothing more: what
     * the kernel sends for a cell does not depend on how long the cell computes.
     */
    static final Set<String> HEAVY = Set.of("05-fashion-mnist.ipynb", "07-inside-a-transformer.ipynb",
            "08-built-on-hooks.ipynb", "09-look-inside.ipynb");
    static final String HEAVY_THROUGH_NBCLIENT = "09-look-inside.ipynb";

    /** The notebooks nbclient runs: all but the heavy ones, and one of those. */
    static List<Path> nbclientNotebooks() {
        return TestPaths.repositoryNotebooks().stream().filter(notebook -> {
            String name = notebook.getFileName().toString();
            return !HEAVY.contains(name) || name.equals(HEAVY_THROUGH_NBCLIENT);
        }).toList();
    }

    @Test
    void theHeavyNotebooksNamedAreTheRepositorysSoEveryOtherRunsThroughNbclient() {
        List<String> names = TestPaths.repositoryNotebooks().stream().map(n -> n.getFileName().toString()).toList();
        assumeFalse(names.isEmpty(), "no notebooks/ directory beside the kernel module");
        assertTrue(names.containsAll(HEAVY), "renamed or removed: " + HEAVY + " among " + names);
        assertTrue(HEAVY.contains(HEAVY_THROUGH_NBCLIENT), HEAVY_THROUGH_NBCLIENT);
        assertEquals(names.size() - HEAVY.size() + 1, nbclientNotebooks().size(), nbclientNotebooks()::toString);
    }

    @TestFactory
    Stream<DynamicTest> nbclientRunsTheRepositoryNotebooks() {
        return nbclientNotebooks().stream().map(notebook -> DynamicTest.dynamicTest(
                notebook.getFileName().toString(),
                () -> execute(notebook, prefix.resolve("nbclient-" + notebook.getFileName()))));
    }
}

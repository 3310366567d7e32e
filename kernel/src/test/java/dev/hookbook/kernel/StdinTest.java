package dev.hookbook.kernel;

import dev.hookbook.kernel.runner.NotebookRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code System.in} in a cell: through Jupyter's own client with {@code allow_stdin=True} the
 * kernel asks for each line with {@code input_request}; a client that does not allow stdin
 * (nbclient) and the headless runner get one line saying there is no input. On CI (env CI=true)
 * a missing Jupyter fails these tests; elsewhere they are skipped with the reason.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class StdinTest {

    static final String PYTHON = JupyterClientTest.PYTHON;

    static final String INTERACTIVE = String.join("\n",
            "import jupyter_client, queue",
            "km, kc = jupyter_client.manager.start_new_kernel(kernel_name='hookbook', startup_timeout=120)",
            "def run(code, allow_stdin, answers=()):",
            "    prompts, outputs, answers = [], [], list(answers)",
            "    def answer(message):",
            "        prompts.append(message['content']['prompt'])",
            "        kc.input(answers.pop(0))",
            "    reply = kc.execute_interactive(code, timeout=120, allow_stdin=allow_stdin, stdin_hook=answer,",
            "                                   output_hook=outputs.append)",
            "    text = ''.join(m['content'].get('text', '') for m in outputs if m['msg_type'] == 'stream')",
            "    values = [m['content']['data']['text/plain'] for m in outputs if m['msg_type'] == 'execute_result']",
            "    errors = [m['content']['evalue'] for m in outputs if m['msg_type'] == 'error']",
            "    return reply['content']['status'], prompts, text, values, errors",
            "",
            "# Allowed: each read asks the front end. What the cell printed on the line and not sent yet is the",
            "# prompt; what was sent already shows above the input box: either way the user sees it once.",
            "status, prompts, text, values, errors = run('\\n'.join([",
            "    'var scanner = new Scanner(System.in);',",
            "    'String name;',",
            "    '{ System.out.print(\"Name: \"); name = scanner.nextLine(); }',",
            "    'System.out.println(\"hello \" + name);',",
            "    'System.out.print(\"Age: \");',",
            "    'int age = Integer.parseInt(new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine());',",
            "    'age + 1']), True, ['Ada Lovelace', '36'])",
            "assert status == 'ok', (status, errors)",
            "assert len(prompts) == 2, prompts",
            "shown = text + ''.join(prompts)",
            "assert shown.count('Name: ') == 1 and shown.count('Age: ') == 1, (text, prompts)",
            "assert 'hello Ada Lovelace\\n' in text, repr(text)",
            "assert values == ['37'], values",
            "",
            "# Not allowed: one line, and no input_request.",
            "status, prompts, text, values, errors = run('new Scanner(System.in).nextLine()', False)",
            "assert status == 'error' and prompts == [], (status, prompts)",
            "assert errors == ['" + KernelStdin.NOT_ALLOWED.replace("'", "\\'") + "'], errors",
            "",
            "# An interrupt while the read waits ends the cell; the kernel goes on, variables kept.",
            "msg_id = kc.execute('String never = new Scanner(System.in).nextLine();', allow_stdin=True)",
            "request = kc.get_stdin_msg(timeout=60)",
            "assert request['content']['prompt'] == '', request",
            "km.interrupt_kernel()",
            "while True:",
            "    reply = kc.get_shell_msg(timeout=60)",
            "    if reply['parent_header'].get('msg_id') == msg_id:",
            "        break",
            "assert reply['content']['status'] == 'error', reply['content']",
            "status, prompts, text, values, errors = run('name + \" is \" + age', False)",
            "assert (status, values) == ('ok', ['Ada Lovelace is 36']), (status, values, errors)",
            "status, prompts, text, values, errors = run('new Scanner(System.in).nextLine()', True, ['again'])",
            "assert (status, values) == ('ok', ['again']), (status, values, errors)",
            "km.shutdown_kernel(now=False)",
            "print('stdin works')",
            "");

    static final String NBCLIENT = String.join("\n",
            "import sys, nbformat",
            "from nbclient import NotebookClient",
            "notebook = nbformat.v4.new_notebook()",
            "notebook.cells.append(nbformat.v4.new_code_cell('new Scanner(System.in).nextLine()'))",
            "NotebookClient(notebook, kernel_name='hookbook', timeout=120, startup_timeout=120, allow_errors=True).execute()",
            "print('evalue:', notebook.cells[0].outputs[0]['evalue'])",
            "");

    @TempDir
    static Path prefix;
    static Map<String, String> environment;

    @BeforeAll
    static void installKernel() throws Exception {
        ProcessRun check = ProcessRun.run(List.of(PYTHON, "-c", "import nbclient, nbformat, jupyter_client"), prefix, Map.of(), 60);
        if (check.status() != 0) {
            if (TestPaths.onCi()) {
                fail("CI needs Jupyter (python3-nbclient, jupyter-client): " + check.output());
            }
            TestPaths.skip("skipped: Jupyter's client is not installed for " + PYTHON + ": " + check.output());
        }
        ProcessRun install = ProcessRun.java(prefix, KernelInstaller.class.getName(), "--prefix", prefix.toString());
        assertEquals(0, install.status(), install.output());
        environment = Map.of(
                "JUPYTER_PATH", prefix.resolve("share/jupyter").toString(),
                "JUPYTER_RUNTIME_DIR", Files.createDirectories(prefix.resolve("runtime")).toString(),
                "JUPYTER_PLATFORM_DIRS", "1");
    }

    @Test
    void aClientThatAllowsStdinAnswersEachReadAndAnInterruptEndsAWaitingOne() throws Exception {
        Path script = Files.writeString(prefix.resolve("interactive.py"), INTERACTIVE);
        ProcessRun run = ProcessRun.run(List.of(PYTHON, script.toString()), prefix, environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("stdin works"), run.output());
    }

    @Test
    void nbclientWhichAllowsNoStdinGetsOneLine() throws Exception {
        Path script = Files.writeString(prefix.resolve("no_stdin.py"), NBCLIENT);
        ProcessRun run = ProcessRun.run(List.of(PYTHON, script.toString()), prefix, environment, 300);
        assertEquals(0, run.status(), run.output());
        assertTrue(run.output().contains("evalue: " + KernelStdin.NOT_ALLOWED), run.output());
    }

    @Test
    void theRunnerSaysItTakesNoInput() throws Exception {
        Path notebook = prefix.resolve("reads.ipynb");
        Files.writeString(notebook, "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [{\"id\": \"a\","
                + " \"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": null, \"outputs\": [],"
                + " \"source\": \"String line = new Scanner(System.in).nextLine();\"}]}");
        ProcessRun run = ProcessRun.java(prefix, NotebookRunner.class.getName(), notebook.toString(), "--out",
                prefix.resolve("reads-out").toString());
        assertEquals(1, run.status(), run.output());
        assertTrue(run.output().contains("InputUnavailableException: " + NotebookRunner.NO_INPUT), run.output());
        assertTrue(run.output().contains("cell 1 failed at line 1"), run.output());
    }
}

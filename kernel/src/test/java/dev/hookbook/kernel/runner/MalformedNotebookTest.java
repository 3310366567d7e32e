package dev.hookbook.kernel.runner;

import dev.hookbook.kernel.ProcessRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./jnb run} on notebooks that break nbformat 4's rules: one line naming the file and the
 * field that is wrong, exit status 2, and no cell runs.
 */
class MalformedNotebookTest {

    private static final String CELL = "{\"id\": \"a\", \"cell_type\": \"code\", \"metadata\": {}, \"execution_count\": null,"
            + " \"outputs\": [], \"source\": \"System.out.println(\\\"the cell ran\\\");\"}";

    @TempDir
    Path dir;

    /** A notebook with {@code field} set to {@code value} (JSON text) and everything else valid. */
    private static String notebookWith(String field, String value) {
        String nbformat = field.equals("nbformat") ? value : "4";
        String minor = field.equals("nbformat_minor") ? value : "5";
        String metadata = field.equals("metadata") ? value : "{}";
        String cells = field.equals("cells") ? value : "[" + CELL + "]";
        return "{\"nbformat\": " + nbformat + ", \"nbformat_minor\": " + minor + ", \"metadata\": " + metadata
                + ", \"cells\": " + cells + "}";
    }

    private ProcessRun runText(String text) throws Exception {
        return runBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private ProcessRun runBytes(byte[] bytes) throws Exception {
        Path notebook = Files.write(dir.resolve("bad.ipynb"), bytes);
        return TestNotebooks.run(notebook, dir.resolve("out"));
    }

    private void assertRefused(ProcessRun run, String expected) {
        assertEquals(2, run.status(), run.output());
        assertTrue(run.output().contains("jnb run: " + dir.resolve("bad.ipynb") + ": " + expected), run.output());
        assertFalse(run.output().contains("the cell ran"), run.output());
        assertFalse(run.output().contains("Exception"), "no raw Java error: " + run.output());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "nbformat       | {}                         | nbformat: expected the integer 4, got an object",
            "nbformat       | 3                          | is in notebook format 3, not 4",
            "nbformat_minor | \"5\"                      | nbformat_minor: expected an integer of 0 or more, got a string",
            "metadata       | []                         | metadata: expected an object, got a list",
            "cells          | [5]                        | cells[0]: expected a cell (an object), got a number (5)",
            "cells          | {}                         | cells: expected a list of cells, got an object",
            "cells          | [{\"cell_type\": \"code\"}] | cells[0]: the field \"id\" is missing",
    })
    void aWrongFieldIsNamed(String field, String value, String expected) throws Exception {
        assertRefused(runText(notebookWith(field, value)), expected);
    }

    @Test
    void aWrongFieldInsideACellIsNamedWithTheCell() throws Exception {
        String cell = CELL.replace("\"source\": \"System.out.println(\\\"the cell ran\\\");\"", "\"source\": 5");
        assertRefused(runText(notebookWith("cells", "[" + CELL.replace("\"a\"", "\"b\"") + ", " + cell + "]")),
                "cells[1].source: expected a string or a list of strings, got a number (5)");
        String badOutput = CELL.replace("\"outputs\": []", "\"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\"}]");
        assertRefused(runText(notebookWith("cells", "[" + badOutput + "]")), "cells[0].outputs[0]: the field \"text\" is missing");
        String badType = CELL.replace("\"code\"", "\"python\"");
        assertRefused(runText(notebookWith("cells", "[" + badType + "]")),
                "cells[0].cell_type: expected \"code\", \"markdown\" or \"raw\", got \"python\"");
        String twice = CELL + ", " + CELL;
        assertRefused(runText(notebookWith("cells", "[" + twice + "]")), "cells[1].id: \"a\" is the id of an earlier cell too");
    }

    @Test
    void lenientJsonIsRefused() throws Exception {
        assertRefused(runText(notebookWith("metadata", "{kernelspec: {}}")), "is not JSON, so not a notebook");
        assertRefused(runText(notebookWith("metadata", "{'a': 'b'}")), "is not JSON, so not a notebook");
        assertRefused(runText(notebookWith("metadata", "{} // a comment")), "is not JSON, so not a notebook");
        assertRefused(runText(notebookWith("metadata", "{}") + " {}"), "is not JSON, so not a notebook");
    }

    @Test
    void invalidUtf8IsNamedWithItsByteOffset() throws Exception {
        byte[] valid = notebookWith("metadata", "{\"note\": \"caf\u00e9\"}").getBytes(StandardCharsets.UTF_8);
        int offset = indexOf(valid, (byte) 0xC3);
        valid[offset] = (byte) 0xFF;
        ProcessRun run = runBytes(valid);
        assertRefused(run, "not UTF-8 (byte offset " + offset + " starts an invalid sequence)");
    }

    @Test
    void aByteOrderMarkIsRefusedAsNbformatRefusesIt() throws Exception {
        byte[] text = notebookWith("metadata", "{}").getBytes(StandardCharsets.UTF_8);
        byte[] withMark = new byte[text.length + 3];
        withMark[0] = (byte) 0xEF;
        withMark[1] = (byte) 0xBB;
        withMark[2] = (byte) 0xBF;
        System.arraycopy(text, 0, withMark, 3, text.length);
        ProcessRun run = runBytes(withMark);
        assertRefused(run, "is not JSON, so not a notebook: it starts with a UTF-8 byte-order mark");
        assertEquals(1, run.output().lines().filter(line -> line.startsWith("jnb run: ")).count(), run.output());
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("no byte " + wanted);
    }
}

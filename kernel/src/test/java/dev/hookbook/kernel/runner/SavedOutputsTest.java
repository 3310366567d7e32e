package dev.hookbook.kernel.runner;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The stale-output check: a changed output is reported, what the notebook marks as varying is not. */
class SavedOutputsTest {

    @TempDir
    Path dir;

    private Path notebook(String name, String metadata, String cellMetadata, String text) throws Exception {
        return Files.writeString(dir.resolve(name), "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": " + metadata
                + ", \"cells\": [{\"id\": \"a\", \"cell_type\": \"code\", \"metadata\": " + cellMetadata
                + ", \"execution_count\": 1, \"source\": \"\", \"outputs\": [{\"output_type\": \"stream\", \"name\": \"stdout\","
                + " \"text\": \"" + text + "\"}]}]}");
    }

    @Test
    void aChangedOutputIsReportedWithItsCell() throws Exception {
        Path saved = notebook("saved.ipynb", "{}", "{}", "loss 0.25\\n");
        Path fresh = notebook("fresh.ipynb", "{}", "{}", "loss 0.26\\n");
        List<String> differences = SavedOutputs.differences(saved, fresh);
        assertEquals(1, differences.size(), differences::toString);
        assertTrue(differences.get(0).startsWith("cell 0 (\"a\"): saved [loss 0.25]"), differences::toString);
        assertTrue(SavedOutputs.differences(saved, saved).isEmpty());
    }

    @Test
    void varyingTextIsMaskedAndTheRestStillCompared() throws Exception {
        String metadata = "{\"hookbook\": {\"varying_text\": [\"in \\\\d+ s\"]}}";
        Path saved = notebook("saved.ipynb", metadata, "{}", "trained in 74 s, loss 0.25\\n");
        assertTrue(SavedOutputs.differences(saved, notebook("fresh.ipynb", "{}", "{}", "trained in 51 s, loss 0.25\\n")).isEmpty());
        assertEquals(1, SavedOutputs.differences(saved, notebook("other.ipynb", "{}", "{}", "trained in 51 s, loss 0.3\\n")).size());
    }

    @Test
    void aCellMarkedVaryingIsLeftOut() throws Exception {
        Path saved = notebook("saved.ipynb", "{}", "{\"hookbook\": {\"varying\": true}}", "took 3 ms\\n");
        assertTrue(SavedOutputs.differences(saved, notebook("fresh.ipynb", "{}", "{}", "took 5 ms\\n")).isEmpty());
    }

    @Test
    void numbersAreComparedOnlyWhenTheRunAddedFloatsInTheSameOrder() throws Exception {
        String here = "{\"hookbook\": {\"summation_order\": \"512-bit lanes, 2 threads\"}}";
        String there = "{\"hookbook\": {\"summation_order\": \"256-bit lanes, 4 threads\"}}";
        Path saved = notebook("saved.ipynb", here, "{}", "epoch 2: test accuracy 90.4%, 1,386 params\\n");
        // Same order: a changed number is a stale output.
        assertEquals(1, SavedOutputs.differences(saved, notebook("same.ipynb", here, "{}", "epoch 2: test accuracy 90.6%, 1,386 params\\n")).size());
        // Another order: the numbers are masked, the words still compared.
        assertTrue(SavedOutputs.differences(saved, notebook("other.ipynb", there, "{}", "epoch 2: test accuracy 91.2%, 1,386 params\\n")).isEmpty());
        assertEquals(1, SavedOutputs.differences(saved, notebook("words.ipynb", there, "{}", "epoch 2: train accuracy 91.2%, 1,386 params\\n")).size());
    }

    @Test
    void aCellRankedByResultsIsComparedOnlyWhenTheRunAddedFloatsInTheSameOrder() throws Exception {
        String here = "{\"hookbook\": {\"summation_order\": \"512-bit lanes, 2 threads\"}}";
        String there = "{\"hookbook\": {\"summation_order\": \"256-bit lanes, 2 threads\"}}";
        String ranked = "{\"hookbook\": {\"ranked_by_results\": true}}";
        Path saved = notebook("saved.ipynb", here, ranked, "Shirt recall 60%\\nCoat recall 70%\\n");
        String reordered = "Coat recall 61%\\nShirt recall 62%\\n";
        // Same order: the ranking is the trained model's own, so a new order is a stale output.
        assertEquals(1, SavedOutputs.differences(saved, notebook("same.ipynb", here, ranked, reordered)).size());
        // Another order: another model, another ranking; the cell is left out.
        assertTrue(SavedOutputs.differences(saved, notebook("other.ipynb", there, ranked, reordered)).isEmpty());
        // Unmarked, the reordered words are still a difference.
        Path plain = notebook("plain.ipynb", here, "{}", "Shirt recall 60%\\nCoat recall 70%\\n");
        assertEquals(1, SavedOutputs.differences(plain, notebook("plain-other.ipynb", there, "{}", reordered)).size());
    }

    @Test
    void theRunnerNotesTheOrderOfItsSums() {
        String order = SummationOrder.ofThisJvm();
        assertTrue(order.matches("(\\d+-bit lanes|scalar), \\d+ threads"), order);
        assertTrue(order.endsWith(Runtime.getRuntime().availableProcessors() + " threads"), order);
    }

    @Test
    void aDeviceDependentCellIsComparedOnlyWithARunThatHadTheSameDevices() throws Exception {
        String withOpenCl = "{\"hookbook\": {\"devices\": \"cpu, opencl:0\"}}";
        String cpuOnly = "{\"hookbook\": {\"devices\": \"cpu\"}}";
        String dependent = "{\"hookbook\": {\"device_dependent\": true}}";
        Path saved = notebook("saved.ipynb", withOpenCl, dependent, "[cpu, opencl:0]\\non opencl:0: accuracy 98.3%\\n");
        String noDriver = "[cpu]\\nno OpenCL driver\\n";
        // A machine without the device prints other lines: the cell is left out there.
        assertTrue(SavedOutputs.differences(saved, notebook("cpu.ipynb", cpuOnly, dependent, noDriver)).isEmpty());
        // Where the devices are the same, the cell is compared as any other.
        assertEquals(1, SavedOutputs.differences(saved, notebook("same.ipynb", withOpenCl, dependent, noDriver)).size());
        // Unmarked, the other lines are a difference.
        Path plain = notebook("plain.ipynb", withOpenCl, "{}", "[cpu, opencl:0]\\n");
        assertEquals(1, SavedOutputs.differences(plain, notebook("plain-cpu.ipynb", cpuOnly, "{}", noDriver)).size());
    }

    @Test
    void theRunnerNotesTheDevicesWithoutTheirDriversDescriptions() {
        String devices = RunDevices.ofThisMachine();
        assertTrue(devices.matches("cpu(, opencl:\\d+)*"), devices);
    }
}

package dev.hookbook.interp;

import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.ToDoubleFunction;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Activation patching worked out by hand on models whose metric is a sum. */
class PatchingTest {
    private static final ToDoubleFunction<Tensor> SUM = t -> t.sum().item();

    /** x [B, T] doubled through hook_a, then summed over positions. */
    static final class Positions extends Module {
        final HookPoint hookA = addModule("hook_a", new HookPoint());

        @Override
        protected Tensor forward(Tensor x) {
            return hookA.call(x.mul(2f)).sum(1, true);
        }
    }

    @Test
    void eachPositionPatchedAloneGivesItsShareOfTheMetric() {
        Patching.Result r = Patching.run(new Positions(), Tensor.of(new float[]{1, 2, 3}, 1, 3), Tensor.zeros(1, 3), SUM, "hook_a");
        assertTensor(new float[]{2, 4, 6}, new int[]{1, 3}, r.values());
        assertEquals(12, r.clean(), 1e-6);
        assertEquals(0, r.corrupted(), 1e-6);
        assertTensor(new float[]{1f / 6, 2f / 6, 3f / 6}, new int[]{1, 3}, r.normalized());
        assertEquals(Patching.Slices.POSITION, r.slices());
        Heatmap chart = r.chart();
        assertEquals(List.of("hook_a"), chart.rowLabels());
        assertEquals(List.of("0", "1", "2"), chart.columnLabels());
        assertTrue(chart.title().startsWith("Activation patching by position"), chart.title());
        assertEquals(List.of("0 a", "1 b", "2 c"), r.chart(List.of("a", "b", "c")).columnLabels());
    }

    @Test
    void eachHeadOfHookZIsPatchedAtEveryPosition() {
        InterpTest.Heads model = new InterpTest.Heads();
        // clean: head h holds h + 1 everywhere (2 positions x 2 features), corrupted: zeros.
        float[] clean = new float[2 * 3 * 2 * 2];
        for (int i = 0; i < clean.length; i++) clean[i] = (i / 4) % 3 + 1;
        Patching.Result r = Patching.run(model, Tensor.of(clean, 2, 3, 2, 2), Tensor.zeros(2, 3, 2, 2), SUM, "*.hook_z");
        assertTensor(new float[]{8, 16, 24}, new int[]{1, 3}, r.values());
        assertEquals(Patching.Slices.HEAD, r.slices());
        assertEquals(List.of("H0", "H1", "H2"), r.chart().columnLabels());
        assertEquals(List.of("attn.hook_z"), r.names());
        assertMessage(IllegalArgumentException.class, () -> r.chart(List.of("a", "b", "c")), "this result is per head");
        assertEquals(0, model.hooks().size());
    }

    @Test
    void perHeadAndPositionPatchesOneHeadAtOnePosition() {
        InterpTest.Heads model = new InterpTest.Heads();
        // clean [1, 2 heads, 3 positions, 1]: head h at position t holds 10 h + t + 1; corrupted: zeros.
        Tensor clean = Tensor.of(new float[]{1, 2, 3, 11, 12, 13}, 1, 2, 3, 1);
        Patching.Result r = Patching.runPerHeadAndPosition(model, clean, Tensor.zeros(1, 2, 3, 1), SUM, "attn.hook_z");
        assertTensor(new float[]{1, 2, 3, 11, 12, 13}, new int[]{1, 2, 3}, r.values());
        assertEquals(Patching.Slices.HEAD_AND_POSITION, r.slices());
        Heatmap chart = r.chart(List.of("a", "b", "c"));
        assertEquals(List.of("attn.hook_z H0", "attn.hook_z H1"), chart.rowLabels());
        assertEquals(List.of("0 a", "1 b", "2 c"), chart.columnLabels());
        assertArrayEquals(new int[]{2, 3}, chart.values().shape());
        assertMessage(IllegalArgumentException.class, () -> Patching.runPerHeadAndPosition(model, clean, clean, SUM, "attn"),
                "expected hook_z names", "[attn]", "Patching.run");
    }

    @Test
    void badCallsSayWhatWasExpected() {
        InterpTest.Heads model = new InterpTest.Heads();
        Tensor x = Tensor.zeros(1, 3, 2, 2);
        assertMessage(IllegalArgumentException.class, () -> Patching.run(model, x, x, SUM, "attn", "attn.hook_z"),
                "expected names of one kind", "[attn, attn.hook_z]");
        assertMessage(IllegalArgumentException.class, () -> Patching.run(model, x, Tensor.zeros(1, 3, 2, 1), SUM, "attn"),
                "expected clean and corrupted inputs of one shape, got [1, 3, 2, 2] and [1, 3, 2, 1]");
        assertMessage(IllegalArgumentException.class, () -> Patching.run(model, x, x, SUM), "expected at least one activation name");
        assertMessage(IllegalArgumentException.class, () -> Patching.run(model, x, x, SUM, "attn.hook_q"), "close names: attn.hook_z");
    }

    @Test
    void logitDifferenceReadsTheLastPositionAndAveragesOverTheBatch() {
        Tensor logits = Tensor.arange(24).reshape(2, 3, 4);          // logits[b, 2, k] = 12 b + 8 + k
        assertEquals(2.0, Patching.logitDifference(3, 1).applyAsDouble(logits), 1e-6);
        Tensor perBatch = Tensor.of(new float[]{0, 1, 2, 3, 4, 9, 6, 7}, 2, 4);
        assertEquals(((0 - 3) + (4 - 7)) / 2.0, Patching.logitDifference(0, 3).applyAsDouble(perBatch), 1e-6);
        assertMessage(IllegalArgumentException.class, () -> Patching.logitDifference(0, 4).applyAsDouble(logits),
                "expected tokens in [0, 4), got 0 and 4");
        assertMessage(IllegalArgumentException.class, () -> Patching.logitDifference(0, 1).applyAsDouble(Tensor.zeros(4)),
                "expected logits [B, T, vocab] or [B, classes], got [4]");
    }
}

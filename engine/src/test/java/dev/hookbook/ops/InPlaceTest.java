package dev.hookbook.ops;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.autograd.GradCheck;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The in-place and {@code Into} forms of the element-wise ops: the same floats as the ops that
 * allocate, written into the memory that was there, and autograd's rules for them as PyTorch's
 * (versions, new histories, refusals). Values and gradients against PyTorch: {@code InPlaceOpsGoldenTest}.
 */
class InPlaceTest {
    private static Tensor randn(int... shape) {
        return Tensor.randn(shape);
    }

    @Test
    void eachFormWritesTheSameFloatsAsTheOpThatAllocatesIntoTheSameMemory() {
        Hookbook.manualSeed(1);
        Tensor a = randn(64, 80), b = randn(64, 80), row = randn(80), positive = Tensor.rand(64, 80).add(0.5f);
        Object[][] cases = {
                {a.add(b), (java.util.function.UnaryOperator<Tensor>) t -> t.addInPlace(b)},
                {a.sub(row), (java.util.function.UnaryOperator<Tensor>) t -> t.subInPlace(row)},
                {a.mul(b), (java.util.function.UnaryOperator<Tensor>) t -> t.mulInPlace(b)},
                {a.div(positive), (java.util.function.UnaryOperator<Tensor>) t -> t.divInPlace(positive)},
                {a.add(2.5f), (java.util.function.UnaryOperator<Tensor>) t -> t.addInPlace(2.5f)},
                {a.sub(2.5f), (java.util.function.UnaryOperator<Tensor>) t -> t.subInPlace(2.5f)},
                {a.mul(-3f), (java.util.function.UnaryOperator<Tensor>) t -> t.mulInPlace(-3f)},
                {a.div(7f), (java.util.function.UnaryOperator<Tensor>) t -> t.divInPlace(7f)},
                {a.relu(), (java.util.function.UnaryOperator<Tensor>) Tensor::reluInPlace},
                {a.exp(), (java.util.function.UnaryOperator<Tensor>) Tensor::expInPlace},
                {a.tanh(), (java.util.function.UnaryOperator<Tensor>) Tensor::tanhInPlace},
                {a.sigmoid(), (java.util.function.UnaryOperator<Tensor>) Tensor::sigmoidInPlace},
                {a.neg(), (java.util.function.UnaryOperator<Tensor>) Tensor::negInPlace},
                {a.clamp(-0.3f, 0.7f), (java.util.function.UnaryOperator<Tensor>) t -> t.clampInPlace(-0.3f, 0.7f)},
        };
        for (Object[] c : cases) {
            Tensor expected = (Tensor) c[0];
            @SuppressWarnings("unchecked")
            var op = (java.util.function.UnaryOperator<Tensor>) c[1];
            Tensor target = a.clone(), alias = target.detach();
            var storage = target.storage();
            assertSame(target, op.apply(target), "an in-place form returns its target");
            assertSame(storage, target.storage(), "and keeps its memory");
            assertArrayEquals(expected.toFloatArray(), target.toFloatArray(), 0f);
            assertArrayEquals(expected.toFloatArray(), alias.toFloatArray(), 0f, "every alias of the memory sees the change");
        }
        Tensor out = Tensor.zeros(64, 80);
        assertSame(out, a.addInto(b, out));
        assertArrayEquals(a.add(b).toFloatArray(), out.toFloatArray(), 0f);
        assertArrayEquals(a.sub(row).toFloatArray(), a.subInto(row, out).toFloatArray(), 0f);
        assertArrayEquals(a.mul(b).toFloatArray(), a.mulInto(b, out).toFloatArray(), 0f);
        assertArrayEquals(a.div(positive).toFloatArray(), a.divInto(positive, out).toFloatArray(), 0f);
        assertArrayEquals(new float[]{2f, 2f, 2f}, Tensor.zeros(3).fillInPlace(2f).toFloatArray(), 0f);
        assertArrayEquals(new float[]{0f, 0f}, Tensor.ones(2).zeroInPlace().toFloatArray(), 0f);
    }

    @Test
    void stridedTargetsAndOperandsThatOverlapTheTargetGiveTheValuesOfTheCopy() {
        Hookbook.manualSeed(2);
        Tensor m = randn(5, 5);
        float[] expected = m.add(m.transpose(0, 1)).toFloatArray();
        // the operand reads the target's own memory in another order: it must be read before it is overwritten
        Tensor target = m.clone();
        target.addInPlace(target.transpose(0, 1));
        assertArrayEquals(expected, target.toFloatArray(), 0f);

        Tensor twice = m.clone();
        assertArrayEquals(m.mul(2f).toFloatArray(), twice.addInPlace(twice).toFloatArray(), 0f);

        // a transposed (not contiguous) target
        Tensor base = m.clone();
        base.transpose(0, 1).mulInPlace(randnSeeded());
        Tensor again = m.clone().transpose(0, 1).mul(randnSeeded()).transpose(0, 1);
        assertArrayEquals(again.toFloatArray(), base.toFloatArray(), 0f);
        base.transpose(0, 1).reluInPlace();
        assertArrayEquals(again.relu().toFloatArray(), base.toFloatArray(), 0f);

        // out overlapping an operand in another order
        Tensor o = m.clone();
        o.addInto(o.transpose(0, 1), o);
        assertArrayEquals(expected, o.toFloatArray(), 0f);
    }

    private static Tensor randnSeeded() {
        Hookbook.manualSeed(9);
        return randn(5, 5);
    }

    @Test
    void badShapesAndDevicesAreRefusedInOneLine() {
        Tensor row = Tensor.zeros(4), matrix = Tensor.zeros(3, 4);
        var grow = assertThrows(IllegalArgumentException.class, () -> row.addInPlace(matrix));
        assertEquals("addInPlace: the operand's shape [3, 4] does not broadcast to the target's shape [4] (the target cannot grow)",
                grow.getMessage());
        var out = assertThrows(IllegalArgumentException.class, () -> matrix.mulInto(row, Tensor.zeros(4, 3)));
        assertEquals("mulInto: out has shape [4, 3], the result of [3, 4] and [4] has shape [3, 4]", out.getMessage());
    }

    @Test
    void aLeafThatRequiresGradChangesInPlaceOnlyWithoutRecording() {
        Tensor w = Tensor.ones(3).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class, () -> w.mulInPlace(2f));
        assertTrue(e.getMessage().startsWith("mulInPlace: a leaf tensor that requires grad (shape [3]) cannot change in place"),
                e.getMessage());
        assertArrayEquals(new float[]{1, 1, 1}, w.toFloatArray(), 0f, "a refused op changes nothing");
        try (var g = Autograd.noGrad()) {
            w.mulInPlace(2f);
        }
        assertArrayEquals(new float[]{2, 2, 2}, w.toFloatArray(), 0f);
        assertTrue(w.isLeaf() && w.requiresGrad(), "a change without recording leaves the leaf a leaf");
    }

    @Test
    void eachWriteCountsAVersionSharedByEveryView() {
        Tensor t = Tensor.zeros(2, 3), view = t.view(6);
        int before = t.storage().version();
        t.addInPlace(1f);
        view.reluInPlace();
        t.transpose(0, 1).mulInPlace(2f);
        Tensor.ones(6).addInto(view, view);
        t.assign(Tensor.ones(3));
        assertEquals(before + 5, view.storage().version());
        assertEquals(before, t.add(1f).storage().version() + before, "a result of an op that allocates starts at version 0");
    }

    @Test
    void backwardRefusesASavedTensorChangedAfterItWasSaved() {
        Tensor x = Tensor.of(new float[]{0.5f, -1f, 2f}, 3).requiresGrad(true);
        Tensor y = x.exp(); // ExpBackward keeps its result
        y.addInPlace(1f);
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("ExpBackward: a tensor of shape [3] it saved for backward was changed in place afterwards"
                + " (saved at version 0, now at version 1)"), e.getMessage());

        // the same through an alias that records nothing
        Tensor z = x.exp();
        try (var g = Autograd.noGrad()) {
            z.detach().mulInPlace(2f);
        }
        assertThrows(IllegalStateException.class, () -> z.sum().backward());

        // a tensor no node saved may change: Add keeps nothing
        Tensor s = x.add(1f);
        s.mulInPlace(3f);
        s.sum().backward();
        assertArrayEquals(new float[]{3, 3, 3}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void anInPlaceOpGivesItsTargetANewHistoryAndOlderViewsAreRefused() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3).requiresGrad(true);
        Tensor y = x.mul(2f);
        assertEquals("MulBackward", y.gradFn());
        Tensor before = y.view(6);
        y.mulInPlace(3f);
        assertEquals("MulBackward", y.gradFn());
        assertNotSame(before.gradFnNode().nextFunctions().get(0), y.gradFnNode(),
                "the view made before leads to the old history");
        var e = assertThrows(IllegalStateException.class, () -> before.sum());
        assertTrue(e.getMessage().startsWith("a tensor of shape [6] made by ViewBackward shares its storage with a tensor that an"
                + " in-place op changed afterwards"), e.getMessage());

        Tensor after = y.view(6); // made after the change: its history goes through it
        after.sum().backward();
        assertArrayEquals(new float[]{6, 6, 6, 6, 6, 6}, x.grad().toFloatArray(), 0f);
    }

    @Test
    void intoFormsRecordNothingSoTheyRefuseOperandsThatRequireGrad() {
        Tensor w = Tensor.ones(3).requiresGrad(true), out = Tensor.zeros(3);
        var e = assertThrows(IllegalStateException.class, () -> w.addInto(Tensor.ones(3), out));
        assertEquals("addInto: writing into out records no gradient, but an operand requires grad; use add (or write inside Autograd.noGrad())",
                e.getMessage());
        try (var g = Autograd.noGrad()) {
            w.addInto(Tensor.ones(3), out);
        }
        assertArrayEquals(new float[]{2, 2, 2}, out.toFloatArray(), 0f);
        assertTrue(out.isLeaf() && !out.requiresGrad());
    }

    @Test
    void finiteDifferencesAgreeWithTheGradientsThroughInPlaceChains() {
        Hookbook.manualSeed(4);
        Tensor positive = Tensor.rand(3, 4).add(0.5f);
        var r = GradCheck.check(x -> x[0].mul(1.5f).addInPlace(x[1]).mulInPlace(x[2]).divInPlace(x[3]).sub(0.25f).reluInPlace(),
                randn(3, 4), randn(4), randn(3, 4), positive);
        assertTrue(r.passed(), r.toString());
        var maps = GradCheck.check(x -> x[0].mul(0.7f).tanhInPlace().mul(x[1]).sigmoidInPlace().mul(x[0]).negInPlace()
                .add(x[1]).clampInPlace(-0.6f, 0.6f).mul(0.5f).expInPlace(), randn(3, 4), randn(3, 4));
        assertTrue(maps.passed(), maps.toString());
        var self = GradCheck.check(x -> x[0].mul(1f).mulInPlace(x[0].add(1f)).divInPlace(x[1]), randn(2, 3), positive.narrow(0, 0, 2).narrow(1, 0, 3).contiguous());
        assertTrue(self.passed(), self.toString());
    }

    @Test
    void secondDerivativesFlowThroughInPlaceOps() {
        Hookbook.manualSeed(5);
        var r = GradCheck.gradGradCheck(x -> x[0].mul(x[0]).mulInPlace(x[1]).divInPlace(x[1].add(3f)).add(x[0]),
                randn(2, 3), Tensor.rand(2, 3));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void anOptimizerStepCountsAsAChangeInPlaceAsInPyTorch() {
        Tensor w = Tensor.ones(2, 2).requiresGrad(true), x = Tensor.ones(3, 2);
        Tensor loss = x.matmul(w).sum(); // the product keeps w for x's gradient... and x for w's
        loss.backward(Tensor.scalar(1f), true);
        int before = w.storage().version();
        new dev.hookbook.optim.SGD(java.util.List.of(w), 0.1f).step();
        assertEquals(before + 1, w.storage().version());
        // w's gradient needs only x, which did not change: PyTorch's mm saves w only when x needs a gradient
        loss.backward(Tensor.scalar(1f), true);
        Tensor xs = Tensor.ones(3, 2).requiresGrad(true);
        Tensor second = xs.matmul(w).sum();
        second.backward(Tensor.scalar(1f), true);
        new dev.hookbook.optim.SGD(java.util.List.of(w), 0.1f).step();
        var e = assertThrows(IllegalStateException.class, () -> second.backward(Tensor.scalar(1f)));
        assertTrue(e.getMessage().contains("it saved for backward was changed in place afterwards"), e.getMessage());
    }
}

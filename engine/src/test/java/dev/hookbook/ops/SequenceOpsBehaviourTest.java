package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.autograd.Node;
import dev.hookbook.nn.GELU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.CallTrace;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the sequence ops share, keep and refuse: views, node names, the GELU module, one-line errors. */
class SequenceOpsBehaviourTest {

    @Test
    void narrowSplitAndChunkAreViewsOfTheirInput() {
        Tensor x = Tensor.arange(12).reshape(3, 4);
        Tensor n = x.narrow(1, 1, 2);
        assertSame(x.storage(), n.storage());
        assertArrayEquals(new float[]{1, 2, 5, 6, 9, 10}, n.toFloatArray());
        List<Tensor> pieces = x.split(3, 1);
        assertEquals(2, pieces.size());
        assertArrayEquals(new int[]{3, 1}, pieces.get(1).shape());
        pieces.forEach(p -> assertSame(x.storage(), p.storage()));
        List<Tensor> chunks = Tensor.arange(5).chunk(3, 0);
        assertEquals(3, chunks.size());
        assertArrayEquals(new float[]{4}, chunks.get(2).toFloatArray());
        assertEquals(2, Tensor.arange(6).chunk(4, 0).get(0).numel(), "chunk sizes are ceil(6 / 4)");
    }

    @Test
    void nodesAreNamedAsInPyTorch() {
        Tensor x = Tensor.randn(3, 4).requiresGrad(true);
        assertEquals("CatBackward", Tensor.cat(0, x, x).gradFn());
        assertEquals("StackBackward", Tensor.stack(0, x, x).gradFn());
        assertEquals("SliceBackward", x.narrow(0, 0, 1).gradFn());
        assertEquals("SplitBackward", x.split(2, 1).get(0).gradFn());
        assertEquals("IndexSelectBackward", x.indexSelect(0, Tensor.of(new float[]{1}, 1)).gradFn());
        assertEquals("GatherBackward", x.gather(1, Tensor.zeros(3, 1)).gradFn());
        assertEquals("MaskedFillBackward", x.maskedFill(Tensor.zeros(4), 1f).gradFn());
        assertEquals("WhereBackward", Tensor.where(Tensor.zeros(4), x, x).gradFn());
        assertEquals("VarBackward", x.var(0, false).gradFn());
        assertEquals("StdBackward", x.std(0, false).gradFn());
        assertEquals("ErfBackward", x.erf().gradFn());
        assertEquals("GeluBackward", x.gelu().gradFn());
        assertEquals("ClampBackward", x.clamp(0, 1).gradFn());
        assertEquals("MaximumBackward", x.maximum(x).gradFn());
        assertEquals("TopkBackward", x.topk(1, 1).gradFn());
        assertEquals("TrilBackward", x.tril().gradFn());
        assertNull(x.topkIndices(1, 1).gradFn(), "indices are not differentiable");
    }

    @Test
    void splitPiecesShareOneNodeAsInPyTorch() {
        Tensor x = Tensor.arange(15).reshape(5, 3).requiresGrad(true);
        List<Tensor> pieces = x.split(2, 0); // rows 0-1, 2-3, 4
        Node node = pieces.get(0).gradFnNode();
        pieces.forEach(p -> assertSame(node, p.gradFnNode(), "every piece is an output of the same SplitBackward"));
        assertEquals(3, node.numOutputs());
        assertEquals(1, node.nextFunctions().size(), "one input, x");
        assertTrue(x.split(2, 0).get(0).gradFnNode() != node, "another split is another node");
    }

    @Test
    void aPieceWithoutGradientCountsAsZeros() {
        Tensor x = Tensor.arange(15).reshape(5, 3).requiresGrad(true);
        List<Tensor> pieces = x.split(2, 0);
        pieces.get(0).sum().add(pieces.get(2).mul(2f).sum()).backward(); // the middle piece is not used
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2, 2, 2}, x.grad().toFloatArray());
    }

    @Test
    void hooksAndRetainGradSeeTheirOwnPiece() {
        Tensor x = Tensor.arange(6).reshape(3, 2).requiresGrad(true);
        List<Tensor> pieces = x.chunk(3, 0);
        pieces.get(1).retainGrad();
        pieces.get(2).registerHook(g -> g.mul(10f));
        Tensor.cat(0, pieces.get(0), pieces.get(1).mul(3f), pieces.get(2)).sum().backward();
        assertArrayEquals(new float[]{3, 3}, pieces.get(1).grad().toFloatArray());
        assertArrayEquals(new float[]{1, 1, 3, 3, 10, 10}, x.grad().toFloatArray());
    }

    @Test
    void aTraceShowsASplitOnceWithAllItsPieces() {
        Tensor x = Tensor.randn(2, 6).requiresGrad(true);
        String trace = CallTrace.record(() -> x.chunk(3, 1)).toString();
        assertTrue(trace.contains("op Split([2, 6]) -> [2, 2], [2, 2], [2, 2]"), trace);
        assertEquals(1, trace.split("op Split", -1).length - 1, trace);
    }

    @Test
    void trianglesOfOnesAndOfAMatrix() {
        assertArrayEquals(new float[]{1, 0, 0, 1, 1, 0, 1, 1, 1}, Tensor.tril(3).toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1, 0, 1, 1, 0, 0, 1}, Tensor.triu(3).toFloatArray());
        assertArrayEquals(new float[]{1, 0, 0, 4, 5, 0}, Tensor.arange(1, 7).reshape(2, 3).tril().toFloatArray());
        assertMessage(IllegalArgumentException.class, () -> Tensor.arange(3).tril(), "tril", "at least 2 dims", "[3]");
    }

    @Test
    void geluModuleHasPyTorchsRepr() {
        assertEquals("GELU(approximate='none')", new GELU().toString());
        Sequential mlp = new Sequential(new Linear(4, 8), new GELU(), new Linear(8, 4));
        assertTrue(mlp.toString().contains("(1): GELU(approximate='none')"), mlp::toString);
        Tensor x = Tensor.of(new float[]{-1, 0, 1}, 3);
        assertArrayEquals(x.gelu().toFloatArray(), new GELU().call(x).toFloatArray());
    }

    @Test
    void clampAndMaximumKeepNan() {
        Tensor x = Tensor.of(new float[]{Float.NaN, -3, 0.25f, 9}, 4);
        assertArrayEquals(new float[]{Float.NaN, -1, 0.25f, 1}, x.clamp(-1, 1).toFloatArray());
        assertArrayEquals(new float[]{Float.NaN, 0, 0.25f, 9}, x.maximum(Tensor.scalar(0f)).toFloatArray());
        assertArrayEquals(new float[]{Float.NaN, -1, -1, -1}, x.clamp(1, -1).toFloatArray(), "max wins when min > max");
    }

    @Test
    void badInputGivesOneLineErrorsWithShapes() {
        Tensor a = Tensor.zeros(2, 3), b = Tensor.zeros(2, 4);
        assertMessage(IllegalArgumentException.class, () -> Tensor.cat(0, a, b), "cat", "except in dim 0", "[2, 3]", "[2, 4]", "tensor 1");
        assertMessage(IllegalArgumentException.class, () -> Tensor.cat(2, a, a), "cat", "dim 2", "out of range");
        assertMessage(IllegalArgumentException.class, () -> Tensor.cat(0), "cat", "at least one tensor");
        assertMessage(IllegalArgumentException.class, () -> Tensor.stack(0, a, b), "stack", "[2, 3]", "[2, 4]", "entry 1");
        assertMessage(IllegalArgumentException.class, () -> a.narrow(1, 2, 2), "narrow", "start 2", "length 2", "size 3", "[2, 3]");
        assertMessage(IllegalArgumentException.class, () -> a.split(0, 1), "split", "positive", "got 0");
        assertMessage(IllegalArgumentException.class, () -> a.chunk(0, 1), "chunk", "got 0");
        assertMessage(IllegalArgumentException.class, () -> a.indexSelect(1, Tensor.of(new float[]{0, 3}, 2)),
                "indexSelect", "index 3", "dim 1 of size 3", "0 <= index < 3", "input [2, 3]", "index [2]");
        assertMessage(IllegalArgumentException.class, () -> a.indexSelect(0, Tensor.of(new float[]{0.5f}, 1)),
                "indexSelect", "whole-number indices, got 0.5", "position 0", "input [2, 3]");
        assertMessage(IllegalArgumentException.class, () -> a.indexSelect(0, Tensor.zeros(1, 1)), "indexSelect", "1-D index", "[1, 1]");
        assertMessage(IllegalArgumentException.class, () -> a.gather(1, Tensor.of(new float[]{-1}, 1, 1)),
                "gather", "index -1", "size 3", "input [2, 3]", "index [1, 1]");
        assertMessage(IllegalArgumentException.class, () -> a.gather(1, Tensor.zeros(3, 1)), "gather", "no larger than the input", "index [3, 1]");
        assertMessage(IllegalArgumentException.class, () -> a.gather(1, Tensor.zeros(3)), "gather", "2 dims", "index [3]");
        assertMessage(IllegalArgumentException.class, () -> a.maskedFill(Tensor.zeros(4), 0f), "maskedFill", "[2, 3]", "[4]");
        assertMessage(IllegalArgumentException.class, () -> Tensor.where(Tensor.zeros(2, 3), a, b), "where", "[2, 3]", "[2, 4]");
        assertMessage(IllegalArgumentException.class, () -> a.var(2, false), "var", "dim 2", "out of range");
        assertMessage(IllegalArgumentException.class, () -> a.maximum(b), "maximum", "[2, 3]", "[2, 4]");
    }
}

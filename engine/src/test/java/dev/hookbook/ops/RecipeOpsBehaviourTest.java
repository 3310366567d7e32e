package dev.hookbook.ops;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the fixtures cannot show: which value stays where scatter and indexPut write one element
 * twice, what the ops save for backward, that clone owns its storage, and the one-line errors
 * for bad arguments.
 */
class RecipeOpsBehaviourTest {

    @Test
    void theLaterOfTwoValuesForOneElementStays() {
        Tensor x = Tensor.zeros(2, 3);
        Tensor idx = Tensor.of(new float[]{1, 1, 0, 1, 0, 0}, 2, 3);
        Tensor src = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        // column 0: rows 1 then 1 again (4 stays); column 1: rows 1, 0; column 2: rows 0, 0 (6 stays)
        assertArrayEquals(new float[]{0, 5, 6, 4, 2, 0}, x.scatter(0, idx, src).toFloatArray());
        assertArrayEquals(new float[]{0, 7, 0}, Tensor.zeros(3).indexPut(new Tensor[]{Tensor.of(new float[]{1, 1}, 2)},
                Tensor.of(new float[]{5, 7}, 2)).toFloatArray());
        assertArrayEquals(new float[]{0, 12, 0}, Tensor.zeros(3).indexPut(new Tensor[]{Tensor.of(new float[]{1, 1}, 2)},
                Tensor.of(new float[]{5, 7}, 2), true).toFloatArray());
        assertArrayEquals(new float[]{5, 10, 14, 10, 7, 5}, x.add(5f).scatterAdd(0, idx, src).toFloatArray());
    }

    @Test
    void indexPutWritesWholeRowsAndLeavesItsInputAlone() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 3, 2);
        Tensor y = x.indexPut(new Tensor[]{Tensor.of(new float[]{-1}, 1)}, Tensor.of(new float[]{9}, 1));
        assertArrayEquals(new float[]{1, 2, 3, 4, 9, 9}, y.toFloatArray());
        assertArrayEquals(new float[]{1, 2, 3, 4, 5, 6}, x.toFloatArray());
        Tensor masked = x.indexPut(Tensor.of(new float[]{1, 0, 1, 0, 0, 1}, 3, 2), Tensor.scalar(0f));
        assertArrayEquals(new float[]{0, 2, 0, 4, 5, 0}, masked.toFloatArray());
        // an empty mask writes nothing, and the values still get a (zero) gradient
        Tensor v = Tensor.of(new float[]{7, 8}, 2).requiresGrad(true), leaf = x.detach().requiresGrad(true);
        Tensor none = leaf.indexPut(Tensor.zeros(3), v);
        assertEquals("IndexPutBackward", none.gradFn());
        assertArrayEquals(x.toFloatArray(), none.toFloatArray());
        none.sum().backward();
        assertArrayEquals(new float[]{0, 0}, v.grad().toFloatArray());
        assertArrayEquals(new float[]{1, 1, 1, 1, 1, 1}, leaf.grad().toFloatArray());
    }

    @Test
    void gradientsMaskWhatWasOverwritten() {
        Tensor x = Tensor.ones(2, 2).requiresGrad(true), v = Tensor.of(new float[]{3, 4}, 2).requiresGrad(true);
        Tensor y = x.indexPut(new Tensor[]{Tensor.of(new float[]{0, 1}, 2), Tensor.of(new float[]{1, 1}, 2)}, v);
        y.backward(Tensor.of(new float[]{1, 2, 3, 4}, 2, 2));
        assertArrayEquals(new float[]{1, 0, 3, 0}, x.grad().toFloatArray());
        assertArrayEquals(new float[]{2, 4}, v.grad().toFloatArray());
        Tensor x2 = Tensor.ones(2, 2).requiresGrad(true);
        x2.scatter(1, Tensor.of(new float[]{0, 1}, 2, 1), 5f).sum().backward();
        assertArrayEquals(new float[]{0, 1, 1, 0}, x2.grad().toFloatArray());
    }

    @Test
    void scatterKeepsItsIndexThroughTheSavedTensorHooks() {
        List<int[]> packed = new ArrayList<>();
        Tensor x = Tensor.ones(3, 2).requiresGrad(true), src = Tensor.ones(1, 2).requiresGrad(true);
        Tensor idx = Tensor.of(new float[]{2, 0}, 1, 2);
        Tensor y;
        try (var s = Autograd.savedTensorsHooks(t -> {
            packed.add(t.shape());
            return t.toFloatArray();
        }, o -> Tensor.of((float[]) o, 1, 2))) {
            y = x.scatter(0, idx, src);
        }
        assertEquals(1, packed.size());
        assertArrayEquals(new int[]{1, 2}, packed.get(0));
        assertArrayEquals(new int[]{1, 2}, y.gradFnNode().savedShapes().get(0));
        y.backward(Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 3, 2));
        assertArrayEquals(new float[]{5, 2}, src.grad().toFloatArray());
        assertArrayEquals(new float[]{1, 0, 3, 4, 0, 6}, x.grad().toFloatArray());
    }

    @Test
    void interpolateNamesItsNodesAsPyTorchAndKeepsSizesThatMatch() {
        Tensor x = Tensor.randn(1, 2, 3, 4).requiresGrad(true);
        assertEquals("UpsampleBilinear2dBackward", F.interpolate(x, new int[]{6, 8}, "bilinear").gradFn());
        assertEquals("UpsampleNearest2dBackward", F.interpolate(x, new float[]{2f}, "nearest").gradFn());
        assertEquals("UpsampleLinear1dBackward", F.interpolate(x.flatten(2), new int[]{5}, "linear").gradFn());
        assertArrayEquals(new int[]{1, 2, 7, 10}, F.interpolate(x, new float[]{2.5f}, "nearest").shape());
        assertArrayEquals(x.toFloatArray(), F.interpolate(x, new int[]{3, 4}, "bilinear", false).toFloatArray());
        assertArrayEquals(x.toFloatArray(), F.interpolate(x, new int[]{3, 4}, "nearest").toFloatArray());
        // align corners keeps the corner values; a 2x nearest upsampling repeats each value
        Tensor up = F.interpolate(x, new int[]{5, 7}, "bilinear", true);
        assertEquals(x.toFloatArray()[11], up.toFloatArray()[34]);
        assertEquals(x.toFloatArray()[5], F.interpolate(x, new int[]{6, 8}, "nearest").toFloatArray()[2 * 8 + 3]);
    }

    @Test
    void cloneOwnsItsStorage() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2).requiresGrad(true);
        Tensor c = x.clone();
        assertNotSame(x.storage(), c.storage());
        assertEquals("CloneBackward", c.gradFn());
        x.detach().assign(Tensor.scalar(0f));
        assertArrayEquals(new float[]{1, 2, 3, 4}, c.toFloatArray());
        assertArrayEquals(new float[]{1, 3, 2, 4}, Tensor.of(new float[]{1, 2, 3, 4}, 2, 2).transpose(0, 1).clone().toFloatArray());
    }

    @Test
    void badArgumentsGetOneLineMessages() {
        Tensor img = Tensor.zeros(1, 2, 3, 4), seq = Tensor.zeros(1, 2, 3);
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new int[]{5, 5}, "bicubic"), "mode", "bicubic");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(seq, new int[]{5}, "bilinear"), "bilinear", "4-D", "[1, 2, 3]");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new int[]{5}, "linear"), "linear", "3-D", "[1, 2, 3, 4]");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new int[]{5, 5}, "nearest", true), "align_corners", "nearest");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new int[]{5, 5, 5}, "nearest"), "2 output sizes", "[5, 5, 5]");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new int[]{0, 5}, "nearest"), "greater than 0");
        assertMessage(IllegalArgumentException.class, () -> F.interpolate(img, new float[]{0.2f}, "nearest"), "greater than 0", "[1, 2, 3, 4]");

        Tensor x = Tensor.zeros(3, 4);
        assertMessage(IllegalArgumentException.class, () -> x.scatter(0, Tensor.of(new float[]{3}, 1, 1), 1f),
                "scatter", "index 3", "dim 0 of size 3");
        assertMessage(IllegalArgumentException.class, () -> x.scatter(0, Tensor.zeros(2), Tensor.zeros(2)),
                "scatter", "2 dims", "index [2]");
        assertMessage(IllegalArgumentException.class, () -> x.scatterAdd(1, Tensor.zeros(3, 2), Tensor.zeros(3, 1)),
                "scatterAdd", "no larger than src", "src [3, 1]");
        assertMessage(IllegalArgumentException.class, () -> x.scatter(1, Tensor.of(new float[]{0.5f}, 1, 1), 1f),
                "whole-number", "0.5");
        assertMessage(IllegalArgumentException.class, () -> x.indexPut(new Tensor[]{Tensor.zeros(1), Tensor.zeros(1), Tensor.zeros(1)}, Tensor.zeros(1)),
                "indexPut", "1 to 2 index tensors", "[3, 4]", "got 3");
        assertMessage(IllegalArgumentException.class, () -> x.indexPut(new Tensor[]{Tensor.of(new float[]{-4}, 1)}, Tensor.zeros(1)),
                "indexPut", "index -4", "-3 <= index < 3");
        assertMessage(IllegalArgumentException.class, () -> x.indexPut(new Tensor[]{Tensor.zeros(2)}, Tensor.zeros(3)),
                "indexPut", "[2, 4]", "got [3]");
        assertMessage(IllegalArgumentException.class, () -> x.indexPut(Tensor.zeros(4), Tensor.zeros(1)),
                "indexPut", "mask", "[3, 4]", "got mask [4]");
    }
}

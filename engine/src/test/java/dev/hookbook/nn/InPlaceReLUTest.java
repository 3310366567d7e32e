package dev.hookbook.nn;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code new ReLU(true)}, PyTorch's {@code nn.ReLU(inplace=True)}: the same training with one activation less. */
class InPlaceReLUTest {
    private static Sequential net(boolean inplace) {
        Hookbook.manualSeed(11);
        return new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(inplace), new MaxPool2d(2),
                new Flatten(), new Linear(36, 8), new ReLU(inplace), new Linear(8, 3));
    }

    private static List<float[]> lossAndGradients(Sequential model, boolean withBackwardHooks) {
        List<float[]> seen = new ArrayList<>();
        if (withBackwardHooks) {
            model.get(2).registerFullBackwardHook((m, gradIn, gradOut) -> {
                seen.add(gradIn[0].toFloatArray());
                return null;
            });
        }
        Hookbook.manualSeed(12);
        Tensor x = Tensor.randn(5, 1, 6, 6);
        Tensor labels = Tensor.of(new float[]{0, 1, 2, 1, 0}, 5);
        Tensor loss = F.crossEntropy(model.call(x), labels);
        loss.backward();
        seen.add(loss.toFloatArray());
        for (Tensor p : model.parameters()) seen.add(p.grad().toFloatArray());
        return seen;
    }

    @Test
    void trainsExactlyAsTheReLUThatAllocates() {
        for (boolean hooks : new boolean[]{false, true}) {
            List<float[]> plain = lossAndGradients(net(false), hooks), inplace = lossAndGradients(net(true), hooks);
            assertEquals(plain.size(), inplace.size());
            for (int i = 0; i < plain.size(); i++) assertArrayEquals(plain.get(i), inplace.get(i), 0f, "value " + i + (hooks ? " with hooks" : ""));
        }
    }

    @Test
    void printsAsPyTorchAndOverwritesItsInput() {
        assertEquals("ReLU(inplace=True)", new ReLU(true).toString());
        assertEquals("ReLU()", new ReLU().toString());
        Tensor x = Tensor.of(new float[]{-1, 2}, 2);
        assertTrue(new ReLU(true).call(x) == x);
        assertArrayEquals(new float[]{0, 2}, x.toFloatArray(), 0f);
    }

    @Test
    void afterAnOpThatSavedItsResultBackwardRefusesAsPyTorchDoes() {
        Tensor x = Tensor.randn(3).requiresGrad(true);
        Tensor y = new ReLU(true).call(x.sigmoid());
        var e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().startsWith("SigmoidBackward: a tensor of shape [3] it saved for backward was changed in place"), e.getMessage());
    }
}

package dev.hookbook.tensor;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.values;

import dev.hookbook.backend.cpu.CpuBackend;
import org.junit.jupiter.api.Test;

/**
 * Bad input fails with one line that names the op, what it expected and what it got.
 * Each test asserts the parts of the message a newcomer needs to fix the call.
 */
class ErrorMessagesTest {
    private static final Class<IllegalArgumentException> ARG = IllegalArgumentException.class;
    private static final Class<IllegalStateException> STATE = IllegalStateException.class;

    @Test
    void broadcastMismatchNamesTheOpAndBothShapes() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).add(Tensor.ones(4)), "add", "[2, 3]", "[4]", "broadcast");
        assertMessage(ARG, () -> Tensor.ones(2, 3).sub(Tensor.ones(2)), "sub", "[2, 3]", "[2]");
        assertMessage(ARG, () -> Tensor.ones(5).mul(Tensor.ones(3, 4)), "mul", "[5]", "[3, 4]");
        assertMessage(ARG, () -> Tensor.ones(2, 2).div(Tensor.ones(3, 1)), "div", "[2, 2]", "[3, 1]");
        assertMessage(ARG, () -> Tensor.ones(2).eq(Tensor.ones(3)), "eq", "[2]", "[3]");
    }

    @Test
    void matmulInnerSizeMismatch() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).matmul(Tensor.ones(4, 5)), "matmul", "[2, 3]", "[4, 5]", "3", "4");
        assertMessage(ARG, () -> Tensor.ones(3).matmul(Tensor.ones(4)), "matmul", "3", "4");
    }

    @Test
    void matmulBatchMismatchNamesTheFullShapes() {
        assertMessage(ARG, () -> Tensor.ones(2, 3, 4).matmul(Tensor.ones(3, 4, 5)), "matmul", "[2, 3, 4]", "[3, 4, 5]", "batch");
    }

    @Test
    void wrongRanks() {
        assertMessage(ARG, () -> Tensor.scalar(1).matmul(Tensor.ones(2)), "matmul", "at least 1 dim", "[]", "[2]");
        assertMessage(ARG, () -> Tensor.ones(2, 3, 4).permute(1, 0), "permute", "3 dims", "[2, 3, 4]", "got 2");
    }

    @Test
    void outOfRangeDims() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).sum(2, false), "sum", "dim 2", "2 dims", "[-2, 1]");
        assertMessage(ARG, () -> Tensor.ones(2, 3).mean(-3, false), "mean", "dim -3", "[-2, 1]");
        assertMessage(ARG, () -> Tensor.ones(2, 3).max(5), "max", "dim 5");
        assertMessage(ARG, () -> Tensor.ones(2, 3).argmax(2), "argmax", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).softmax(2), "softmax", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).logSoftmax(-3), "logSoftmax", "dim -3");
        assertMessage(ARG, () -> Tensor.ones(2, 3).transpose(0, 2), "transpose", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).permute(0, 2), "permute", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).unsqueeze(3), "unsqueeze", "dim 3", "[-3, 2]");
        assertMessage(ARG, () -> Tensor.ones(2, 3).squeeze(2), "squeeze", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).flatten(2), "flatten", "dim 2");
        assertMessage(ARG, () -> Tensor.ones(2, 3).size(2), "size", "dim 2");
    }

    @Test
    void viewOfNonContiguousSuggestsReshape() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).transpose(0, 1).view(6), "view", "[3, 2]", "contiguous", "reshape");
    }

    @Test
    void viewAndReshapeWithTheWrongNumberOfElements() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).view(4, 2), "view", "[4, 2]", "[2, 3]", "6 elements");
        assertMessage(ARG, () -> Tensor.ones(2, 3).reshape(-1, 4), "[-1, 4]", "[2, 3]");
        assertMessage(ARG, () -> Tensor.ones(2, 3).view(-1, -1), "view", "only one dim can be -1");
    }

    @Test
    void permuteWithARepeatedDim() {
        assertMessage(ARG, () -> Tensor.ones(2, 3).permute(1, 1), "permute", "repeats");
    }

    @Test
    void expandToAnIncompatibleShape() {
        assertMessage(ARG, () -> Tensor.ones(2, 1).expand(3, 4), "expand", "[2, 1]", "[3, 4]");
        assertMessage(ARG, () -> Tensor.ones(2, 3).expand(3), "expand", "[2, 3]", "[3]");
    }

    @Test
    void itemOnManyElements() {
        assertMessage(STATE, () -> Tensor.ones(2, 3).item(), "item()", "one element", "[2, 3]", "6 elements");
    }

    @Test
    void creationWithTheWrongNumberOfValues() {
        assertMessage(ARG, () -> Tensor.of(values(1, 2, 3), 2, 2), "Tensor.of", "[2, 2]", "4", "got 3");
    }

    @Test
    void backwardOnNonScalarWithoutGradient() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2f);
        assertMessage(STATE, y::backward, "backward()", "one element", "[2, 3]", "backward(Tensor gradient)");
    }

    @Test
    void backwardWithAGradientOfTheWrongShape() {
        Tensor y = Tensor.ones(2, 3).requiresGrad(true).mul(2f);
        assertMessage(ARG, () -> y.backward(Tensor.ones(3, 2)), "backward", "expected", "[2, 3]", "got [3, 2]");
    }

    @Test
    void secondBackwardThroughAFreedGraph() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor z = x.exp().sum();
        z.backward();
        assertMessage(STATE, z::backward, "backward()", "second time", "SumBackward", "backward(gradient, true)");
    }

    @Test
    void backwardWithoutAnyGradRequired() {
        assertMessage(STATE, () -> Tensor.ones(1).sum().backward(), "backward()", "does not require grad", "requiresGrad(true)");
    }

    @Test
    void requiresGradFalseOnANonLeaf() {
        Tensor y = Tensor.ones(2).requiresGrad(true).exp();
        assertMessage(STATE, () -> y.requiresGrad(false), "requiresGrad(false)", "ExpBackward", "detach()");
    }

    @Test
    void assignAndSetGradWithTheWrongShape() {
        assertMessage(ARG, () -> Tensor.ones(2).assign(Tensor.ones(3)), "assign", "[3]", "[2]");
        assertMessage(ARG, () -> Tensor.ones(2).setGrad(Tensor.ones(3)), "setGrad", "[3]", "[2]");
    }

    @Test
    void mixedDevicesNameBothDevices() {
        Device other = Device.of("other", CpuBackend.INSTANCE);
        Tensor a = Tensor.ones(2);
        Tensor b = Tensor.fromArray(values(1, 2), new int[]{2}, other);
        assertMessage(ARG, () -> a.add(b), "add", "cpu", "other", "to(Device)");
        assertMessage(ARG, () -> b.mul(a), "mul", "cpu", "other");
        assertMessage(ARG, () -> Tensor.ones(2, 2).matmul(b), "matmul", "cpu", "other");
        assertMessage(ARG, () -> a.assign(b), "assign", "cpu", "other");
    }

    @Test
    void negativeSizes() {
        assertMessage(ARG, () -> Tensor.zeros(2, -1), "[2, -1]", "negative");
    }
}

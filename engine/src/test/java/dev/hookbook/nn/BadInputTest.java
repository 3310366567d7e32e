package dev.hookbook.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Wrong inputs fail at once, with a message that names the module and the shapes. */
class BadInputTest {

    static <T extends Throwable> T assertMessage(Class<T> type, Executable body, String... fragments) {
        T e = assertThrows(type, body);
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f), "message \"" + e.getMessage() + "\" lacks \"" + f + "\"");
        }
        return e;
    }

    @Test
    void conv2dWrongChannels() {
        Conv2d conv = new Conv2d(1, 8, 3, 1, 1);
        assertMessage(ModuleException.class, () -> conv.call(Tensor.zeros(4, 3, 8, 8)),
                "Conv2d 1->8 k3", "expected input [N, 1, H, W], got [4, 3, 8, 8]");
        assertMessage(ModuleException.class, () -> conv.call(Tensor.zeros(1, 8, 8)), "expected input [N, 1, H, W], got [1, 8, 8]");
    }

    @Test
    void errorsInsideSequentialNameThePath() {
        Sequential m = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4));
        ModuleException e = assertMessage(ModuleException.class, () -> m.call(Tensor.zeros(2, 2, 8, 8)),
                "expected input [N, 1, H, W], got [2, 2, 8, 8]");
        assertEquals("0", e.modulePath());
        Sequential m2 = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(5));
        e = assertMessage(ModuleException.class, () -> m2.call(Tensor.zeros(2, 1, 8, 8)),
                "BatchNorm2d 5", "expected input [N, 5, H, W], got [2, 4, 6, 6]");
        assertEquals("1", e.modulePath());
    }

    @Test
    void conv2dKernelLargerThanInput() {
        assertMessage(ModuleException.class, () -> new Conv2d(1, 1, 5).call(Tensor.zeros(1, 1, 3, 3)),
                "padded input size 3x3 is smaller than the kernel 5x5");
        assertMessage(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 2, 3, 3), Tensor.zeros(1, 3, 2, 2), null),
                "expected input [N, 3, H, W] for weight [1, 3, 2, 2], got [1, 2, 3, 3]");
        assertMessage(IllegalArgumentException.class, () -> F.conv2d(Tensor.zeros(1, 1, 3, 3), Tensor.zeros(2, 1, 2, 2), Tensor.zeros(3)),
                "expected bias [2], got [3]");
        assertMessage(IllegalArgumentException.class, () -> new Conv2d(1, 1, 0), "Conv2d(1, 1, kernel 0");
    }

    @Test
    void batchNormWrongShapes() {
        assertMessage(ModuleException.class, () -> new BatchNorm1d(3).call(Tensor.zeros(4, 5)),
                "BatchNorm1d 3", "expected input [N, 3] or [N, 3, L], got [4, 5]");
        assertMessage(ModuleException.class, () -> new BatchNorm2d(3).call(Tensor.zeros(4, 3)),
                "expected input [N, 3, H, W], got [4, 3]");
        assertMessage(ModuleException.class, () -> new BatchNorm1d(3).call(Tensor.zeros(1, 3)),
                "expected more than 1 value per channel when training");
        assertMessage(IllegalArgumentException.class,
                () -> F.batchNorm(Tensor.zeros(2, 3), Tensor.zeros(2), Tensor.ones(3), null, null, true),
                "expected running_mean [3] for input [2, 3], got [2]");
    }

    @Test
    void poolingWrongShapes() {
        assertMessage(ModuleException.class, () -> new MaxPool2d(2).call(Tensor.zeros(4, 8, 8)),
                "MaxPool2d k2", "expected input [N, C, H, W], got [4, 8, 8]");
        assertMessage(ModuleException.class, () -> new MaxPool2d(3).call(Tensor.zeros(1, 1, 2, 8)), "smaller than the 3x3 window");
    }

    @Test
    void dropoutProbabilityOutOfRange() {
        assertMessage(IllegalArgumentException.class, () -> new Dropout(1.5f), "between 0 and 1, but got 1.5");
        assertMessage(IllegalArgumentException.class, () -> F.dropout(Tensor.ones(2), -0.1f, true), "between 0 and 1");
    }

    @Test
    void lossesWrongInputs() {
        assertMessage(ModuleException.class, () -> new CrossEntropyLoss().call(Tensor.zeros(2, 3)), "expected 2 inputs");
        assertMessage(ModuleException.class,
                () -> new CrossEntropyLoss().call(Tensor.zeros(2, 3), Tensor.of(new float[]{0, 3}, 2)),
                "not a class index in [0, 3)");
        assertMessage(ModuleException.class, () -> new MSELoss().call(Tensor.zeros(2, 3), Tensor.zeros(3, 2)),
                "must have the same shape");
    }

    @Test
    void softmaxAndFlattenDims() {
        assertMessage(ModuleException.class, () -> new Softmax(2).call(Tensor.zeros(2, 3)), "dim 2 is out of range for input [2, 3]");
        assertMessage(ModuleException.class, () -> new Flatten(3).call(Tensor.zeros(2, 3)), "cannot flatten dims 3..-1");
    }
}

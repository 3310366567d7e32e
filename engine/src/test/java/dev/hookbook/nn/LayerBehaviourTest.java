package dev.hookbook.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each layer computes, by hand-checked values, and how training and evaluation mode differ. */
class LayerBehaviourTest {

    static void assertValues(float[] expected, Tensor actual, double tol) {
        float[] a = actual.toFloatArray();
        assertEquals(expected.length, a.length, "number of values");
        for (int i = 0; i < a.length; i++) {
            final int at = i;
            assertEquals(expected[i], a[i], tol, () -> "value " + at + ": expected " + java.util.Arrays.toString(expected)
                    + ", got " + java.util.Arrays.toString(a));
        }
    }

    // ------------------------------------------------------------------ convolution and pooling

    @Test
    void conv2dComputesCrossCorrelationWithPaddingAndStride() {
        // 1 image, 1 channel, 3x3: 1..9; a 2x2 kernel of ones sums each window
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.ones(1, 1, 2, 2);
        assertValues(new float[]{12, 16, 24, 28}, F.conv2d(x, w, null), 0);
        // padding 1 adds a ring of zeros: the corners see one pixel each
        Tensor padded = F.conv2d(x, w, Tensor.of(new float[]{0.5f}, 1), 2, 1);
        assertArrayEquals(new int[]{1, 1, 2, 2}, padded.shape());
        assertValues(new float[]{1.5f, 5.5f, 11.5f, 28.5f}, padded, 0);
    }

    @Test
    void conv2dModuleShapesAndDefaultInit() {
        Hookbook.manualSeed(0);
        Conv2d conv = new Conv2d(3, 5, 3, 2, 1);
        assertArrayEquals(new int[]{5, 3, 3, 3}, conv.weight.shape());
        assertArrayEquals(new int[]{5}, conv.bias.shape());
        assertEquals(List.of("weight", "bias"), List.copyOf(conv.namedParameters().keySet()));
        // kaiming_uniform_(a=sqrt(5)) and the bias both lie in +-1/sqrt(fan_in), fan_in = 3*3*3
        double bound = 1 / Math.sqrt(27);
        for (float v : conv.weight.toFloatArray()) assertTrue(Math.abs(v) <= bound, "weight " + v);
        for (float v : conv.bias.toFloatArray()) assertTrue(Math.abs(v) <= bound, "bias " + v);
        assertArrayEquals(new int[]{4, 5, 4, 4}, conv.call(Tensor.randn(4, 3, 8, 8)).shape());
        assertNull(new Conv2d(1, 2, 3, 1, 0, false).bias);
    }

    @Test
    void sameSeedSameWeights() {
        Hookbook.manualSeed(42);
        float[] a = new Conv2d(2, 4, 3).weight.toFloatArray();
        Hookbook.manualSeed(42);
        assertArrayEquals(a, new Conv2d(2, 4, 3).weight.toFloatArray());
    }

    @Test
    void maxPool2dTakesTheMaximumOfEachWindow() {
        Tensor x = Tensor.of(new float[]{
                1, 5, 2, 0,
                3, 4, 8, 1,
                0, 0, -1, -2,
                9, 1, -3, -4}, 1, 1, 4, 4).requiresGrad(true);
        Tensor y = new MaxPool2d(2).call(x);
        assertValues(new float[]{5, 8, 9, -1}, y, 0);
        y.backward(Tensor.of(new float[]{10, 20, 30, 40}, 1, 1, 2, 2));
        assertValues(new float[]{0, 10, 0, 0, 0, 0, 20, 0, 0, 0, 40, 0, 30, 0, 0, 0}, x.grad(), 0);
        assertArrayEquals(new int[]{2, 3, 3, 3}, new MaxPool2d(3, 2).call(Tensor.randn(2, 3, 7, 8)).shape());
    }

    // ------------------------------------------------------------------ dropout

    @Test
    void dropoutInTrainingZeroesAboutPAndScalesTheRest() {
        Hookbook.manualSeed(3);
        Dropout d = new Dropout(0.25f);
        float[] y = d.call(Tensor.ones(100, 100)).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0f) zeros++;
            else assertEquals(1f / 0.75f, v, 1e-6);
        }
        assertEquals(0.25, zeros / 10000.0, 0.02);
    }

    @Test
    void dropoutGradientUsesTheSameMask() {
        Hookbook.manualSeed(5);
        Tensor x = Tensor.ones(50).requiresGrad(true);
        Tensor y = new Dropout(0.5f).call(x);
        y.sum().backward();
        assertArrayEquals(y.toFloatArray(), x.grad().toFloatArray());
    }

    @Test
    void dropoutFollowsTheGlobalSeed() {
        Hookbook.manualSeed(11);
        float[] a = F.dropout(Tensor.ones(64), 0.5f, true).toFloatArray();
        Hookbook.manualSeed(11);
        assertArrayEquals(a, F.dropout(Tensor.ones(64), 0.5f, true).toFloatArray());
    }

    @Test
    void dropoutInEvaluationPassesTheInputThrough() {
        Dropout d = new Dropout(0.9f);
        d.eval();
        Tensor x = Tensor.randn(3, 4);
        assertSame(x, d.call(x));
        assertSame(x, F.dropout(x, 0.5f, false));
    }

    @Test
    void dropoutEdgeProbabilities() {
        assertValues(new float[]{0, 0, 0}, F.dropout(Tensor.ones(3), 1f, true), 0);
        assertValues(new float[]{1, 1, 1}, F.dropout(Tensor.ones(3), 0f, true), 0);
    }

    // ------------------------------------------------------------------ batch norm

    @Test
    void batchNormRegistersPyTorchsParametersAndBuffers() {
        BatchNorm2d bn = new BatchNorm2d(3);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
        assertEquals(List.of("weight", "bias"), List.copyOf(bn.namedParameters().keySet()));
        assertValues(new float[]{1, 1, 1}, bn.weight, 0);
        assertValues(new float[]{0, 0, 0}, bn.bias, 0);
        assertValues(new float[]{0, 0, 0}, bn.runningMean(), 0);
        assertValues(new float[]{1, 1, 1}, bn.runningVar(), 0);
        assertEquals(0, bn.numBatchesTracked().dim());
        assertEquals(0f, bn.numBatchesTracked().item());
    }

    @Test
    void batchNormTrainingNormalisesWithBatchStatsAndUpdatesRunningStats() {
        BatchNorm1d bn = new BatchNorm1d(2);
        // channel 0: 1, 2, 3, 6 (mean 3, biased var 3.5, unbiased 14/3); channel 1: constant 4
        Tensor x = Tensor.of(new float[]{1, 4, 2, 4, 3, 4, 6, 4}, 4, 2);
        Tensor y = bn.call(x);
        double s = Math.sqrt(3.5 + 1e-5);
        assertValues(new float[]{(float) (-2 / s), 0, (float) (-1 / s), 0, 0, 0, (float) (3 / s), 0}, y, 1e-5);
        assertValues(new float[]{0.3f, 0.4f}, bn.runningMean(), 1e-6);
        assertValues(new float[]{0.9f + 0.1f * 14f / 3f, 0.9f}, bn.runningVar(), 1e-6);
        assertEquals(1f, bn.numBatchesTracked().item());
        bn.call(x);
        assertEquals(2f, bn.numBatchesTracked().item());
        assertValues(new float[]{0.57f, 0.76f}, bn.runningMean(), 1e-6);
    }

    @Test
    void batchNormEvaluationUsesRunningStatsAndChangesNothing() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.runningMean().assign(Tensor.of(new float[]{1, -1}, 2));
        bn.runningVar().assign(Tensor.of(new float[]{4, 0.25f}, 2));
        bn.weight.assign(Tensor.of(new float[]{2, 1}, 2));
        bn.bias.assign(Tensor.of(new float[]{0, 3}, 2));
        bn.eval();
        Tensor x = Tensor.of(new float[]{3, 5, 0, -1}, 1, 2, 1, 2);
        double s0 = Math.sqrt(4 + 1e-5), s1 = Math.sqrt(0.25 + 1e-5);
        assertValues(new float[]{(float) (2 * 2 / s0), (float) (2 * 4 / s0), (float) (1 / s1 + 3), 3}, bn.call(x), 1e-5);
        // even a batch of one works in evaluation mode
        assertArrayEquals(new int[]{1, 2, 1, 2}, bn.call(x).shape());
        assertValues(new float[]{1, -1}, bn.runningMean(), 0);
        assertValues(new float[]{4, 0.25f}, bn.runningVar(), 0);
        assertEquals(0f, bn.numBatchesTracked().item());
    }

    @Test
    void batchNormRunningStatsStayOutOfTheGraph() {
        BatchNorm1d bn = new BatchNorm1d(3);
        bn.call(Tensor.randn(5, 3).requiresGrad(true)).sum().backward();
        for (Tensor b : bn.buffers()) {
            assertTrue(!b.requiresGrad() && b.gradFn() == null, "buffer requires grad or has history");
        }
        try (var g = Autograd.noGrad()) {
            bn.call(Tensor.randn(5, 3));
        }
        assertEquals(2f, bn.numBatchesTracked().item());
    }

    @Test
    void batchNormLoadsAPyTorchStateDict() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Map<String, Tensor> state = Map.of(
                "weight", Tensor.of(new float[]{2, 3}, 2), "bias", Tensor.of(new float[]{1, 1}, 2),
                "running_mean", Tensor.of(new float[]{0.5f, 0.25f}, 2), "running_var", Tensor.of(new float[]{2, 3}, 2),
                "num_batches_tracked", Tensor.scalar(7));
        bn.loadStateDict(state, true);
        assertValues(new float[]{0.5f, 0.25f}, bn.runningMean(), 0);
        assertEquals(7f, bn.numBatchesTracked().item());
    }

    @Test
    void batchNormWithoutRunningStatsAlwaysUsesTheBatch() {
        BatchNorm1d bn = new BatchNorm1d(1, 1e-5f, 0.1f, false, false);
        assertTrue(bn.stateDict().isEmpty());
        bn.eval();
        assertValues(new float[]{-1, 1}, bn.call(Tensor.of(new float[]{1, 3}, 2, 1)), 1e-4);
    }

    // ------------------------------------------------------------------ activations, flatten, losses

    @Test
    void activations() {
        Tensor x = Tensor.of(new float[]{-2, 0.5f}, 2);
        assertValues(new float[]{-0.02f, 0.5f}, new LeakyReLU().call(x), 1e-7);
        assertValues(new float[]{-0.4f, 0.5f}, new LeakyReLU(0.2f).call(x), 1e-7);
        assertValues(new float[]{(float) Math.tanh(-2), (float) Math.tanh(0.5)}, new Tanh().call(x), 1e-6);
        assertValues(new float[]{(float) (1 / (1 + Math.exp(2))), (float) (1 / (1 + Math.exp(-0.5)))},
                new Sigmoid().call(x), 1e-6);
        float[] sm = new Softmax(-1).call(Tensor.of(new float[]{0, 0, 1, 1}, 2, 2)).toFloatArray();
        assertValues(new float[]{0.5f, 0.5f, 0.5f, 0.5f}, Tensor.of(sm, 4), 1e-6);
    }

    @Test
    void flattenKeepsTheBatchDim() {
        assertArrayEquals(new int[]{4, 48}, new Flatten().call(Tensor.zeros(4, 3, 4, 4)).shape());
        assertArrayEquals(new int[]{192}, new Flatten(0).call(Tensor.zeros(4, 3, 4, 4)).shape());
        assertArrayEquals(new int[]{4, 12, 4}, new Flatten(1, 2).call(Tensor.zeros(4, 3, 4, 4)).shape());
        assertArrayEquals(new int[]{4, 12, 4}, F.flatten(Tensor.zeros(4, 3, 4, 4), 1).reshape(4, 12, 4).shape());
    }

    @Test
    void lossModulesTakeInputAndTarget() {
        Tensor logits = Tensor.of(new float[]{0, 0, 0, 0}, 2, 2);
        Tensor target = Tensor.of(new float[]{0, 1}, 2);
        assertEquals((float) Math.log(2), new CrossEntropyLoss().call(logits, target).item(), 1e-6);
        assertEquals((float) Math.log(2), new NLLLoss().call(logits.logSoftmax(1), target).item(), 1e-6);
        assertEquals(2.5f, new MSELoss().call(Tensor.of(new float[]{1, 2}, 2), Tensor.of(new float[]{0, 4}, 2)).item(), 1e-6);
    }

    @Test
    void modulesInsideSequentialFollowTrainAndEval() {
        Sequential m = new Sequential(new Linear(4, 4), new BatchNorm1d(4), new Dropout(0.5f));
        m.eval();
        for (Module c : m.modules()) assertTrue(!c.isTraining());
        Tensor x = Tensor.randn(2, 4);
        try (var g = Autograd.noGrad()) {
            assertArrayEquals(m.call(x).toFloatArray(), m.call(x).toFloatArray(), "evaluation is deterministic");
        }
        m.train();
        for (Module c : m.modules()) assertTrue(c.isTraining());
    }
}

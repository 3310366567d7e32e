package dev.hookbook.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.GradCheck;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.tensor.TensorAsserts;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The layers' gradients against finite differences, and the names of their backward nodes. */
class LayerGradCheckTest {

    /** Values from a private generator, so the checks do not depend on the global seed. */
    static Tensor rand(long seed, int... shape) {
        Random r = new Random(seed);
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = (float) r.nextGaussian();
        return Tensor.of(d, shape);
    }

    /** A random permutation of 0..n-1 scaled by {@code step}: no two values within step of each other, so maxima never tie. */
    static Tensor distinct(long seed, float step, int... shape) {
        int n = 1;
        for (int s : shape) n *= s;
        float[] d = new float[n];
        for (int i = 0; i < n; i++) d[i] = i * step;
        return TensorAsserts.shuffled(seed, d, shape);
    }

    static void check(GradCheck.Fn f, Tensor... inputs) {
        GradCheck.Report report = GradCheck.check(f, inputs);
        assertTrue(report.passed(), report.toString());
    }

    @Test
    void conv2dStride1NoPadding() {
        check(x -> F.conv2d(x[0], x[1], x[2]), rand(1, 2, 2, 5, 5), rand(2, 3, 2, 3, 3), rand(3, 3));
    }

    @Test
    void conv2dStride1Padding1() {
        check(x -> F.conv2d(x[0], x[1], x[2], 1, 1), rand(4, 2, 2, 4, 5), rand(5, 3, 2, 3, 3), rand(6, 3));
    }

    @Test
    void conv2dStride2NoPadding() {
        check(x -> F.conv2d(x[0], x[1], x[2], 2, 0), rand(7, 2, 3, 6, 7), rand(8, 2, 3, 3, 3), rand(9, 2));
    }

    @Test
    void conv2dStride2Padding1() {
        check(x -> F.conv2d(x[0], x[1], x[2], 2, 1), rand(10, 1, 2, 7, 7), rand(11, 4, 2, 3, 3), rand(12, 4));
    }

    @Test
    void conv2dWithoutBiasAndNonSquareKernel() {
        check(x -> F.conv2d(x[0], x[1], null, 1, 1), rand(13, 2, 3, 5, 4), rand(14, 2, 3, 2, 3));
    }

    @Test
    void conv2dGradFnName() {
        Tensor y = F.conv2d(rand(1, 1, 1, 4, 4).requiresGrad(true), rand(2, 2, 1, 3, 3), null);
        assertEquals("ConvolutionBackward", y.gradFn());
    }

    @Test
    void maxPool2d() {
        check(x -> F.maxPool2d(x[0], 2), distinct(20, 0.01f, 2, 3, 6, 6));
    }

    @Test
    void maxPool2dOverlappingWindows() {
        check(x -> F.maxPool2d(x[0], 3, 2), distinct(21, 0.01f, 2, 2, 7, 7));
    }

    @Test
    void maxPool2dOddSizeDropsTheLastRowAndColumn() {
        check(x -> F.maxPool2d(x[0], 2), distinct(22, 0.01f, 1, 2, 5, 7));
        assertEquals("MaxPool2DWithIndicesBackward", F.maxPool2d(rand(1, 1, 1, 4, 4).requiresGrad(true), 2).gradFn());
    }

    @Test
    void batchNormTrainingOn2dInput() {
        check(x -> F.batchNorm(x[0], null, null, x[1], x[2], true), rand(30, 6, 4), rand(31, 4), rand(32, 4));
    }

    @Test
    void batchNormTrainingOn4dInput() {
        check(x -> F.batchNorm(x[0], null, null, x[1], x[2], true), rand(33, 3, 2, 3, 3), rand(34, 2), rand(35, 2));
    }

    @Test
    void batchNormTrainingWithoutAffine() {
        check(x -> F.batchNorm(x[0], null, null, null, null, true), rand(36, 4, 3, 2));
    }

    @Test
    void batchNormEvaluationUsesFixedStatistics() {
        Tensor mean = Tensor.of(new float[]{0.5f, -1f}, 2), var = Tensor.of(new float[]{2f, 0.5f}, 2);
        check(x -> F.batchNorm(x[0], mean, var, x[1], x[2], false), rand(37, 3, 2, 2, 2), rand(38, 2), rand(39, 2));
    }

    @Test
    void batchNormModuleGradFnName() {
        assertEquals("NativeBatchNormBackward", new BatchNorm2d(2).call(rand(1, 2, 2, 3, 3)).gradFn());
    }

    @Test
    void leakyRelu() {
        // inputs kept away from 0, where the derivative jumps
        Tensor x = rand(40, 3, 5);
        float[] d = x.toFloatArray();
        for (int i = 0; i < d.length; i++) d[i] = d[i] >= 0 ? d[i] + 0.1f : d[i] - 0.1f;
        check(t -> new LeakyReLU(0.1f).call(t[0]), Tensor.of(d, 3, 5));
    }

    @Test
    void dropoutWithAFixedMask() {
        // reseeding inside the function draws the same mask for every evaluation
        check(x -> {
            Hookbook.manualSeed(7);
            return F.dropout(x[0], 0.3f, true);
        }, rand(41, 4, 6));
    }

    @Test
    void tanhSigmoidSoftmaxModules() {
        check(x -> new Tanh().call(x[0]), rand(42, 3, 4));
        check(x -> new Sigmoid().call(x[0]), rand(43, 3, 4));
        check(x -> new Softmax(1).call(x[0]), rand(44, 3, 4));
        check(x -> new Softmax(0).call(x[0]), rand(45, 3, 4));
    }

    @Test
    void flattenModule() {
        check(x -> new Flatten().call(x[0]).mul(x[0].reshape(2, 12)), rand(46, 2, 3, 4));
        check(x -> new Flatten(1, 2).call(x[0]), rand(47, 2, 3, 4, 2));
    }

    @Test
    void losses() {
        Tensor target = Tensor.of(new float[]{2, 0, 1, 2}, 4);
        check(x -> new MSELoss().call(x[0], x[1]), rand(50, 3, 4), rand(51, 3, 4));
        check(x -> new CrossEntropyLoss().call(x[0], target), rand(52, 4, 3));
        check(x -> new NLLLoss().call(x[0].logSoftmax(1), target), rand(53, 4, 3));
    }

    @Test
    void aSmallCnnEndToEnd() {
        check(x -> {
            Tensor h = F.conv2d(x[0], x[1], x[2], 1, 1);
            h = F.batchNorm(h, null, null, null, null, true).relu();
            h = F.maxPool2d(h, 2).flatten(1);
            return F.crossEntropy(h, Tensor.of(new float[]{3, 1}, 2));
        }, rand(60, 2, 1, 4, 4), rand(61, 2, 1, 3, 3), rand(62, 2));
    }
}

package dev.hookbook.interp;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Tanh;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What each attribution means, checked by hand on models simple enough to work out, and what it leaves behind. */
class AttributionTest {
    @BeforeEach
    void seed() {
        Hookbook.manualSeed(21);
    }

    /** Flatten then Linear(features, classes): out[n, t] = W[t] . x[n] + b[t]. */
    private static Sequential linear(int features, int classes) {
        return new Sequential(new Flatten(), new Linear(features, classes));
    }

    private static float[] weightRow(Sequential model, int target) {
        Linear l = (Linear) model.get(1);
        float[] w = l.weight.toFloatArray();
        float[] row = new float[l.inFeatures];
        System.arraycopy(w, target * l.inFeatures, row, 0, row.length);
        return row;
    }

    /** A small CNN whose weights are tripled: default initialisation leaves its logits near 0, with little to attribute. */
    private static Sequential cnn() {
        Sequential model = new Sequential(new Conv2d(1, 4, 3, 1, 1), new ReLU(), new MaxPool2d(2),
                new Conv2d(4, 6, 3, 1, 1), new ReLU(), new Flatten(), new Linear(6 * 4 * 4, 5));
        model.namedParameters().forEach((name, p) -> {
            if (name.endsWith("weight")) p.assign(p.detach().mul(3f));
        });
        return model;
    }

    // ------------------------------------------------------------------ saliency

    @Test
    void saliencyOfALinearModelIsTheAbsoluteWeightRowForEverySample() {
        Sequential model = linear(12, 3);
        Tensor x = Tensor.randn(2, 3, 4);
        float[] w = weightRow(model, 1);
        float[] expected = new float[24];
        for (int i = 0; i < 24; i++) expected[i] = Math.abs(w[i % 12]);
        assertTensor(expected, new int[]{2, 3, 4}, Attribution.saliency(model, x, 1), 0);
    }

    @Test
    void saliencyEqualsTheGradientWorkedOutByHandThroughAHiddenReLU() {
        Linear first = new Linear(4, 3), second = new Linear(3, 2);
        Sequential model = new Sequential(first, new ReLU(), second);
        Tensor x = Tensor.randn(2, 4);
        float[] w1 = first.weight.toFloatArray(), b1 = first.bias.toFloatArray(), w2 = second.weight.toFloatArray();
        float[] xs = x.toFloatArray();
        float[] expected = new float[8];
        for (int n = 0; n < 2; n++) {
            for (int j = 0; j < 3; j++) {
                float h = b1[j];
                for (int i = 0; i < 4; i++) h += w1[j * 4 + i] * xs[n * 4 + i];
                if (h <= 0) continue; // ReLU passes no gradient here
                for (int i = 0; i < 4; i++) expected[n * 4 + i] += w2[3 + j] * w1[j * 4 + i]; // target 1: row 1 of w2
            }
            for (int i = 0; i < 4; i++) expected[n * 4 + i] = Math.abs(expected[n * 4 + i]);
        }
        assertTensor(expected, new int[]{2, 4}, Attribution.saliency(model, x, 1), 1e-6);
    }

    // ------------------------------------------------------------------ integrated gradients

    @Test
    void integratedGradientsOfALinearModelAreWeightTimesDistanceAndComplete() {
        Sequential model = linear(6, 2);
        Tensor x = Tensor.randn(3, 2, 3);
        Tensor baseline = Tensor.randn(1, 2, 3); // one sample's baseline, used for all three
        Attributions ig = Attribution.integratedGradients(model, x, 0, baseline, 5);
        float[] w = weightRow(model, 0), xs = x.toFloatArray(), bs = baseline.toFloatArray();
        float[] expected = new float[18];
        for (int i = 0; i < 18; i++) expected[i] = w[i % 6] * (xs[i] - bs[i % 6]);
        assertTensor(expected, new int[]{3, 2, 3}, ig.values(), 1e-5);
        assertTensor(new float[3], new int[]{3}, ig.convergenceDelta(), 1e-5);
    }

    @Test
    void theCompletenessGapOfACnnIsSmallAtFiftyStepsAndShrinksWithMoreSteps() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(3, 1, 8, 8);
        float[] fx, f0;
        try (var off = Autograd.noGrad()) {
            fx = model.call(x).narrow(1, 2, 1).toFloatArray();
            f0 = model.call(Tensor.zeros(3, 1, 8, 8)).narrow(1, 2, 1).toFloatArray();
        }
        float[] gap50 = Attribution.integratedGradients(model, x, 2, null, 50).convergenceDelta().toFloatArray();
        float[] gap3 = Attribution.integratedGradients(model, x, 2, null, 3).convergenceDelta().toFloatArray();
        double total50 = 0, total3 = 0;
        for (int n = 0; n < 3; n++) {
            double change = Math.abs(fx[n] - f0[n]);
            // the integrand jumps where a ReLU switches, so the quadrature is close but not exact
            assertTrue(Math.abs(gap50[n]) <= 0.03 * change,
                    "sample " + n + ": gap " + gap50[n] + " against F(x) - F(0) = " + (fx[n] - f0[n]));
            total50 += Math.abs(gap50[n]);
            total3 += Math.abs(gap3[n]);
        }
        assertTrue(total50 < total3, "gap at 50 steps " + total50 + ", at 3 steps " + total3);
    }

    @Test
    void onASmoothModelFiftyStepsCloseTheGapToRoundingError() {
        Sequential model = new Sequential(new Linear(16, 8), new Tanh(), new Linear(8, 3));
        Tensor x = Tensor.randn(4, 16).mul(2f);
        Tensor baseline = Tensor.randn(4, 16);
        float[] gap = Attribution.integratedGradients(model, x, 1, baseline, 50).convergenceDelta().toFloatArray();
        float[] fx, fb;
        try (var off = Autograd.noGrad()) {
            fx = model.call(x).narrow(1, 1, 1).toFloatArray();
            fb = model.call(baseline).narrow(1, 1, 1).toFloatArray();
        }
        for (int n = 0; n < 4; n++) {
            assertTrue(Math.abs(gap[n]) <= 1e-5 + 1e-4 * Math.abs(fx[n] - fb[n]),
                    "sample " + n + ": gap " + gap[n] + " against F(x) - F(b) = " + (fx[n] - fb[n]));
        }
    }

    @Test
    void theStepsGoThroughTheModelInOneForward() {
        Sequential model = cnn();
        int[] forwards = new int[1];
        model.registerForwardHook((m, in, out) -> {
            forwards[0]++;
            return null;
        });
        Attribution.integratedGradients(model, Tensor.rand(2, 1, 8, 8), 0, null, 50);
        assertEquals(3, forwards[0], "one forward for the 50 steps, then F(x) and F(baseline) for the delta");
    }

    @Test
    void largeInputsAreSplitIntoSeveralForwardsWithTheSameResult() {
        Sequential model = linear(112 * 112, 2);
        int[] forwards = new int[1];
        model.registerForwardHook((m, in, out) -> {
            forwards[0]++;
            return null;
        });
        Tensor x = Tensor.randn(1, 1, 112, 112); // 50 steps of it are more than one forward takes
        Attributions ig = Attribution.integratedGradients(model, x, 1, null, 50);
        assertTrue(forwards[0] > 3, "forwards: " + forwards[0]);
        float[] w = weightRow(model, 1), xs = x.toFloatArray(), expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) expected[i] = w[i % w.length] * xs[i];
        assertTensor(expected, x.shape(), ig.values(), 1e-5);
    }

    @Test
    void gaussLegendreMatchesNumpysRuleAndIntegratesPolynomialsExactly() {
        GaussLegendre three = new GaussLegendre(3);
        double r = 0.5 * Math.sqrt(0.6);
        assertArrayEquals(new double[]{0.5 - r, 0.5, 0.5 + r}, three.alphas, 1e-15);
        assertArrayEquals(new double[]{5 / 18.0, 8 / 18.0, 5 / 18.0}, three.stepSizes, 1e-15);
        GaussLegendre one = new GaussLegendre(1);
        assertArrayEquals(new double[]{0.5}, one.alphas, 0);
        assertArrayEquals(new double[]{1}, one.stepSizes, 1e-15);
        GaussLegendre fifty = new GaussLegendre(50);
        for (int k = 0; k < 100; k += 7) { // exact up to degree 2n - 1 = 99
            double integral = 0;
            for (int i = 0; i < 50; i++) integral += fifty.stepSizes[i] * Math.pow(fifty.alphas[i], k);
            assertEquals(1.0 / (k + 1), integral, 1e-13, "integral of t^" + k);
        }
        for (int i = 1; i < 50; i++) assertTrue(fifty.alphas[i - 1] < fifty.alphas[i], "ascending, as numpy gives them");
    }

    // ------------------------------------------------------------------ occlusion

    @Test
    void occludingOneElementOfALinearModelGivesWeightTimesInput() {
        Sequential model = linear(10, 3);
        Tensor x = Tensor.randn(2, 2, 5);
        float[] w = weightRow(model, 2), xs = x.toFloatArray(), expected = new float[20];
        for (int i = 0; i < 20; i++) expected[i] = w[i % 10] * xs[i];
        assertTensor(expected, new int[]{2, 2, 5}, Attribution.occlusion(model, x, 2, new int[]{1, 1}, new int[]{1, 1}), 1e-5);
    }

    @Test
    void occlusionWindowsOfALinearModelShareTheirDropAndOverlapsAverageIt() {
        Sequential model = linear(25, 2);
        Tensor x = Tensor.randn(2, 1, 5, 5);
        float[] contribution = new float[50];
        float[] w = weightRow(model, 0), xs = x.toFloatArray();
        for (int i = 0; i < 50; i++) contribution[i] = w[i % 25] * xs[i];
        // side by side, the last row and column of windows cropped at the border
        assertTensor(byHand(contribution, 5, 2, 2), x.shape(),
                Attribution.occlusion(model, x, 0, new int[]{1, 2, 2}, new int[]{1, 2, 2}), 1e-5);
        // overlapping: each element gets the mean drop of the windows covering it
        assertTensor(byHand(contribution, 5, 3, 1), x.shape(),
                Attribution.occlusion(model, x, 0, new int[]{1, 3, 3}, new int[]{1, 1, 1}), 1e-5);
    }

    /** Occlusion of a linear model worked out directly: a window's drop is the sum of its elements' contributions. */
    private static float[] byHand(float[] contribution, int side, int window, int stride) {
        int samples = contribution.length / (side * side);
        float[] sum = new float[contribution.length], count = new float[contribution.length];
        for (int n = 0; n < samples; n++) {
            for (int r0 = 0; r0 < side; r0 += stride) {
                for (int c0 = 0; c0 < side; c0 += stride) {
                    if ((r0 > 0 && r0 - stride + window >= side) || (c0 > 0 && c0 - stride + window >= side)) continue;
                    float drop = 0;
                    for (int r = r0; r < Math.min(r0 + window, side); r++)
                        for (int c = c0; c < Math.min(c0 + window, side); c++) drop += contribution[n * side * side + r * side + c];
                    for (int r = r0; r < Math.min(r0 + window, side); r++)
                        for (int c = c0; c < Math.min(c0 + window, side); c++) {
                            sum[n * side * side + r * side + c] += drop;
                            count[n * side * side + r * side + c]++;
                        }
                }
            }
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= count[i];
        return sum;
    }

    @Test
    void manyWindowsAreSplitIntoSeveralForwardsWithTheSameResult() {
        Sequential model = linear(48 * 48, 2);
        int[] forwards = new int[1];
        model.registerForwardHook((m, in, out) -> {
            forwards[0]++;
            return null;
        });
        Tensor x = Tensor.randn(1, 1, 48, 48);
        Tensor occ = Attribution.occlusion(model, x, 1, new int[]{1, 1, 1}, new int[]{1, 1, 1});
        assertTrue(forwards[0] > 2 && forwards[0] < 48 * 48, "forwards: " + forwards[0]);
        float[] w = weightRow(model, 1), xs = x.toFloatArray(), expected = new float[xs.length];
        for (int i = 0; i < xs.length; i++) expected[i] = w[i % w.length] * xs[i];
        assertTensor(expected, x.shape(), occ, 1e-5);
    }

    @Test
    void theShortFormsUseCaptumsDefaults() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(2, 1, 8, 8);
        Attributions shortForm = Attribution.integratedGradients(model, x, 3);
        Attributions longForm = Attribution.integratedGradients(model, x, 3, Tensor.zeros(2, 1, 8, 8), 50);
        assertArrayEquals(longForm.values().toFloatArray(), shortForm.values().toFloatArray());
        assertArrayEquals(longForm.convergenceDelta().toFloatArray(), shortForm.convergenceDelta().toFloatArray());
        assertArrayEquals(Attribution.occlusion(model, x, 3, new int[]{1, 3, 2}, new int[]{1, 1, 1}).toFloatArray(),
                Attribution.occlusion(model, x, 3, new int[]{1, 3, 2}).toFloatArray());
    }

    // ------------------------------------------------------------------ Grad-CAM

    @Test
    void gradCamIsANonNegativeMapOfTheInputsSize() {
        Tensor cam = Attribution.gradCam(cnn(), "3", Tensor.rand(2, 1, 8, 8), 0);
        assertArrayEquals(new int[]{2, 8, 8}, cam.shape());
        for (float v : cam.toFloatArray()) assertTrue(v >= 0, "ReLU'd map, got " + v);
    }

    @Test
    void gradCamOfALayerAtInputResolutionIsTheWeightedSumOfItsMaps() {
        // one conv layer straight into a linear head: the gradient of each map is the head's weights, so it is worked out here
        Conv2d conv = new Conv2d(1, 2, 3, 1, 1);
        Linear head = new Linear(2 * 4 * 4, 2);
        Sequential model = new Sequential(conv, new Flatten(), head);
        Tensor x = Tensor.randn(1, 1, 4, 4);
        float[] maps;
        try (var off = Autograd.noGrad()) {
            maps = conv.call(x).toFloatArray();
        }
        float[] w = head.weight.toFloatArray();
        float[] expected = new float[16];
        for (int c = 0; c < 2; c++) {
            float mean = 0;
            for (int i = 0; i < 16; i++) mean += w[32 + c * 16 + i] / 16f; // target 1
            for (int i = 0; i < 16; i++) expected[i] += mean * maps[c * 16 + i];
        }
        for (int i = 0; i < 16; i++) expected[i] = Math.max(0, expected[i]);
        assertTensor(expected, new int[]{1, 4, 4}, Attribution.gradCam(model, "0", x, 1), 1e-5);
    }

    // ------------------------------------------------------------------ nothing left behind

    @Test
    void attributionsLeaveNoHooksNoGradsAndTheModeAsTheyFoundIt() {
        Sequential model = cnn();
        model.eval();
        List<Parameter> params = model.parameters();
        params.get(0).setGrad(Tensor.full(7f, params.get(0).shape()));
        Tensor x = Tensor.rand(2, 1, 8, 8);
        List<Tensor> results = List.of(
                Attribution.saliency(model, x, 1),
                Attribution.integratedGradients(model, x, 1, null, 4).values(),
                Attribution.integratedGradients(model, x, 1, null, 4).convergenceDelta(),
                Attribution.gradCam(model, "3", x, 1),
                Attribution.occlusion(model, x, 1, new int[]{1, 2, 2}, new int[]{1, 2, 2}));
        assertTrue(model.hooks().isEmpty(), "hooks left: " + model.hooks());
        assertArrayEquals(Tensor.full(7f, params.get(0).shape()).toFloatArray(), params.get(0).grad().toFloatArray());
        for (int i = 1; i < params.size(); i++) assertNull(params.get(i).grad(), "grad of parameter " + i);
        assertFalse(model.isTraining());
        model.train();
        Attribution.saliency(model, x, 1);
        assertTrue(model.isTraining(), "the mode is left alone, as Captum does");
        assertFalse(x.requiresGrad());
        assertNull(x.grad());
        for (Tensor r : results) {
            assertFalse(r.requiresGrad(), "results have no history");
            assertNull(r.gradFn());
        }
    }

    @Test
    void anInputThatRequiresGradIsNeitherChangedNorGivenAGrad() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(1, 1, 8, 8).requiresGrad(true);
        Tensor sal = Attribution.saliency(model, x, 0);
        Attribution.gradCam(model, "4", x, 0);
        assertNull(x.grad());
        assertFalse(sal.requiresGrad());
    }

    @Test
    void theGradientMethodsWorkInsideANoGradScope() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(1, 1, 8, 8);
        Tensor sal = Attribution.saliency(model, x, 0), cam = Attribution.gradCam(model, "3", x, 0);
        try (var off = Autograd.noGrad()) {
            assertArrayEquals(sal.toFloatArray(), Attribution.saliency(model, x, 0).toFloatArray());
            assertArrayEquals(cam.toFloatArray(), Attribution.gradCam(model, "3", x, 0).toFloatArray());
        }
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void aTargetOutsideTheClassesIsNamedWithTheOutputShape() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(2, 1, 8, 8);
        assertMessage(IllegalArgumentException.class, () -> Attribution.saliency(model, x, 5),
                "Attribution.saliency", "target class in [0, 5)", "[2, 5]", "got 5");
        assertMessage(IllegalArgumentException.class, () -> Attribution.integratedGradients(model, x, -1, null, 10),
                "Attribution.integratedGradients", "got -1");
        assertMessage(IllegalArgumentException.class, () -> Attribution.gradCam(model, "3", x, 9), "Attribution.gradCam", "got 9");
        assertMessage(IllegalArgumentException.class, () -> Attribution.occlusion(model, x, 7, new int[]{1, 2, 2}, new int[]{1, 2, 2}),
                "Attribution.occlusion", "got 7");
        assertTrue(model.hooks().isEmpty(), "a failed Grad-CAM leaves no hook");
    }

    @Test
    void gradCamNamesAMissingLayerAndOneWithoutFeatureMaps() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(2, 1, 8, 8);
        assertMessage(IllegalArgumentException.class, () -> Attribution.gradCam(model, "features.3", x, 0),
                "Attribution.gradCam", "no layer \"features.3\"", "no child 'features'");
        assertMessage(IllegalArgumentException.class, () -> Attribution.gradCam(model, "6", x, 0),
                "feature maps [N, C, h, w]", "got [2, 5]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.gradCam(model, "3", Tensor.rand(2, 64), 0),
                "expected images [N, C, H, W]", "got [2, 64]");
        assertThrows(RuntimeException.class, () -> Attribution.gradCam(model, "3", Tensor.rand(2, 3, 8, 8), 0)); // 3 channels for a 1-channel conv
        assertTrue(model.hooks().isEmpty(), "a forward that throws leaves no hook either");
    }

    @Test
    void occlusionNamesAWindowThatDoesNotFitTheSample() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(2, 1, 8, 8);
        assertMessage(IllegalArgumentException.class, () -> Attribution.occlusion(model, x, 0, new int[]{1, 9, 3}, new int[]{1, 1, 1}),
                "no bigger than a sample [1, 8, 8]", "got window [1, 9, 3]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.occlusion(model, x, 0, new int[]{3, 3}, new int[]{1, 1}),
                "3 sizes each", "[1, 8, 8]", "got window [3, 3]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.occlusion(model, x, 0, new int[]{1, 2, 2}, new int[]{1, 3, 3}),
                "stride no longer than its window", "stride [1, 3, 3]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.occlusion(model, x, 0, new int[]{1, 0, 2}, new int[]{1, 1, 1}),
                "at least 1");
    }

    @Test
    void integratedGradientsNameABadBaselineOrStepCount() {
        Sequential model = cnn();
        Tensor x = Tensor.rand(2, 1, 8, 8);
        assertMessage(IllegalArgumentException.class, () -> Attribution.integratedGradients(model, x, 0, Tensor.zeros(2, 8, 8), 10),
                "baseline shaped like the input [2, 1, 8, 8] or one sample [1, 1, 8, 8]", "got [2, 8, 8]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.integratedGradients(model, x, 0, null, 0),
                "at least 1 step", "got 0");
    }

    @Test
    void aModelThatDoesNotOutputClassScoresIsNamed() {
        Module model = new Sequential(new Conv2d(1, 2, 3));
        assertMessage(IllegalArgumentException.class, () -> Attribution.saliency(model, Tensor.rand(2, 1, 8, 8), 0),
                "expected the model to output [2, classes]", "got [2, 2, 6, 6]");
        assertMessage(IllegalArgumentException.class, () -> Attribution.saliency(model, null, 0), "expected an input batch", "got null");
    }
}

package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.data.Batch;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Sigmoid;
import dev.hookbook.nn.Tanh;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recorded figures equal the same figures computed directly from the tensors. */
class MonitorStatsTest {

    private static Sequential model() {
        return new Sequential(new Linear(4, 6), new ReLU(), new Linear(6, 5), new Tanh(), new Linear(5, 3), new Sigmoid());
    }

    @Test
    void activationStatisticsMatchADirectComputation() {
        Hookbook.manualSeed(0);
        Sequential model = model();
        Tensor x = Tensor.randn(8, 4).mul(3f);
        // The outputs of every layer, computed before any hook is registered.
        Tensor[] outs = new Tensor[6];
        Tensor h = x;
        for (int i = 0; i < 6; i++) outs[i] = h = model.get(i).call(h);

        Monitor monitor = Monitor.attach(model);
        model.call(x).sum().backward();
        monitor.step();
        StepStats step = monitor.history().get(0);

        for (int i = 0; i < 6; i++) {
            float[] v = outs[i].toFloatArray();
            ActivationStats s = step.activations().get(String.valueOf(i));
            assertEquals(v.length, s.numel());
            assertEquals(v.length, s.sampled());
            assertEquals(mean(v), s.mean(), 1e-6);
            assertEquals(std(v), s.std(), 1e-5);
            assertEquals(min(v), s.min(), 0);
            assertEquals(max(v), s.max(), 0);
            assertEquals(count(v, f -> f == 0f) / (double) v.length, s.zeroFraction(), 1e-12);
        }
        assertTrue(step.activations().get("1").zeroFraction() > 0, "some ReLU outputs are zero");
        assertEquals(count(outs[3].toFloatArray(), f -> Math.abs(f) > 0.97f) / 40.0, step.activations().get("3").saturatedFraction(), 1e-12);
        assertEquals(count(outs[5].toFloatArray(), f -> f < 0.015f || f > 0.985f) / 24.0,
                step.activations().get("5").saturatedFraction(), 1e-12);
        assertTrue(Double.isNaN(step.activations().get("0").saturatedFraction()), "saturation is only defined for Tanh and Sigmoid");
        monitor.close();
    }

    @Test
    void gradientNormsAndUpdateRatiosMatchADirectComputation() {
        Hookbook.manualSeed(1);
        Sequential model = model();
        Tensor x = Tensor.randn(8, 4);
        Map<String, Parameter> params = model.namedParameters();
        Map<String, float[]> before = new java.util.LinkedHashMap<>();
        params.forEach((n, p) -> before.put(n, p.toFloatArray()));
        SGD opt = new SGD(model.parameters(), 0.1f);

        Monitor monitor = Monitor.attach(model);
        opt.zeroGrad();
        Tensor out = model.call(x);
        out.sum().backward();
        Map<String, float[]> grads = new java.util.LinkedHashMap<>();
        params.forEach((n, p) -> grads.put(n, p.grad().toFloatArray()));
        opt.step();
        monitor.step();
        StepStats step = monitor.history().get(0);

        // d(sum)/d(output of the last module) is all ones: its norm is sqrt(numel).
        assertEquals(Math.sqrt(24), step.outputGradNorms().get("5"), 1e-6);
        // Through the Sigmoid: y (1 - y).
        float[] y = out.toFloatArray();
        double expected = 0;
        for (float v : y) expected += Math.pow(v * (1 - v), 2);
        assertEquals(Math.sqrt(expected), step.outputGradNorms().get("4"), 1e-6);

        params.forEach((n, p) -> {
            float[] g = grads.get(n);
            assertEquals(Math.sqrt(Norms.sumOfSquares(g)), step.parameterGradNorms().get(n), 1e-6, n);
            // SGD without momentum moves w by 0.1 * grad.
            double ratio = 0.1 * Math.sqrt(Norms.sumOfSquares(g)) / Math.sqrt(Norms.sumOfSquares(before.get(n)));
            assertEquals(ratio, step.updateRatios().get(n), ratio * 1e-4, n);
        });
        monitor.close();
    }

    @Test
    @SuppressWarnings("try") // the no-grad scope is used for its effect only
    void stepsAreCountedByBackwardPassesAndEvaluationIsNotRecorded() {
        Hookbook.manualSeed(2);
        Sequential model = model();
        SGD opt = new SGD(model.parameters(), 0.05f);
        Monitor monitor = Monitor.attach(model);
        List<Batch> batches = List.of(new Batch(Tensor.randn(8, 4), Tensor.of(new float[]{0, 1, 2, 0, 1, 2, 0, 1}, 8)),
                new Batch(Tensor.randn(8, 4), Tensor.of(new float[]{2, 1, 0, 2, 1, 0, 2, 1}, 8)));
        float[] losses = new float[3];
        for (int i = 0; i < 3; i++) {
            losses[i] = Models.step(model, opt, batches.get(i % 2), monitor);
            assertEquals(i, monitor.steps(), "a step ends when the next forward pass starts");
        }
        try (var g = Autograd.noGrad()) {
            model.call(batches.get(0).x()); // evaluation: not a step
        }
        model.eval();
        model.call(batches.get(0).x());
        model.train();
        assertEquals(2, monitor.steps());
        monitor.flush(); // ends the last step
        List<StepStats> history = monitor.history();
        assertEquals(3, history.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 1, history.get(i).step());
            assertEquals(losses[i], history.get(i).loss(), 1e-6);
            assertEquals(8 * 6, history.get(i).activations().get("0").numel(), "one forward pass per step");
            assertFalse(history.get(i).updateRatios().get("0.weight").isNaN());
        }
        monitor.close();
    }

    @Test
    void attachingByPathWatchesThoseModulesAndTheirParameters() {
        Sequential model = new Sequential(new Sequential(new Linear(4, 4), new ReLU()), new Linear(4, 2));
        Monitor monitor = Monitor.attach(model, "0", "1");
        Recording r = monitor.recording();
        assertEquals(Map.of("0", "Sequential", "1", "Linear"), r.modules());
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.weight", "1.bias"), r.parameters());
        monitor.close();
    }

    @Test
    void bigOutputsAreSampled() {
        Hookbook.manualSeed(3);
        Module wide = new Sequential(new Linear(16, 4096));
        Monitor monitor = Monitor.attach(wide).sampleSize(512);
        wide.call(Tensor.randn(4, 16)).sum().backward();
        monitor.step();
        ActivationStats s = monitor.history().get(0).activations().get("0");
        assertEquals(4 * 4096, s.numel());
        assertTrue(s.sampled() <= 512 && s.sampled() > 256, "sampled " + s.sampled());
        monitor.close();
    }

    private interface FloatTest {
        boolean test(float f);
    }

    private static long count(float[] v, FloatTest t) {
        long n = 0;
        for (float f : v) if (t.test(f)) n++;
        return n;
    }

    private static double mean(float[] v) {
        double s = 0;
        for (float f : v) s += f;
        return s / v.length;
    }

    private static double std(float[] v) {
        double m = mean(v), s = 0;
        for (float f : v) s += (f - m) * (f - m);
        return Math.sqrt(s / (v.length - 1));
    }

    private static double min(float[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (float f : v) m = Math.min(m, f);
        return m;
    }

    private static double max(float[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (float f : v) m = Math.max(m, f);
        return m;
    }
}

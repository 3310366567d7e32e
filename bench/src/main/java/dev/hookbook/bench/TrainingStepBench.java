package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * One forward and backward pass of an MLP 64-128-10 (ReLU, cross-entropy) on a batch of 64,
 * written with tensor ops only: weights laid out as {@code Linear}'s ({@code [out, in]},
 * used transposed), the loss as the mean over the batch of minus the one-hot-selected
 * log-softmax. Gradients are cleared before each step, as {@code zeroGrad} would.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TrainingStepBench {
    private static final int BATCH = 64, IN = 64, HIDDEN = 128, OUT = 10;

    private Tensor x;
    private Tensor oneHot;
    private Tensor w1, b1, w2, b2;

    @Setup
    public void setup() {
        Hookbook.manualSeed(0);
        x = Tensor.rand(BATCH, IN);
        float[] targets = new float[BATCH * OUT];
        for (int i = 0; i < BATCH; i++) targets[i * OUT + i % OUT] = 1f;
        oneHot = Tensor.of(targets, BATCH, OUT);
        w1 = uniform(HIDDEN, IN);
        b1 = uniform(HIDDEN);
        w2 = uniform(OUT, HIDDEN);
        b2 = uniform(OUT);
    }

    /** Values in [-1/sqrt(in), 1/sqrt(in)), as Linear's default initialisation. */
    private static Tensor uniform(int... shape) {
        int fanIn = shape.length == 2 ? shape[1] : (shape[0] == HIDDEN ? IN : HIDDEN);
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return Tensor.rand(shape).mul(2 * bound).sub(bound).requiresGrad(true);
    }

    @Benchmark
    public Tensor mlpForwardBackward() {
        for (Tensor p : new Tensor[]{w1, b1, w2, b2}) p.setGrad(null);
        Tensor h = x.matmul(w1.transpose(0, 1)).add(b1).relu();
        Tensor logits = h.matmul(w2.transpose(0, 1)).add(b2);
        Tensor loss = logits.logSoftmax(1).mul(oneHot).sum(1, false).mean().neg();
        loss.backward();
        return w1.grad();
    }
}

package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * A 3x3 convolution (stride 1, padding 1) of a CIFAR-sized batch {@code [32, 3, 32, 32]} into
 * {@code channels} maps, with a bias: the forward pass alone (no graph), and forward plus
 * backward, which computes the gradients of the input, the weight and the bias from a fixed
 * gradient of the output.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ConvBench {
    private static final int BATCH = 32, IN = 3, SIZE = 32, KERNEL = 3, PADDING = 1;

    /** Output channels. */
    @Param({"32", "64"})
    public int channels;

    // Plain tensors for the forward pass, and copies that require grad for the backward one.
    private Tensor x, weight, bias;
    private Tensor xGrad, weightGrad, biasGrad, gradOut;

    @Setup
    public void setup() {
        Hookbook.manualSeed(0);
        x = Tensor.randn(BATCH, IN, SIZE, SIZE);
        weight = Tensor.randn(channels, IN, KERNEL, KERNEL).mul(0.1f);
        bias = Tensor.randn(channels);
        xGrad = x.detach().requiresGrad(true);
        weightGrad = weight.detach().requiresGrad(true);
        biasGrad = bias.detach().requiresGrad(true);
        gradOut = Tensor.randn(BATCH, channels, SIZE, SIZE);
    }

    @Benchmark
    public Tensor forward() {
        return F.conv2d(x, weight, bias, 1, PADDING);
    }

    @Benchmark
    public Tensor forwardBackward() {
        // Cleared first, so that each call writes fresh gradients instead of adding to the last ones.
        for (Tensor t : new Tensor[]{xGrad, weightGrad, biasGrad}) t.setGrad(null);
        F.conv2d(xGrad, weightGrad, biasGrad, 1, PADDING).backward(gradOut);
        return weightGrad.grad();
    }
}

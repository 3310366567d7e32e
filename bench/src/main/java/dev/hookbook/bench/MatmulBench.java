package dev.hookbook.bench;

import dev.hookbook.Hookbook;
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
 * Matrix products {@code [M,K] x [K,N]} of random tensors that record no graph: the square
 * sizes, and the shape of the hidden layer's products in the training step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MatmulBench {

    /** {@code MxKxN}. */
    @Param({"64x64x64", "256x256x256", "512x512x512", "1024x1024x1024", "128x64x128"})
    public String shape;

    private Tensor a;
    private Tensor b;

    @Setup
    public void setup() {
        String[] parts = shape.split("x");
        int m = Integer.parseInt(parts[0]), k = Integer.parseInt(parts[1]), n = Integer.parseInt(parts[2]);
        Hookbook.manualSeed(0);
        a = Tensor.randn(m, k);
        b = Tensor.randn(k, n);
    }

    @Benchmark
    public Tensor matmul() {
        return a.matmul(b);
    }
}

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
 * Element-wise ops on 1M floats (2^20, as a [1024, 1024] tensor) that record no graph (GELU among
 * them, as the costliest function), and
 * a broadcast add of a row vector to every row of a matrix. Each op allocates its output,
 * as it does in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementwiseBench {
    private static final int N = 1024;

    private Tensor x;
    private Tensor y;
    private Tensor row;

    @Setup
    public void setup() {
        Hookbook.manualSeed(0);
        x = Tensor.randn(N, N);
        y = Tensor.randn(N, N);
        row = Tensor.randn(N);
    }

    @Benchmark
    public Tensor add() {
        return x.add(y);
    }

    @Benchmark
    public Tensor mul() {
        return x.mul(y);
    }

    @Benchmark
    public Tensor relu() {
        return x.relu();
    }

    /** GELU without the tanh approximation: erf per element, the costliest element-wise function. */
    @Benchmark
    public Tensor gelu() {
        return x.gelu();
    }

    /** {@code [1024, 1024] + [1024]}. */
    @Benchmark
    public Tensor broadcastAdd() {
        return x.add(row);
    }
}

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
 * a broadcast add of a row vector to every row of a matrix. Each of those allocates its output,
 * as it does in PyTorch. Then the forms that write into memory that exists: in place
 * ({@code addInPlace}, PyTorch's {@code add_}) and into a given tensor ({@code addInto},
 * PyTorch's {@code torch.add(x, y, out=out)}), which a loop can use to keep one hot buffer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ElementwiseBench {
    private static final int N = 1024;

    private Tensor x;
    private Tensor y;
    private Tensor row;
    private Tensor target;
    private Tensor ones;
    private Tensor out;

    @Setup
    public void setup() {
        Hookbook.manualSeed(0);
        x = Tensor.randn(N, N);
        y = Tensor.randn(N, N);
        row = Tensor.randn(N);
        target = x.clone();
        ones = Tensor.ones(N, N);
        out = Tensor.zeros(N, N);
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

    /** {@code target += y}: target's values grow by y each call, far from overflow in any run. */
    @Benchmark
    public Tensor addInPlace() {
        return target.addInPlace(y);
    }

    /** {@code target *= ones}: the traffic of a product whose values stay put (no overflow, no subnormals). */
    @Benchmark
    public Tensor mulInPlace() {
        return target.mulInPlace(ones);
    }

    @Benchmark
    public Tensor reluInPlace() {
        return target.reluInPlace();
    }

    @Benchmark
    public Tensor addInto() {
        return x.addInto(y, out);
    }

    @Benchmark
    public Tensor mulInto() {
        return x.mulInto(y, out);
    }
}

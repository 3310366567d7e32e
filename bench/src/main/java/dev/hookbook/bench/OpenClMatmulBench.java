package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.backend.opencl.OpenClBackend;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Square matrix products on the CPU backend and on the first OpenCL device, operands already
 * on the device. An OpenCL launch returns before the kernel has run, so each OpenCL
 * invocation waits for the queue to drain; copies to and from the host are not included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OpenClMatmulBench {

    /** n of an [n, n] x [n, n] product. */
    @Param({"512", "1024"})
    public int n;

    /** {@code cpu} or {@code opencl} (the first OpenCL device; the run fails, saying what is missing, without one). */
    @Param({"cpu", "opencl"})
    public String device;

    private Tensor a;
    private Tensor b;
    private OpenClBackend opencl;

    @Setup
    public void setup() {
        Device d = device.equals("opencl") ? Device.opencl() : Device.CPU;
        opencl = d.backend() instanceof OpenClBackend o ? o : null;
        Hookbook.manualSeed(0);
        a = Tensor.randn(n, n).to(d);
        b = Tensor.randn(n, n).to(d);
    }

    @Benchmark
    public Tensor matmul() {
        Tensor c = a.matmul(b);
        if (opencl != null) opencl.runtime().finish();
        return c;
    }
}

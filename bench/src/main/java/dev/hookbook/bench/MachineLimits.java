package dev.hookbook.bench;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.function.IntToDoubleFunction;

/**
 * The machine's own limits, measured with the cores the run uses (one thread per core the JVM
 * sees), so that a benchmark's GFLOP/s and GB/s can be read as fractions of what the hardware
 * gives: the FP32 peak (fused multiply-adds in the Vector API's preferred species, with enough
 * independent accumulators to hide the FMA's latency), and the bandwidth of {@code c = a + b}
 * on arrays that fit in the L2 cache and on arrays far larger than the L3, counting 12 bytes per
 * element (two floats read, one written), as the element-wise rows of the table count them.
 * Each figure is the best of several timed trials: a limit is what the machine reaches at its
 * best, and on a shared virtual machine every disturbance only lowers a trial.
 *
 * <p>{@link Machine} prints them as {@code peak_gflops=}, {@code cache_gbps=} and
 * {@code dram_gbps=} lines (about three seconds of measuring); alone:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.hookbook.bench.MachineLimits [threads]
 * </pre>
 */
public final class MachineLimits {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Independent FMA chains per thread: Zen 3 and later issue two FMAs a cycle with a latency of 4 to 5 cycles, so 10+ chains keep both pipes full. */
    private static final int CHAINS = 12;
    /** Floats per array for the in-cache add: three arrays of 64 KiB, 192 KiB per core, inside a 512 KiB or larger L2 and outside the L1. */
    static final int CACHE_FLOATS = 16 * 1024;
    /** Floats per array for the DRAM add: three arrays of 64 MiB per core, far beyond any L3 this bench meets. */
    static final int DRAM_FLOATS = 16 * 1024 * 1024;
    private static final int TRIALS = 7;

    /** The three limits, for the cores that measured them. */
    public record Limits(int threads, double peakGflops, double cacheGbps, double dramGbps) {}

    private MachineLimits() {}

    public static void main(String[] args) {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        print(measure(threads));
    }

    /** Prints the {@code key=value} lines that bench/report.py reads. */
    static void print(Limits l) {
        System.out.printf(Locale.ROOT, "limits_threads=%d%n", l.threads());
        System.out.printf(Locale.ROOT, "peak_gflops=%.1f%n", l.peakGflops());
        System.out.printf(Locale.ROOT, "cache_gbps=%.1f%n", l.cacheGbps());
        System.out.printf(Locale.ROOT, "dram_gbps=%.1f%n", l.dramGbps());
    }

    /** Measures all three with {@code threads} threads. */
    public static Limits measure(int threads) {
        return new Limits(threads, peakGflops(threads), addGbps(threads, CACHE_FLOATS, 2000), addGbps(threads, DRAM_FLOATS, 3));
    }

    /** FP32 GFLOP/s of {@code threads} threads, each running {@link #CHAINS} chains of FMAs (2 flops per lane each). */
    static double peakGflops(int threads) {
        int iterations = 1 << 21;
        double flopsPerThread = 2.0 * S.length() * CHAINS * iterations;
        for (int i = 0; i < 20_000; i++) fmaChains(64, 0.999f, 0.001f);   // compiled whole, not only on-stack replacement
        return best(threads, t -> fmaChains(iterations, 0.999f, 0.001f)) * flopsPerThread / 1e9;
    }

    /** GB/s of {@code c = a + b} on per-thread arrays of {@code floats} floats, {@code passes} times, 12 bytes per element. */
    static double addGbps(int threads, int floats, int passes) {
        float[][][] arrays = new float[threads][3][floats];
        for (float[][] a : arrays) {
            java.util.Arrays.fill(a[0], 1f);   // every page touched before timing
            java.util.Arrays.fill(a[1], 2f);
            java.util.Arrays.fill(a[2], 0f);
        }
        double bytesPerThread = 12.0 * floats * passes;
        return best(threads, t -> {
            float[][] a = arrays[t];
            double sink = 0;
            for (int p = 0; p < passes; p++) sink += add(a[0], a[1], a[2]);
            return sink;
        }) * bytesPerThread / 1e9;
    }

    /**
     * Runs {@code work} on every thread at once, {@link #TRIALS} times after two untimed rounds
     * (the JIT compiles the loops), and returns the best rate in calls per second: threads over a
     * round's wall time, from the first thread's start to the last thread's end (each thread
     * reads the clock itself: the coordinating thread may be scheduled late on a busy machine).
     */
    private static double best(int threads, IntToDoubleFunction work) {
        CyclicBarrier start = new CyclicBarrier(threads + 1), end = new CyclicBarrier(threads + 1);
        int rounds = 2 + TRIALS;
        long[][] begun = new long[rounds][threads], done = new long[rounds][threads];
        List<Thread> workers = new ArrayList<>();
        double[] sinks = new double[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread w = new Thread(() -> {
                try {
                    for (int r = 0; r < rounds; r++) {
                        start.await();
                        begun[r][id] = System.nanoTime();
                        sinks[id] += work.applyAsDouble(id);
                        done[r][id] = System.nanoTime();
                        end.await();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "limits-" + t);
            w.setDaemon(true);
            w.start();
            workers.add(w);
        }
        try {
            for (int r = 0; r < rounds; r++) {
                start.await();
                end.await();
            }
            for (Thread w : workers) w.join();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        double bestSeconds = Double.MAX_VALUE;
        for (int r = 2; r < rounds; r++) {
            long first = java.util.Arrays.stream(begun[r]).min().orElseThrow();
            long last = java.util.Arrays.stream(done[r]).max().orElseThrow();
            bestSeconds = Math.min(bestSeconds, (last - first) / 1e9);
        }
        if (Double.isNaN(java.util.Arrays.stream(sinks).sum())) System.out.print("");   // keeps the results alive
        return threads / bestSeconds;
    }

    /** {@link #CHAINS} independent chains {@code acc = acc * a + b}: they converge to b / (1 - a), never denormal. */
    private static double fmaChains(int iterations, float a, float b) {
        FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
        FloatVector c0 = FloatVector.broadcast(S, 0.1f), c1 = FloatVector.broadcast(S, 0.2f), c2 = FloatVector.broadcast(S, 0.3f),
                c3 = FloatVector.broadcast(S, 0.4f), c4 = FloatVector.broadcast(S, 0.5f), c5 = FloatVector.broadcast(S, 0.6f),
                c6 = FloatVector.broadcast(S, 0.7f), c7 = FloatVector.broadcast(S, 0.8f), c8 = FloatVector.broadcast(S, 0.9f),
                c9 = FloatVector.broadcast(S, 1.1f), c10 = FloatVector.broadcast(S, 1.2f), c11 = FloatVector.broadcast(S, 1.3f);
        for (int i = 0; i < iterations; i++) {
            c0 = c0.fma(va, vb);
            c1 = c1.fma(va, vb);
            c2 = c2.fma(va, vb);
            c3 = c3.fma(va, vb);
            c4 = c4.fma(va, vb);
            c5 = c5.fma(va, vb);
            c6 = c6.fma(va, vb);
            c7 = c7.fma(va, vb);
            c8 = c8.fma(va, vb);
            c9 = c9.fma(va, vb);
            c10 = c10.fma(va, vb);
            c11 = c11.fma(va, vb);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }

    /** {@code c = a + b} in vectors (lengths are multiples of every species' length); returns one element so the work stays live. */
    private static float add(float[] a, float[] b, float[] c) {
        for (int i = 0; i < a.length; i += S.length()) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(c, i);
        }
        return c[c.length - 1];
    }
}

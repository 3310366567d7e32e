package dev.hookbook.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.util.Collection;
import java.util.List;

/**
 * A JMH profiler ({@code -prof dev.hookbook.bench.PageFaults}, always on in bench/run): the fork's
 * minor page faults per call over each iteration, from {@code /proc/self/stat}. A call that
 * faults writes memory the process never touched before (a heap still growing); a warmed-up
 * engine takes none, so this column shows whether both engines of a row were measured equally
 * warm (bench/torch_peer.py counts PyTorch's the same way).
 */
public final class PageFaults implements InternalProfiler {
    private long before;

    @Override
    public String getDescription() {
        return "minor page faults per call (Linux /proc/self/stat)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmark, IterationParams iteration) {
        before = StartupCliff.minorFaults();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmark, IterationParams iteration, IterationResult result) {
        long calls = Math.max(1, result.getMetadata().getAllOps());
        return List.of(new ScalarResult("faults.per.op", (double) (StartupCliff.minorFaults() - before) / calls, "faults/op", AggregationPolicy.AVG));
    }
}

package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Checkpoint;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Storage;
import dev.hookbook.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What activation checkpointing saves: the memory that the graph of a deep MLP (Linear + ReLU
 * layers) holds between forward and backward, plain, checkpointed per layer and with
 * {@code checkpointSequential} in a few segments, and what a training step then costs. Not a
 * JMH benchmark: memory is counted, not timed.
 *
 * <p>Two counts per way of running. <b>Saved</b>: the bytes of the distinct storages the graph
 * keeps for backward, the model's parameters left out: what ops save (seen by a saved-tensors
 * pack hook around the whole forward; a checkpoint's own hooks hide its segment's tensors from
 * it) plus the inputs each checkpoint keeps to run its segment again (seen by a forward
 * pre-hook on each segment's first module). <b>Heap</b>: the heap in use after
 * {@code System.gc()} with the loss alive, less the heap in use before the forward (model and
 * input alive both times, the median of three runs); it also counts whatever backward rules
 * capture beside {@code Saved}, and the graph's own objects. Run it with the serial collector:
 * G1 stores an array of 1 MiB or more as a humongous object in whole regions, so with 1 MiB
 * regions each activation would count twice. The gradients of every way are checked against
 * the plain run's.
 *
 * <pre>
 * java -XX:+UseSerialGC --add-modules jdk.incubator.vector -cp ... dev.hookbook.bench.CheckpointMemory [layers] [width] [batch] [segments]
 * </pre>
 */
public final class CheckpointMemory {
    private static final double MIB = 1024.0 * 1024.0;

    private CheckpointMemory() {}

    public static void main(String[] args) {
        int layers = args.length > 0 ? Integer.parseInt(args[0]) : 16;
        int width = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int segments = args.length > 3 ? Integer.parseInt(args[3]) : 4;

        Hookbook.manualSeed(0);
        Sequential model = new Sequential();
        for (int i = 0; i < layers; i++) model.append(new Linear(width, width)).append(new ReLU());
        Tensor x = Tensor.randn(batch, width);
        Set<Storage> parameters = storages(model.parameters());

        System.out.printf(Locale.ROOT, "%d x (Linear(%d, %d) + ReLU), batch %d: one activation is %.1f MiB, the parameters %.1f MiB; collectors %s%n",
                layers, width, width, batch, (double) batch * width * 4 / MIB, bytes(parameters) / MIB,
                ManagementFactory.getGarbageCollectorMXBeans().stream().map(b -> b.getName()).toList());
        System.out.printf(Locale.ROOT, "  %-34s %12s %12s %14s %14s%n", "", "saved (MiB)", "heap (MiB)", "step (ms)", "max |grad diff|");

        List<float[]> reference = null;
        Way[] ways = {
                new Way("plain", model::call, List.of()),
                new Way("checkpoint per layer", h -> perLayer(model, h), everyOther(model, 0, 2)),
                new Way("checkpointSequential, " + segments + " segments", h -> Checkpoint.checkpointSequential(model, segments, h),
                        everyOther(model, 0, 2 * layers / segments).subList(0, segments - 1)),
        };
        for (Way way : ways) {
            double saved = savedBytes(model, way, x, parameters) / MIB;
            long[] heaps = {heapBytes(model, way, x), heapBytes(model, way, x), heapBytes(model, way, x)};
            java.util.Arrays.sort(heaps);
            double heap = heaps[1] / MIB; // the median of three
            step(model, way, x); // warm up
            long t0 = System.nanoTime();
            int steps = 3;
            List<float[]> grads = null;
            for (int i = 0; i < steps; i++) grads = step(model, way, x);
            double ms = (System.nanoTime() - t0) / 1e6 / steps;
            if (reference == null) reference = grads;
            System.out.printf(Locale.ROOT, "  %-34s %12.1f %12.1f %14.0f %14.3g%n", way.name, saved, heap, ms, maxDiff(reference, grads));
        }
    }

    /** A way of running the model, and the modules whose input a checkpoint keeps. */
    private record Way(String name, UnaryOperator<Tensor> run, List<Module> segmentStarts) {}

    private static Tensor perLayer(Sequential model, Tensor h) {
        for (int i = 0; i < model.size(); i += 2) {
            Module linear = model.get(i), relu = model.get(i + 1);
            h = Checkpoint.checkpoint(in -> relu.call(linear.call(in)), h);
        }
        return h;
    }

    private static List<Module> everyOther(Sequential model, int from, int step) {
        List<Module> modules = new java.util.ArrayList<>();
        for (int i = from; i < model.size(); i += step) modules.add(model.get(i));
        return modules;
    }

    private static Tensor loss(Tensor out) {
        return out.mul(out).mean();
    }

    /** Bytes of the distinct storages kept for backward (parameters aside), counted after the forward. */
    private static long savedBytes(Sequential model, Way way, Tensor x, Set<Storage> parameters) {
        Set<Storage> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        List<dev.hookbook.nn.HookHandle> handles = new java.util.ArrayList<>();
        for (Module start : way.segmentStarts) {
            handles.add(start.registerForwardPreHook((m, inputs) -> {
                kept.add(inputs[0].storage());
                return null;
            }));
        }
        Tensor loss;
        try (var hooks = Autograd.savedTensorsHooks(t -> {
            kept.add(t.storage());
            return t;
        }, o -> (Tensor) o)) {
            loss = loss(way.run.apply(x));
        }
        handles.forEach(dev.hookbook.nn.HookHandle::remove);
        kept.removeAll(parameters);
        long bytes = bytes(kept);
        model.zeroGrad();
        loss.backward();
        return bytes;
    }

    /** Heap in use after the forward, loss alive, less before it. */
    private static long heapBytes(Sequential model, Way way, Tensor x) {
        model.zeroGrad();
        long before = heapAfterGc();
        Tensor loss = loss(way.run.apply(x));
        long after = heapAfterGc();
        loss.backward();
        return after - before;
    }

    private static List<float[]> step(Sequential model, Way way, Tensor x) {
        model.zeroGrad();
        loss(way.run.apply(x)).backward();
        return model.parameters().stream().map(p -> p.grad().toFloatArray()).toList();
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static Set<Storage> storages(List<Parameter> ps) {
        Set<Storage> s = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Parameter p : ps) s.add(p.storage());
        return s;
    }

    private static long bytes(Set<Storage> storages) {
        long b = 0;
        for (Storage s : storages) b += 4L * s.size();
        return b;
    }

    private static double maxDiff(List<float[]> a, List<float[]> b) {
        double m = 0;
        for (int i = 0; i < a.size(); i++) {
            for (int j = 0; j < a.get(i).length; j++) m = Math.max(m, Math.abs(a.get(i)[j] - b.get(i)[j]));
        }
        return m;
    }
}

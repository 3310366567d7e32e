package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Optimizers;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Locale;

/**
 * The memory figure of the optimizer step fused into backward ({@code Optimizers.stepInBackward}),
 * against the plain {@code zeroGrad; backward; step} loop, for a model of big layers (eight
 * {@code Linear(2048, 2048)} with ReLUs, batch 64, SGD so that no optimizer state hides the
 * difference). After each gradient is accumulated, a probe notes the bytes of the gradients
 * alive (exact) and the heap in use after a full collection; the row is the largest of each over
 * a training step, the heap counted above what the model and its data took before the step. Run
 * one mode per JVM so neither sees the other's garbage:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp ... dev.hookbook.bench.StepInBackwardMemory plain|fused [layers] [width]
 * </pre>
 */
public final class StepInBackwardMemory {
    private StepInBackwardMemory() {}

    public static void main(String[] args) {
        boolean fused = args.length > 0 && args[0].equals("fused");
        int layers = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int width = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        Hookbook.manualSeed(0);
        Sequential model = new Sequential();
        for (int i = 0; i < layers; i++) {
            model.append(new Linear(width, width));
            if (i < layers - 1) model.append(new ReLU());
        }
        List<Parameter> params = model.parameters();
        Tensor x = Tensor.randn(64, width), y = Tensor.randn(64, width);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] peak = new long[2]; // gradient bytes, heap bytes
        for (Parameter p : params) {
            p.registerPostAccumulateGradHook(t -> {
                long grads = 0;
                for (Parameter q : params) if (q.grad() != null) grads += q.grad().numel() * Float.BYTES;
                peak[0] = Math.max(peak[0], grads);
                memory.gc();
                peak[1] = Math.max(peak[1], memory.getHeapMemoryUsage().getUsed());
            });
        }
        SGD plain = fused ? null : new SGD(params, 0.01f);
        if (fused) Optimizers.stepInBackward(params, p -> new SGD(List.of(p), 0.01f));
        for (int step = 0; step < 3; step++) {
            peak[0] = peak[1] = 0;
            memory.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            Tensor loss = F.mseLoss(model.call(x), y);
            loss.backward();
            if (!fused) {
                plain.step();
                plain.zeroGrad();
            }
            System.out.printf(Locale.ROOT, "%s step %d: gradients alive at most %.1f MB, heap above the start at most %.1f MB"
                            + " (parameters %.1f MB)%n", fused ? "fused" : "plain", step, peak[0] / 1e6, (peak[1] - before) / 1e6,
                    bytes(model) / 1e6);
        }
    }

    private static long bytes(Module model) {
        long n = 0;
        for (Parameter p : model.parameters()) n += p.numel() * Float.BYTES;
        return n;
    }
}

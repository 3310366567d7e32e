package dev.hookbook.bench;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.data.CharDataset;
import dev.hookbook.data.DataLoader;
import dev.hookbook.models.MiniGpt;
import dev.hookbook.nn.F;
import dev.hookbook.optim.AdamW;
import dev.hookbook.optim.CosineAnnealingLR;
import dev.hookbook.optim.Optimizers;
import dev.hookbook.tensor.Tensor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Notebook 07's training run ("Inside a transformer") without its charts, timed as
 * {@code bench/gpt_peer.py} times PyTorch's: the words of /usr/share/dict/words, a
 * {@link MiniGpt} (block 16, embedding 64, 4 heads, 2 layers), batches of 32, AdamW at 3e-3 on a
 * cosine schedule, gradients clipped at norm 1. Prints the whole loop's steps a second, as the
 * peer does, and the median of the per-step times of each 100 steps (the JIT's first steps
 * are slow; the median of the later chunks is the steady speed).
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp "$(cat bench/target/classpath.txt):bench/target/classes"
 * dev.hookbook.bench.GptStep [steps] [words file]}; add {@code -XX:StartFlightRecording=filename=gpt.jfr}
 * to profile it.
 */
public final class GptStep {
    private static final int BLOCK = 16, EMBED = 64, HEADS = 4, LAYERS = 2, BATCH = 32;
    private static final float LR = 3e-3f;

    private GptStep() {}

    public static void main(String[] args) throws IOException {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path wordsFile = Path.of(args.length > 1 ? args[1] : "/usr/share/dict/words");
        Hookbook.manualSeed(0);
        List<String> words = Files.readAllLines(wordsFile).stream().filter(w -> w.matches("[a-z]+")).toList();
        var text = new StringBuilder();
        for (int i = 0; i < words.size(); i++) if (i % 10 != 9) text.append(words.get(i)).append('\n');
        Path trainFile = Files.createTempFile("words-train", ".txt");
        Files.writeString(trainFile, text);
        var train = CharDataset.of(trainFile, BLOCK);
        Files.delete(trainFile);
        int vocab = train.vocabularySize();

        var model = new MiniGpt(new MiniGpt.Config(vocab, BLOCK, EMBED, HEADS, LAYERS));
        var opt = new AdamW(model.parameters(), LR);
        var schedule = new CosineAnnealingLR(opt, steps);
        var loader = new DataLoader(train, BATCH, true);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int chunks = steps / 100;
        long cpu0 = 0, process0 = 0, alloc0 = 0;
        double[] chunkMs = new double[chunks];
        float lossSum = 0;
        int step = 0;
        long start = System.nanoTime(), chunkStart = start;
        while (step < steps) {
            for (Batch b : loader) {
                Tensor logits = model.call(b.x());
                Tensor loss = F.crossEntropy(logits.reshape(-1, vocab), b.y().reshape(-1));
                opt.zeroGrad();
                loss.backward();
                Optimizers.clipGradNorm(model.parameters(), 1f);
                opt.step();
                schedule.step();
                float l = loss.item();
                if (step >= steps - 100) lossSum += l;
                if (++step % 100 == 0) {
                    long now = System.nanoTime();
                    if (step / 100 - 1 < chunks) chunkMs[step / 100 - 1] = (now - chunkStart) / 1e6 / 100;
                    chunkStart = now;
                }
                if (step == steps / 4) {   // the JIT's first steps left out of the CPU and allocation figures
                    cpu0 = threads.getCurrentThreadCpuTime();
                    process0 = os.getProcessCpuTime();
                    alloc0 = allocated(threads);
                }
                if (step == steps) break;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        int measured = steps - steps / 4;
        double mainCpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / measured;
        double processCpuMs = (os.getProcessCpuTime() - process0) / 1e6 / measured;
        double allocMb = (allocated(threads) - alloc0) / 1048576.0 / measured;
        double[] later = Arrays.copyOfRange(chunkMs, Math.min(chunks, chunks / 4), chunks);
        Arrays.sort(later);
        double median = later.length == 0 ? Double.NaN : later[later.length / 2];
        System.out.printf("hookbook %d threads: %d steps of %d x %d in %.1f s (%.1f steps/s), "
                        + "median %.2f ms/step over the last %d hundreds, loss %.3f (mean of the last 100 steps)%n",
                Runtime.getRuntime().availableProcessors(), steps, BATCH, BLOCK, seconds, steps / seconds,
                median, later.length, lossSum / Math.min(100, steps));
        System.out.printf("per step after the first quarter: %.2f ms CPU on the training thread, %.2f ms CPU in the whole process "
                + "(pool threads, JIT, GC), %.2f MiB allocated%n", mainCpuMs, processCpuMs, allocMb);
    }

    /** Bytes allocated so far by all live threads (the training thread and the kernels' pool). */
    private static long allocated(com.sun.management.ThreadMXBean threads) {
        long sum = 0;
        for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) sum += Math.max(0, b);
        return sum;
    }
}

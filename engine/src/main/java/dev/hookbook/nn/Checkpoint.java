package dev.hookbook.nn;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.tensor.Generator;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Activation checkpointing, as PyTorch's {@code torch.utils.checkpoint.checkpoint(fn, *args,
 * use_reentrant=False)}: trades compute for memory. The segment runs as usual in forward and
 * its output joins the graph as usual, but every tensor its ops save for backward is replaced
 * by a small index (a saved-tensors pack hook), so the graph holds only the segment's inputs.
 * When backward first reads one of those tensors, the segment runs again on the same inputs,
 * with gradients recorded ({@link Autograd#enableGrad()}) and with the random state of its
 * forward pass (so dropout draws the same masks), under a pack hook that collects what its ops
 * save, in order; each index then gets back its recomputed tensor. Gradients equal those of the
 * plain run exactly.
 *
 * <pre>{@code
 * Tensor h = x;
 * for (Module block : blocks) h = Checkpoint.checkpoint(block, h);   // keeps one tensor per block
 * loss.call(h, target).backward();                                    // each block runs twice
 * }</pre>
 *
 * Under {@link Autograd#noGrad()} the segment simply runs: nothing is saved, nothing recomputed.
 * A segment must compute the same ops each time it runs (its modules' forward hooks fire twice,
 * and a BatchNorm in training mode updates its running statistics twice, as in PyTorch). The
 * recomputed tensors are handed to backward without history ({@code detach()}), as PyTorch
 * 1.13's {@code inner_pack} does: a gradient taken through them is not itself differentiated
 * through the segment's saved activations.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /** Runs {@code segment} on one input with checkpointing, as {@code checkpoint(fn, x, use_reentrant=False)}. */
    public static Tensor checkpoint(UnaryOperator<Tensor> segment, Tensor input) {
        if (segment == null) throw new IllegalArgumentException("checkpoint: expected a segment to run, got null");
        return checkpoint(xs -> segment.apply(xs[0]), new Tensor[]{input});
    }

    /**
     * Runs {@code segment} on {@code inputs} with checkpointing, as {@code checkpoint(fn, *args,
     * use_reentrant=False)}: {@code checkpoint(xs -> xs[0].mul(xs[1]), a, b)}. Given a single
     * tensor, Java picks the one-input form ({@code x -> ...}); pass a {@code Tensor[]} to get
     * this one.
     */
    public static Tensor checkpoint(Function<Tensor[], Tensor> segment, Tensor... inputs) {
        if (segment == null) throw new IllegalArgumentException("checkpoint: expected a segment to run, got null");
        if (inputs == null) throw new IllegalArgumentException("checkpoint: expected input tensors, got null");
        if (!Autograd.isGradEnabled()) return segment.apply(inputs.clone());
        Recomputation recomputation = new Recomputation(segment, inputs.clone(), Generator.getState());
        try (var hooks = Autograd.savedTensorsHooks(recomputation::pack, recomputation::unpack)) {
            return segment.apply(inputs.clone());
        }
    }

    /** Runs {@code module} on {@code inputs} with checkpointing, as {@code checkpoint(module, *args, use_reentrant=False)}. */
    public static Tensor checkpoint(Module module, Tensor... inputs) {
        if (module == null) throw new IllegalArgumentException("checkpoint: expected a module to run, got null");
        return checkpoint(xs -> module.call(xs), inputs);
    }

    /**
     * Runs {@code sequential} split into {@code segments} runs of consecutive modules, each but
     * the last checkpointed, as {@code torch.utils.checkpoint.checkpoint_sequential(functions,
     * segments, input, use_reentrant=False)}: PyTorch's split, {@code size / segments} modules
     * per segment and the rest in the last one, which runs plainly (backward needs it first).
     */
    public static Tensor checkpointSequential(Sequential sequential, int segments, Tensor input) {
        if (sequential == null) throw new IllegalArgumentException("checkpointSequential: expected a Sequential, got null");
        List<Module> modules = new ArrayList<>();
        sequential.forEach(modules::add);
        if (segments < 1 || segments > modules.size()) {
            throw new IllegalArgumentException("checkpointSequential: expected between 1 and " + modules.size()
                    + " segments (the Sequential's size), got " + segments);
        }
        int segmentSize = modules.size() / segments;
        int start = 0;
        for (; start < segmentSize * (segments - 1); start += segmentSize) {
            List<Module> run = modules.subList(start, start + segmentSize);
            input = checkpoint((UnaryOperator<Tensor>) x -> runAll(run, x), input);
        }
        return runAll(modules.subList(start, modules.size()), input);
    }

    private static Tensor runAll(List<Module> modules, Tensor x) {
        for (Module m : modules) x = m.call(x);
        return x;
    }

    /**
     * One checkpointed call: what it needs to run the segment again, how many tensors the
     * forward saved, and the recomputed ones until backward reads them.
     */
    private static final class Recomputation {
        private final Function<Tensor[], Tensor> segment;
        private final Tensor[] inputs;
        private final Generator.State randomState;
        private int saved;
        private Tensor[] recomputed;

        Recomputation(Function<Tensor[], Tensor> segment, Tensor[] inputs, Generator.State randomState) {
            this.segment = segment;
            this.inputs = inputs;
            this.randomState = randomState;
        }

        /** Forward's pack hook: keeps the tensor's position, not the tensor. */
        Object pack(Tensor t) {
            return saved++;
        }

        /** Backward's unpack hook: recomputes the segment the first time (and again if a later backward reads a tensor twice). */
        Tensor unpack(Object packed) {
            int index = (Integer) packed;
            if (recomputed == null || recomputed[index] == null) recompute();
            Tensor t = recomputed[index];
            recomputed[index] = null; // backward reads each saved tensor once: free it as soon as it is used
            return t;
        }

        private void recompute() {
            List<Tensor> collected = new ArrayList<>(saved);
            Generator.State outer = Generator.getState();
            Generator.setState(randomState);
            try (var grad = Autograd.enableGrad();
                 var hooks = Autograd.savedTensorsHooks(t -> {
                     collected.add(t.detach()); // the values only: the recomputed graph itself is dropped
                     return null;
                 }, Recomputation::neverUnpacked)) {
                segment.apply(detachedInputs());
            } finally {
                Generator.setState(outer); // the surrounding code's random numbers go on as if nothing ran
            }
            if (collected.size() != saved) {
                throw new IllegalStateException("checkpoint: recomputing the segment saved " + collected.size()
                        + " tensors for backward, but its forward saved " + saved
                        + " (a checkpointed segment has to run the same ops each time)");
            }
            recomputed = collected.toArray(new Tensor[0]);
        }

        /** The inputs without their history (the recomputed graph ends there), requiring grad as they did. */
        private Tensor[] detachedInputs() {
            Tensor[] xs = new Tensor[inputs.length];
            for (int i = 0; i < xs.length; i++) {
                Tensor x = inputs[i];
                xs[i] = x == null ? null : x.detach().requiresGrad(x.requiresGrad());
            }
            return xs;
        }

        private static Tensor neverUnpacked(Object packed) {
            throw new IllegalStateException("checkpoint: a tensor saved while recomputing a segment was read by backward; "
                    + "the recomputed graph is only a source of saved tensors");
        }
    }
}

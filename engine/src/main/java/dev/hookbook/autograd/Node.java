package dev.hookbook.autograd;

import dev.hookbook.hooks.HookList;
import dev.hookbook.nn.HookHandle;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A step of the gradient graph: it turns the gradients of its outputs into gradients of its
 * inputs. Every tensor made by an op remembers the node that made it ({@link Tensor#gradFnNode()});
 * the node's {@link #next} edges lead to the nodes that made its inputs. Outside this package a
 * node is a read-only view, as PyTorch's {@code grad_fn}: its name and the nodes it leads to.
 */
public abstract class Node {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final String name;
    /** Creation order; the engine runs later nodes first, as PyTorch does. */
    final long sequenceNr = SEQUENCE.getAndIncrement();
    final Edge[] next;
    private final int numOutputs;
    // Tensor hooks and retainGrad of this node's outputs run on the gradient before apply.
    private HookList<UnaryOperator<Tensor>>[] outputHooks;
    // Weakly, as PyTorch's retains_grad hook: the graph must not keep the tensor alive.
    private java.lang.ref.WeakReference<?>[] retained;
    // Hooks on the node itself (PyTorch's grad_fn.register_prehook / register_hook); null until the first.
    private volatile HookList<NodePreHook> preHooks;
    private volatile HookList<NodeHook> postHooks;

    protected Node(String name, Edge[] next, int numOutputs) {
        this.name = name;
        this.next = next;
        this.numOutputs = numOutputs;
    }

    /** The name {@link Tensor#gradFn()} reports, such as {@code "MulBackward"}. */
    public String name() {
        return name;
    }

    public int numOutputs() {
        return numOutputs;
    }

    /**
     * The nodes this one passes gradients to, one per input, as PyTorch's {@code next_functions}:
     * null where an input needs no gradient.
     */
    public List<Node> nextFunctions() {
        List<Node> out = new ArrayList<>(next.length);
        for (Edge e : next) out.add(e == null ? null : e.node());
        return Collections.unmodifiableList(out);
    }

    /**
     * The shapes of the tensors this node keeps for its backward, in the order its op saved them
     * (empty when it keeps none, as an accumulator; the shapes stay known after a backward freed them).
     */
    public List<int[]> savedShapes() {
        return List.of();
    }

    /**
     * Runs {@code hook} before this node's backward, after the hooks on the tensors it made and
     * retainGrad, with the gradients of its outputs; a non-null result replaces them (same
     * count and shapes). PyTorch's {@code grad_fn.register_prehook}.
     */
    public synchronized HookHandle registerPrehook(NodePreHook hook) {
        if (preHooks == null) preHooks = new HookList<>();
        return preHooks.add(hook);
    }

    /**
     * Runs {@code hook} after this node's backward with {@code (gradInputs, gradOutputs)}; a
     * non-null result replaces the gradients of its inputs (same count and shapes). PyTorch's
     * {@code grad_fn.register_hook}.
     */
    public synchronized HookHandle registerHook(NodeHook hook) {
        if (postHooks == null) postHooks = new HookList<>();
        return postHooks.add(hook);
    }

    /**
     * For the node at a leaf ({@code AccumulateGrad}), the tensor whose {@code grad()} it fills,
     * as PyTorch's {@code grad_fn.variable}; null for every other node.
     */
    public Tensor variable() {
        return null;
    }

    /** Gradients of the inputs, given the gradients of the outputs (entries may be null). */
    protected abstract Tensor[] apply(Tensor[] gradOutputs);

    /** Drops what backward needed (saved tensors), so a second backward is refused. */
    protected abstract void release();

    /** Whether {@link #release()} ran. */
    protected abstract boolean released();

    /** The hooks on the gradient of output {@code i} (where {@link GradHooks} registers them). */
    @SuppressWarnings("unchecked")
    synchronized HookList<UnaryOperator<Tensor>> outputHooks(int i) {
        if (outputHooks == null) outputHooks = new HookList[numOutputs];
        if (outputHooks[i] == null) outputHooks[i] = new HookList<>();
        return outputHooks[i];
    }

    synchronized int outputHookCount(int i) {
        return outputHooks == null || outputHooks[i] == null ? 0 : outputHooks[i].size();
    }

    /** Makes the engine store the gradient of output {@code i} in {@code t.grad()}. */
    synchronized void retainGrad(int i, Tensor t) {
        if (retained == null) retained = new java.lang.ref.WeakReference<?>[numOutputs];
        retained[i] = new java.lang.ref.WeakReference<>(t);
    }

    /** Whether user code sees the gradient of output {@code i} before the node runs: a tensor hook or retainGrad. */
    synchronized boolean outputSeen(int i) {
        return (outputHooks != null && outputHooks[i] != null && !outputHooks[i].isEmpty())
                || (retained != null && retained[i] != null);
    }

    /** Whether node pre-hooks or node hooks would see this node's gradients. */
    boolean hasNodeHooks() {
        HookList<NodePreHook> pre = preHooks;
        HookList<NodeHook> post = postHooks;
        return (pre != null && !pre.isEmpty()) || (post != null && !post.isEmpty());
    }

    /** Runs the output hooks and retainGrad on the incoming gradients, in place. */
    void preprocess(Tensor[] grads) {
        for (int i = 0; i < numOutputs; i++) {
            if (grads[i] == null) continue;
            if (outputHooks != null && outputHooks[i] != null) {
                grads[i] = runTensorHooks(outputHooks[i], grads[i]);
            }
            Tensor keeper = retained != null && retained[i] != null ? (Tensor) retained[i].get() : null;
            if (keeper != null) keeper.setGrad(grads[i].detach());
        }
    }

    /** The node pre-hooks on the gradients of the outputs (after {@link #preprocess}). */
    Tensor[] runPreHooks(Tensor[] gradOutputs) {
        if (preHooks == null) return gradOutputs;
        for (NodePreHook hook : preHooks.snapshot()) {
            Tensor[] replaced = hook.apply(gradOutputs.clone());
            if (replaced != null) gradOutputs = checked("prehook", replaced, gradOutputs, null);
        }
        return gradOutputs;
    }

    /** The node hooks, after {@link #apply}: they may replace the gradients of the inputs. */
    Tensor[] runPostHooks(Tensor[] gradInputs, Tensor[] gradOutputs) {
        if (postHooks == null) return gradInputs;
        for (NodeHook hook : postHooks.snapshot()) {
            Tensor[] replaced = hook.apply(gradInputs.clone(), gradOutputs.clone());
            if (replaced != null) gradInputs = checked("hook", replaced, gradInputs, next);
        }
        return gradInputs;
    }

    /** A hook's replacement, checked against what it replaces: as many, and each of the shape expected. */
    private Tensor[] checked(String kind, Tensor[] replaced, Tensor[] old, Edge[] edges) {
        if (replaced.length != old.length) {
            throw new IllegalStateException(name + " " + kind + ": returned " + replaced.length + " gradients, expected "
                    + old.length);
        }
        for (int i = 0; i < replaced.length; i++) {
            int[] expected = edges != null && i < edges.length && edges[i] != null ? edges[i].shape()
                    : old[i] != null ? old[i].shape() : null;
            if (replaced[i] != null && expected != null && !java.util.Arrays.equals(replaced[i].shape(), expected)) {
                throw new IllegalStateException(name + " " + kind + ": returned a gradient of shape "
                        + Shape.str(replaced[i].shape()) + " at " + i + ", expected " + Shape.str(expected));
            }
        }
        return replaced.clone();
    }

    /**
     * The hooks registered when a run begins: as PyTorch's engine (it iterates a copy of the hook
     * dict), a hook removed by another during the run still runs this time, and never again.
     */
    static Tensor runTensorHooks(HookList<UnaryOperator<Tensor>> hooks, Tensor grad) {
        for (UnaryOperator<Tensor> hook : hooks.snapshot()) {
            Tensor replaced = hook.apply(grad);
            if (replaced != null) {
                if (!java.util.Arrays.equals(replaced.shape(), grad.shape())) {
                    throw new IllegalStateException("tensor hook: returned a gradient of shape " + Shape.str(replaced.shape())
                            + ", expected " + Shape.str(grad.shape()));
                }
                grad = replaced;
            }
        }
        return grad;
    }

    @Override
    public String toString() {
        return name;
    }
}

package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.TraceListener;
import dev.hookbook.trace.events.Tracer;

import java.util.List;

/**
 * A custom differentiable op, as PyTorch's {@code torch.autograd.Function}: write the forward
 * and the backward, then call {@link #apply}. Inside both, tensors are plain values: ops on
 * them record no graph, so the backward you write is the only gradient rule used. Under
 * {@code createGraph} (double backward) the backward runs with recording on and the saved
 * inputs keep their history, so a backward written in tensor ops can be differentiated again.
 *
 * <pre>{@code
 * class Square extends Function {
 *     protected Tensor forward(Context ctx, Tensor... in) { ctx.saveForBackward(in[0]); return in[0].mul(in[0]); }
 *     protected Tensor[] backward(Context ctx, Tensor... g) { return new Tensor[]{ g[0].mul(ctx.saved()[0]).mul(2f) }; }
 * }
 * Tensor y = new Square().apply(x);
 * }</pre>
 */
public abstract class Function {

    /** Computes the output from the inputs; save what backward needs in {@code ctx}. */
    public abstract Tensor forward(Context ctx, Tensor... inputs);

    /** Given the gradient of the output, returns one gradient per input (null where none is needed). */
    public abstract Tensor[] backward(Context ctx, Tensor... gradOutputs);

    /** Runs forward without recording, then links the output into the graph with this Function's backward. */
    public final Tensor apply(Tensor... inputs) {
        String name = getClass().getSimpleName().isEmpty() ? "Function" : getClass().getSimpleName();
        boolean[] needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needs[i] = inputs[i] != null && inputs[i].requiresGrad() && Autograd.isGradEnabled();
        Context ctx = new Context(needs);
        TraceListener trace = Tracer.listener();
        trace.functionApply(name, inputs);
        Tensor out;
        try (var noGrad = Autograd.noGrad()) {
            out = forward(ctx, inputs);
        }
        if (out == null) throw new IllegalStateException(name + ".forward returned null; it must return a tensor");
        // The output gets this Function's history; never overwrite an input's own.
        for (Tensor in : inputs) if (in == out) out = out.detach();
        if (out.gradFnNode() != null || out.requiresGrad()) out = out.detach();
        if (Graph.anyRequiresGrad(inputs) && Autograd.isGradEnabled()) {
            Graph.setHistory(out, new FunctionNode(name + "Backward", Graph.edgesTo(inputs), this, ctx), 0);
        }
        trace.functionReturn(name, out); // once out has its node, as Graph.record reports ops
        return out;
    }

    /** The graph node of one call of a Function: runs its backward with the saved context. */
    private static final class FunctionNode extends Node {
        private final Function function;
        private final Context ctx;
        private boolean released;

        FunctionNode(String name, Edge[] next, Function function, Context ctx) {
            super(name, next, 1);
            this.function = function;
            this.ctx = ctx;
            ctx.keepFor(name);
        }

        @Override
        public List<int[]> savedShapes() {
            return ctx.savedShapes();
        }

        @Override
        protected Tensor[] apply(Tensor[] gradOutputs) {
            Tensor[] grads = function.backward(ctx, gradOutputs);
            if (grads == null) throw new IllegalStateException(name() + ": backward returned null; return one gradient per input");
            return grads;
        }

        @Override
        protected void release() {
            released = true;
            ctx.release();
        }

        @Override
        protected boolean released() {
            return released;
        }
    }
}

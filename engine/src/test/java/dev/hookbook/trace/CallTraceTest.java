package dev.hookbook.trace;

import dev.hookbook.autograd.Context;
import dev.hookbook.autograd.Function;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.Tracer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dispatch tree that teaching notebooks print. */
class CallTraceTest {

    static class Square extends Function {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            ctx.saveForBackward(in[0]);
            return in[0].mul(in[0]);
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            return new Tensor[]{g[0].mul(ctx.saved()[0]).mul(2f)};
        }
    }

    static class SquareLayer extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            return new Square().apply(x);
        }
    }

    @Test
    void recordsCallsHooksForwardFunctionsOpsAndBackwardInOrder() {
        Sequential model = new Sequential(new Linear(4, 3), new SquareLayer(), new Linear(3, 2));
        model.get(0).registerForwardPreHook((m, in) -> null);
        model.get(1).registerForwardHook((m, in, out) -> null);
        model.get(2).registerFullBackwardPreHook((m, go) -> null);
        model.get(2).registerFullBackwardHook((m, gi, go) -> null);
        Tensor x = Tensor.ones(8, 4);

        CallTrace trace = CallTrace.record(() -> model.call(x).sum().backward());

        assertEquals(List.of(
                "Sequential.call([8, 4])",
                "Sequential.forward -> [8, 2]",
                "(0) Linear.call([8, 4])",
                "forward pre-hook",
                "Linear.forward -> [8, 3]",
                "op Addmm([8, 4], [3, 4], [3]) -> [8, 3]",
                "return [8, 3]",
                "(1) SquareLayer.call([8, 3])",
                "SquareLayer.forward -> [8, 3]",
                "Function Square.apply([8, 3])",
                "Square.forward -> [8, 3]",
                "op Mul([8, 3], [8, 3]) -> [8, 3]",
                "forward hook",
                "return [8, 3]",
                "(2) Linear.call([8, 3])",
                "Linear.forward -> [8, 2]",
                "op Addmm([8, 3], [2, 3], [2]) -> [8, 2]",
                "return [8, 2]",
                "return [8, 2]",
                "op Sum([8, 2]) -> []",
                "backward() from []",
                "SumBackward",
                "BackwardHookFunctionBackward",
                "backward pre-hook of (2) Linear: grad_output [8, 2]",
                "AddmmBackward",
                "AccumulateGrad",
                "AccumulateGrad",
                "BackwardHookFunctionBackward",
                "backward hook of (2) Linear: grad_input [8, 3], grad_output [8, 2]",
                "SquareBackward",
                "AddmmBackward",
                "AccumulateGrad",
                "AccumulateGrad"), trace.steps());
    }

    @Test
    void printsATreeAndKeepsTheResult() {
        Linear lin = new Linear(2, 1);
        CallTrace trace = CallTrace.record(() -> lin.call(Tensor.ones(3, 2)));
        assertEquals("Linear.call([3, 2])\n"
                + "├── Linear.forward -> [3, 1]\n"
                + "│   └── op Addmm([3, 2], [1, 2], [1]) -> [3, 1]\n"
                + "└── return [3, 1]\n", trace.toString());
        Tensor y = trace.result();
        assertNotNull(y);
        assertEquals(3, y.shape()[0]);
    }

    @Test
    void recordingStopsWhenTheRecordedCodeReturnsOrThrows() {
        Linear lin = new Linear(2, 1);
        try {
            CallTrace.record(() -> {
                lin.call(Tensor.ones(1, 2));
                throw new IllegalStateException("stop");
            });
        } catch (IllegalStateException expected) {
            // the recorder must be gone now
        }
        assertTrue(!Tracer.active());
    }
}

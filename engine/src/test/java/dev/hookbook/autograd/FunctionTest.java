package dev.hookbook.autograd;

import static dev.hookbook.tensor.TensorAsserts.assertMessage;
import static dev.hookbook.tensor.TensorAsserts.assertTensor;
import static dev.hookbook.tensor.TensorAsserts.shape;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Custom ops: forward and backward written by the user, with a Context between them. */
class FunctionTest {

    /** x * y with the product rule, recording what it sees. */
    static final class MulOp extends Function {
        final List<String> log = new ArrayList<>();

        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            log.add("forward grad=" + Autograd.isGradEnabled());
            ctx.saveForBackward(in[0], in[1]);
            Tensor out = in[0].mul(in[1]);
            log.add("forward out requiresGrad=" + out.requiresGrad() + " gradFn=" + out.gradFn());
            return out;
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            Tensor[] s = ctx.saved();
            log.add("backward needs=" + ctx.needsInputGrad(0) + "," + ctx.needsInputGrad(1)
                    + " saved requiresGrad=" + s[0].requiresGrad() + "," + s[1].requiresGrad()
                    + " grad=" + Autograd.isGradEnabled());
            return new Tensor[]{
                    ctx.needsInputGrad(0) ? g[0].mul(s[1]) : null,
                    ctx.needsInputGrad(1) ? g[0].mul(s[0]) : null};
        }
    }

    /** Clamps the gradient: a custom rule that differs from the true derivative on purpose. */
    static final class StraightThroughRound extends Function {
        @Override
        public Tensor forward(Context ctx, Tensor... in) {
            float[] v = in[0].toFloatArray();
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.round(v[i]);
            }
            return Tensor.of(v, in[0].shape());
        }

        @Override
        public Tensor[] backward(Context ctx, Tensor... g) {
            return new Tensor[]{g[0]};
        }
    }

    @Test
    void forwardAndBackwardWithSavedTensors() {
        Tensor x = Tensor.of(values(1, 2, 3), 3).requiresGrad(true);
        Tensor y = Tensor.of(values(4, 5, 6), 3).requiresGrad(true);
        MulOp op = new MulOp();
        Tensor z = op.apply(x, y);
        assertTensor(values(4, 10, 18), shape(3), z);
        assertEquals("MulOpBackward", z.gradFn());
        assertTrue(z.requiresGrad());
        z.sum().backward();
        assertTensor(values(4, 5, 6), shape(3), x.grad());
        assertTensor(values(1, 2, 3), shape(3), y.grad());
        assertEquals(List.of(
                "forward grad=false",
                "forward out requiresGrad=false gradFn=null",
                "backward needs=true,true saved requiresGrad=false,false grad=false"), op.log);
    }

    @Test
    void needsInputGradFollowsTheInputs() {
        Tensor x = Tensor.of(values(1, 2), 2).requiresGrad(true);
        Tensor c = Tensor.of(values(3, 4), 2);
        MulOp op = new MulOp();
        op.apply(x, c).sum().backward();
        assertTrue(op.log.get(2).startsWith("backward needs=true,false"), op.log.get(2));
        assertTensor(values(3, 4), shape(2), x.grad());
        assertNull(c.grad());
    }

    @Test
    void noInputRequiresGradGivesAPlainValue() {
        Tensor z = new MulOp().apply(Tensor.ones(2), Tensor.ones(2));
        assertFalse(z.requiresGrad());
        assertNull(z.gradFn());
    }

    @Test
    void insideNoGradTheFunctionRecordsNothing() {
        Tensor x = Tensor.ones(2).requiresGrad(true);
        Tensor z;
        try (var g = Autograd.noGrad()) {
            z = new MulOp().apply(x, x);
        }
        assertNull(z.gradFn());
        assertFalse(z.requiresGrad());
    }

    @Test
    void composesWithOrdinaryOps() {
        // loss = sum(exp(x) * x), the custom product feeding into and fed by built-in ops
        Tensor x = Tensor.of(values(0.5f, -1), 2).requiresGrad(true);
        new MulOp().apply(x.exp(), x).sum().backward();
        float[] expected = new float[2];
        float[] xs = {0.5f, -1};
        for (int i = 0; i < 2; i++) {
            expected[i] = (float) (Math.exp(xs[i]) * (1 + xs[i]));
        }
        assertTensor(expected, shape(2), x.grad(), 1e-6);
    }

    @Test
    void theUsersBackwardIsTheRuleUsed() {
        Tensor x = Tensor.of(values(0.4f, 1.6f), 2).requiresGrad(true);
        Tensor r = new StraightThroughRound().apply(x);
        assertTensor(values(0, 2), shape(2), r);
        r.mul(Tensor.of(values(3, 5), 2)).sum().backward();
        assertTensor(values(3, 5), shape(2), x.grad());
    }

    @Test
    void sameInputTwiceGetsBothGradients() {
        Tensor x = Tensor.of(values(3), 1).requiresGrad(true);
        new MulOp().apply(x, x).sum().backward();
        assertTensor(values(6), shape(1), x.grad());
    }

    @Test
    void forwardReturningItsInputDoesNotRewriteTheInputsHistory() {
        Function identity = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0];
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return new Tensor[]{g[0].mul(2f)};
            }
        };
        Tensor x = Tensor.of(values(1), 1).requiresGrad(true);
        Tensor y = identity.apply(x);
        assertTrue(x.isLeaf());
        assertEquals("FunctionBackward", y.gradFn());
        y.sum().backward();
        assertTensor(values(2), shape(1), x.grad());
    }

    @Test
    void contextKeepsOtherValues() {
        Function scale = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                ctx.put("factor", 4f);
                ctx.put("shape", in[0].shape());
                return in[0].mul(4f);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                float f = ctx.get("factor");
                int[] s = ctx.get("shape");
                assertArrayEquals(shape(2), s);
                return new Tensor[]{g[0].mul(f)};
            }
        };
        Tensor x = Tensor.of(values(1, 2), 2).requiresGrad(true);
        scale.apply(x).sum().backward();
        assertTensor(values(4, 4), shape(2), x.grad());
    }

    @Test
    void wrongNumberOfGradientsFailsClearly() {
        Function bad = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].add(in[1]);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return new Tensor[]{g[0]};
            }
        };
        Tensor a = Tensor.ones(2).requiresGrad(true), b = Tensor.ones(2).requiresGrad(true);
        assertMessage(IllegalStateException.class, () -> bad.apply(a, b).sum().backward(),
                "FunctionBackward", "1 gradients", "2 inputs");
    }

    @Test
    void wrongGradientShapeFailsClearly() {
        Function bad = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].sum();
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return new Tensor[]{g[0]};
            }
        };
        Tensor a = Tensor.ones(2, 3).requiresGrad(true);
        assertMessage(IllegalStateException.class, () -> bad.apply(a).backward(),
                "FunctionBackward", "[]", "[2, 3]", "input 0");
    }

    @Test
    void nullFromForwardOrBackwardFailsClearly() {
        Function nullForward = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return null;
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return null;
            }
        };
        assertMessage(IllegalStateException.class, () -> nullForward.apply(Tensor.ones(1)), "forward returned null");
        Function nullBackward = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(1f);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return null;
            }
        };
        Tensor x = Tensor.ones(1).requiresGrad(true);
        assertMessage(IllegalStateException.class, () -> nullBackward.apply(x).sum().backward(), "backward returned null");
    }

    @Test
    void savedTensorsAreFreedAfterBackwardAndASecondBackwardFails() {
        Tensor x = Tensor.of(values(2), 1).requiresGrad(true);
        Tensor z = new MulOp().apply(x, x).sum();
        z.backward();
        assertThrows(IllegalStateException.class, z::backward);
        Tensor x2 = Tensor.of(values(2), 1).requiresGrad(true);
        Tensor z2 = new MulOp().apply(x2, x2).sum();
        z2.backward(Tensor.scalar(1), true);
        z2.backward(Tensor.scalar(1), true);
        assertTensor(values(8), shape(1), x2.grad());
    }

    @Test
    void savedValuesAreSnapshotsWithoutHistory() {
        Tensor x = Tensor.of(values(2), 1).requiresGrad(true);
        Tensor h = x.mul(3f);
        Tensor[] seen = new Tensor[1];
        Function keep = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                ctx.saveForBackward(in[0]);
                return in[0].mul(1f);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                seen[0] = ctx.saved()[0];
                return new Tensor[]{g[0]};
            }
        };
        keep.apply(h).sum().backward();
        assertNull(seen[0].gradFn());
        assertFalse(seen[0].requiresGrad());
        assertTensor(values(6), shape(1), seen[0]);
        assertTensor(values(3), shape(1), x.grad());
    }
}

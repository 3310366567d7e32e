package dev.hookbook.trace;

import dev.hookbook.autograd.Context;
import dev.hookbook.autograd.Function;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ModuleException;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.Tracer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Anomaly#detect}: the first op (forward) or graph node (backward) that makes NaN or Inf,
 * named with its module, as torch.autograd.detect_anomaly names the node
 * (torch/csrc/autograd/engine.cpp, {@code validate_outputs} under anomaly mode: "Function
 * 'XBackward' returned nan values in its 0th output").
 */
class AnomalyTest {
    static final class Log extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            return x.log();
        }
    }

    static final class Sqrt extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            return x.sqrt();
        }
    }

    /** Sequential(Linear(2, 2) as the identity, Sequential(last)): the last module sits at path "1.0". */
    private static Sequential model(Module last) {
        Sequential m = new Sequential(new Linear(2, 2), new Sequential(last));
        m.loadStateDict(Map.of("0.weight", Tensor.of(new float[]{1, 0, 0, 1}, 2, 2), "0.bias", Tensor.zeros(2)), true);
        return m;
    }

    @Test
    void namesTheFirstModuleAndOpWhoseOutputHoldsNaN() {
        Sequential m = model(new Log());
        Tensor x = Tensor.of(new float[]{1, -1, -2, 3}, 2, 2);
        AnomalyException e = assertThrows(AnomalyException.class, () -> Anomaly.detect(() -> m.call(x).sum().backward()));
        assertEquals("NaN in forward of 1.0 (Log), op Log: output [2, 2] has 2 NaN", e.getMessage().lines().findFirst().orElseThrow());
        assertEquals("  inputs: [2, 2] finite", e.getMessage().lines().skip(1).findFirst().orElseThrow());
        assertEquals("forward", e.pass());
        assertEquals("1.0", e.modulePath());
        assertEquals("Log", e.op());
    }

    @Test
    void infinityCountsToo_andOpsOutsideModulesAreNamedSo() {
        Tensor x = Tensor.of(new float[]{1, 2}, 2);
        AnomalyException e = assertThrows(AnomalyException.class, () -> Anomaly.detect(() -> x.div(Tensor.of(new float[]{0, 1}, 2))));
        assertEquals("Inf in forward outside any module, op Div: output [2] has 1 Inf", e.getMessage().lines().findFirst().orElseThrow());
        assertNull(e.modulePath());
    }

    @Test
    void namesTheFirstNodeWhoseGradientHoldsInfWithTheModuleThatMadeIt() {
        Sequential m = model(new Sqrt());
        Tensor x = Tensor.of(new float[]{0, 4}, 1, 2).requiresGrad(true);
        AnomalyException e = assertThrows(AnomalyException.class, () -> Anomaly.detect(() -> m.call(x).sum().backward()));
        // sqrt(0) = 0 is finite; its derivative 1 / (2 sqrt(0)) is not.
        assertEquals("Inf in backward of 1.0 (Sqrt), node SqrtBackward: gradient of input 0 [1, 2] has 1 Inf",
                e.getMessage().lines().findFirst().orElseThrow());
        assertEquals("  gradients it received: [1, 2] finite", e.getMessage().lines().skip(1).findFirst().orElseThrow());
        assertEquals("backward", e.pass());
        assertEquals("1.0", e.modulePath());
    }

    @Test
    void returnsTheValueWhenAllIsFiniteAndLeavesNoHookBehind() {
        Sequential m = model(new Sqrt());
        Tensor x = Tensor.of(new float[]{0, 4}, 1, 2).requiresGrad(true);
        List<?> before = m.hooks();
        Tensor loss = Anomaly.detect(() -> m.call(x).sum());
        assertEquals(2f, loss.item());
        assertFalse(Tracer.active(), "the recording ended");
        loss.backward(); // outside detect: the node hooks it added are gone, so the Inf passes
        assertTrue(Float.isInfinite(x.grad().toFloatArray()[0]));
        assertEquals(before, m.hooks());
    }

    @Test
    void anErrorOfTheCodeGoesOnAsItIsAndTheHooksAreGone() {
        Sequential m = model(new Log());
        Tensor x = Tensor.of(new float[]{1, 2, 3}, 1, 3);
        Tensor[] kept = new Tensor[1];
        ModuleException e = assertThrows(ModuleException.class, () -> Anomaly.detect(() -> {
            kept[0] = Tensor.of(new float[]{0, 4}, 2).requiresGrad(true).sqrt();
            m.call(x);
        }));
        assertTrue(e.getMessage().startsWith("0 (Linear 2->2): "), e.getMessage());
        assertFalse(Tracer.active());
        kept[0].sum().backward(); // the node hook added on the way was removed: no anomaly out here
    }

    @Test
    void aTraceRecordingAroundItStillSeesEveryStep() {
        Sequential m = model(new Sqrt());
        Tensor x = Tensor.of(new float[]{1, 4}, 1, 2);
        CallTrace trace = CallTrace.record(() -> Anomaly.detect(() -> m.call(x)));
        assertTrue(trace.steps().stream().anyMatch(s -> s.contains("op Sqrt")), trace.steps().toString());
        Tensor out = trace.result();
        assertEquals(2f, out.toFloatArray()[1]);
    }

    @Test
    void aCustomFunctionsBackwardIsCheckedAsItsNode() {
        Function badBackward = new Function() {
            @Override
            public Tensor forward(Context ctx, Tensor... in) {
                return in[0].mul(2f);
            }

            @Override
            public Tensor[] backward(Context ctx, Tensor... g) {
                return new Tensor[]{g[0].log().neg()}; // log(1) = 0 is fine, log(-1) is not
            }
        };
        Tensor x = Tensor.of(new float[]{1, 2}, 2).requiresGrad(true);
        AnomalyException e = assertThrows(AnomalyException.class,
                () -> Anomaly.detect(() -> badBackward.apply(x).backward(Tensor.of(new float[]{1, -1}, 2))));
        assertEquals("NaN in backward outside any module, node FunctionBackward: gradient of input 0 [2] has 1 NaN",
                e.getMessage().lines().findFirst().orElseThrow());
    }

    @Test
    void withoutDetectNothingListens() {
        assertSame(Tracer.NONE, Tracer.listener());
        Tensor y = Tensor.of(new float[]{-1}, 1).log();
        assertTrue(Float.isNaN(y.item()));
    }
}

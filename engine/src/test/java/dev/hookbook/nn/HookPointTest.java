package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class HookPointTest {

    /** A model that names its hidden activation through a hook point, as TransformerLens models do. */
    static final class Probed extends Module {
        final Linear fc = addModule("fc", new Linear(3, 2));
        final HookPoint hookPost = addModule("hook_post", new HookPoint());

        @Override
        protected Tensor forward(Tensor x) {
            return hookPost.call(F.relu(fc.call(x)));
        }
    }

    @Test
    void passesItsInputThroughUnchangedWhenNotHooked() {
        Tensor x = Tensor.randn(4, 3);
        assertSame(x, new HookPoint().call(x));
    }

    @Test
    void aForwardHookThereReadsAndReplacesTheValue() {
        Probed model = new Probed();
        Tensor x = Tensor.randn(4, 3);
        Tensor[] seen = new Tensor[1];
        model.get("hook_post").registerForwardHook((m, in, out) -> { seen[0] = out; return out.mul(0f); });
        Tensor y = model.call(x);
        assertArrayEquals(F.relu(model.fc.call(x)).toFloatArray(), seen[0].toFloatArray(), 0f);
        assertArrayEquals(new float[8], y.toFloatArray(), 0f);
    }

    @Test
    void isLeftOutOfTheReprAndTheStateDict() {
        Probed model = new Probed();
        assertEquals("Probed(\n  (fc): Linear(in_features=3, out_features=2, bias=True)\n)", model.toString());
        assertEquals(java.util.List.of("fc.weight", "fc.bias"), java.util.List.copyOf(model.stateDict().keySet()));
        assertEquals(java.util.List.of("", "fc", "hook_post"), java.util.List.copyOf(model.namedModules().keySet()));
    }
}

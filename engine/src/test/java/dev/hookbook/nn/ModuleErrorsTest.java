package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors of every kind name the module where they happened, and leave the call stack clean. */
class ModuleErrorsTest {

    /** Calls itself until the JVM's stack runs out. */
    static class Deep extends Module {
        @Override
        protected Tensor forward(Tensor x) {
            return call(x);
        }
    }

    /** Overflows the stack in a Deep module called {@code depth} frames further down. */
    private static void overflowFrom(int depth, Deep deep) {
        if (depth > 0) {
            overflowFrom(depth - 1, deep);
            return;
        }
        assertThrows(StackOverflowError.class, () -> deep.call(Tensor.ones(1, 1)));
    }

    private static Sequential model() {
        return new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
    }

    @Test
    void aStackOverflowLeavesNoStaleModulesOnTheCallStack() {
        // Where the stack runs out differs from try to try (the JIT changes frame sizes): some
        // of them overflow inside call's own bookkeeping, which must still leave the stack clean.
        for (int i = 0; i < 50; i++) overflowFrom(i % 7, new Deep());
        ModuleException e = assertThrows(ModuleException.class, () -> model().call(Tensor.ones(2, 5)));
        assertTrue(e.getMessage().startsWith("0 (Linear 4->3): expected input [*, 4]"), e.getMessage());
        assertEquals("0", e.modulePath());
    }

    @Test
    void anAssertionErrorInAHookIsWrappedWithThePath() {
        Sequential m = model();
        m.get(2).registerForwardHook((mod, in, out) -> {
            throw new AssertionError("outputs must be positive");
        });
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(Tensor.ones(2, 4)));
        assertEquals("2 (Linear 3->2): forward hook #0 threw AssertionError: outputs must be positive", e.getMessage());
        assertTrue(e.getCause() instanceof AssertionError);
    }

    @Test
    void aCheckedExceptionThrownSneakilyByAHookIsWrapped() {
        Sequential m = model();
        m.get(0).registerForwardPreHook((mod, in) -> {
            throw ModuleErrorsTest.<RuntimeException>sneaky(new IOException("disk full"));
        });
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(Tensor.ones(2, 4)));
        assertEquals("0 (Linear 4->3): forward pre-hook #0 threw IOException: disk full", e.getMessage());
    }

    @Test
    void anErrorInForwardIsWrappedAndTheJvmsOwnErrorsKeepTheirType() {
        Module failing = new Module() {
            @Override
            protected Tensor forward(Tensor x) {
                throw new AssertionError();
            }
        };
        Sequential m = new Sequential(new ReLU(), failing);
        ModuleException e = assertThrows(ModuleException.class, () -> m.call(Tensor.ones(1)));
        assertTrue(e.getMessage().startsWith("1 ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(": AssertionError"), e.getMessage());

        OutOfMemoryError oom = new OutOfMemoryError("test");
        Sequential n = model();
        n.get(1).registerForwardHook((mod, in, out) -> {
            throw oom;
        });
        assertSame(oom, assertThrows(OutOfMemoryError.class, () -> n.call(Tensor.ones(2, 4))));
    }

    @Test
    void loadStateDictOfNullSaysWhatItExpected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model().loadStateDict(null, true));
        assertTrue(e.getMessage().startsWith("loadStateDict: expected a map from names to tensors"), e.getMessage());
    }

    @Test
    void aModuleTreeRefusesCyclesWhenTheyAreMade() {
        Sequential s = new Sequential(new ReLU());
        IllegalArgumentException self = assertThrows(IllegalArgumentException.class, () -> s.addModule("me", s));
        assertEquals("Sequential.addModule(\"me\", Sequential): a module cannot contain itself", self.getMessage());

        Sequential a = new Sequential(new ReLU());
        Sequential b = a.addModule("b", new Sequential(new Tanh()));
        Sequential c = b.addModule("c", new Sequential());
        IllegalArgumentException loop = assertThrows(IllegalArgumentException.class, () -> c.addModule("a", a));
        assertEquals("Sequential.addModule(\"a\", Sequential): the module to add already contains this one, at its path 'b.c', "
                + "so this one would contain itself at 'a.b.c'", loop.getMessage());
        assertEquals(List.of("", "0", "b", "b.0", "b.c"), List.copyOf(a.namedModules().keySet()), "nothing was added");
        assertTrue(c.children().isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}

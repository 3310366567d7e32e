package dev.hookbook.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a printed hook handle says: which hook, counted among those of its kind, on which module. */
class HookHandleTextTest {

    @Test
    void aModuleHookNamesItsKindItsNumberAndTheModule() {
        Linear fc1 = new Linear(4, 3);
        HookHandle first = fc1.registerForwardHook((m, in, out) -> null);
        HookHandle second = fc1.registerForwardObserver((m, in, out) -> {});
        HookHandle pre = fc1.registerForwardPreObserver((m, in) -> {});
        HookHandle backward = fc1.registerFullBackwardObserver((m, gi, go) -> {});
        assertEquals("HookHandle(forward hook #1 on Linear 4->3)", first.toString());
        assertEquals("HookHandle(forward hook #2 on Linear 4->3)", second.toString());
        assertEquals("HookHandle(forward pre-hook #1 on Linear 4->3)", pre.toString());
        assertEquals("HookHandle(backward hook #1 on Linear 4->3)", backward.toString());
    }

    @Test
    void aRemovedHandleSaysSoAndStillRemovesItsHook() {
        Linear fc1 = new Linear(2, 2);
        HookHandle handle = fc1.registerForwardPreObserver((m, in) -> {});
        handle.remove();
        assertEquals("HookHandle(forward pre-hook #1 on Linear 2->2, removed)", handle.toString());
        assertEquals(0, fc1.hooks().size());
    }

    @Test
    void aGlobalHookIsNamedAsGlobal() {
        try (HookHandle handle = Module.registerGlobalForwardObserver((m, in, out) -> {})) {
            assertEquals(true, handle.toString().startsWith("HookHandle(global forward hook #"), handle.toString());
        }
    }
}

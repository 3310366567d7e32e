package dev.hookbook.nn;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * The ground of the hook tests that register global hooks: a log the hooks write to, and the
 * handles of the global hooks, removed after each test so that no global hook outlives its test.
 */
public abstract class GlobalHooksTestBase {
    /** What the hooks saw, in the order they ran. */
    protected final List<String> log = new ArrayList<>();
    /** Handles of the global hooks a test registers; each is removed after the test. */
    protected final List<HookHandle> globals = new ArrayList<>();

    @AfterEach
    void removeGlobalHooks() {
        globals.forEach(HookHandle::remove);
    }
}

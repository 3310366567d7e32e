package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Saved-tensors hooks that run ops, as activation checkpointing's do: a scope a hook opens packs
 * what the hook's ops save, as in PyTorch (1.13's torch/utils/checkpoint.py,
 * _checkpoint_without_reentrant: its unpack hook recomputes under
 * {@code saved_tensors_hooks(inner_pack, inner_unpack)} and {@code enable_grad()}, and the inner
 * scope, the innermost, packs). Where PyTorch would let the scopes open around a running hook
 * pack its ops too (1.13 runs a pack hook under no_grad, so its ops mostly save nothing, but an
 * unpack hook's recorded ops go through the outer pack hook, and a pack hook that records
 * recurses), Hookbook runs each hook in a fresh frame: the outer scopes pack nothing of it, so
 * a hook never recurses into itself.
 */
class SavedTensorsHooksNestingTest {

    @Test
    void aScopeOpenedInsideAnUnpackHookPacksAndTheOuterOneDoesNot() {
        Tensor x = Tensor.of(new float[]{0.5f, 1f}, 2).requiresGrad(true);
        List<String> packers = new ArrayList<>();
        List<Tensor> collected = new ArrayList<>();
        Tensor y;
        try (var outer = Autograd.savedTensorsHooks(t -> {
            packers.add("outer");
            return t;
        }, o -> {
            // What checkpointing does: record again, under hooks of its own, inside the unpack.
            try (var grad = Autograd.enableGrad();
                 var inner = Autograd.savedTensorsHooks(t -> {
                     packers.add("inner");
                     collected.add(t);
                     return t;
                 }, p -> (Tensor) p)) {
                x.detach().requiresGrad(true).exp();
            }
            packers.add("unpacked");
            return (Tensor) o;
        })) {
            y = x.exp();
            assertEquals(List.of("outer"), packers);
            y.sum().backward();   // the unpack runs while the outer scope is still open
        }
        assertEquals(List.of("outer", "inner", "unpacked"), packers, "the outer scope packs nothing the hook runs");
        assertEquals(1, collected.size());
        assertArrayEquals(y.toFloatArray(), collected.get(0).toFloatArray());
        assertArrayEquals(new float[]{(float) Math.exp(0.5), (float) Math.E}, x.grad().toFloatArray(), 1e-6f);
    }

    @Test
    void opsInAPackHookAreNotPackedButAScopeItOpensIs() {
        Tensor x = Tensor.of(new float[]{1f, 2f}, 2).requiresGrad(true);
        List<String> packers = new ArrayList<>();
        try (var outer = Autograd.savedTensorsHooks(t -> {
            packers.add("outer");
            t.requiresGrad();
            x.exp();   // saves its result: not packed by the outer scope, which is running
            try (var inner = Autograd.savedTensorsHooks(u -> {
                packers.add("inner");
                return u;
            }, p -> (Tensor) p)) {
                x.tanh();
            }
            return t;
        }, o -> (Tensor) o)) {
            x.sigmoid();
            assertEquals(List.of("outer", "inner"), packers);
            x.sigmoid();
            assertEquals(List.of("outer", "inner", "outer", "inner"), packers, "the outer scope packs again after its hook returned");
        }
    }
}

package dev.hookbook.nn;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import dev.hookbook.golden.Golden;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State-dict hooks, checked against PyTorch 1.13 ({@code hooks2.json}, stateDictHooks) where it
 * has them: {@code state_dict} runs a module's post hooks after its children's entries
 * (torch/nn/modules/module.py, {@code Module.state_dict}); {@code load_state_dict}'s inner
 * {@code load} runs a module's pre hooks (from {@code _load_from_state_dict}) before its own
 * entries, then its children with the entries under their prefix, then its post hooks with the
 * keys missing and unexpected so far; the strict check comes after all of them.
 */
class StateDictHooksTest {
    private static final JsonObject FIXTURE = Golden.load("hooks2.json").getAsJsonObject().getAsJsonObject("stateDictHooks");
    private static final Gson GSON = new Gson();

    /** Sequential(Linear(3, 2), Sequential(Linear(2, 2), ReLU())), the fixture's model. */
    private static Sequential model() {
        return new Sequential(new Linear(3, 2), new Sequential(new Linear(2, 2), new ReLU()));
    }

    private static List<Object> golden(String part) {
        return GSON.fromJson(FIXTURE.getAsJsonObject(part).getAsJsonArray("calls"), List.class);
    }

    /** The calls as the fixture holds them (maps compare without regard to key order). */
    private static List<?> asJson(List<Object> calls) {
        return GSON.fromJson(GSON.toJson(calls), List.class);
    }

    private static Map<String, Object> call(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @Test
    void stateDictRunsPostHooksChildrenFirstWithTheirPrefixes() {
        Sequential m = model();
        List<Object> calls = new ArrayList<>();
        m.namedModules().forEach((path, mod) -> mod.registerStateDictPostHook((module, sd, prefix) ->
                calls.add(call("keys", new ArrayList<>(sd.keySet()), "kind", "stateDictPost", "module", path, "prefix", prefix))));
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(golden("save"), asJson(calls));
        assertEquals(GSON.fromJson(FIXTURE.getAsJsonObject("save").get("keys"), List.class), new ArrayList<>(sd.keySet()));
    }

    @Test
    void aStateDictPostHookMayChangeTheDict() {
        Sequential m = model();
        m.get("1.0").registerStateDictPostHook((module, sd, prefix) -> sd.put(prefix + "w_old", sd.remove(prefix + "weight")));
        Map<String, Tensor> sd = m.stateDict();
        assertEquals(List.of("0.weight", "0.bias", "1.0.bias", "1.0.w_old"), new ArrayList<>(sd.keySet()));
    }

    @Test
    void loadRunsPreHooksParentFirstAndPostHooksAfterTheChildrenAsPyTorch() {
        Sequential m = model();
        List<Object> calls = new ArrayList<>();
        m.namedModules().forEach((path, mod) -> {
            mod.registerLoadStateDictPreHook((module, sd, prefix) ->
                    calls.add(call("keys", new ArrayList<>(sd.keySet()), "kind", "loadPre", "module", path, "prefix", prefix)));
            mod.registerLoadStateDictPostHook((module, keys) -> calls.add(call("kind", "loadPost",
                    "missing", new ArrayList<>(keys.missingKeys()), "module", path, "unexpected", new ArrayList<>(keys.unexpectedKeys()))));
        });
        Map<String, Tensor> checkpoint = new LinkedHashMap<>();
        model().stateDict().forEach((k, v) -> checkpoint.put(k, v.mul(0f).add(7f)));
        checkpoint.remove("1.0.bias");
        checkpoint.put("extra", Tensor.ones(1));
        JsonObject expected = FIXTURE.getAsJsonObject("load");
        assertEquals(GSON.fromJson(expected.get("checkpointKeys"), List.class), new ArrayList<>(checkpoint.keySet()));

        StateDictReport report = m.loadStateDict(checkpoint, false);

        assertEquals(golden("load"), asJson(calls));
        assertEquals(GSON.fromJson(expected.get("missing"), List.class), report.missingKeys());
        assertEquals(GSON.fromJson(expected.get("unexpected"), List.class), report.unexpectedKeys());
        assertArrayEquals(new float[]{7, 7, 7, 7}, m.get("1.0").stateDict().get("weight").toFloatArray());
    }

    @Test
    void aPreHookRenamesTheKeysOfAnOldCheckpoint() {
        Sequential m = model();
        Map<String, Tensor> old = new LinkedHashMap<>(model().stateDict());
        old.put("1.0.w_old", old.remove("1.0.weight").mul(0f).add(5f));
        m.get("1.0").registerLoadStateDictPreHook((module, sd, prefix) -> {
            if (sd.containsKey(prefix + "w_old")) sd.put(prefix + "weight", sd.remove(prefix + "w_old"));
        });
        StateDictReport report = m.loadStateDict(old, true);
        JsonObject expected = FIXTURE.getAsJsonObject("renamed");
        assertEquals(List.of(), report.missingKeys());
        assertEquals(List.of(), report.unexpectedKeys());
        Golden.assertClose("1.0.weight", expected.getAsJsonObject("weight"), m.get("1.0").stateDict().get("weight"), 0);
        assertTrue(old.containsKey("1.0.w_old"), "the caller's map is not changed: hooks work on a copy");
    }

    @Test
    void aPostHookClearingTheMissingKeysLetsAStrictLoadPass() {
        Sequential m = model();
        Map<String, Tensor> partial = new LinkedHashMap<>(model().stateDict());
        partial.remove("0.bias");
        m.registerLoadStateDictPostHook((module, keys) -> keys.missingKeys().clear());
        StateDictReport report = m.loadStateDict(partial, true);
        JsonObject expected = FIXTURE.getAsJsonObject("clearedMissing");
        assertEquals(GSON.fromJson(expected.get("missing"), List.class), report.missingKeys());
        assertEquals(GSON.fromJson(expected.get("unexpected"), List.class), report.unexpectedKeys());
        assertThrows(UnsupportedOperationException.class, () -> report.missingKeys().add("x"), "the returned report is fixed");
    }

    @Test
    void aPostHookAddingAKeyFailsTheStrictCheckAndNothingIsLoaded() {
        Sequential m = model();
        float[] before = m.get("0").stateDict().get("weight").toFloatArray();
        Map<String, Tensor> state = new LinkedHashMap<>();
        model().stateDict().forEach((k, v) -> state.put(k, v.mul(0f).add(3f)));
        m.get("1").registerLoadStateDictPostHook((module, keys) -> keys.unexpectedKeys().add("made.up"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        assertTrue(e.getMessage().contains("unexpected keys [made.up]") && e.getMessage().contains("nothing was loaded"), e.getMessage());
        assertArrayEquals(before, m.get("0").stateDict().get("weight").toFloatArray(), "values loaded before the check came back");
    }

    @Test
    void postHooksSeeTheModuleAlreadyLoaded() {
        Sequential m = model();
        float[][] seen = new float[1][];
        m.get("0").registerLoadStateDictPostHook((module, keys) -> seen[0] = module.stateDict().get("bias").toFloatArray());
        Map<String, Tensor> state = new LinkedHashMap<>();
        model().stateDict().forEach((k, v) -> state.put(k, v.mul(0f).add(2f)));
        m.loadStateDict(state, true);
        assertArrayEquals(new float[]{2, 2}, seen[0]);
    }

    @Test
    void aHookThatThrowsIsNamedWithItsModulePathAndNothingIsLoaded() {
        Sequential m = model();
        float[] before = m.get("0").stateDict().get("weight").toFloatArray();
        m.get("1.0").registerLoadStateDictPreHook((module, sd, prefix) -> { throw new IllegalStateException("boom"); });
        Map<String, Tensor> state = new LinkedHashMap<>();
        model().stateDict().forEach((k, v) -> state.put(k, v.mul(0f)));
        ModuleException e = assertThrows(ModuleException.class, () -> m.loadStateDict(state, true));
        assertEquals("1.0 (Linear 2->2): load-state-dict pre-hook #0 threw IllegalStateException: boom", e.getMessage());
        assertEquals("1.0", e.modulePath());
        assertArrayEquals(before, m.get("0").stateDict().get("weight").toFloatArray());

        Sequential s = model();
        s.registerStateDictPostHook((module, sd, prefix) -> { throw new IllegalArgumentException("no"); });
        ModuleException e2 = assertThrows(ModuleException.class, s::stateDict);
        assertEquals("Sequential: state-dict post hook #0 threw IllegalArgumentException: no", e2.getMessage());
    }

    @Test
    void hooksListsTheStateDictHooksAndRemoveAllHooksRemovesThem() {
        Sequential m = model();
        m.registerStateDictPostHook((module, sd, prefix) -> {});
        m.get("1.0").registerLoadStateDictPreHook((module, sd, prefix) -> {});
        m.get("1").registerLoadStateDictPostHook((module, keys) -> {});
        assertEquals("[(model): state-dict post hook #0, 1: load-state-dict post hook #0, 1.0: load-state-dict pre-hook #0]",
                m.hooks().toString());
        m.removeAllHooks();
        assertEquals(List.of(), m.hooks());
        int[] calls = {0};
        HookHandle h = m.registerLoadStateDictPreHook((module, sd, prefix) -> calls[0]++);
        h.remove();
        m.loadStateDict(m.stateDict(), true);
        assertEquals(0, calls[0]);
    }

    /**
     * A hook that removes itself runs this once, as in PyTorch. (PyTorch iterates the hook dict
     * itself, so a state-dict hook that removes another one fails there with "OrderedDict mutated
     * during iteration"; here every hook list runs over the hooks as they were when the run began,
     * as module hooks do, so the removed hook runs this once and never again.)
     */
    @Test
    void aHookMayRemoveItselfOrAnotherWhileTheHooksRun() {
        Sequential m = model();
        List<String> log = new ArrayList<>();
        HookHandle[] h = new HookHandle[3];
        h[0] = m.registerLoadStateDictPreHook((module, sd, prefix) -> { log.add("self-removing"); h[0].remove(); });
        h[1] = m.registerLoadStateDictPreHook((module, sd, prefix) -> { log.add("removes next"); h[2].remove(); });
        h[2] = m.registerLoadStateDictPreHook((module, sd, prefix) -> log.add("removed"));
        m.loadStateDict(m.stateDict(), true);
        m.loadStateDict(m.stateDict(), true);
        assertEquals(List.of("self-removing", "removes next", "removed", "removes next"), log);
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads a state dict as PyTorch's {@code load_state_dict} does (torch/nn/modules/module.py, its
 * inner {@code load}): each module, parent first, runs its load pre-hooks on the entries meant
 * for it, takes its own entries and notes what is missing or unexpected; its children follow with
 * the entries under their prefix; then its post hooks run. The strict check comes last. A module
 * keeps its old values until the whole load succeeded: on any error they come back, so a failed
 * load changes nothing.
 */
final class StateDictLoader {
    private final List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
    private final StateDictReport incompatible = new StateDictReport(missing, unexpected);
    private final Map<Tensor, Tensor> oldValues = new IdentityHashMap<>();

    private StateDictLoader() {}

    static StateDictReport load(Module module, Map<String, Tensor> state, boolean strict) {
        StateDictLoader loader = new StateDictLoader();
        try {
            loader.visit(module, new LinkedHashMap<>(state), ""); // a copy: pre hooks may change it
            loader.check(module, strict);
        } catch (RuntimeException | Error e) {
            loader.restore();
            throw e;
        }
        return new StateDictReport(List.copyOf(loader.missing), List.copyOf(loader.unexpected));
    }

    private void visit(Module m, Map<String, Tensor> local, String prefix) {
        StateDictHooks.run(m.loadStateDictPreHooks(), "load-state-dict pre-hook", m, prefix,
                h -> h.apply(m, local, prefix));
        Map<String, Tensor> own = new LinkedHashMap<>();
        m.ownParameters().forEach((n, p) -> { if (p != null) own.put(n, p); });
        m.ownBuffers().forEach((n, b) -> { if (b != null) own.put(n, b); });
        own.forEach((name, target) -> {
            Tensor given = local.get(prefix + name);
            if (given == null) missing.add(prefix + name);
            else if (!Arrays.equals(given.shape(), target.shape())) {
                mismatched.add(prefix + name + ": checkpoint has shape " + Shape.str(given.shape())
                        + ", the module has " + Shape.str(target.shape()));
            } else {
                oldValues.putIfAbsent(target, target.detach().copy());
                target.assign(given.to(target.device()));
            }
        });
        for (String key : local.keySet()) {
            if (!key.startsWith(prefix)) continue;
            String first = key.substring(prefix.length()).split("\\.", 2)[0];
            if (!m.ownChildren().containsKey(first) && !own.containsKey(first)) unexpected.add(key);
        }
        m.ownChildren().forEach((name, child) -> {
            if (child == null) return;
            String childPrefix = prefix + name + ".";
            Map<String, Tensor> childLocal = new LinkedHashMap<>();
            local.forEach((k, v) -> { if (k.startsWith(childPrefix)) childLocal.put(k, v); });
            visit(child, childLocal, childPrefix);
        });
        StateDictHooks.run(m.loadStateDictPostHooks(), "load-state-dict post hook", m, prefix,
                h -> h.apply(m, incompatible));
    }

    private void check(Module module, boolean strict) {
        List<String> problems = new ArrayList<>();
        if (strict && !missing.isEmpty()) problems.add("missing keys " + missing);
        if (strict && !unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
        if (!mismatched.isEmpty()) problems.add("shape mismatches " + mismatched);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + module.getClass().getSimpleName() + ": "
                    + String.join("; ", problems) + " (nothing was loaded)");
        }
    }

    private void restore() {
        oldValues.forEach(Tensor::assign);
    }
}

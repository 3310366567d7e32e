package dev.hookbook.nn;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Loads a state dict in two passes: check everything, then copy, so a failed load changes nothing. */
final class StateDictLoader {
    private StateDictLoader() {}

    static StateDictReport load(Module module, Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = module.stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) missing.add(e.getKey());
            else if (!Arrays.equals(given.shape(), e.getValue().shape())) {
                mismatched.add(e.getKey() + ": checkpoint has shape " + Shape.str(given.shape())
                        + ", the module has " + Shape.str(e.getValue().shape()));
            }
        }
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);

        List<String> problems = new ArrayList<>();
        if (strict && !missing.isEmpty()) problems.add("missing keys " + missing);
        if (strict && !unexpected.isEmpty()) problems.add("unexpected keys " + unexpected);
        if (!mismatched.isEmpty()) problems.add("shape mismatches " + mismatched);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("loadStateDict into " + module.getClass().getSimpleName() + ": "
                    + String.join("; ", problems) + " (nothing was loaded)");
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given != null) e.getValue().assign(given.to(e.getValue().device()));
        }
        return new StateDictReport(List.copyOf(missing), List.copyOf(unexpected));
    }
}

package dev.hookbook.nn;

import java.util.List;

/**
 * What {@link Module#loadStateDict} did not use: keys the module lacks and keys the state lacks.
 * The report a {@link LoadStateDictPostHook} gets holds lists it may change in place; the one
 * {@code loadStateDict} returns is fixed.
 */
public record StateDictReport(List<String> missingKeys, List<String> unexpectedKeys) {
    @Override
    public String toString() {
        return "missing keys: " + missingKeys + ", unexpected keys: " + unexpectedKeys;
    }
}

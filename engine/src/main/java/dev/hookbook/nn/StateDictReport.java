package dev.hookbook.nn;

import java.util.List;

/** What {@link Module#loadStateDict} did not use: keys the module lacks and keys the state lacks. */
public record StateDictReport(List<String> missingKeys, List<String> unexpectedKeys) {
    @Override
    public String toString() {
        return "missing keys: " + missingKeys + ", unexpected keys: " + unexpectedKeys;
    }
}

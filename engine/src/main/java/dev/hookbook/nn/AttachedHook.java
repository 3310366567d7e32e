package dev.hookbook.nn;

import dev.hookbook.hooks.HookList;

import java.util.List;

/**
 * One hook attached in a module tree, as {@link Module#hooks()} lists them: the dotted path of
 * the module (or parameter) it is on, its kind, and its position among the hooks of that kind
 * there (0 runs first).
 */
public record AttachedHook(String path, String kind, int position) {

    static void list(String path, String kind, HookList<?> hooks, List<AttachedHook> out) {
        for (int i = 0; i < hooks.size(); i++) out.add(new AttachedHook(path, kind, i));
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "(model)" : path) + ": " + kind + " #" + position;
    }
}

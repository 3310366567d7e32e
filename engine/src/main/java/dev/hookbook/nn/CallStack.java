package dev.hookbook.nn;

import java.util.ArrayList;
import java.util.List;

/**
 * The modules being called on this thread, outermost first. It gives every error and trace the
 * module's dotted path in the model, the name under which each module is registered in the one
 * that called it.
 */
final class CallStack {
    private static final ThreadLocal<List<Module>> STACK = ThreadLocal.withInitial(ArrayList::new);

    private CallStack() {}

    static List<Module> enter(Module m) {
        List<Module> stack = STACK.get();
        stack.add(m);
        return stack;
    }

    static void exit(List<Module> stack) {
        stack.remove(stack.size() - 1);
    }

    /** The path of the module on top of the stack: {@code features.0}, or "" for the outermost. */
    static String currentPath() {
        List<Module> stack = STACK.get();
        StringBuilder path = new StringBuilder();
        for (int i = 1; i < stack.size(); i++) {
            String name = stack.get(i - 1).childName(stack.get(i));
            if (name == null) name = "<" + stack.get(i).getClass().getSimpleName() + ">";
            if (path.length() > 0) path.append('.');
            path.append(name);
        }
        return path.toString();
    }

    /** How an error names a module: its path and what it is. */
    static String where(String path, Module m) {
        return path.isEmpty() ? m.describe() : path + " (" + m.describe() + ")";
    }
}

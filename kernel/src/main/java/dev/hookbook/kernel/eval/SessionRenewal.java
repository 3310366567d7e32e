package dev.hookbook.kernel.eval;

import jdk.jshell.JShell;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.VarSnippet;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Moving a long session to a fresh JShell, its imports, variables and methods carried over.
 *
 * <p>Why: JShell keeps every snippet it ever compiled (its source, its wrapper class's bytes three
 * times, javac's listeners on the imports), about 7 KB a snippet that its API cannot release, so a
 * notebook run for hours grows without bound. A fresh JShell holds only what is carried into it:
 * each import and method is compiled again from its source, and each variable is declared again
 * and given the very object it held (a tensor keeps its identity, its gradient and its graph).
 *
 * <p>When: only when nothing can tell the difference. The old session's code must be unreachable,
 * because a lambda written in a cell goes on reading the old session's variables: the move is
 * put off while the session declares classes, while a thread a cell started still runs, and while
 * a variable, a global hook, an optimizer hook, an open widget, or what the kernel registered for
 * the session (comm listeners, renderers) reaches an object of the old session (a hook or
 * observer lambda written in a cell; see {@link SessionReferences}).
 */
final class SessionRenewal {

    /** Snippets run between two moves: about 14 MB of JShell's state. */
    static final int DEFAULT_EVERY = 2_000;

    /** The most objects looked through for the old session's code before the move is put off. */
    static final int SEARCH_BUDGET = 2_000_000;

    /** Where objects that outlive a cell are registered outside the session's variables: class, static field. */
    private static final List<String[]> REGISTRIES = List.of(
            new String[] {"dev.hookbook.nn.Module", "GLOBAL_HOOKS"},
            new String[] {"dev.hookbook.optim.Optimizer", "GLOBAL_STEP_PRE_HOOKS"},
            new String[] {"dev.hookbook.optim.Optimizer", "GLOBAL_STEP_POST_HOOKS"},
            new String[] {"dev.hookbook.widgets.Widgets", "OPEN"});

    /** A variable to declare again, holding {@code value}. */
    record Variable(String name, String typeName, Object value) {}

    /** What a fresh JShell is given, in this order: imports, variables, methods. */
    record Carried(List<String> imports, List<Variable> variables, List<String> methods) {
        int size() {
            return imports.size() + variables.size() + methods.size();
        }
    }

    /** What the move would carry, or why the session cannot move now. */
    record Plan(Carried carried, String obstacle) {
        static Plan blocked(String obstacle) {
            return new Plan(null, obstacle);
        }
    }

    /** The fresh JShell, as the move sees it. */
    interface FreshSession {
        /** Compiles and runs one declaration, failing as a cell would. */
        void run(String source) throws CellException;

        /** The wrapper class holding {@code variable}, once it is declared. */
        Class<?> holderOf(String variable);
    }

    private SessionRenewal() {}

    /**
     * What {@code shell} would carry to a fresh JShell, skipping the start-up script's
     * snippets ({@code startupIds}), or the obstacle.
     */
    static Plan plan(JShell shell, Set<String> startupIds, Map<String, Class<?>> holders, List<Thread> liveThreads,
                     ClassLoader sessionLoader, Map<String, ?> moreRoots) {
        List<String> types = shell.types().filter(t -> !startupIds.contains(t.id())).map(t -> t.name()).toList();
        if (!types.isEmpty()) {
            return Plan.blocked("the session declares classes (" + String.join(", ", types) + ")");
        }
        if (!liveThreads.isEmpty()) {
            return Plan.blocked("a thread a cell started still runs (" + liveThreads.get(0).getName() + ")");
        }
        List<String> imports = shell.imports().filter(i -> !startupIds.contains(i.id())).map(Snippet::source).toList();
        List<String> methods = new ArrayList<>();
        for (MethodSnippet method : shell.methods().toList()) {
            if (!startupIds.contains(method.id())) {
                methods.add(method.source());
            }
        }
        List<Variable> variables = new ArrayList<>();
        Map<String, Object> roots = new LinkedHashMap<>();
        for (VarSnippet variable : shell.variables().toList()) {
            if (shell.status(variable) != Snippet.Status.VALID) {
                return Plan.blocked("variable " + variable.name() + " is " + shell.status(variable));
            }
            Field field = staticField(holders.get(variable.name()), variable.name());
            if (field == null) {
                return Plan.blocked("variable " + variable.name() + " cannot be read");
            }
            Object value;
            try {
                value = field.get(null);
            } catch (IllegalAccessException e) {
                return Plan.blocked("variable " + variable.name() + " cannot be read");
            }
            variables.add(new Variable(variable.name(), variable.typeName(), value));
            roots.put(variable.name(), value);
        }
        for (String[] registry : REGISTRIES) {
            roots.put(registry[0] + "." + registry[1], readStatic(registry[0], registry[1]));
        }
        roots.putAll(moreRoots);
        Optional<String> reference = SessionReferences.find(roots, sessionLoader, SEARCH_BUDGET);
        if (reference.isPresent()) {
            return Plan.blocked(reference.get());
        }
        return new Plan(new Carried(imports, variables, methods), null);
    }

    /** Declares everything {@code carried} holds in {@code fresh}, each variable holding its object again. */
    static void replay(Carried carried, FreshSession fresh) throws CellException, ReflectiveOperationException {
        for (String source : carried.imports()) {
            fresh.run(source);
        }
        for (Variable variable : carried.variables()) {
            fresh.run(variable.typeName() + " " + variable.name() + ";");
            Class<?> holder = fresh.holderOf(variable.name());
            if (holder == null) {
                throw new NoSuchFieldException("no wrapper class for " + variable.name());
            }
            Field field = holder.getDeclaredField(variable.name());
            field.setAccessible(true);
            field.set(null, variable.value());
        }
        for (String source : carried.methods()) {
            fresh.run(source);
        }
    }

    /** The static field {@code name} of {@code holder}, opened, or null when there is none to open. */
    private static Field staticField(Class<?> holder, String name) {
        if (holder == null) {
            return null;
        }
        try {
            Field field = holder.getDeclaredField(name);
            return Modifier.isStatic(field.getModifiers()) && field.trySetAccessible() ? field : null;
        } catch (NoSuchFieldException e) {
            return null;
        }
    }

    private static Object readStatic(String className, String fieldName) {
        try {
            Field field = staticField(Class.forName(className), fieldName);
            return field == null ? null : field.get(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null; // that module is not on the class path: nothing registered there
        }
    }
}

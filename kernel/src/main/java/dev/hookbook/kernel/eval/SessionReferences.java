package dev.hookbook.kernel.eval;

import java.lang.ref.Reference;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Finds, among the objects reachable from some roots, one whose class a JShell session compiled:
 * a lambda or an object of a class declared in a cell. Such an object runs the old session's
 * code and reads its variables, so the session can move to a fresh JShell only when none is
 * reachable from what it carries over (see {@link SessionRenewal}).
 *
 * <p>The search reads fields by reflection. Objects of the JDK are mostly closed to it (their
 * modules are not open); collections, maps, arrays and references are looked into through
 * their public methods, other JDK objects are taken as plain values, except threads not started
 * yet and the JDK's own lambdas (either may hold a cell's lambda), which count as found. The
 * kernel's own objects are not looked into.
 */
final class SessionReferences {

    /** The package JShell compiles every snippet's wrapper class into. */
    private static final String SESSION_PACKAGE = "REPL.";

    /**
     * The kernel's own machinery, not looked into: it holds the session itself (its JShell, the
     * wrapper classes it ran), and what of it a cell can register comes in as a root of its own.
     */
    private static final List<String> MACHINERY = List.of("dev.hookbook.kernel.", "org.dflib.jjava.", "org.zeromq.", "zmq.");

    private final ClassLoader sessionLoader;
    private final int budget;
    private final IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
    private final Map<Class<?>, List<Field>> fields = new HashMap<>();

    private SessionReferences(ClassLoader sessionLoader, int budget) {
        this.sessionLoader = sessionLoader;
        this.budget = budget;
    }

    /**
     * What stands in the way, from {@code roots} (name to object): "x → hooks → a lambda of a
     * cell", or "more than N objects" when the search gives up; empty when nothing of the
     * session is reachable.
     */
    static Optional<String> find(Map<String, ?> roots, ClassLoader sessionLoader, int budget) {
        return new SessionReferences(sessionLoader, budget).search(roots);
    }

    /**
     * Whether the session defined {@code type}: a cell's class, a lambda in a cell, or a class of
     * a jar a cell added to the class path (which the fresh session would load again).
     */
    private boolean sessionClass(Class<?> type) {
        return type.getClassLoader() == sessionLoader || type.getName().startsWith(SESSION_PACKAGE);
    }

    private static boolean machinery(Class<?> type) {
        String name = type.getName();
        return MACHINERY.stream().anyMatch(name::startsWith);
    }

    private record Step(Object value, String path) {}

    private Optional<String> search(Map<String, ?> roots) {
        Deque<Step> pending = new ArrayDeque<>();
        roots.forEach((name, value) -> pending.add(new Step(value, name)));
        while (!pending.isEmpty()) {
            Step step = pending.poll();
            Object value = step.value();
            if (value == null || seen.put(value, Boolean.TRUE) != null) {
                continue;
            }
            if (seen.size() > budget) {
                return Optional.of("more than " + budget + " objects to look through");
            }
            Optional<String> stop = visit(value, step.path(), pending);
            if (stop.isPresent()) {
                return stop;
            }
        }
        return Optional.empty();
    }

    private Optional<String> visit(Object value, String path, Deque<Step> pending) {
        Class<?> type = value.getClass();
        if (value instanceof Class<?> named) {
            return sessionClass(named) ? found(path, "a class the session defined (" + named.getName() + ")") : Optional.empty();
        }
        if (sessionClass(type)) {
            return found(path, type.isHidden() ? "a lambda written in a cell" : "an object of a class the session loaded (" + type.getName() + ")");
        }
        if (machinery(type)) {
            return Optional.empty();
        }
        if (type.isArray()) {
            if (!type.getComponentType().isPrimitive()) {
                for (int i = 0, n = Array.getLength(value); i < n; i++) {
                    pending.add(new Step(Array.get(value, i), path + "[" + i + "]"));
                }
            }
            return Optional.empty();
        }
        if (value instanceof Thread thread) {
            // One not started yet may run a cell's code; the session's running ones are counted
            // apart (LocalEngine.liveSnippetThreads), and the others belong to the JVM or the kernel.
            return thread.getState() == Thread.State.NEW
                    ? found(path, "a thread not started yet (" + thread.getName() + ")") : Optional.empty();
        }
        if (type.getModule().isNamed()) {
            return visitJdkObject(value, path, pending);
        }
        for (Field field : fieldsOf(type)) {
            try {
                pending.add(new Step(field.get(value), path + "." + field.getName()));
            } catch (IllegalAccessException e) {
                // Not open to us: skipped, as fieldsOf keeps only the fields it could open.
            }
        }
        return Optional.empty();
    }

    private Optional<String> visitJdkObject(Object value, String path, Deque<Step> pending) {
        if (value instanceof Collection<?> collection) {
            int i = 0;
            for (Object element : collection.toArray()) {
                pending.add(new Step(element, path + "[" + i++ + "]"));
            }
            return Optional.empty();
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : new ArrayList<>(map.entrySet())) {
                pending.add(new Step(entry.getKey(), path + ".key"));
                pending.add(new Step(entry.getValue(), path + "[" + entry.getKey() + "]"));
            }
            return Optional.empty();
        }
        if (value instanceof Optional<?> optional) {
            optional.ifPresent(inside -> pending.add(new Step(inside, path + ".get()")));
            return Optional.empty();
        }
        if (value instanceof AtomicReference<?> reference) {
            pending.add(new Step(reference.get(), path + ".get()"));
            return Optional.empty();
        }
        if (value instanceof Reference<?> reference) {
            pending.add(new Step(reference.get(), path + ".get()"));
            return Optional.empty();
        }
        List<Field> open = fieldsOf(value.getClass());
        if (value.getClass().isHidden() && open.isEmpty() && hasInstanceFields(value.getClass())) {
            // A JDK lambda (Comparator.comparing(...)) may hold a cell's lambda; we cannot look.
            return found(path, "a JDK lambda that may hold a cell's lambda");
        }
        for (Field field : open) {
            try {
                pending.add(new Step(field.get(value), path + "." + field.getName()));
            } catch (IllegalAccessException e) {
                // Skipped.
            }
        }
        return Optional.empty();
    }

    private static Optional<String> found(String path, String what) {
        return Optional.of(path + " reaches " + what);
    }

    private static boolean hasInstanceFields(Class<?> type) {
        for (Field field : type.getDeclaredFields()) {
            if (!Modifier.isStatic(field.getModifiers())) {
                return true;
            }
        }
        return false;
    }

    /** The instance fields of {@code type} and its superclasses that can be read, of object type. */
    private List<Field> fieldsOf(Class<?> type) {
        return fields.computeIfAbsent(type, t -> {
            List<Field> open = new ArrayList<>();
            for (Class<?> c = t; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers()) && !field.getType().isPrimitive()
                            && field.trySetAccessible()) {
                        open.add(field);
                    }
                }
            }
            return open;
        });
    }
}

package dev.hookbook.nn;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.hooks.HookList;
import dev.hookbook.tensor.Tensor;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link Module#deepCopy()}, as Python's {@code copy.deepcopy} with its memo: a module is
 * cloned field by field (its class's and every superclass's, so a user's subclass needs
 * nothing), and each field's value is copied as follows. Tensors get new storage with the same
 * values ({@code Parameter}s stay parameters, {@code requiresGrad} is kept, no gradient, no
 * history: a computed tensor such as a pruned weight becomes its value, recomputed by the next
 * forward). Modules are copied in turn. Hook lists become new lists of the same hooks. Maps,
 * lists and arrays are copied with their elements copied. Anything else (numbers, strings,
 * lambdas, generators) is shared. The memo keeps sharing intact: a parameter tied between two
 * layers is one new parameter in the copy.
 */
final class ModuleCopier {
    private final Map<Object, Object> memo = new IdentityHashMap<>();
    private final List<Module> copied = new ArrayList<>();

    private ModuleCopier() {}

    static Module copy(Module module) {
        ModuleCopier copier = new ModuleCopier();
        Module out;
        try (var g = Autograd.noGrad()) {
            out = (Module) copier.value(module);
        }
        for (Module m : copier.copied) m.refreshPropertiesAfterCopy(); // parametrized fields from the copy's own originals
        return out;
    }

    private Object value(Object v) {
        if (v == null) return null;
        Object done = memo.get(v);
        if (done != null) return done;
        Object out;
        if (v instanceof Module m) {
            Module c = m.shallowClone();
            memo.put(v, c); // before the fields: a child that points back finds it
            copyFields(c);
            copied.add(c);
            return c;
        } else if (v instanceof Parameter p) {
            Parameter c = new Parameter(p.detach().copy());
            c.requiresGrad(p.requiresGrad());
            out = c;
        } else if (v instanceof Tensor t) {
            Tensor c = t.detach().copy();
            if (t.isLeaf() && t.requiresGrad()) c.requiresGrad(true);
            out = c;
        } else if (v instanceof HookList<?> hooks) {
            out = copyHooks(hooks);
        } else if (v instanceof EnumMap<?, ?> byKind) { // a module's hook lists, one per kind
            EnumMap<?, Object> c = new EnumMap<>(byKind);
            memo.put(v, c);
            c.replaceAll((k, e) -> value(e));
            return c;
        } else if (v instanceof LinkedHashMap<?, ?> || v instanceof HashMap<?, ?> || v instanceof IdentityHashMap<?, ?>) {
            Map<Object, Object> c = v instanceof IdentityHashMap<?, ?> ? new IdentityHashMap<>()
                    : v instanceof LinkedHashMap<?, ?> ? new LinkedHashMap<>() : new HashMap<>();
            memo.put(v, c);
            ((Map<?, ?>) v).forEach((k, e) -> c.put(k, value(e)));
            return c;
        } else if (v instanceof List<?> list) {
            List<Object> c = new ArrayList<>(list.size());
            for (Object e : list) c.add(value(e));
            out = v instanceof ArrayList<?> ? c : Collections.unmodifiableList(c);
        } else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            Object c = Array.newInstance(v.getClass().getComponentType(), n);
            memo.put(v, c);
            for (int i = 0; i < n; i++) Array.set(c, i, value(Array.get(v, i)));
            return c;
        } else {
            return v; // immutable or not the module's own state: shared, as deepcopy shares functions
        }
        memo.put(v, out);
        return out;
    }

    private static <H> HookList<H> copyHooks(HookList<H> hooks) {
        HookList<H> c = new HookList<>();
        for (H h : hooks.snapshot()) c.add(h);
        return c;
    }

    private void copyFields(Module c) {
        for (Class<?> k = c.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic() || f.getType().isPrimitive()) continue;
                try {
                    f.setAccessible(true);
                    Object old = f.get(c);
                    Object fresh = value(old);
                    if (fresh != old) f.set(c, fresh);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    throw new IllegalStateException("deepCopy of " + c.getClass().getSimpleName() + ": cannot copy field "
                            + k.getSimpleName() + "." + f.getName() + ": " + e, e);
                }
            }
        }
    }
}

package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a module's Java fields in step with its named attributes. A layer's {@code forward}
 * reads fields ({@code Linear.weight}); when pruning or a parametrization replaces the
 * attribute {@code weight} by a computed tensor, this writes the field of the same name (or its
 * camel-case form: {@code in_proj_weight} is the field {@code inProjWeight}), so the next
 * {@code forward} reads the new tensor, as an attribute read in PyTorch would.
 */
final class Attributes {
    /** Per module class: its instance fields that hold a tensor or a module, by field name (the subclass's first). */
    private static final ClassValue<Map<String, Field>> FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Field> computeValue(Class<?> type) {
            Map<String, Field> out = new LinkedHashMap<>();
            for (Class<?> c = type; c != null && c != Module.class; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (Modifier.isStatic(f.getModifiers()) || f.isSynthetic()) continue;
                    if (!Tensor.class.isAssignableFrom(f.getType()) && !Module.class.isAssignableFrom(f.getType())) continue;
                    out.putIfAbsent(f.getName(), f);
                }
            }
            return out;
        }
    };

    private Attributes() {}

    /** The field that holds attribute {@code name} of {@code m}, or null if its class has none. */
    static Field field(Module m, String name) {
        Map<String, Field> fields = FIELDS.get(m.getClass());
        Field f = fields.get(name);
        return f != null ? f : fields.get(camelCase(name));
    }

    /**
     * Throws if attribute {@code name} has a field that cannot take {@code value}: a final field
     * (forward would go on reading the old tensor) or one of a narrower type.
     */
    static void checkWritable(Module m, String name, Object value) {
        Field f = field(m, name);
        if (f == null) return;
        String where = f.getDeclaringClass().getSimpleName() + "." + f.getName();
        if (Modifier.isFinal(f.getModifiers())) {
            throw new IllegalArgumentException(m.getClass().getSimpleName() + ": cannot replace attribute '" + name
                    + "': its field " + where + " is final, so forward would keep reading the old tensor; declare it "
                    + "non-final (public Tensor " + f.getName() + ") or read it with getAttribute(\"" + name + "\")");
        }
        if (value != null && !f.getType().isInstance(value)) {
            throw new IllegalArgumentException(m.getClass().getSimpleName() + ": cannot set attribute '" + name + "' to a "
                    + value.getClass().getSimpleName() + ": its field " + where + " is declared " + f.getType().getSimpleName()
                    + " (declare it Tensor to hold a computed tensor)");
        }
    }

    /**
     * Writes {@code value} into the field of attribute {@code name}, if there is one. With
     * {@code strict}, a field that cannot take it is an error; without (as registration in a
     * constructor, before the constructor assigns its final fields), it is left alone.
     */
    static void write(Module m, String name, Object value, boolean strict) {
        Field f = field(m, name);
        if (f == null) return;
        if (strict) checkWritable(m, name, value);
        else if (Modifier.isFinal(f.getModifiers()) || (value != null && !f.getType().isInstance(value))) return;
        try {
            f.setAccessible(true);
            f.set(m, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException(m.getClass().getSimpleName() + ": cannot write field " + f.getName() + ": " + e, e);
        }
    }

    /** {@code in_proj_weight} to {@code inProjWeight}; a name with no inner underscore stays as it is. */
    static String camelCase(String name) {
        if (name.indexOf('_') <= 0) return name;
        StringBuilder sb = new StringBuilder();
        boolean up = false;
        for (char c : name.toCharArray()) {
            if (c == '_') { up = sb.length() > 0; continue; }
            sb.append(up ? Character.toUpperCase(c) : c);
            up = false;
        }
        return sb.toString();
    }
}

package dev.hookbook.golden;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.DynamicTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the PyTorch golden fixtures under {@code src/test/resources/golden/} (written by
 * {@code tools/golden/make_fixtures.py}; formats in {@code tools/golden/README.md}) and compares
 * Hookbook tensors against them.
 *
 * <p>A fixture tensor is {@code {"shape": [...], "data": [...]}} with the data row-major. Every
 * float is written as the shortest decimal that reads back to the same float32, so
 * {@link Float#parseFloat} restores PyTorch's values exactly.
 */
public final class Golden {
    private Golden() {
    }

    /** Parses {@code /golden/<name>} from the test class path. */
    public static JsonElement load(String name) {
        String resource = "/golden/" + name;
        try (InputStream in = Golden.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + resource
                        + " (re-create with: /usr/bin/python3 tools/golden/make_fixtures.py)");
            }
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                return JsonParser.parseReader(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] shape(JsonObject t) {
        JsonArray a = t.getAsJsonArray("shape");
        int[] s = new int[a.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = a.get(i).getAsInt();
        }
        return s;
    }

    public static float[] data(JsonObject t) {
        JsonArray a = t.getAsJsonArray("data");
        float[] d = new float[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = Float.parseFloat(a.get(i).getAsString());
        }
        return d;
    }

    /** A new tensor (not requiring grad) with the fixture's shape and values; 0-dim for shape []. */
    public static Tensor tensor(JsonObject t) {
        int[] s = shape(t);
        float[] d = data(t);
        return s.length == 0 ? Tensor.scalar(d[0]) : Tensor.of(d, s);
    }

    /**
     * A list of {@code {"name", "shape", "data"}} entries (state dicts, named grads) as an
     * insertion-ordered map. Integer entries (BatchNorm's {@code num_batches_tracked}) become float
     * tensors.
     */
    public static Map<String, Tensor> named(JsonArray entries) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (JsonElement e : entries) {
            JsonObject o = e.getAsJsonObject();
            m.put(o.get("name").getAsString(), tensor(o));
        }
        return m;
    }

    /** True when {@code |actual - expected| <= tol * max(1, |expected|)}. */
    public static boolean close(float actual, float expected, double tol) {
        return Math.abs((double) actual - expected) <= tol * Math.max(1.0, Math.abs((double) expected));
    }

    /** Asserts the shape matches exactly and every element is {@link #close}; reports the worst one. */
    public static void assertClose(String what, JsonObject expected, Tensor actual, double tol) {
        assertNotNull(actual, what + ": got null, expected a tensor of shape "
                + Arrays.toString(shape(expected)));
        assertClose(what, shape(expected), data(expected), actual.shape(), actual.toFloatArray(), tol);
    }

    public static void assertClose(String what, int[] expShape, float[] exp, int[] actShape, float[] act,
            double tol) {
        assertArrayEquals(expShape, actShape, () -> what + ": shape " + Arrays.toString(actShape)
                + ", expected " + Arrays.toString(expShape));
        if (exp.length != act.length) {
            fail(what + ": " + act.length + " values, expected " + exp.length);
        }
        int worst = -1;
        double worstErr = 0;
        int bad = 0;
        for (int i = 0; i < exp.length; i++) {
            double err = Math.abs((double) act[i] - exp[i]) / Math.max(1.0, Math.abs((double) exp[i]));
            if (Double.isNaN(err) || err > tol) {
                bad++;
                if (worst < 0 || Double.isNaN(err) || err > worstErr) {
                    worst = i;
                    worstErr = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err;
                }
            }
        }
        if (bad > 0) {
            fail(String.format("%s: %d of %d values off (tol %.0e); worst at %s: got %s, expected %s"
                    + " (rel err %.3g)%n  got      %s%n  expected %s",
                    what, bad, exp.length, tol, index(worst, expShape), act[worst], exp[worst], worstErr,
                    head(act), head(exp)));
        }
    }

    private static String index(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return Arrays.toString(idx);
    }

    private static String head(float[] a) {
        return a.length <= 24 ? Arrays.toString(a) : Arrays.toString(Arrays.copyOf(a, 24)) + "...";
    }

    /**
     * One test per case of the op fixture {@code fixture} (see {@link #checkOpCase}), and one that
     * fails when {@code ops} holds a lambda the fixture has no case for (a stale or misspelt name).
     */
    public static List<DynamicTest> opCaseTests(String fixture, Map<String, Function<Tensor[], Tensor>> ops) {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonElement e : load(fixture).getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            seen.add(name);
            tests.add(DynamicTest.dynamicTest(name + ": " + c.get("expr").getAsString(), () -> checkOpCase(c, ops)));
        }
        tests.add(DynamicTest.dynamicTest("every lambda has a fixture case", () -> {
            Set<String> stale = new LinkedHashSet<>(ops.keySet());
            stale.removeAll(seen);
            if (!stale.isEmpty()) fail("lambdas without a case in " + fixture + ": " + stale);
        }));
        return tests;
    }

    /**
     * Runs one case of the op fixtures' format ({@code tensor_ops.json}, {@code sequence_ops.json}):
     * {@code ops} holds the Java lambda of each case by name; checks the output and, for a
     * differentiable case, every input's gradient of {@code out.backward(upstream)}.
     */
    public static void checkOpCase(JsonObject c, Map<String, Function<Tensor[], Tensor>> ops) {
        String name = c.get("name").getAsString();
        Function<Tensor[], Tensor> f = ops.get(name);
        assertNotNull(f, "no Java lambda for fixture case " + name + " (" + c.get("expr").getAsString() + ")");
        double tol = c.get("tol").getAsDouble();

        JsonArray inputs = c.getAsJsonArray("inputs");
        Tensor[] x = new Tensor[inputs.size()];
        for (int i = 0; i < x.length; i++) {
            JsonObject in = inputs.get(i).getAsJsonObject();
            x[i] = tensor(in);
            if (in.get("requiresGrad").getAsBoolean()) {
                x[i].requiresGrad(true);
            }
        }

        Tensor out = f.apply(x);
        assertClose(name + " output", c.getAsJsonObject("output"), out, tol);

        JsonElement upstream = c.get("upstream");
        if (upstream == null || upstream.isJsonNull()) {
            assertFalse(out.requiresGrad(), name + ": output of a non-differentiable case requires grad");
            return;
        }
        out.backward(tensor(upstream.getAsJsonObject()));
        JsonArray grads = c.getAsJsonArray("grads");
        for (int i = 0; i < x.length; i++) {
            JsonElement g = grads.get(i);
            if (g.isJsonNull()) {
                assertNull(x[i].grad(), name + ": input " + i + " does not require grad but got a grad");
            } else {
                assertClose(name + " grad of input " + i, g.getAsJsonObject(), x[i].grad(), tol);
            }
        }
    }
}

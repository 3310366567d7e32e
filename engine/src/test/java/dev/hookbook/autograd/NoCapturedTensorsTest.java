package dev.hookbook.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.nn.F;
import dev.hookbook.tensor.Tensor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * No backward rule captures a tensor: walks the graph of a large set of ops and looks into every
 * node's rule (lambda classes keep what they capture in synthetic fields) for a field holding a
 * Tensor or an array or collection of them. Saved handles are where tensors belong, so the walk
 * stops at them.
 */
class NoCapturedTensorsTest {

    private static Tensor leaf(int... shape) {
        return Tensor.randn(shape).requiresGrad(true);
    }

    /** One tensor that depends on every op of the engine with a backward rule. */
    private static Tensor everyOp() {
        Tensor a = leaf(2, 3), b = leaf(2, 3), w = leaf(4, 3), bias = leaf(4);
        List<Tensor> terms = new ArrayList<>();
        terms.add(a.add(b).sub(b).mul(a).div(b.abs().add(1f)));
        terms.add(a.neg().pow(2f).exp().log().sqrt().abs().tanh().sigmoid().relu());
        terms.add(F.leakyRelu(a, 0.1f).erf().gelu().clamp(-0.5f, 0.5f).maximum(b));
        terms.add(a.matmul(b.transpose(0, 1)).sum(0, true).mean(1, false));
        terms.add(F.linear(a, w, bias).sum(1, false));
        terms.add(a.max(1, true).add(a.softmax(1)).add(a.logSoftmax(1)).mean(0, false));
        terms.add(a.var(1, false).add(a.std(1, true).squeeze(1)));
        terms.add(Tensor.cat(1, a, b).narrow(1, 1, 3).mean(0, false));
        terms.add(Tensor.stack(0, a, b).sum(0, false).sum(0, false));
        terms.add(a.split(1, 1).get(0).add(a.chunk(3, 1).get(2)).squeeze(1));
        terms.add(a.indexSelect(1, Tensor.of(new float[]{2, 0}, 2)).gather(1, Tensor.of(new float[]{1, 0}, 2, 1)).sum(1, false));
        terms.add(a.maskedFill(a.gt(b), 0f).add(Tensor.where(a.gt(b), a, b)).tril().sum(0, false));
        terms.add(a.topk(2, 1).sum(1, false));
        terms.add(a.unsqueeze(0).permute(1, 0, 2).reshape(2, 3).view(6).expand(2, 6).contiguous().copy().flatten().sum().reshape(1));
        terms.add(F.crossEntropy(a, Tensor.of(new float[]{0, 2}, 2)).reshape(1));
        terms.add(F.mseLoss(a, b).reshape(1));
        terms.add(F.dropout(a, 0.5f, true).sum().reshape(1));
        Tensor image = leaf(2, 2, 5, 5), kernel = leaf(3, 2, 3, 3), kBias = leaf(3);
        Tensor conv = F.conv2d(image, kernel, kBias, 1, 1);
        Tensor bn = F.batchNorm(conv, null, null, leaf(3), leaf(3), true);
        terms.add(F.maxPool2d(bn, 2).sum().reshape(1));
        terms.add(F.layerNorm(a, new int[]{3}, leaf(3), leaf(3), 1e-5f).sum().reshape(1));
        terms.add(F.embedding(Tensor.of(new float[]{1, 0, 1}, 3), leaf(2, 4)).sum().reshape(1));
        Tensor q = leaf(1, 3, 4);
        terms.add(F.scaledDotProductAttention(q, q, q, null, true).sum().reshape(1));
        Tensor total = null;
        for (Tensor t : terms) total = total == null ? t.sum() : total.add(t.sum());
        return total;
    }

    @Test
    void noRuleInTheGraphOfEveryOpCapturesATensor() throws IllegalAccessException {
        Tensor root = everyOp();
        List<String> found = new ArrayList<>();
        Set<String> seenOps = new java.util.TreeSet<>();
        for (Node node : nodes(root.gradFnNode())) {
            seenOps.add(node.name());
            for (Field f : fieldsOf(node.getClass())) {
                if (f.getName().equals("next") || f.getName().equals("outputHooks") || f.getName().equals("retained")
                        || f.getName().equals("preHooks") || f.getName().equals("postHooks") || f.getName().equals("saved")) continue;
                if (node instanceof AccumulateGrad && f.getName().equals("leaf")) continue; // the leaf it fills, as PyTorch's variable
                f.setAccessible(true);
                look(node.name() + "." + f.getName(), f.get(node), found, Collections.newSetFromMap(new IdentityHashMap<>()));
            }
        }
        assertTrue(seenOps.size() > 40, "the walk reached the ops: " + seenOps);
        assertEquals(List.of(), found, "fields that hold tensors outside Saved");
    }

    /** Every node reachable from {@code root}. */
    private static List<Node> nodes(Node root) {
        List<Node> out = new ArrayList<>();
        Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Node> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (!seen.add(n)) continue;
            out.add(n);
            for (Node next : n.nextFunctions()) if (next != null) todo.push(next);
        }
        return out;
    }

    /** Records {@code path} if {@code value} is a tensor (or holds one), looking into rules and what they capture. */
    private static void look(String path, Object value, List<String> found, Set<Object> seen) throws IllegalAccessException {
        if (value == null || value instanceof Saved || !seen.add(value)) return;
        if (value instanceof Tensor) {
            found.add(path);
            return;
        }
        if (value instanceof Object[] array) {
            for (int i = 0; i < array.length; i++) look(path + "[" + i + "]", array[i], found, seen);
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object o : c) look(path + "[" + i++ + "]", o, found, seen);
            return;
        }
        Class<?> type = value.getClass();
        // Rules and what they capture: lambdas, anonymous and local classes of the engine.
        boolean capturing = type.isSynthetic() || type.isHidden() || type.isAnonymousClass() || type.isLocalClass()
                || type.getName().contains("$$Lambda");
        if (!capturing || !type.getName().startsWith("dev.hookbook.")) return;
        for (Field f : fieldsOf(type)) {
            f.setAccessible(true);
            look(path + "." + f.getName(), f.get(value), found, seen);
        }
    }

    private static List<Field> fieldsOf(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) if (!Modifier.isStatic(f.getModifiers())) out.add(f);
        }
        return out;
    }
}

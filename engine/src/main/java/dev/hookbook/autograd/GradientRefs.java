package dev.hookbook.autograd;

import dev.hookbook.tensor.Storage;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.trace.events.Tracer;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One backward pass's count of references to the storages its own rules made, so that a
 * gradient goes back to its device's backend ({@link dev.hookbook.tensor.Backend#release}) as
 * soon as the last node that reads it has run, as PyTorch's caching allocator gets a gradient's
 * block back when its last reference drops. Counted per storage, not per tensor: rules pass
 * gradients through (Add returns {@code g} itself, a view's rule returns a view of {@code g}),
 * so one storage may sit in several pending slots at once.
 *
 * <p>A storage is <em>owned</em> when an engine op's rule or the sum of two contributions made
 * it during this pass. Everything else is foreign and never given back: the seed gradient, what
 * a rule read through its saved tensors, and every storage that user code saw (tensor hooks,
 * retainGrad, node and module hooks, a {@link Function}'s backward, {@link Autograd#grad}'s
 * results, a leaf's {@code grad()}); an owned storage that user code saw is pinned the same way.
 */
final class GradientRefs {
    /** An owned storage: how many references the pass holds, any tensor onto it, and whether user code saw it. */
    private static final class Ref {
        final Tensor any;
        int count;
        boolean pinned;

        Ref(Tensor any) {
            this.any = any;
        }
    }

    private final Map<Storage, Ref> owned = new IdentityHashMap<>();
    private final Set<Storage> foreign = Collections.newSetFromMap(new IdentityHashMap<>());

    private GradientRefs() {}

    /**
     * The counts for one pass, or null where nothing may be given back: under createGraph (a rule
     * may record a gradient into the new graph, which keeps it), and while this thread is traced
     * (a trace listener sees the ops of the rules, gradients included, and may keep them).
     */
    static GradientRefs open(boolean createGraph) {
        return createGraph || Tracer.active() ? null : new GradientRefs();
    }

    /** Whether the engine may count and give back what {@code node}'s rule is given and returns. */
    static boolean engineRule(Node node) {
        return node instanceof OpNode op && op.engineRule() && !Tracer.active();
    }

    /** User code saw {@code t} (or may keep it): its storage is never given back in this pass. */
    void pin(Tensor t) {
        if (t == null) return;
        Storage s = t.storage();
        Ref ref = owned.get(s);
        if (ref != null) ref.pinned = true;
        else foreign.add(s);
    }

    void pinAll(Tensor[] ts) {
        if (ts != null) for (Tensor t : ts) pin(t);
    }

    /**
     * A rule handed {@code t} to the engine: one more reference, held until {@link #drop}. Its
     * storage is owned if it already was (a gradient passed through), or if it is new: neither
     * foreign nor among {@code read}, the storages the rule could reach (what it was given and
     * what its op saved); a foreign one is not counted.
     */
    void made(Tensor t, List<Storage> read) {
        if (t == null) return;
        Storage s = t.storage();
        Ref ref = owned.get(s);
        if (ref == null) {
            if (foreign.contains(s)) return;
            if (read == null || read.contains(s)) {
                foreign.add(s);
                return;
            }
            ref = new Ref(t);
            owned.put(s, ref);
        }
        ref.count++;
    }

    /** The pass put {@code t} in a slot of a node's pending gradients (or kept it in hand): one more reference. */
    void hold(Tensor t) {
        if (t == null) return;
        Ref ref = owned.get(t.storage());
        if (ref != null) ref.count++;
    }

    /** A tensor the pass made itself (the sum of two contributions), put in a slot: one reference. */
    void madeHere(Tensor t) {
        Storage s = t.storage();
        if (!foreign.contains(s)) owned.computeIfAbsent(s, k -> new Ref(t)).count++;
    }

    /**
     * One reference to {@code t} is gone; at the last one its storage goes back to the backend,
     * unless user code saw it.
     */
    void drop(Tensor t) {
        if (t == null) return;
        Storage s = t.storage();
        Ref ref = owned.get(s);
        if (ref == null || --ref.count > 0) return;
        owned.remove(s);
        foreign.add(s); // never counted again: its array may serve another storage from now on
        if (!ref.pinned) ref.any.device().backend().release(ref.any);
    }

    /**
     * Whether {@code t} is the pass's alone: owned, unseen, held exactly once, and the whole of
     * its storage, so a leaf may keep it as its {@code grad()} instead of a copy.
     */
    boolean exclusive(Tensor t) {
        Ref ref = owned.get(t.storage());
        return ref != null && !ref.pinned && ref.count == 1
                && t.isContiguous() && t.offset() == 0 && t.numel() == t.storage().size();
    }
}

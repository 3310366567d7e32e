package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Function} keeps between its forward and its backward: saved tensors, which
 * inputs need a gradient, and any other values by name.
 */
public final class Context {
    private final boolean[] needsInputGrad;
    private Saved[] saved = new Saved[0];
    private Map<String, Object> values;
    private boolean released;

    Context(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** Keeps tensors for backward; saved-tensors hooks pack them once the call is recorded. */
    public void saveForBackward(Tensor... tensors) {
        Saved[] kept = new Saved[tensors.length];
        for (int i = 0; i < tensors.length; i++) kept[i] = Saved.of(tensors[i]);
        saved = kept;
    }

    /**
     * The tensors given to {@link #saveForBackward}, in order: plain values without history in
     * a plain backward; with createGraph the tensors themselves (an input keeps its history, as
     * PyTorch's {@code ctx.saved_tensors}), so a backward written in ops is differentiable again.
     */
    public Tensor[] saved() {
        if (released) {
            throw new IllegalStateException("Context.saved(): the saved tensors were freed after the first backward; "
                    + "call backward(gradient, true) to keep them");
        }
        boolean withHistory = Autograd.isGradEnabled();
        Tensor[] out = new Tensor[saved.length];
        for (int i = 0; i < saved.length; i++) {
            Tensor t = saved[i].get();
            out[i] = t == null || withHistory ? t : t.detach();
        }
        return out;
    }

    /** As PyTorch packs a Function's saved tensors: when its node is made, after forward. */
    void keepFor(String node) {
        for (Saved s : saved) s.keepFor(node);
    }

    List<int[]> savedShapes() {
        List<int[]> out = new ArrayList<>();
        for (Saved s : saved) if (s.shape() != null) out.add(s.shape().clone());
        return Collections.unmodifiableList(out);
    }

    /** Whether input {@code i} of the call needs a gradient (backward may return null for the others). */
    public boolean needsInputGrad(int i) {
        return needsInputGrad[i];
    }

    /** Keeps a non-tensor value (a shape, a flag) for backward. */
    public void put(String key, Object value) {
        if (values == null) values = new HashMap<>();
        values.put(key, value);
    }

    /** A value kept with {@link #put}. */
    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return values == null ? null : (T) values.get(key);
    }

    void release() {
        released = true;
        for (Saved s : saved) s.release();
        values = null;
    }
}

package dev.hookbook.autograd;

import dev.hookbook.tensor.Tensor;

import java.util.HashMap;
import java.util.Map;

/**
 * What a {@link Function} keeps between its forward and its backward: saved tensors, which
 * inputs need a gradient, and any other values by name.
 */
public final class Context {
    private final boolean[] needsInputGrad;
    private Tensor[] saved = new Tensor[0];
    private Map<String, Object> values;
    private boolean released;

    Context(boolean[] needsInputGrad) {
        this.needsInputGrad = needsInputGrad;
    }

    /** Keeps tensors for backward (as plain values, without history). */
    public void saveForBackward(Tensor... tensors) {
        Tensor[] plain = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) plain[i] = tensors[i] == null ? null : tensors[i].detach();
        saved = plain;
    }

    /** The tensors given to {@link #saveForBackward}, in order. */
    public Tensor[] saved() {
        if (released) {
            throw new IllegalStateException("Context.saved(): the saved tensors were freed after the first backward; "
                    + "call backward(gradient, true) to keep them");
        }
        return saved.clone();
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
        saved = new Tensor[0];
        values = null;
    }
}

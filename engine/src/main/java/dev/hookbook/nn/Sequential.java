package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;

import java.util.Iterator;

/** Modules run one after another, named "0", "1", ... as in PyTorch. */
public class Sequential extends Module implements Iterable<Module> {
    private int size;

    public Sequential(Module... modules) {
        for (Module m : modules) append(m);
    }

    /** Adds a module at the end, under the next index. */
    public Sequential append(Module m) {
        addModule(Integer.toString(size++), m);
        return this;
    }

    /** The module at {@code index} (negative counts from the end). */
    public Module get(int index) {
        int i = index < 0 ? index + size : index;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("Sequential.get(" + index + "): index out of range for " + size + " modules");
        }
        return get(Integer.toString(i));
    }

    public int size() {
        return size;
    }

    @Override
    public Iterator<Module> iterator() {
        return ownChildren().values().iterator();
    }

    @Override
    protected Tensor forward(Tensor x) {
        for (Module m : ownChildren().values()) x = m.call(x);
        return x;
    }
}

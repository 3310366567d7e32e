package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Storage;

/** A Java float array: the CPU's storage. */
public final class CpuStorage extends Storage {
    final float[] data;

    CpuStorage(float[] data) {
        this.data = data;
    }

    @Override
    public int size() {
        return data.length;
    }
}

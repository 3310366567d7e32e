package dev.hookbook.backend.opencl;

import dev.hookbook.tensor.Storage;
import org.jocl.cl_mem;

/**
 * A device buffer of float32 values. The buffer is released when this object becomes
 * unreachable (see {@link OpenClRuntime#allocate}), so tensors need no explicit close.
 */
public final class OpenClStorage extends Storage {
    final cl_mem mem;
    private final int size;

    OpenClStorage(cl_mem mem, int size) {
        this.mem = mem;
        this.size = size;
    }

    @Override
    public int size() {
        return size;
    }
}

package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;

/**
 * A bounded sample of a tensor's values, read without copying the whole tensor.
 *
 * <p>A tensor of at most {@code max} elements is read whole, so its statistics are exact. A
 * larger one is read through a strided view: every {@code s}-th element, where {@code s} is the
 * smallest odd prime with {@code numel / s <= max}. A prime stride cuts across rows, channels and
 * batch items instead of lining up with them (a stride of 8 on 8x8 images would only ever see
 * one column). Only the sampled elements are copied, so the cost is O(max) whatever the size.
 */
final class TensorSample {
    private TensorSample() {}

    /** At most {@code max} values of {@code t}, evenly spread over its row-major order. */
    static float[] of(Tensor t, int max) {
        long n = t.numel();
        if (n <= max) return t.toFloatArray();
        int stride = stride(n, max);
        int count = (int) ((n - 1) / stride + 1);
        if (t.isContiguous()) {
            // A 1-D view onto the same storage: the backend copies only the elements it names.
            Tensor view = new Tensor(t.storage(), t.device(), new int[]{count}, new int[]{stride}, t.offset());
            return view.toFloatArray();
        }
        // A transposed or sliced view has no cheap flat stride: copy it once, then pick.
        float[] all = t.toFloatArray();
        float[] out = new float[count];
        for (int i = 0; i < count; i++) out[i] = all[i * stride];
        return out;
    }

    /** The stride that samples {@code n} elements down to at most {@code max}: 1, or an odd prime. */
    static int stride(long n, int max) {
        if (n <= max) return 1;
        long s = Math.max(3, (n + max - 1) / max);
        if (s % 2 == 0) s++;
        while (!isPrime(s)) s += 2;
        return Math.toIntExact(s);
    }

    private static boolean isPrime(long s) {
        for (long d = 3; d * d <= s; d += 2) if (s % d == 0) return false;
        return true;
    }
}

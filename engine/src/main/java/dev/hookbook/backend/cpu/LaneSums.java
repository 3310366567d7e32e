package dev.hookbook.backend.cpu;

import jdk.incubator.vector.FloatVector;

/**
 * A float vector's lanes added one after another, lane 0 first, in place of
 * {@code reduceLanes(VectorOperators.ADD)}. The Vector API leaves the order of a floating-point
 * reduction unspecified, and JDK 25's C2 adds the lanes pairwise while its interpreter and C1 (and
 * JDK 17 throughout) add them in lane order: the last bits of a sum then depended on whether the
 * method had been compiled yet, and a training run, which amplifies those bits, on when the JIT
 * got to it. Lane order is what JDK 17 gives everywhere, so the sums (and the notebooks' saved
 * outputs) stay what they were there. Loaded only when {@link VectorSupport#ENABLED}.
 */
final class LaneSums {
    private LaneSums() {}

    /** ((0 + v[0]) + v[1]) + ... + v[n - 1], in float. */
    static float inLaneOrder(FloatVector v) {
        float sum = 0f;
        // C2 unrolls this fixed-length loop, so each lane is read with a constant index.
        for (int i = 0; i < v.length(); i++) sum += v.lane(i);
        return sum;
    }
}

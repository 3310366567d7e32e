package dev.hookbook.kernel.runner;

import dev.hookbook.Hookbook;

/**
 * What decides the order in which the CPU kernels add floats, and so the last bits of every
 * result: the Vector API's lane width (sums are split across lanes) and the number of threads
 * (work is split across cores). A training run amplifies those bits, so the saved outputs of a
 * notebook are only comparable number for number with a run that adds in the same order. The
 * runner notes this in the notebook it writes ({@code "hookbook": {"summation_order": "..."}}).
 */
final class SummationOrder {
    private SummationOrder() {}

    /** For example {@code "512-bit lanes, 2 threads"}, or {@code "scalar, 2 threads"} without the Vector API. */
    static String ofThisJvm() {
        int bits = Hookbook.cpuVectorBits();
        int threads = Runtime.getRuntime().availableProcessors();
        return (bits > 0 ? bits + "-bit lanes" : "scalar") + ", " + threads + " threads";
    }
}

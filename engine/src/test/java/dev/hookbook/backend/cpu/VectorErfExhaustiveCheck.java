package dev.hookbook.backend.cpu;

/**
 * Every float of a range through {@link VectorErf} against {@link Erf}, bit pattern by bit
 * pattern: the check behind the bounds {@link VectorErf} states ({@link VectorErfTest} runs every
 * 211th float). Not a unit test (minutes per function); run by hand after changing a fit:
 *
 * <pre>
 * mvn -q -o -pl engine test-compile
 * java --add-modules jdk.incubator.vector -cp engine/target/classes:engine/target/test-classes \
 *     dev.hookbook.backend.cpu.VectorErfExhaustiveCheck erf|gelu|geluGrad [limit (default 20)]
 * </pre>
 *
 * Prints how many results are how many ulps off (normal results; subnormal ones by their absolute
 * distance) and the arguments that break the stated bound, and exits with 1 if any does.
 */
public final class VectorErfExhaustiveCheck {
    private interface Kernel {
        void run(float[] in, float[] o, int from, int to);
    }

    private interface Scalar {
        float at(float x);
    }

    private VectorErfExhaustiveCheck() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "gelu";
        float limit = args.length > 1 ? Float.parseFloat(args[1]) : 20f;
        Kernel kernel;
        Scalar scalar;
        int ulpBound;
        double absoluteBelow, absolute;
        switch (name) {
            case "erf" -> {
                kernel = VectorErf::erf;
                scalar = Erf::erf;
                ulpBound = 1;
                absoluteBelow = Float.MIN_NORMAL;
                absolute = 2 * Float.MIN_VALUE;
            }
            case "gelu" -> {
                kernel = VectorErf::gelu;
                scalar = Erf::gelu;
                ulpBound = VectorErf.GELU_ULPS;
                absoluteBelow = Float.MIN_NORMAL;
                absolute = 2 * Float.MIN_VALUE;
            }
            case "geluGrad" -> {
                kernel = VectorErf::geluGrad;
                scalar = Erf::geluGrad;
                ulpBound = VectorErf.GELU_GRAD_ULPS;
                absoluteBelow = VectorErf.GELU_GRAD_ABSOLUTE_BELOW;
                absolute = VectorErf.GELU_GRAD_ABSOLUTE;
            }
            default -> throw new IllegalArgumentException("expected erf, gelu or geluGrad, got " + name);
        }
        int n = 1 << 14, top = Float.floatToIntBits(limit);
        float[] in = new float[n], out = new float[n];
        long[] histogram = new long[ulpBound + 2];
        long count = 0, broken = 0;
        double worstAbsolute = 0;
        for (int sign = 0; sign < 2; sign++) {
            int m = 0;
            for (long bits = 0; bits <= top; bits++) {
                in[m++] = Float.intBitsToFloat((int) bits | (sign == 0 ? 0 : Integer.MIN_VALUE));
                if (m < n && bits < top) continue;
                kernel.run(in, out, 0, m);
                for (int i = 0; i < m; i++) {
                    float ref = scalar.at(in[i]);
                    long u = VectorErfTest.ulps(out[i], ref);
                    double off = Math.abs((double) out[i] - ref);
                    if (Math.abs(ref) < absoluteBelow) worstAbsolute = Math.max(worstAbsolute, off);
                    if (Math.abs(ref) >= Float.MIN_NORMAL || ref == 0) histogram[(int) Math.min(u, ulpBound + 1)]++;
                    if (u > ulpBound && !(Math.abs(ref) < absoluteBelow && off <= absolute)) {
                        if (broken++ < 20) System.out.println(name + "(" + in[i] + ") = " + out[i] + ", scalar " + ref + " (" + u + " ulps)");
                    }
                }
                count += m;
                m = 0;
            }
        }
        System.out.println(name + " over every float in [-" + limit + ", " + limit + "]: " + count + " arguments");
        for (int u = 0; u <= ulpBound + 1; u++) {
            System.out.println("  " + (u <= ulpBound ? u + " ulps: " : "more: ") + histogram[u]);
        }
        System.out.println("  worst absolute distance where the result is below " + absoluteBelow + ": " + worstAbsolute);
        System.out.println("  outside the stated bound: " + broken);
        if (broken > 0) System.exit(1);
    }
}

package dev.hookbook.tensor;

/**
 * Prints tensors the way PyTorch does: {@code tensor([[ 0.1234, -1.0000], ...], requires_grad=True)},
 * whole numbers as {@code 1.}, scientific notation for wide ranges, and large tensors
 * summarised with {@code ...} (more than 1000 elements: 3 at each edge).
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String format(Tensor t) {
        float[] values = t.toFloatArray();
        int[] shape = t.shape();
        boolean summarise = values.length > THRESHOLD;
        String body = values.length == 0 && shape.length > 0
                ? "[]"
                : new Writer(values, shape, summarise, formatter(values, shape, summarise)).write();
        StringBuilder sb = new StringBuilder(PREFIX).append(body);
        if (values.length == 0 && shape.length > 0) sb.append(", size=").append(Shape.str(shape).replace('[', '(').replace(']', ')'));
        if (t.device() != Device.CPU) sb.append(", device='").append(t.device()).append('\'');
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    /** Chooses one number format for all shown values, as PyTorch's _Formatter does. */
    private static java.util.function.DoubleFunction<String> formatter(float[] values, int[] shape, boolean summarise) {
        boolean allInts = true;
        double maxAbs = 0, minAbs = Double.MAX_VALUE;
        boolean anyFinite = false;
        for (float v : values) {
            if (!Float.isFinite(v)) continue;
            anyFinite = true;
            if (v != Math.rint(v)) allInts = false;
            double a = Math.abs(v);
            if (a > 0) {
                maxAbs = Math.max(maxAbs, a);
                minAbs = Math.min(minAbs, a);
            }
        }
        if (!anyFinite) return TensorFormat::special;
        if (allInts) {
            boolean sci = maxAbs > 1e8;
            return v -> !Double.isFinite(v) ? special(v) : sci ? String.format(java.util.Locale.ROOT, "%.4e", v) : String.format(java.util.Locale.ROOT, "%.0f.", v);
        }
        boolean sci = maxAbs / Math.max(minAbs, Double.MIN_VALUE) > 1000 || maxAbs > 1e8 || (minAbs < 1e-4 && minAbs != Double.MAX_VALUE);
        return v -> !Double.isFinite(v) ? special(v) : sci ? String.format(java.util.Locale.ROOT, "%.4e", v) : String.format(java.util.Locale.ROOT, "%.4f", v);
    }

    private static String special(double v) {
        return Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    }

    /** Writes nested brackets, right-aligning every number to the widest one. */
    private static final class Writer {
        private final float[] values;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarise;
        private final java.util.function.DoubleFunction<String> fmt;
        private final int width;

        Writer(float[] values, int[] shape, boolean summarise, java.util.function.DoubleFunction<String> fmt) {
            this.values = values;
            this.shape = shape;
            this.strides = Shape.contiguousStrides(shape);
            this.summarise = summarise;
            this.fmt = fmt;
            int w = 0;
            for (float v : values) w = Math.max(w, fmt.apply(v).length());
            this.width = w;
        }

        String write() {
            if (shape.length == 0) return fmt.apply(values[0]);
            StringBuilder sb = new StringBuilder();
            writeDim(sb, 0, 0, PREFIX.length());
            return sb.toString();
        }

        private void writeDim(StringBuilder sb, int d, int base, int indent) {
            sb.append('[');
            int n = shape[d];
            boolean cut = summarise && n > 2 * EDGE_ITEMS;
            if (d == shape.length - 1) {
                int lineStart = sb.length() - indent - 1;
                for (int i = 0; i < n; i++) {
                    if (cut && i == EDGE_ITEMS) {
                        sb.append("...");
                        i = n - EDGE_ITEMS - 1;
                        sb.append(", ");
                        continue;
                    }
                    String s = pad(fmt.apply(values[base + i * strides[d]]));
                    if (i > 0 && sb.length() - lineStart + s.length() + 2 > LINE_WIDTH) {
                        sb.setLength(sb.length() - 1); // drop the space after the comma
                        sb.append('\n').append(" ".repeat(indent + 1));
                        lineStart = sb.length() - indent - 1;
                    }
                    sb.append(s);
                    if (i < n - 1) sb.append(", ");
                }
            } else {
                String newlines = "\n".repeat(shape.length - d - 1);
                for (int i = 0; i < n; i++) {
                    if (cut && i == EDGE_ITEMS) {
                        sb.append("...,").append(newlines).append(" ".repeat(indent + 1));
                        i = n - EDGE_ITEMS - 1;
                        continue;
                    }
                    writeDim(sb, d + 1, base + i * strides[d], indent + 1);
                    if (i < n - 1) sb.append(',').append(newlines).append(" ".repeat(indent + 1));
                }
            }
            sb.append(']');
        }

        private String pad(String s) {
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }
    }
}

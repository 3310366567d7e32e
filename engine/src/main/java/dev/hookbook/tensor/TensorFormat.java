package dev.hookbook.tensor;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints tensors the way PyTorch 1.13 does: {@code tensor([[ 0.1234, -1.0000], ...], requires_grad=True)},
 * whole numbers as {@code 1.}, scientific notation for wide ranges, and large tensors
 * summarised with {@code ...} (more than 1000 elements: 3 at each edge). The steps follow
 * torch/_tensor_str.py: one number format chosen from the values shown, then rows wrapped
 * at a whole number of elements per 80-column line.
 */
final class TensorFormat {
    private static final int THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final int LINE_WIDTH = 80;
    private static final int PRECISION = 4;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {}

    static String format(Tensor t) {
        float[] values = t.toFloatArray();
        int[] shape = t.shape();
        boolean summarise = values.length > THRESHOLD;
        String body;
        if (values.length == 0) {
            body = "[]";
        } else {
            NumberFormat fmt = new NumberFormat(summarise ? shown(values, shape) : values);
            body = new Writer(values, shape, summarise, fmt).write();
        }
        StringBuilder sb = new StringBuilder(PREFIX).append(body);
        if (values.length == 0 && shape.length != 1) {
            sb.append(", size=").append(Shape.str(shape).replace('[', '(').replace(']', ')'));
        }
        if (t.device() != Device.CPU) sb.append(", device='").append(t.device()).append('\'');
        if (t.gradFn() != null) sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        else if (t.requiresGrad()) sb.append(", requires_grad=True");
        return sb.append(')').toString();
    }

    /** The values a summarised print shows (edge items of every dim): PyTorch picks the format from these only. */
    private static float[] shown(float[] values, int[] shape) {
        List<Float> out = new ArrayList<>();
        collect(values, shape, Shape.contiguousStrides(shape), 0, 0, out);
        float[] r = new float[out.size()];
        for (int i = 0; i < r.length; i++) r[i] = out.get(i);
        return r;
    }

    private static void collect(float[] values, int[] shape, int[] strides, int d, int base, List<Float> out) {
        if (d == shape.length) {
            out.add(values[base]);
            return;
        }
        int n = shape[d];
        for (int i = 0; i < n; i++) {
            if (n > 2 * EDGE_ITEMS && i == EDGE_ITEMS) i = n - EDGE_ITEMS;
            collect(values, shape, strides, d + 1, base + i * strides[d], out);
        }
    }

    /** One number format for all values, as PyTorch's _Formatter: integer, fixed or scientific, and a common width. */
    private static final class NumberFormat {
        private boolean intMode = true;
        private boolean sci;
        private int width = 1;

        NumberFormat(float[] values) {
            double min = Double.POSITIVE_INFINITY, max = 0;
            boolean any = false;
            for (float v : values) {
                if (!Float.isFinite(v) || v == 0f) continue;
                any = true;
                min = Math.min(min, Math.abs(v));
                max = Math.max(max, Math.abs(v));
                if (v != Math.ceil(v)) intMode = false;
            }
            if (!any) return;
            sci = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
            for (float v : values) {
                if (!Float.isFinite(v) || v == 0f) continue;
                int w = sci ? scientific(v).length() : intMode ? fixed(v, 0).length() + 1 : fixed(v, PRECISION).length();
                width = Math.max(width, w);
            }
        }

        String format(double v) {
            String s;
            if (!Double.isFinite(v)) s = Double.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
            else if (sci) s = scientific(v);
            else if (intMode) s = fixed(v, 0) + ".";
            else s = fixed(v, PRECISION);
            return s.length() >= width ? s : " ".repeat(width - s.length()) + s;
        }

        // Python rounds the exact binary value half to even ('{:.4f}'.format(0.03125) is 0.0312);
        // BigDecimal does the same, where String.format would round half up.
        private static String fixed(double v, int decimals) {
            String s = new BigDecimal(v).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
            return negative(v) && !s.startsWith("-") ? "-" + s : s;
        }

        private static String scientific(double v) {
            String sign = negative(v) ? "-" : "";
            if (v == 0) return sign + "0." + "0".repeat(PRECISION) + "e+00";
            BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(PRECISION + 1, RoundingMode.HALF_EVEN));
            int exponent = r.precision() - r.scale() - 1;
            String mantissa = r.movePointLeft(exponent).setScale(PRECISION, RoundingMode.UNNECESSARY).toPlainString();
            return sign + mantissa + (exponent < 0 ? "e-" : "e+") + (Math.abs(exponent) < 10 ? "0" : "") + Math.abs(exponent);
        }

        private static boolean negative(double v) {
            return v < 0 || (v == 0 && 1 / v < 0);
        }
    }

    /** Writes nested brackets: a whole number of elements per line, blocks of higher dims separated by blank lines. */
    private static final class Writer {
        private final float[] values;
        private final int[] shape;
        private final int[] strides;
        private final boolean summarise;
        private final NumberFormat fmt;

        Writer(float[] values, int[] shape, boolean summarise, NumberFormat fmt) {
            this.values = values;
            this.shape = shape;
            this.strides = Shape.contiguousStrides(shape);
            this.summarise = summarise;
            this.fmt = fmt;
        }

        String write() {
            if (shape.length == 0) return fmt.format(values[0]);
            StringBuilder sb = new StringBuilder();
            writeDim(sb, 0, 0, PREFIX.length());
            return sb.toString();
        }

        private void writeDim(StringBuilder sb, int d, int base, int indent) {
            int n = shape[d];
            boolean cut = summarise && n > 2 * EDGE_ITEMS;
            sb.append('[');
            if (d == shape.length - 1) {
                int perLine = Math.max(1, (LINE_WIDTH - indent) / (fmt.width + 2));
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (cut && i == EDGE_ITEMS) {
                        items.add(" ...");
                        i = n - EDGE_ITEMS;
                    }
                    items.add(fmt.format(values[base + i * strides[d]]));
                }
                for (int i = 0; i < items.size(); i++) {
                    if (i > 0) sb.append(i % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
                    sb.append(items.get(i));
                }
            } else {
                String separator = "," + "\n".repeat(shape.length - d - 1) + " ".repeat(indent + 1);
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(separator);
                    if (cut && i == EDGE_ITEMS) {
                        sb.append("...").append(separator);
                        i = n - EDGE_ITEMS;
                    }
                    writeDim(sb, d + 1, base + i * strides[d], indent + 1);
                }
            }
            sb.append(']');
        }
    }
}

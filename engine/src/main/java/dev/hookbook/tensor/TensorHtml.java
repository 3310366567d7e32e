package dev.hookbook.tensor;

import java.util.Arrays;
import java.util.Locale;

/**
 * A tensor as an HTML table: one row per vector along the last dimension (a 3-D tensor
 * {@code [2, 3, 4]} gives 6 rows of 4, labelled {@code [0, 0, :]} ...), long rows and columns
 * cut in the middle as PyTorch's printing does.
 */
final class TensorHtml {

    private static final int EDGE = 8; // values shown at each end of a long dimension

    private TensorHtml() {}

    static String of(Tensor tensor) {
        int[] shape = tensor.shape();
        float[] values = tensor.toFloatArray();
        StringBuilder html = new StringBuilder("<table class=\"hookbook-tensor\">");
        html.append("<caption style=\"text-align:left\">Tensor ").append(Arrays.toString(shape)).append("</caption>");
        if (values.length == 0) {
            return html.append("<tr><td>(empty)</td></tr></table>").toString();
        }
        int columns = shape.length == 0 ? 1 : shape[shape.length - 1];
        int rows = values.length / columns;
        for (int row : indices(rows)) {
            html.append("<tr>");
            if (row < 0) {
                html.append(shape.length > 1 ? "<th>&#8942;</th>" : "");
                for (int column : indices(columns)) {
                    html.append("<td>").append(column < 0 ? "" : "&#8942;").append("</td>");
                }
            } else {
                if (shape.length > 1) {
                    html.append("<th>").append(rowLabel(shape, row)).append("</th>");
                }
                for (int column : indices(columns)) {
                    html.append("<td>").append(column < 0 ? "&#8230;" : format(values[row * columns + column])).append("</td>");
                }
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    /** 0..n-1, or the first and last {@link #EDGE} with -1 marking the cut. */
    private static int[] indices(int n) {
        if (n <= 2 * EDGE + 1) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] cut = new int[2 * EDGE + 1];
        for (int i = 0; i < EDGE; i++) {
            cut[i] = i;
            cut[EDGE + 1 + i] = n - EDGE + i;
        }
        cut[EDGE] = -1;
        return cut;
    }

    /** {@code [i, j, :]}: the index of a row along the leading dimensions. */
    private static String rowLabel(int[] shape, int row) {
        int[] index = new int[shape.length - 1];
        for (int d = index.length - 1; d >= 0; d--) {
            index[d] = row % shape[d];
            row /= shape[d];
        }
        StringBuilder label = new StringBuilder("[");
        for (int i : index) {
            label.append(i).append(", ");
        }
        return label.append(":]").toString();
    }

    private static String format(float value) {
        if (Float.isNaN(value) || Float.isInfinite(value)) {
            return Float.toString(value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}

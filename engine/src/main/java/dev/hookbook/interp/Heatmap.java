package dev.hookbook.interp;

import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;
import java.util.Locale;

/**
 * A matrix of numbers to be drawn as a heat map, with a label for each row and column: what
 * activation patching and attribution results offer to show. The engine says what to draw;
 * {@code dev.hookbook.viz.Charts.heatmap} draws it, and a notebook shows a Heatmap left as a
 * cell's value as that picture (the viz registers it), or as this text where the viz is absent.
 *
 * @param values       the matrix [rows, columns], on the CPU
 * @param rowLabels    one label per row
 * @param columnLabels one label per column
 * @param title        the caption
 */
public record Heatmap(Tensor values, List<String> rowLabels, List<String> columnLabels, String title) {

    public Heatmap {
        if (values == null || values.dim() != 2) {
            throw new IllegalArgumentException("Heatmap: expected a matrix [rows, columns], got "
                    + (values == null ? "null" : Shape.str(values.shape())));
        }
        if (rowLabels.size() != values.size(0) || columnLabels.size() != values.size(1)) {
            throw new IllegalArgumentException("Heatmap: expected " + values.size(0) + " row labels and " + values.size(1)
                    + " column labels for values " + Shape.str(values.shape()) + ", got " + rowLabels.size() + " and "
                    + columnLabels.size());
        }
        values = values.detach().to(dev.hookbook.tensor.Device.CPU);
        rowLabels = List.copyOf(rowLabels);
        columnLabels = List.copyOf(columnLabels);
    }

    /** The matrix as a text table, for clients without pictures. */
    @Override
    public String toString() {
        float[] v = values.toFloatArray();
        int rows = values.size(0), cols = values.size(1);
        int labelWidth = rowLabels.stream().mapToInt(String::length).max().orElse(0);
        StringBuilder sb = new StringBuilder(title).append('\n').append(" ".repeat(labelWidth));
        for (String c : columnLabels) sb.append(String.format(Locale.ROOT, " %9s", c.length() > 9 ? c.substring(0, 9) : c));
        for (int r = 0; r < rows; r++) {
            sb.append('\n').append(String.format(Locale.ROOT, "%-" + Math.max(1, labelWidth) + "s", rowLabels.get(r)));
            for (int c = 0; c < cols; c++) sb.append(String.format(Locale.ROOT, " %9.4g", v[r * cols + c]));
        }
        return sb.toString();
    }
}

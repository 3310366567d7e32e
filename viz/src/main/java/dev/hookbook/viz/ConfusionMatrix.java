package dev.hookbook.viz;

import dev.hookbook.viz.chart.ConfusionChart;
import org.jfree.chart.JFreeChart;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix: {@code count(actual, predicted)} samples of class {@code actual} were taken
 * for class {@code predicted}. The diagonal holds the right answers; a large count off it names two
 * classes the model mixes up (on Fashion-MNIST: shirts and T-shirts).
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    /** @param counts {@code counts[actual][predicted]}, square; copied */
    public ConfusionMatrix(long[][] counts) {
        this.counts = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            if (counts[i].length != counts.length) {
                throw new IllegalArgumentException("a confusion matrix is square: row " + i + " has " + counts[i].length
                        + " counts, expected " + counts.length);
            }
            this.counts[i] = counts[i].clone();
        }
    }

    /** The number of classes. */
    public int classes() {
        return counts.length;
    }

    /** The samples of class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** A copy of the counts, {@code [actual][predicted]}. */
    public long[][] counts() {
        long[][] copy = new long[counts.length][];
        for (int i = 0; i < counts.length; i++) {
            copy[i] = counts[i].clone();
        }
        return copy;
    }

    /** All samples counted. */
    public long total() {
        long total = 0;
        for (long[] row : counts) {
            for (long c : row) {
                total += c;
            }
        }
        return total;
    }

    /** The share of samples on the diagonal. */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        long total = total();
        return total == 0 ? Double.NaN : right / (double) total;
    }

    /** The share of class {@code c}'s samples predicted as {@code c} (NaN when it has none). */
    public double recall(int c) {
        long row = 0;
        for (long n : counts[c]) {
            row += n;
        }
        return row == 0 ? Double.NaN : counts[c][c] / (double) row;
    }

    /** The share of the samples predicted as {@code c} that are {@code c} (NaN when none were). */
    public double precision(int c) {
        long column = 0;
        for (long[] row : counts) {
            column += row[c];
        }
        return column == 0 ? Double.NaN : counts[c][c] / (double) column;
    }

    /** A heat map: true classes down, predictions across, each cell with its count. */
    public JFreeChart chart(String... classNames) {
        return chart(List.of(classNames));
    }

    /** A heat map with these class names (such as {@code FashionMnist.CLASSES}); none: the indices. */
    public JFreeChart chart(List<String> classNames) {
        List<String> names = classNames.isEmpty() ? indices() : classNames;
        if (names.size() != counts.length) {
            throw new IllegalArgumentException("chart: " + names.size() + " class names for " + counts.length + " classes");
        }
        return ConfusionChart.of(counts, names, accuracy(), total());
    }

    /** The counts as a table, true classes down, predictions across, with each class's recall. */
    @Override
    public String toString() {
        int width = Math.max(5, Long.toString(maxCount()).length() + 1);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT,
                "ConfusionMatrix(classes=%d, total=%d, accuracy=%.4f)%ntrue\\pred", counts.length, total(), accuracy()));
        for (int p = 0; p < counts.length; p++) {
            table.append(String.format(Locale.ROOT, "%" + width + "d", p));
        }
        table.append("  recall\n");
        for (int a = 0; a < counts.length; a++) {
            table.append(String.format(Locale.ROOT, "%10d", a));
            for (long n : counts[a]) {
                table.append(String.format(Locale.ROOT, "%" + width + "d", n));
            }
            table.append(String.format(Locale.ROOT, "  %.3f%n", recall(a)));
        }
        return table.toString().stripTrailing();
    }

    private long maxCount() {
        long max = 0;
        for (long[] row : counts) {
            for (long n : row) {
                max = Math.max(max, n);
            }
        }
        return max;
    }

    private List<String> indices() {
        List<String> names = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            names.add(Integer.toString(c));
        }
        return names;
    }
}

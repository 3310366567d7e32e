package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYZDataset;

import java.awt.Color;
import java.awt.Font;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix as a heat map: true classes down, predictions across, every cell with its
 * count, coloured by the share of its row, so a class's mistakes stand out however many samples
 * it has.
 */
public final class ConfusionChart {
    private static final Font COUNT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ConfusionChart() {}

    /** The chart of {@code counts[actual][predicted]}, its classes named {@code names}. */
    public static JFreeChart of(long[][] counts, List<String> names, double accuracy, long total) {
        int n = counts.length;
        double[][] xyz = new double[3][n * n];
        XYPlot plot = new XYPlot();
        for (int actual = 0; actual < n; actual++) {
            long row = 0;
            for (long c : counts[actual]) {
                row += c;
            }
            for (int predicted = 0; predicted < n; predicted++) {
                int k = actual * n + predicted;
                double share = row == 0 ? 0 : counts[actual][predicted] / (double) row;
                xyz[0][k] = predicted;
                xyz[1][k] = actual;
                xyz[2][k] = share;
                if (counts[actual][predicted] > 0) {
                    XYTextAnnotation label = new XYTextAnnotation(Long.toString(counts[actual][predicted]), predicted, actual);
                    label.setFont(COUNT);
                    label.setTextAnchor(TextAnchor.CENTER);
                    label.setPaint(share > 0.5 ? Color.WHITE : Color.BLACK);   // readable on dark and light cells
                    plot.addAnnotation(label, false);
                }
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("share of the true class", xyz);
        XYBlockRenderer blocks = new XYBlockRenderer();
        blocks.setPaintScale(ColorRamp.blues(0, 1));
        plot.setDataset(dataset);
        plot.setRenderer(blocks);
        plot.setDomainAxis(classAxis("predicted class", names, true));
        SymbolAxis trueClass = classAxis("true class", names, false);
        trueClass.setInverted(true);                                // the first class at the top, as in a table
        plot.setRangeAxis(trueClass);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setOutlineVisible(false);

        String explanation = String.format(Locale.ROOT,
                "Accuracy %.1f%% of %,d. Row: the true class; column: the prediction; number: samples;"
                        + " colour: share of the row. Off the diagonal: mistakes.", 100 * accuracy, total);
        JFreeChart chart = ChartStyle.chart("Confusion matrix", explanation, plot, false);
        NumberAxis shareAxis = new NumberAxis("share of the true class");
        shareAxis.setRange(0, 1);
        shareAxis.setTickUnit(new NumberTickUnit(0.25));
        shareAxis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        shareAxis.setTickLabelFont(ChartStyle.SMALL);
        shareAxis.setLabelFont(ChartStyle.SMALL);
        PaintScaleLegend legend = new PaintScaleLegend(ColorRamp.blues(0, 1), shareAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setMargin(new RectangleInsets(8, 8, 8, 8));
        legend.setStripWidth(12);
        chart.addSubtitle(legend);
        return chart;
    }

    /** An axis with one tick per class, named; {@code across} turns long names upright so they never overlap. */
    private static SymbolAxis classAxis(String label, List<String> names, boolean across) {
        SymbolAxis axis = new SymbolAxis(label, names.toArray(String[]::new));
        axis.setRange(-0.5, names.size() - 0.5);
        axis.setGridBandsVisible(false);
        axis.setTickLabelFont(ChartStyle.SMALL);
        axis.setVerticalTickLabels(across && names.stream().anyMatch(name -> name.length() > 3));
        return axis;
    }
}

package dev.hookbook.viz.chart;

import dev.hookbook.viz.Histogram;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.xy.DefaultIntervalXYDataset;

import java.awt.Paint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A grid of histograms, one cell per module or parameter, each with its own value axis, and
 * above it a {@link CellCaption}: its name and a note of its key figures, each on one line, so
 * that neither covers the bars nor runs into the next cell. Bars show the share of values in
 * each bin, so cells with different sample sizes compare directly.
 */
public final class HistogramGrid {
    private final JFreeChart chart;
    private final Map<String, Cell> cells = new LinkedHashMap<>();

    private record Cell(XYPlot plot, DefaultIntervalXYDataset dataset, CellCaption caption) {}

    /**
     * @param labels the cells: key (module path or parameter name) to the label under the cell
     * @param noData what an empty cell says
     */
    public HistogramGrid(String title, String explanation, Map<String, String> labels, String noData) {
        GridPlot grid = new GridPlot(0);
        grid.setNoDataMessage(noData);
        grid.setOutlineVisible(false);
        int i = 0;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            Cell cell = cell(e.getValue(), seriesPaint(i++), noData);
            cells.put(e.getKey(), cell);
            grid.add(cell.plot(), cell.caption());
        }
        chart = ChartStyle.chart(title, explanation, grid, false);
    }

    /** The colour of the {@code i}-th cell: the {@code i}-th line's, so cells match the line charts. */
    static Paint seriesPaint(int i) {
        return ChartStyle.seriesPaint(i);
    }

    private static Cell cell(String label, Paint paint, String noData) {
        NumberAxis x = new NumberAxis(); // the caption above the cell names it
        x.setTickLabelFont(ChartStyle.SMALL);
        x.setAutoRangeIncludesZero(false);
        NumberAxis y = ChartStyle.percentAxis("share of values");
        y.setLabelFont(ChartStyle.SMALL);
        y.setTickLabelFont(ChartStyle.SMALL);
        XYBarRenderer bars = new XYBarRenderer(0.05);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, paint);
        DefaultIntervalXYDataset dataset = new DefaultIntervalXYDataset();
        XYPlot plot = new XYPlot(dataset, x, y, bars);
        plot.setNoDataMessage(noData);
        ChartStyle.plotBackground(plot);
        return new Cell(plot, dataset, new CellCaption(label));
    }

    /** Shows {@code histogram} in the cell of {@code key}, with a note above it (one line). */
    public void set(String key, Histogram histogram, String note) {
        Cell cell = cells.get(key);
        if (cell == null) return;
        long total = Math.max(1, histogram.total());
        int n = histogram.bins();
        double[][] data = new double[6][n];
        for (int i = 0; i < n; i++) {
            double start = histogram.binStart(i);
            double share = (double) histogram.counts()[i] / total;
            data[0][i] = start + histogram.binWidth() / 2;
            data[1][i] = start;
            data[2][i] = start + histogram.binWidth();
            data[3][i] = share;
            data[4][i] = 0;
            data[5][i] = share;
        }
        cell.caption().setNote(note);
        cell.dataset().addSeries(key, data); // replaces the series of the same key
    }

    /** The cell of {@code key}, to restyle it. */
    public XYPlot cell(String key) {
        Cell cell = cells.get(key);
        return cell == null ? null : cell.plot();
    }

    /** The caption above the cell of {@code key} (its name and note), or null. */
    public CellCaption caption(String key) {
        Cell cell = cells.get(key);
        return cell == null ? null : cell.caption();
    }

    public JFreeChart chart() {
        return chart;
    }
}

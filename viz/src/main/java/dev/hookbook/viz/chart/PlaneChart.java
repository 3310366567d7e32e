package dev.hookbook.viz.chart;

import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.AbstractXYAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.LegendItemCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Pictures of a function over the plane, as TensorFlow Playground draws them: the value of the
 * network at every point of a square, orange where it says -1, white at 0 and blue at +1, with
 * the data points on top (blue: +1, orange: -1, each ringed in white so it stands out from a
 * field of its own colour). {@link #decisionBoundary} is one large picture with axes;
 * {@link #neuronMaps} the small maps of every hidden neuron, one row per layer.
 */
public final class PlaneChart {
    /** The Playground's orange, for -1 and the negative class. */
    public static final Color ORANGE = new Color(0xF59322);
    /** The Playground's light grey-white, for 0 (the boundary). */
    public static final Color NEUTRAL = new Color(0xE8EAEB);
    /** The Playground's blue, for +1 and the positive class. */
    public static final Color BLUE = new Color(0x0877BD);
    /** How strongly the field is coloured: a little paler than the points, which stay readable on it. */
    private static final double FIELD_STRENGTH = 0.6;

    private PlaneChart() {}

    /** The colour of {@code v} in [-1, 1] (clamped; NaN is neutral): orange, white, blue. */
    public static Color color(double v, double strength) {
        double t = Double.isNaN(v) ? 0 : Math.max(-1, Math.min(1, v)) * strength;
        Color end = t < 0 ? ORANGE : BLUE;
        double f = Math.abs(t);
        return new Color(mix(NEUTRAL.getRed(), end.getRed(), f), mix(NEUTRAL.getGreen(), end.getGreen(), f),
                mix(NEUTRAL.getBlue(), end.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }

    /**
     * {@code values} ({@code side x side}, row {@code r} at height {@code extent - (r + 0.5) * cell},
     * so the first row is the top) as an image, each value divided by {@code scale} first.
     */
    public static BufferedImage field(float[] values, int side, double scale, double strength) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int r = 0; r < side; r++) {
            for (int c = 0; c < side; c++) {
                image.setRGB(c, r, color(values[r * side + c] / scale, strength).getRGB());
            }
        }
        return image;
    }

    /**
     * The decision boundary: the field of the network's output over {@code [-extent, extent]²}
     * with the points ({@code xy} as x0, x1 pairs, {@code labels} positive for the blue class) on top.
     */
    public static JFreeChart decisionBoundary(float[] values, int side, double extent, float[] xy, float[] labels,
                                              String title) {
        XYSeries positive = new XYSeries("+1"), negative = new XYSeries("-1");
        for (int i = 0; i < labels.length; i++) {
            (labels[i] > 0 ? positive : negative).add(xy[2 * i], xy[2 * i + 1]);
        }
        XYSeriesCollection points = new XYSeriesCollection();
        points.addSeries(positive);
        points.addSeries(negative);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-3.5, -3.5, 7, 7);
        renderer.setSeriesShape(0, dot);
        renderer.setSeriesShape(1, dot);
        renderer.setSeriesPaint(0, BLUE);
        renderer.setSeriesPaint(1, ORANGE);
        renderer.setUseOutlinePaint(true);
        renderer.setDrawOutlines(true);
        renderer.setDefaultOutlinePaint(Color.WHITE);
        renderer.setDefaultOutlineStroke(new BasicStroke(1.2f));
        renderer.addAnnotation(new FieldAnnotation(field(values, side, 1, FIELD_STRENGTH), extent), Layer.BACKGROUND);
        NumberAxis x0 = new NumberAxis("x₁"), x1 = new NumberAxis("x₂");
        for (NumberAxis axis : new NumberAxis[]{x0, x1}) {
            axis.setRange(-extent, extent);
            axis.setTickUnit(new org.jfree.chart.axis.NumberTickUnit(extent > 12 ? 5 : extent > 6 ? 2 : 1));
            axis.setTickLabelFont(ChartStyle.SMALL);
            axis.setLabelFont(ChartStyle.SUBTITLE);
        }
        XYPlot plot = new SquarePlot(points, x0, x1, renderer);
        plot.setOrientation(PlotOrientation.VERTICAL);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        plot.setBackgroundPaint(NEUTRAL);
        JFreeChart chart = ChartStyle.chart(title, "the network's output: orange -1, white 0, blue +1; points: the data", plot, true);
        chart.getLegend().setItemFont(ChartStyle.SUBTITLE);
        return chart;
    }

    /**
     * Every hidden neuron's map, one row per hidden layer ({@code layers.get(l).get(n)} is neuron
     * {@code n} of layer {@code l}, {@code side x side} values as in {@link #field}); each map is
     * coloured on its own scale, centred on 0, from its largest absolute value (a ReLU neuron's
     * values are not bounded by 1).
     */
    public static JFreeChart neuronMaps(List<List<float[]>> layers, int side, String title) {
        return ChartStyle.chart(title,
                "each hidden neuron's output over the plane: orange negative, white 0, blue positive (each on its own scale)",
                new NeuronGridPlot(layers, side), false);
    }

    /** An XY plot whose data area is square in any chart shape, so a circle in the data stays round. */
    private static final class SquarePlot extends XYPlot {
        private static final long serialVersionUID = 1L;

        SquarePlot(XYSeriesCollection dataset, ValueAxis x, ValueAxis y, XYLineAndShapeRenderer renderer) {
            super(dataset, x, y, renderer);
        }

        @Override
        public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
            // the data area as XYPlot works it out: less the insets, the axes and the axis offset
            Rectangle2D data = (Rectangle2D) area.clone();
            getInsets().trim(data);
            data = calculateAxisSpace(g2, data).shrink(data, null);
            getAxisOffset().trim(data);
            double width = data.getWidth(), height = data.getHeight();
            Rectangle2D square = area;
            if (width > height + 1) {
                double w = area.getWidth() - (width - height);
                square = new Rectangle2D.Double(area.getX() + (area.getWidth() - w) / 2, area.getY(), w, area.getHeight());
            } else if (height > width + 1) {
                double h = area.getHeight() - (height - width);
                square = new Rectangle2D.Double(area.getX(), area.getY() + (area.getHeight() - h) / 2, area.getWidth(), h);
            }
            super.draw(g2, square, anchor, parentState, info);
        }
    }

    /** The field image stretched over {@code [-extent, extent]²} of the plot, smoothly. */
    private static final class FieldAnnotation extends AbstractXYAnnotation {
        private static final long serialVersionUID = 1L;
        private final transient BufferedImage image;
        private final double extent;

        FieldAnnotation(BufferedImage image, double extent) {
            this.image = image;
            this.extent = extent;
        }

        @Override
        public void draw(Graphics2D g2, XYPlot plot, Rectangle2D dataArea, ValueAxis domainAxis, ValueAxis rangeAxis,
                         int rendererIndex, PlotRenderingInfo info) {
            double left = domainAxis.valueToJava2D(-extent, dataArea, plot.getDomainAxisEdge());
            double right = domainAxis.valueToJava2D(extent, dataArea, plot.getDomainAxisEdge());
            double top = rangeAxis.valueToJava2D(extent, dataArea, plot.getRangeAxisEdge());
            double bottom = rangeAxis.valueToJava2D(-extent, dataArea, plot.getRangeAxisEdge());
            Object before = g2.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g2.drawImage(image, (int) Math.round(left), (int) Math.round(top),
                    (int) Math.round(right - left), (int) Math.round(bottom - top), null);
            if (before != null) g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, before);
        }
    }

    /** Small maps in rows, one row per layer, the layer named on the left. */
    private static final class NeuronGridPlot extends Plot {
        private static final long serialVersionUID = 1L;
        private static final double GAP = 6;
        private static final Color FRAME = new Color(0xB0B0B0);
        private final transient List<BufferedImage[]> rows;

        NeuronGridPlot(List<List<float[]>> layers, int side) {
            rows = layers.stream().map(neurons -> neurons.stream().map(v -> field(v, side, largest(v), 1))
                    .toArray(BufferedImage[]::new)).toList();
        }

        private static double largest(float[] values) {
            double max = 0;
            for (float v : values) max = Math.max(max, Math.abs(v));
            return max == 0 ? 1 : max;
        }

        @Override
        public String getPlotType() {
            return "Neuron maps";
        }

        @Override
        public LegendItemCollection getLegendItems() {
            return new LegendItemCollection();
        }

        @Override
        public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
            if (info != null) info.setPlotArea(area);
            getInsets().trim(area);
            drawBackground(g2, area);
            int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
            if (columns == 0) {
                drawNoDataMessage(g2, area);
                return;
            }
            g2.setFont(ChartStyle.SUBTITLE);
            FontMetrics metrics = g2.getFontMetrics();
            double labelWidth = metrics.stringWidth("layer " + rows.size()) + GAP * 2;
            double cell = Math.min((area.getWidth() - labelWidth - GAP * (columns - 1)) / columns,
                    (area.getHeight() - GAP * (rows.size() - 1)) / rows.size());
            cell = Math.max(cell, 4);
            double height = rows.size() * cell + GAP * (rows.size() - 1);
            double width = labelWidth + columns * cell + GAP * (columns - 1);
            double x0 = area.getX() + (area.getWidth() - width) / 2, y0 = area.getY() + (area.getHeight() - height) / 2;
            g2.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            for (int r = 0; r < rows.size(); r++) {
                double y = y0 + r * (cell + GAP);
                g2.setPaint(Color.DARK_GRAY);
                g2.drawString("layer " + (r + 1), (float) x0, (float) (y + cell / 2 + metrics.getAscent() / 2.0 - 1));
                BufferedImage[] maps = rows.get(r);
                for (int n = 0; n < maps.length; n++) {
                    int x = (int) Math.round(x0 + labelWidth + n * (cell + GAP)), top = (int) Math.round(y);
                    int s = (int) Math.round(cell);
                    g2.drawImage(maps[n], x, top, s, s, null);
                    g2.setPaint(FRAME);
                    g2.drawRect(x - 1, top - 1, s + 1, s + 1);
                }
            }
        }
    }
}

package dev.hookbook.viz.chart;

import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.event.PlotChangeEvent;
import org.jfree.chart.event.PlotChangeListener;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.PlotState;

import java.awt.Graphics2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Plots laid out in a grid, row by row, each with its own axes. JFreeChart's combined plots
 * share one axis; a grid of histograms needs each cell to keep its own range (a ReLU's outputs
 * and a Linear's outputs live on different scales). Restyle a cell through {@link #cells()}.
 */
public class GridPlot extends Plot implements PlotChangeListener {
    private static final long serialVersionUID = 1L;

    private final List<Plot> cells = new ArrayList<>();
    private final List<CellCaption> captions = new ArrayList<>();
    private int columns;
    private double gap = 8;

    /** An empty grid; {@code columns <= 0} picks about as many columns as rows. */
    public GridPlot(int columns) {
        this.columns = columns;
    }

    /** Appends a cell; changes to it redraw the grid. */
    public void add(Plot cell) {
        add(cell, null);
    }

    /** Appends a cell with a caption drawn above it (null for none); changes to the cell redraw the grid. */
    public void add(Plot cell, CellCaption caption) {
        cell.setParent(this);
        cell.addChangeListener(this);
        cells.add(cell);
        captions.add(caption);
        fireChangeEvent();
    }

    /** The caption above the {@code i}-th cell, or null. */
    public CellCaption caption(int i) {
        return captions.get(i);
    }

    /** The cells, in order (row by row). */
    public List<Plot> cells() {
        return Collections.unmodifiableList(cells);
    }

    /** The number of columns in use. */
    public int columns() {
        if (columns > 0) return columns;
        return Math.max(1, (int) Math.ceil(Math.sqrt(cells.size())));
    }

    public void setColumns(int columns) {
        this.columns = columns;
        fireChangeEvent();
    }

    /** Space between cells, in Java2D units. */
    public void setGap(double gap) {
        this.gap = gap;
        fireChangeEvent();
    }

    /** A cell changed: the grid must be redrawn. */
    @Override
    public void plotChanged(PlotChangeEvent event) {
        fireChangeEvent();
    }

    @Override
    public String getPlotType() {
        return "Grid";
    }

    @Override
    public LegendItemCollection getLegendItems() {
        return new LegendItemCollection(); // each cell is labelled by its own axis
    }

    @Override
    public void draw(Graphics2D g2, Rectangle2D area, Point2D anchor, PlotState parentState, PlotRenderingInfo info) {
        if (info != null) {
            info.setPlotArea(area);
        }
        getInsets().trim(area);
        drawBackground(g2, area);
        if (cells.isEmpty()) {
            drawNoDataMessage(g2, area);
            return;
        }
        int cols = columns();
        int rows = (cells.size() + cols - 1) / cols;
        double w = (area.getWidth() - gap * (cols - 1)) / cols;
        double h = (area.getHeight() - gap * (rows - 1)) / rows;
        for (int i = 0; i < cells.size(); i++) {
            Rectangle2D cell = new Rectangle2D.Double(area.getX() + (i % cols) * (w + gap),
                    area.getY() + (i / cols) * (h + gap), w, h);
            PlotRenderingInfo cellInfo = null;
            if (info != null) {
                cellInfo = new PlotRenderingInfo(info.getOwner());
                info.addSubplotInfo(cellInfo);
            }
            CellCaption caption = captions.get(i);
            if (caption != null) {
                double top = CellCaption.height(g2);
                caption.draw(g2, new Rectangle2D.Double(cell.getX(), cell.getY(), cell.getWidth(), top));
                cell = new Rectangle2D.Double(cell.getX(), cell.getY() + top, cell.getWidth(), Math.max(1, cell.getHeight() - top));
            }
            cells.get(i).draw(g2, cell, null, parentState, cellInfo);
        }
        drawOutline(g2, area);
    }
}

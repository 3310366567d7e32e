package dev.hookbook.viz.live;

import dev.hookbook.display.Display;
import dev.hookbook.display.DisplayHandle;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The notebook view: one output per chart, sent only when its picture changed, a few charts a live frame. */
class NotebookViewTest {

    /** Records which output got each image: "show 2" is chart 2's first image, "update 2" a later one. */
    private static final class RecordingDisplay implements Display {
        final List<String> sent = new ArrayList<>();

        @Override
        public DisplayHandle display(Object value) {
            String id = String.valueOf(sent.stream().filter(s -> s.startsWith("show")).count());
            sent.add("show " + id);
            return DisplayHandle.of(id, v -> sent.add("update " + id));
        }
    }

    private final List<XYSeries> series = new ArrayList<>();
    private final Map<String, JFreeChart> charts = new LinkedHashMap<>();

    NotebookViewTest() {
        for (int i = 0; i < 5; i++) {
            XYSeries s = new XYSeries("s" + i);
            s.add(0, 0);
            series.add(s);
            charts.put("chart" + i, ChartFactory.createXYLineChart("chart " + i, "x", "y", new XYSeriesCollection(s)));
        }
    }

    /** A new point on every chart, as a training step brings. */
    private void step(int x) {
        for (XYSeries s : series) s.add(x, x * x);
    }

    @Test
    void everyChartHasItsOwnOutputAndOnlyChangedPicturesAreSent() {
        RecordingDisplay display = new RecordingDisplay();
        NotebookView view = new NotebookView(display);
        view.showAll(charts);
        assertEquals(List.of("show 0", "show 1", "show 2", "show 3", "show 4"), display.sent);

        display.sent.clear();
        view.showAll(charts);
        assertEquals(List.of(), display.sent, "nothing changed, nothing sent");

        series.get(3).add(5, 7);
        view.showAll(charts);
        assertEquals(List.of("update 3"), display.sent, "only the chart that changed");
    }

    @Test
    void aLiveFrameRedrawsTheChartsWaitingLongestAFewAtATime() {
        RecordingDisplay display = new RecordingDisplay();
        NotebookView view = new NotebookView(display);
        view.showAll(charts);
        display.sent.clear();
        assertEquals(2, NotebookView.CHARTS_PER_FRAME);

        step(1);
        view.show(charts);
        assertEquals(List.of("update 0", "update 1"), display.sent);
        display.sent.clear();
        step(2);
        view.show(charts);
        assertEquals(List.of("update 2", "update 3"), display.sent);
        display.sent.clear();
        step(3);
        view.show(charts);
        assertEquals(List.of("update 0", "update 4"), display.sent, "4 waited longest, then 0 (chart order), sent in chart order");
    }

    @Test
    void chartsThatNeverAppearedComeFirst() {
        RecordingDisplay display = new RecordingDisplay();
        NotebookView view = new NotebookView(display);
        view.show(charts); // a live frame before any full one
        assertEquals(List.of("show 0", "show 1"), display.sent);
        view.show(charts);
        view.show(charts);
        assertEquals(List.of("show 0", "show 1", "show 2", "show 3", "show 4"), display.sent,
                "those not shown yet, and none of the others: they have not changed");
    }
}

package dev.hookbook.viz.live;

import dev.hookbook.viz.Charts;
import org.jfree.chart.ChartFactory;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.file.Path;

/** Run by {@link ScreenTest} in a JVM of its own: which live view it gets, and whether a chart draws. */
public final class HeadlessFallbackCheck {
    public static void main(String[] args) throws Exception {
        LiveView view = LiveViews.forEnvironment("check", Path.of(args[0]));
        XYSeries series = new XYSeries("loss");
        series.add(0, 1.0);
        series.add(1, 0.5);
        Charts.savePng(ChartFactory.createXYLineChart("Loss", "step", "loss", new XYSeriesCollection(series)),
                Path.of(args[0], "chart.png"), 320, 200);
        System.out.println(view.getClass().getSimpleName() + ", drew");
    }
}

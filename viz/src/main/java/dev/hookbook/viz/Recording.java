package dev.hookbook.viz;

import dev.hookbook.viz.chart.StepLineChart;

import java.util.List;
import java.util.Map;

/**
 * Everything a {@link Monitor} has recorded so far, frozen at one moment: what its charts are
 * drawn from. Histograms use the samples of the latest step that had them.
 *
 * @param name               the monitor's name, shown in chart titles ("" for none)
 * @param modules            the watched modules: path to type name ({@code "0" -> "Linear"}), in model order
 * @param parameters         the watched parameters' names, in model order
 * @param steps              one entry per completed step
 * @param activationSamples  per module: sampled output values of the latest step
 * @param weightSamples      per parameter: sampled values at the end of the latest step
 * @param featureMaps        per convolution: its output for the first image of the latest batch
 * @param bins               how many bins the histograms use
 * @param parameterShapes    per parameter: its shape (the charts keep weight matrices when they cannot show all)
 * @param marks              the epochs and learning-rate changes marked so far, by step
 * @param smoothing          the weight of the moving average the line charts draw (see {@link Monitor#smoothing(double)})
 */
public record Recording(String name, Map<String, String> modules, List<String> parameters, List<StepStats> steps,
                        Map<String, float[]> activationSamples, Map<String, float[]> weightSamples,
                        Map<String, FeatureMaps> featureMaps, int bins, Map<String, int[]> parameterShapes,
                        List<StepMark> marks, double smoothing) {

    /** A recording without parameter shapes or marks, smoothed as by default. */
    public Recording(String name, Map<String, String> modules, List<String> parameters, List<StepStats> steps,
                     Map<String, float[]> activationSamples, Map<String, float[]> weightSamples,
                     Map<String, FeatureMaps> featureMaps, int bins) {
        this(name, modules, parameters, steps, activationSamples, weightSamples, featureMaps, bins, Map.of(), List.of(),
                StepLineChart.DEFAULT_SMOOTHING);
    }

    /** The latest completed step, or null before the first one. */
    public StepStats lastStep() {
        return steps.isEmpty() ? null : steps.get(steps.size() - 1);
    }
}

package dev.hookbook.viz;

import java.util.Map;

/**
 * What a {@link Monitor} recorded in one training step. Maps are keyed by module path
 * ({@code "features.0"}) or parameter name ({@code "features.0.weight"}), in model order.
 *
 * @param step               the step number, from 1
 * @param loss               the loss logged with {@link Monitor#logLoss}, NaN if none was
 * @param activations        per module: statistics of its output
 * @param outputGradNorms    per module: the L2 norm of the gradient of the loss with respect to its output
 * @param parameterGradNorms per parameter: the L2 norm of its gradient
 * @param updateRatios       per parameter: {@code |w_after - w_before| / |w_before|} over the step,
 *                           the size of the optimizer's update relative to the weight (NaN when the
 *                           weight was all zeros before, as a fresh bias can be)
 */
public record StepStats(int step, double loss, Map<String, ActivationStats> activations,
                        Map<String, Double> outputGradNorms, Map<String, Double> parameterGradNorms,
                        Map<String, Double> updateRatios) {
}

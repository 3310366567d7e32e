package dev.hookbook.viz;

/**
 * What one module's outputs looked like during one training step.
 *
 * <p>Computed over the values {@link TensorSample sampled} from the outputs: all of them for an
 * output of at most {@code sampleSize} elements (then the figures are exact), an evenly spread
 * sample otherwise. With several forward calls in one step the figures cover all of them.
 *
 * @param numel             how many output elements the module produced in the step
 * @param sampled           how many of them the figures are computed from
 * @param mean              the mean value
 * @param std               the standard deviation, with Bessel's correction as PyTorch's {@code std()}
 * @param min               the smallest value
 * @param max               the largest value
 * @param zeroFraction      the share of values exactly 0 (after a ReLU: units that are "dead" for that input)
 * @param saturatedFraction the share of values where a Tanh or Sigmoid is saturated (its slope below
 *                          6% of its peak: {@code |y| > 0.97} for Tanh, {@code y < 0.015} or
 *                          {@code y > 0.985} for Sigmoid); NaN for other modules
 */
public record ActivationStats(long numel, long sampled, double mean, double std, double min, double max,
                              double zeroFraction, double saturatedFraction) {
}

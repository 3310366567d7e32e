package dev.hookbook.viz;

/**
 * A moment of training to mark on the step axis of the monitor's line charts: an epoch begins,
 * the learning rate changes ({@link Monitor#epoch(int)}, {@link Monitor#learningRate(double)}).
 *
 * @param step  the first step it applies to
 * @param label what the chart writes beside the line ({@code "epoch 2, lr 3.0e-04"})
 */
public record StepMark(int step, String label) {
}

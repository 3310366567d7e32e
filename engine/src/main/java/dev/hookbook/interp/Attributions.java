package dev.hookbook.interp;

import dev.hookbook.tensor.Tensor;

/**
 * What {@link Attribution#integratedGradients} returns: Captum's {@code (attributions, delta)}
 * pair of {@code IntegratedGradients.attribute(..., return_convergence_delta=True)}.
 *
 * @param values           the attribution of each input element, shaped like the input
 * @param convergenceDelta per sample {@code [N]}: {@code sum(values) - (F(x) - F(baseline))},
 *                         the completeness gap of the integral's approximation (0 for the exact
 *                         integral), as Captum's {@code compute_convergence_delta}
 */
public record Attributions(Tensor values, Tensor convergenceDelta) {
}

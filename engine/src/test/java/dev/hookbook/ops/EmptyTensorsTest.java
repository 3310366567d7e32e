package dev.hookbook.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.nn.F;
import dev.hookbook.nn.Linear;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Tensors with no elements behave as in PyTorch 1.13 (each expectation below is what
 * {@code /usr/bin/python3} with torch 1.13 prints): the mean of nothing is NaN, so is a mean
 * loss over zero rows, and a layer may have zero inputs or outputs.
 */
class EmptyTensorsTest {

    @Test
    void crossEntropyOfZeroRowsIsNaN() {
        // F.cross_entropy(torch.zeros(0, 3, requires_grad=True), torch.zeros(0, dtype=torch.long)) -> nan; grad of shape [0, 3]
        Tensor logits = Tensor.zeros(0, 3).requiresGrad(true);
        Tensor loss = F.crossEntropy(logits, Tensor.zeros(0));
        assertTrue(Float.isNaN(loss.item()), "loss " + loss.item());
        loss.backward();
        assertArrayEquals(new int[]{0, 3}, logits.grad().shape());
    }

    @Test
    void nllLossOfZeroRowsIsNaN() {
        // F.nll_loss(torch.zeros(0, 3), torch.zeros(0, dtype=torch.long)) -> nan
        assertTrue(Float.isNaN(F.nllLoss(Tensor.zeros(0, 3), Tensor.zeros(0)).item()));
    }

    @Test
    void meanOfAnEmptyTensorIsNaN() {
        // torch.zeros(0, 5).mean() -> nan; .mean(0) -> five nans; torch.zeros(0).mean() -> nan
        Tensor x = Tensor.zeros(0, 5).requiresGrad(true);
        Tensor m = x.mean();
        assertTrue(Float.isNaN(m.item()), "mean " + m.item());
        m.backward();
        assertArrayEquals(new int[]{0, 5}, x.grad().shape());
        assertTrue(Float.isNaN(Tensor.zeros(0).mean().item()));
        float[] along = Tensor.zeros(0, 5).mean(0, false).toFloatArray();
        assertEquals(5, along.length);
        for (float v : along) assertTrue(Float.isNaN(v));
    }

    @Test
    void linearWithNoInputsGivesItsBias() {
        // torch.nn.Linear(0, 3): weight [3, 0], bias zeros (bound 0 for fan_in 0); on zeros(2, 0) -> zeros [2, 3]
        Linear layer = new Linear(0, 3);
        assertArrayEquals(new int[]{3, 0}, layer.weight.shape());
        assertArrayEquals(new float[]{0, 0, 0}, layer.bias.toFloatArray());
        Tensor x = Tensor.zeros(2, 0);
        Tensor y = layer.call(x);
        assertArrayEquals(new int[]{2, 3}, y.shape());
        assertArrayEquals(new float[6], y.toFloatArray());
        y.sum().backward();
        assertArrayEquals(new float[]{2, 2, 2}, layer.bias.grad().toFloatArray());
        assertArrayEquals(new int[]{3, 0}, layer.weight.grad().shape());
    }

    @Test
    void linearWithNoOutputsGivesAnEmptyResult() {
        // torch.nn.Linear(3, 0)(torch.ones(2, 3)) -> tensor([], size=(2, 0)); backward gives x a zero gradient
        Tensor x = Tensor.ones(2, 3).requiresGrad(true);
        Tensor y = new Linear(3, 0).call(x);
        assertArrayEquals(new int[]{2, 0}, y.shape());
        y.sum().backward();
        assertArrayEquals(new float[6], x.grad().toFloatArray());
    }
}

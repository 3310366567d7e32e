package dev.hookbook.tensor;

import static dev.hookbook.tensor.TensorAsserts.range;
import static dev.hookbook.tensor.TensorAsserts.values;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * toString prints as PyTorch 1.13's repr. Each expected string was printed by PyTorch 1.13 for
 * the same values (grad_fn names without PyTorch's trailing overload number).
 */
class ToStringTest {

    private static Tensor t(float[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void wholeNumbersPrintWithATrailingDot() {
        assertEquals("tensor([1., 2., 3.])", t(values(1, 2, 3), 3).toString());
        assertEquals("tensor([[0., 0., 0.],\n        [0., 0., 0.]])", Tensor.zeros(2, 3).toString());
        assertEquals("tensor(2.)", Tensor.scalar(2).toString());
        assertEquals("tensor(123456.)", Tensor.scalar(123456).toString());
    }

    @Test
    void negativeNumbersAreRightAligned() {
        assertEquals("tensor([[  -1.,   20.],\n"
                + "        [   3., -400.]])", t(values(-1, 20, 3, -400), 2, 2).toString());
        assertEquals("tensor([[ 0.1234, -1.0000],\n"
                + "        [ 2.5000,  3.0000]])", t(values(0.1234f, -1, 2.5f, 3), 2, 2).toString());
        assertEquals("tensor([-0.5000,  0.2500])", t(values(-0.5f, 0.25f), 2).toString());
    }

    @Test
    void fourDecimals() {
        assertEquals("tensor(3.5000)", Tensor.scalar(3.5f).toString());
        assertEquals("tensor(-0.1250)", Tensor.scalar(-0.125f).toString());
        assertEquals("tensor([0.5000])", t(values(0.5f), 1).toString());
        // the exact binary value rounds half to even, as Python's format does
        assertEquals("tensor([0.0312, 1.0000])", t(values(0.03125f, 1), 2).toString());
        assertEquals("tensor([2.0001e+00, 1.0000e-05])", t(values(2.00005f, 1e-5f), 2).toString());
        assertEquals("tensor([2.5000e+00, 3.5000e+00, 1.2346e+04])", t(values(2.5f, 3.5f, 12345.5f), 3).toString());
    }

    @Test
    void scientificNotationForWideRanges() {
        assertEquals("tensor([ 1.0000e-05,  1.0000e+00, -3.0000e+00])", t(values(1e-5f, 1, -3), 3).toString());
        assertEquals("tensor([1.0000e+09, 1.0000e+00])", t(values(1e9f, 1), 2).toString());
        assertEquals("tensor([ 1.0000e-08, -2.0000e-09])", t(values(1e-8f, -2e-9f), 2).toString());
    }

    @Test
    void wholeNumbersWithAWideRangeUseScientificNotation() {
        assertEquals("tensor([1.0000e+00, 2.0000e+03])", t(values(1, 2000), 2).toString());
        assertEquals("tensor([[ 0.0000e+00, -1.5000e+03],\n"
                + "        [ 3.0000e+00,  1.0000e+00]])", t(values(0, -1500, 3, 1), 2, 2).toString());
    }

    @Test
    void nanAndInfinity() {
        assertEquals("tensor([   nan, 1.5000,    inf,   -inf])",
                t(values(Float.NaN, 1.5f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY), 4).toString());
        assertEquals("tensor([nan, 1., 2.])", t(values(Float.NaN, 1, 2), 3).toString());
        assertEquals("tensor([inf, -inf])", t(values(Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY), 2).toString());
        assertEquals("tensor([nan])", t(values(Float.NaN), 1).toString());
        assertEquals("tensor([0., nan])", t(values(0, Float.NaN), 2).toString());
    }

    @Test
    void higherRanksSeparateBlocksWithBlankLines() {
        assertEquals("tensor([[[0.0000, 0.2500, 0.5000],\n"
                + "         [0.7500, 1.0000, 1.2500]],\n"
                + "\n"
                + "        [[1.5000, 1.7500, 2.0000],\n"
                + "         [2.2500, 2.5000, 2.7500]]])", t(range(12, 0.25f, 0), 2, 2, 3).toString());
        assertEquals("tensor([[[-3., -2.],\n"
                + "         [-1.,  0.]],\n"
                + "\n"
                + "        [[ 1.,  2.],\n"
                + "         [ 3.,  4.]]])", t(range(8, 1, -3), 2, 2, 2).toString());
        assertEquals("tensor([[[[ 0.,  1.],\n"
                + "          [ 2.,  3.]],\n"
                + "\n"
                + "         [[ 4.,  5.],\n"
                + "          [ 6.,  7.]]],\n"
                + "\n"
                + "\n"
                + "        [[[ 8.,  9.],\n"
                + "          [10., 11.]],\n"
                + "\n"
                + "         [[12., 13.],\n"
                + "          [14., 15.]]]])", t(range(16, 1, 0), 2, 2, 2, 2).toString());
    }

    @Test
    void longRowsWrapAtEightyColumns() {
        assertEquals("tensor([ 0.0000,  0.5000,  1.0000,  1.5000,  2.0000,  2.5000,  3.0000,  3.5000,\n"
                + "         4.0000,  4.5000,  5.0000,  5.5000,  6.0000,  6.5000,  7.0000,  7.5000,\n"
                + "         8.0000,  8.5000,  9.0000,  9.5000, 10.0000, 10.5000, 11.0000, 11.5000,\n"
                + "        12.0000, 12.5000, 13.0000, 13.5000, 14.0000, 14.5000])", t(range(30, 0.5f, 0), 30).toString());
        float[] w = new float[24];
        for (int i = 0; i < 24; i++) {
            w[i] = (i - 11.5f) * 0.7f;
        }
        assertEquals("tensor([[-8.0500, -7.3500, -6.6500, -5.9500, -5.2500, -4.5500, -3.8500, -3.1500,\n"
                + "         -2.4500, -1.7500, -1.0500, -0.3500],\n"
                + "        [ 0.3500,  1.0500,  1.7500,  2.4500,  3.1500,  3.8500,  4.5500,  5.2500,\n"
                + "          5.9500,  6.6500,  7.3500,  8.0500]])", t(w, 2, 12).toString());
    }

    @Test
    void wideNumbersFitFewerPerLine() {
        String expected = "tensor([[  0.0000,   1.5000,   3.0000,   4.5000,   6.0000,   7.5000,   9.0000,\n"
                + "          10.5000,  12.0000,  13.5000,  15.0000,  16.5000,  18.0000,  19.5000,\n"
                + "          21.0000,  22.5000,  24.0000,  25.5000,  27.0000,  28.5000,  30.0000,\n"
                + "          31.5000,  33.0000,  34.5000,  36.0000,  37.5000,  39.0000,  40.5000,\n"
                + "          42.0000,  43.5000,  45.0000,  46.5000,  48.0000,  49.5000,  51.0000,\n"
                + "          52.5000,  54.0000,  55.5000,  57.0000,  58.5000,  60.0000,  61.5000,\n"
                + "          63.0000,  64.5000,  66.0000,  67.5000,  69.0000,  70.5000,  72.0000,\n"
                + "          73.5000,  75.0000,  76.5000,  78.0000,  79.5000,  81.0000,  82.5000,\n"
                + "          84.0000,  85.5000,  87.0000,  88.5000,  90.0000,  91.5000,  93.0000,\n"
                + "          94.5000,  96.0000,  97.5000,  99.0000, 100.5000, 102.0000, 103.5000,\n"
                + "         105.0000, 106.5000, 108.0000, 109.5000, 111.0000, 112.5000, 114.0000,\n"
                + "         115.5000, 117.0000, 118.5000, 120.0000, 121.5000, 123.0000, 124.5000,\n"
                + "         126.0000, 127.5000, 129.0000, 130.5000, 132.0000, 133.5000, 135.0000,\n"
                + "         136.5000, 138.0000, 139.5000, 141.0000, 142.5000, 144.0000, 145.5000,\n"
                + "         147.0000, 148.5000]])";
        assertEquals(expected, t(range(100, 1.5f, 0), 1, 100).toString());
    }

    @Test
    void moreThanAThousandElementsAreSummarised() {
        assertEquals("tensor([0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 1.9970e+03, 1.9980e+03,\n"
                + "        1.9990e+03])", Tensor.arange(2000).toString());
        assertEquals("tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 2.7000e+01, 2.8000e+01,\n"
                + "         2.9000e+01],\n"
                + "        [3.0000e+01, 3.1000e+01, 3.2000e+01,  ..., 5.7000e+01, 5.8000e+01,\n"
                + "         5.9000e+01],\n"
                + "        [6.0000e+01, 6.1000e+01, 6.2000e+01,  ..., 8.7000e+01, 8.8000e+01,\n"
                + "         8.9000e+01],\n"
                + "        ...,\n"
                + "        [1.1100e+03, 1.1110e+03, 1.1120e+03,  ..., 1.1370e+03, 1.1380e+03,\n"
                + "         1.1390e+03],\n"
                + "        [1.1400e+03, 1.1410e+03, 1.1420e+03,  ..., 1.1670e+03, 1.1680e+03,\n"
                + "         1.1690e+03],\n"
                + "        [1.1700e+03, 1.1710e+03, 1.1720e+03,  ..., 1.1970e+03, 1.1980e+03,\n"
                + "         1.1990e+03]])", Tensor.arange(1200).reshape(40, 30).toString());
        assertEquals("tensor([[0.0000e+00, 2.5000e-01],\n"
                + "        [5.0000e-01, 7.5000e-01],\n"
                + "        [1.0000e+00, 1.2500e+00],\n"
                + "        ...,\n"
                + "        [2.5100e+02, 2.5125e+02],\n"
                + "        [2.5150e+02, 2.5175e+02],\n"
                + "        [2.5200e+02, 2.5225e+02]])", t(range(1010, 0.25f, 0), 505, 2).toString());
        assertEquals("tensor([[0.0000e+00, 2.5000e-01, 5.0000e-01,  ..., 1.2550e+02, 1.2575e+02,\n"
                + "         1.2600e+02],\n"
                + "        [1.2625e+02, 1.2650e+02, 1.2675e+02,  ..., 2.5175e+02, 2.5200e+02,\n"
                + "         2.5225e+02]])", t(range(1010, 0.25f, 0), 2, 505).toString());
    }

    @Test
    void summarisedTensorsAreFormattedFromTheShownValuesOnly() {
        float[] ones = new float[2000];
        java.util.Arrays.fill(ones, 1);
        ones[1000] = -123.5f;
        assertEquals("tensor([1., 1., 1.,  ..., 1., 1., 1.])", t(ones, 2000).toString());
        float[] m = new float[1100];
        for (int i = 0; i < m.length; i++) {
            m[i] = i % 7 - 3;
        }
        m[500] = 0.0001f;
        assertEquals("tensor([-3., -2., -1.,  ...,  2.,  3., -3.])", t(m, 1100).toString());
    }

    @Test
    void summarisedThreeDimensions() {
        String expected = "tensor([[[0.0000e+00, 2.5000e-01, 5.0000e-01,  ..., 2.2500e+00,\n"
                + "          2.5000e+00, 2.7500e+00],\n"
                + "         [3.0000e+00, 3.2500e+00, 3.5000e+00,  ..., 5.2500e+00,\n"
                + "          5.5000e+00, 5.7500e+00],\n"
                + "         [6.0000e+00, 6.2500e+00, 6.5000e+00,  ..., 8.2500e+00,\n"
                + "          8.5000e+00, 8.7500e+00],\n"
                + "         ...,\n"
                + "         [2.7000e+01, 2.7250e+01, 2.7500e+01,  ..., 2.9250e+01,\n"
                + "          2.9500e+01, 2.9750e+01],\n"
                + "         [3.0000e+01, 3.0250e+01, 3.0500e+01,  ..., 3.2250e+01,\n"
                + "          3.2500e+01, 3.2750e+01],\n"
                + "         [3.3000e+01, 3.3250e+01, 3.3500e+01,  ..., 3.5250e+01,\n"
                + "          3.5500e+01, 3.5750e+01]],\n"
                + "\n"
                + "        [[3.6000e+01, 3.6250e+01, 3.6500e+01,  ..., 3.8250e+01,\n"
                + "          3.8500e+01, 3.8750e+01],\n"
                + "         [3.9000e+01, 3.9250e+01, 3.9500e+01,  ..., 4.1250e+01,\n"
                + "          4.1500e+01, 4.1750e+01],\n"
                + "         [4.2000e+01, 4.2250e+01, 4.2500e+01,  ..., 4.4250e+01,\n"
                + "          4.4500e+01, 4.4750e+01],\n"
                + "         ...,\n"
                + "         [6.3000e+01, 6.3250e+01, 6.3500e+01,  ..., 6.5250e+01,\n"
                + "          6.5500e+01, 6.5750e+01],\n"
                + "         [6.6000e+01, 6.6250e+01, 6.6500e+01,  ..., 6.8250e+01,\n"
                + "          6.8500e+01, 6.8750e+01],\n"
                + "         [6.9000e+01, 6.9250e+01, 6.9500e+01,  ..., 7.1250e+01,\n"
                + "          7.1500e+01, 7.1750e+01]],\n"
                + "\n"
                + "        [[7.2000e+01, 7.2250e+01, 7.2500e+01,  ..., 7.4250e+01,\n"
                + "          7.4500e+01, 7.4750e+01],\n"
                + "         [7.5000e+01, 7.5250e+01, 7.5500e+01,  ..., 7.7250e+01,\n"
                + "          7.7500e+01, 7.7750e+01],\n"
                + "         [7.8000e+01, 7.8250e+01, 7.8500e+01,  ..., 8.0250e+01,\n"
                + "          8.0500e+01, 8.0750e+01],\n"
                + "         ...,\n"
                + "         [9.9000e+01, 9.9250e+01, 9.9500e+01,  ..., 1.0125e+02,\n"
                + "          1.0150e+02, 1.0175e+02],\n"
                + "         [1.0200e+02, 1.0225e+02, 1.0250e+02,  ..., 1.0425e+02,\n"
                + "          1.0450e+02, 1.0475e+02],\n"
                + "         [1.0500e+02, 1.0525e+02, 1.0550e+02,  ..., 1.0725e+02,\n"
                + "          1.0750e+02, 1.0775e+02]],\n"
                + "\n"
                + "        ...,\n"
                + "\n"
                + "        [[1.4400e+02, 1.4425e+02, 1.4450e+02,  ..., 1.4625e+02,\n"
                + "          1.4650e+02, 1.4675e+02],\n"
                + "         [1.4700e+02, 1.4725e+02, 1.4750e+02,  ..., 1.4925e+02,\n"
                + "          1.4950e+02, 1.4975e+02],\n"
                + "         [1.5000e+02, 1.5025e+02, 1.5050e+02,  ..., 1.5225e+02,\n"
                + "          1.5250e+02, 1.5275e+02],\n"
                + "         ...,\n"
                + "         [1.7100e+02, 1.7125e+02, 1.7150e+02,  ..., 1.7325e+02,\n"
                + "          1.7350e+02, 1.7375e+02],\n"
                + "         [1.7400e+02, 1.7425e+02, 1.7450e+02,  ..., 1.7625e+02,\n"
                + "          1.7650e+02, 1.7675e+02],\n"
                + "         [1.7700e+02, 1.7725e+02, 1.7750e+02,  ..., 1.7925e+02,\n"
                + "          1.7950e+02, 1.7975e+02]],\n"
                + "\n"
                + "        [[1.8000e+02, 1.8025e+02, 1.8050e+02,  ..., 1.8225e+02,\n"
                + "          1.8250e+02, 1.8275e+02],\n"
                + "         [1.8300e+02, 1.8325e+02, 1.8350e+02,  ..., 1.8525e+02,\n"
                + "          1.8550e+02, 1.8575e+02],\n"
                + "         [1.8600e+02, 1.8625e+02, 1.8650e+02,  ..., 1.8825e+02,\n"
                + "          1.8850e+02, 1.8875e+02],\n"
                + "         ...,\n"
                + "         [2.0700e+02, 2.0725e+02, 2.0750e+02,  ..., 2.0925e+02,\n"
                + "          2.0950e+02, 2.0975e+02],\n"
                + "         [2.1000e+02, 2.1025e+02, 2.1050e+02,  ..., 2.1225e+02,\n"
                + "          2.1250e+02, 2.1275e+02],\n"
                + "         [2.1300e+02, 2.1325e+02, 2.1350e+02,  ..., 2.1525e+02,\n"
                + "          2.1550e+02, 2.1575e+02]],\n"
                + "\n"
                + "        [[2.1600e+02, 2.1625e+02, 2.1650e+02,  ..., 2.1825e+02,\n"
                + "          2.1850e+02, 2.1875e+02],\n"
                + "         [2.1900e+02, 2.1925e+02, 2.1950e+02,  ..., 2.2125e+02,\n"
                + "          2.2150e+02, 2.2175e+02],\n"
                + "         [2.2200e+02, 2.2225e+02, 2.2250e+02,  ..., 2.2425e+02,\n"
                + "          2.2450e+02, 2.2475e+02],\n"
                + "         ...,\n"
                + "         [2.4300e+02, 2.4325e+02, 2.4350e+02,  ..., 2.4525e+02,\n"
                + "          2.4550e+02, 2.4575e+02],\n"
                + "         [2.4600e+02, 2.4625e+02, 2.4650e+02,  ..., 2.4825e+02,\n"
                + "          2.4850e+02, 2.4875e+02],\n"
                + "         [2.4900e+02, 2.4925e+02, 2.4950e+02,  ..., 2.5125e+02,\n"
                + "          2.5150e+02, 2.5175e+02]]])";
        assertEquals(expected, t(range(1008, 0.25f, 0), 7, 12, 12).toString());
    }

    @Test
    void negativeZeroKeepsItsSign() {
        assertEquals("tensor([-0.0000, 1.5000])", t(values(-0f, 1.5f), 2).toString());
        assertEquals("tensor([-0., 1.])", t(values(-0f, 1), 2).toString());
        assertEquals("tensor(-0.)", Tensor.scalar(-0f).toString());
    }

    @Test
    void emptyTensorShowsItsSizeUnlessOneDim() {
        assertEquals("tensor([], size=(0, 3))", Tensor.zeros(0, 3).toString());
        assertEquals("tensor([], size=(2, 0))", Tensor.zeros(2, 0).toString());
        assertEquals("tensor([])", Tensor.zeros(0).toString());
    }

    @Test
    void requiresGradAndGradFnSuffixes() {
        assertEquals("tensor([ 1.5000, -2.2500], requires_grad=True)",
                t(values(1.5f, -2.25f), 2).requiresGrad(true).toString());
        assertEquals("tensor([[1., 2.],\n        [3., 4.]], requires_grad=True)",
                t(values(1, 2, 3, 4), 2, 2).requiresGrad(true).toString());
        assertEquals("tensor(2., requires_grad=True)", Tensor.scalar(2).requiresGrad(true).toString());
        Tensor x = t(values(1.5f, -2.25f), 2).requiresGrad(true);
        assertEquals("tensor([ 3.0000, -4.5000], grad_fn=<MulBackward>)", x.mul(2f).toString());
        assertEquals("tensor([ 2.5000, -1.2500], grad_fn=<AddBackward>)", x.add(1f).toString());
        assertEquals("tensor(-0.7500, grad_fn=<SumBackward>)", x.sum().toString());
        Tensor m = t(values(1, 2, 3, 4), 2, 2).requiresGrad(true);
        assertEquals("tensor([[ 7., 10.],\n        [15., 22.]], grad_fn=<MmBackward>)", m.matmul(m).toString());
        assertEquals("tensor([ 3.0000, -4.5000])", x.mul(2f).detach().toString());
        assertEquals("tensor(1.7500, grad_fn=<MeanBackward>)", t(values(1.5f, 2), 2).requiresGrad(true).mean().toString());
    }

    @Test
    void nonContiguousTensorsPrintTheirLogicalOrder() {
        assertEquals("tensor([[0., 3.],\n        [1., 4.],\n        [2., 5.]])",
                Tensor.arange(6).reshape(2, 3).transpose(0, 1).toString());
    }
}

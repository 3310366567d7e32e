package dev.hookbook.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Every layer prints as PyTorch 1.13 prints the same layer (the strings are PyTorch's output). */
class ReprTest {

    @Test
    void layersPrintLikePyTorch() {
        assertEquals("Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))", new Conv2d(1, 8, 3, 1, 1).toString());
        assertEquals("Conv2d(3, 4, kernel_size=(3, 3), stride=(1, 1))", new Conv2d(3, 4, 3).toString());
        assertEquals("Conv2d(3, 4, kernel_size=(5, 5), stride=(2, 2), padding=(2, 2), bias=False)",
                new Conv2d(3, 4, 5, 2, 2, false).toString());
        assertEquals("MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(2).toString());
        assertEquals("MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=False)", new MaxPool2d(3, 2).toString());
        assertEquals("BatchNorm1d(5, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm1d(5).toString());
        assertEquals("BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", new BatchNorm2d(8).toString());
        assertEquals("BatchNorm2d(8, eps=0.001, momentum=0.01, affine=True, track_running_stats=True)",
                new BatchNorm2d(8, 1e-3f, 0.01f).toString());
        assertEquals("Dropout(p=0.5, inplace=False)", new Dropout().toString());
        assertEquals("Dropout(p=0.25, inplace=False)", new Dropout(0.25f).toString());
        assertEquals("LeakyReLU(negative_slope=0.01)", new LeakyReLU().toString());
        assertEquals("LeakyReLU(negative_slope=0.2)", new LeakyReLU(0.2f).toString());
        assertEquals("Tanh()", new Tanh().toString());
        assertEquals("Sigmoid()", new Sigmoid().toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        assertEquals("Softmax(dim=-1)", new Softmax(-1).toString());
        assertEquals("Flatten(start_dim=1, end_dim=-1)", new Flatten().toString());
        assertEquals("Flatten(start_dim=0, end_dim=-1)", new Flatten(0).toString());
        assertEquals("MSELoss()", new MSELoss().toString());
        assertEquals("CrossEntropyLoss()", new CrossEntropyLoss().toString());
        assertEquals("NLLLoss()", new NLLLoss().toString());
    }

    @Test
    void aCnnPrintsLikePyTorch() {
        Sequential cnn = new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Dropout(0.1f), new Linear(128, 10));
        assertEquals("Sequential(\n"
                + "  (0): Conv2d(1, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))\n"
                + "  (1): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)\n"
                + "  (2): ReLU()\n"
                + "  (3): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)\n"
                + "  (4): Flatten(start_dim=1, end_dim=-1)\n"
                + "  (5): Dropout(p=0.1, inplace=False)\n"
                + "  (6): Linear(in_features=128, out_features=10, bias=True)\n"
                + ")", cnn.toString());
    }

    @Test
    void pythonFloatRepr() {
        assertEquals("1e-05", Repr.pyFloat(1e-5f));
        assertEquals("0.0001", Repr.pyFloat(1e-4f));
        assertEquals("1.5e-07", Repr.pyFloat(1.5e-7f));
        assertEquals("1.0", Repr.pyFloat(1f));
        assertEquals("100.0", Repr.pyFloat(100f));
        assertEquals("-0.3", Repr.pyFloat(-0.3f));
        assertEquals("0.0", Repr.pyFloat(0f));
        assertEquals("2.5e-06", Repr.pyFloat(2.5e-6f));
    }

    @Test
    void describeNamesTheLayerShortly() {
        assertEquals("Conv2d 1->8 k3", new Conv2d(1, 8, 3, 1, 1).describe());
        assertEquals("Conv2d 3->4 k5", new Conv2d(3, 4, 5, 2, 2).describe());
        assertEquals("MaxPool2d k2", new MaxPool2d(2).describe());
        assertEquals("BatchNorm2d 8", new BatchNorm2d(8).describe());
        assertEquals("Dropout p=0.5", new Dropout().describe());
        assertEquals("Softmax dim=1", new Softmax(1).describe());
    }
}

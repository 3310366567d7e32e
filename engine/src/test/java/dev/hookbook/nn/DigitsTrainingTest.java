package dev.hookbook.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.data.Batch;
import dev.hookbook.data.DataLoader;
import dev.hookbook.data.Digits;
import dev.hookbook.data.TensorDataset;
import dev.hookbook.optim.Adam;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * End-to-end training on the shipped digits, the way a notebook does it: an MLP and a small CNN
 * must each reach their accuracy on the held-out test split within a few seconds on the CPU.
 */
class DigitsTrainingTest {

    @Test
    void mlpReaches95PercentWithSgdMomentum() {
        Hookbook.manualSeed(0);
        Sequential model = new Sequential(new Flatten(), new Linear(64, 128), new ReLU(), new Linear(128, 10));
        double accuracy = train("MLP", model, new SGD(model.parameters(), 0.05f, 0.9f), 20);
        assertTrue(accuracy >= 0.95, "MLP test accuracy " + accuracy);
    }

    @Test
    void cnnReaches97PercentWithAdam() {
        Hookbook.manualSeed(0);
        Sequential model = new Sequential(
                new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 4 * 4, 10));
        double accuracy = train("CNN", model, new Adam(model.parameters(), 0.01f), 15);
        assertTrue(accuracy >= 0.97, "CNN test accuracy " + accuracy);
    }

    private static double train(String name, Module model, Optimizer opt, int epochs) {
        Digits digits = Digits.load();
        DataLoader loader = new DataLoader(digits.train(), 32, true);
        CrossEntropyLoss lossFn = new CrossEntropyLoss();
        long start = System.nanoTime();
        model.train();
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (Batch b : loader) {
                opt.zeroGrad();
                Tensor loss = lossFn.call(model.call(b.x()), b.y());
                loss.backward();
                opt.step();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = accuracy(model, digits.test());
        System.out.printf("%s: %d epochs in %.2f s, test accuracy %.4f%n", name, epochs, seconds, accuracy);
        return accuracy;
    }

    private static double accuracy(Module model, TensorDataset test) {
        model.eval();
        try (var g = Autograd.noGrad()) {
            Tensor predicted = model.call(test.x()).argmax(1);
            return predicted.eq(test.y()).sum().item() / test.size();
        }
    }
}

package dev.hookbook.viz;

import dev.hookbook.data.Batch;
import dev.hookbook.data.DataLoader;
import dev.hookbook.data.Digits;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The models and the training loop the tests and the benchmark share. */
final class Models {
    private static Digits digits;

    private Models() {}

    static synchronized Digits digits() {
        if (digits == null) digits = Digits.load();
        return digits;
    }

    /** The digits CNN: Conv2d, BatchNorm2d, ReLU, MaxPool2d, Flatten, Linear. */
    static Sequential cnn() {
        return new Sequential(new Conv2d(1, 8, 3, 1, 1), new BatchNorm2d(8), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(8 * 4 * 4, 10));
    }

    /** A deep digits MLP with the given activation between its four hidden layers. */
    static Sequential mlp(Supplier<Module> activation) {
        List<Module> layers = new ArrayList<>();
        layers.add(new Flatten());
        int in = 64;
        for (int i = 0; i < 4; i++) {
            layers.add(new Linear(in, 64));
            layers.add(activation.get());
            in = 64;
        }
        layers.add(new Linear(in, 10));
        return new Sequential(layers.toArray(new Module[0]));
    }

    /** The batches of the digits training set, loaded once into a list. */
    static List<Batch> batches(int batchSize) {
        List<Batch> out = new ArrayList<>();
        for (Batch b : new DataLoader(digits().train(), batchSize, true)) out.add(b);
        return out;
    }

    /** One training step, as a notebook writes it; logs the loss if a monitor is given. */
    static float step(Module model, Optimizer opt, Batch b, Monitor monitor) {
        opt.zeroGrad();
        Tensor loss = F.crossEntropy(model.call(b.x()), b.y());
        loss.backward();
        opt.step();
        if (monitor != null) monitor.logLoss(loss);
        return loss.item();
    }

    static ReLU relu() {
        return new ReLU();
    }

    static Linear linear(int in, int out) {
        return new Linear(in, out);
    }
}

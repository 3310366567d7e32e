package dev.hookbook.viz;

import dev.hookbook.Hookbook;
import dev.hookbook.data.Batch;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.nn.Sigmoid;
import dev.hookbook.optim.SGD;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The example of notebook 02, headless: the digits MLP trained with Sigmoid and then with ReLU;
 * the gradient plots show the Sigmoid network's gradients vanishing on the way to the input.
 */
class WatchGradientsExampleTest {
    private static final Path CHARTS = Path.of("target", "watch-gradients");

    @Test
    void sigmoidGradientsVanishReluGradientsDoNot() throws Exception {
        List<Batch> batches = Models.batches(32);
        Monitor sigmoid = train("sigmoid", Sigmoid::new, batches);
        Monitor relu = train("relu", ReLU::new, batches);

        double sigmoidRatio = firstToLast(sigmoid);
        double reluRatio = firstToLast(relu);
        System.out.printf("gradient norm at the first layer / at the last: sigmoid %.2e, relu %.2e%n", sigmoidRatio, reluRatio);
        assertTrue(sigmoidRatio < reluRatio / 10, "sigmoid " + sigmoidRatio + " vs relu " + reluRatio);

        ActivationStats lastSigmoid = sigmoid.history().get(sigmoid.steps() - 1).activations().get("2");
        assertTrue(lastSigmoid.saturatedFraction() >= 0, "saturation is measured after a Sigmoid");
        ActivationStats lastRelu = relu.history().get(relu.steps() - 1).activations().get("2");
        assertTrue(lastRelu.zeroFraction() > 0.1, "a ReLU zeroes part of its inputs");

        for (String run : List.of("sigmoid", "relu")) {
            for (String chart : List.of("activations", "gradients", "loss", "weights", "updates")) {
                Path file = CHARTS.resolve(run).resolve(chart + ".png");
                assertTrue(Files.size(file) > 1000, file + " was written");
                assertNotNull(ImageIO.read(file.toFile()), file + " is a PNG");
            }
        }
    }

    private static Monitor train(String name, Supplier<Module> activation, List<Batch> batches) {
        Hookbook.manualSeed(0);
        Sequential model = Models.mlp(activation);
        SGD opt = new SGD(model.parameters(), 0.1f, 0.9f);
        Monitor monitor = Monitor.attach(model).name(name + " MLP").show(CHARTS.resolve(name));
        for (int epoch = 0; epoch < 2; epoch++) {
            for (Batch b : batches) Models.step(model, opt, b, monitor);
        }
        monitor.close();
        return monitor;
    }

    /** The mean over steps of |grad| at the first Linear's output over |grad| at the last Linear's output. */
    private static double firstToLast(Monitor monitor) {
        return monitor.history().stream()
                .mapToDouble(s -> s.outputGradNorms().get("1") / s.outputGradNorms().get("9"))
                .average().orElseThrow();
    }
}

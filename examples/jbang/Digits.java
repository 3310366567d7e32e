///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//RUNTIME_OPTIONS --add-modules jdk.incubator.vector -Djava.awt.headless=true
//COMPILE_OPTIONS --add-modules jdk.incubator.vector
//DEPS dev.hookbook:hookbook-bom:0.1.0@pom
//DEPS dev.hookbook:hookbook-engine
//DEPS dev.hookbook:hookbook-viz

// Trains a small CNN on the digits that ship with Hookbook, watches its ReLU with a forward hook
// and saves a chart of the loss and the ReLU's zero outputs: `jbang examples/jbang/Digits.java [FILE.png]`.
// JBang finds Hookbook in the local Maven repository after `mvn install` in a clone, or on Maven Central.

import dev.hookbook.Hookbook;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.data.Batch;
import dev.hookbook.data.DataLoader;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.tensor.Tensor;
import dev.hookbook.viz.Charts;
import org.jfree.chart.ChartFactory;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.nio.file.Path;

public class Digits {

    public static void main(String[] args) throws Exception {
        Path chartFile = Path.of(args.length > 0 ? args[0] : "digits-training.png");
        Hookbook.manualSeed(0);
        var digits = dev.hookbook.data.Digits.load();
        var relu = new ReLU();
        var model = new Sequential(new Conv2d(1, 8, 3, 1, 1), relu, new MaxPool2d(2), new Flatten(), new Linear(128, 10));

        // The hook sees every output of the ReLU; returning null keeps the output as it is.
        var zeros = new XYSeries("ReLU outputs that are 0");
        int[] step = {0};
        relu.registerForwardHook((module, inputs, output) -> {
            float[] values = output.toFloatArray();
            int zero = 0;
            for (float v : values) if (v == 0f) zero++;
            zeros.add(step[0], (double) zero / values.length);
            return null;
        });

        var loss = new XYSeries("loss");
        var opt = new Adam(model.parameters(), 0.01f);
        for (int epoch = 1; epoch <= 3; epoch++) {
            for (Batch b : new DataLoader(digits.train(), 64, true)) {
                opt.zeroGrad();
                Tensor l = F.crossEntropy(model.call(b.x()), b.y());
                l.backward();
                opt.step();
                loss.add(step[0]++, l.item());
            }
        }
        model.eval();
        try (var g = Autograd.noGrad()) {
            double accuracy = model.call(digits.test().x()).argmax(1).eq(digits.test().y()).sum().item() / digits.test().size();
            System.out.printf("test accuracy %.1f%% after %d steps%n", 100 * accuracy, step[0]);
        }
        var series = new XYSeriesCollection();
        series.addSeries(loss);
        series.addSeries(zeros);
        Charts.savePng(ChartFactory.createXYLineChart("Digits CNN: loss and dead ReLU outputs", "step", "value", series),
                chartFile, 900, 500);
        System.out.println("wrote " + chartFile.toAbsolutePath());
    }
}

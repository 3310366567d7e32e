package dev.hookbook.golden;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.BatchNorm2d;
import dev.hookbook.nn.Conv2d;
import dev.hookbook.nn.CrossEntropyLoss;
import dev.hookbook.nn.F;
import dev.hookbook.nn.Flatten;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.MaxPool2d;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Parameter;
import dev.hookbook.nn.ReLU;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.Adam;
import dev.hookbook.optim.Optimizer;
import dev.hookbook.optim.SGD;
import dev.hookbook.tensor.Tensor;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Whole models against PyTorch 1.13 (fixtures {@code golden/mlp.json}, {@code cnn.json} and
 * {@code optim.json} from {@code tools/golden/make_fixtures.py}): starting from PyTorch's state
 * dict, the repr, the training-mode output, the cross-entropy loss, every parameter's gradient,
 * BatchNorm's running stats after the forward, the evaluation-mode output, and three optimizer
 * steps of SGD, SGD with momentum and weight decay, and Adam.
 */
class ModuleGoldenTest {

    static Sequential mlp() {
        return new Sequential(new Flatten(), new Linear(64, 32), new ReLU(), new Linear(32, 10));
    }

    static Sequential cnn() {
        return new Sequential(new Conv2d(1, 4, 3, 1, 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(64, 10));
    }

    @Test
    void mlpMatchesPyTorch() {
        checkModel("mlp.json", mlp());
    }

    @Test
    void cnnMatchesPyTorch() {
        checkModel("cnn.json", cnn());
    }

    private static void checkModel(String file, Module model) {
        JsonObject f = Golden.load(file).getAsJsonObject();
        double tol = f.get("tol").getAsDouble();
        assertEquals(f.get("repr").getAsString(), model.toString(), file + ": repr");
        model.loadStateDict(Golden.named(f.getAsJsonArray("stateDict")), true);

        Tensor input = Golden.tensor(f.getAsJsonObject("input"));
        Tensor targets = Golden.tensor(f.getAsJsonObject("targets"));
        model.train();
        Tensor output = model.call(input);
        Golden.assertClose(file + " output", f.getAsJsonObject("output"), output, tol);
        Tensor loss = new CrossEntropyLoss().call(output, targets);
        Golden.assertClose(file + " loss", f.getAsJsonObject("loss"), loss, tol);
        loss.backward();

        Map<String, Tensor> grads = Golden.named(f.getAsJsonArray("grads"));
        Map<String, Parameter> params = model.namedParameters();
        assertEquals(grads.keySet(), params.keySet(), file + ": parameter names");
        for (var e : params.entrySet()) {
            Tensor expected = grads.get(e.getKey());
            Golden.assertClose(file + " grad of " + e.getKey(), expected.shape(), expected.toFloatArray(),
                    e.getValue().grad().shape(), e.getValue().grad().toFloatArray(), tol);
        }

        Map<String, Tensor> buffers = Golden.named(f.getAsJsonArray("buffersAfterTrainForward"));
        assertEquals(buffers.keySet(), model.namedBuffers().keySet(), file + ": buffer names");
        for (var e : model.namedBuffers().entrySet()) {
            Tensor expected = buffers.get(e.getKey());
            Golden.assertClose(file + " buffer " + e.getKey(), expected.shape(), expected.toFloatArray(),
                    e.getValue().shape(), e.getValue().toFloatArray(), tol);
        }

        model.eval();
        try (var g = Autograd.noGrad()) {
            Golden.assertClose(file + " eval output", f.getAsJsonObject("evalOutput"), model.call(input), tol);
        }
    }

    @Test
    void sgdMatchesPyTorch() {
        checkOptimizer("sgd", m -> new SGD(m.parameters(), 0.1f));
    }

    @Test
    void sgdWithMomentumAndWeightDecayMatchesPyTorch() {
        checkOptimizer("sgd_momentum_wd", m -> new SGD(m.parameters(), 0.1f, 0.9f, 1e-4f));
    }

    @Test
    void adamMatchesPyTorch() {
        checkOptimizer("adam", m -> new Adam(m.parameters(), 1e-3f));
    }

    private static void checkOptimizer(String run, Function<Module, Optimizer> make) {
        JsonObject f = Golden.load("optim.json").getAsJsonObject();
        JsonObject r = null;
        for (var e : f.getAsJsonArray("runs")) {
            if (e.getAsJsonObject().get("name").getAsString().equals(run)) r = e.getAsJsonObject();
        }
        if (r == null) throw new AssertionError("optim.json has no run " + run);
        double tol = r.get("tol").getAsDouble();
        Module model = mlp();
        assertEquals(f.get("repr").getAsString(), model.toString());
        model.loadStateDict(Golden.named(f.getAsJsonArray("stateDict")), true);
        Tensor input = Golden.tensor(f.getAsJsonObject("input"));
        Tensor targets = Golden.tensor(f.getAsJsonObject("targets"));
        Optimizer opt = make.apply(model);

        int k = 0;
        for (var s : r.getAsJsonArray("steps")) {
            JsonObject step = s.getAsJsonObject();
            String at = run + " step " + k++;
            opt.zeroGrad();
            Tensor loss = F.crossEntropy(model.call(input), targets);
            Golden.assertClose(at + " loss", step.getAsJsonObject("lossBeforeStep"), loss, tol);
            loss.backward();
            opt.step();
            Map<String, Tensor> expected = Golden.named(step.getAsJsonArray("parametersAfterStep"));
            for (var e : model.namedParameters().entrySet()) {
                Tensor x = expected.get(e.getKey());
                Golden.assertClose(at + " " + e.getKey(), x.shape(), x.toFloatArray(), e.getValue().shape(),
                        e.getValue().toFloatArray(), tol);
            }
        }
    }
}

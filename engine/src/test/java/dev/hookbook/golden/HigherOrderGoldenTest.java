package dev.hookbook.golden;

import com.google.gson.JsonObject;
import dev.hookbook.autograd.Autograd;
import dev.hookbook.backend.opencl.OpenClTestSupport;
import dev.hookbook.nn.F;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Higher-order gradients against PyTorch 1.13 ({@code torch.autograd.grad(..., create_graph=True)}):
 * fixture {@code golden/higher_order.json}, written by {@code tools/golden/make_higher_order_fixtures.py}.
 * The derivatives of x^3 to third order, a Hessian-vector product of a small MLP's loss, and a
 * WGAN-GP gradient penalty on a small CNN critic, and a penalty on the input gradient of a net of
 * the ops whose plain backward is a fused kernel (convolution, batch norm, GELU, max pooling,
 * layer norm), on the CPU and on the OpenCL device.
 */
class HigherOrderGoldenTest {
    private static final JsonObject FIXTURE = Golden.load("higher_order.json").getAsJsonObject();

    private static Tensor on(Device device, JsonObject t, boolean requiresGrad) {
        return Tensor.fromArray(Golden.data(t), Golden.shape(t), device).requiresGrad(requiresGrad);
    }

    private static Map<String, Tensor> params(Device device, JsonObject named) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (String k : named.keySet()) out.put(k, on(device, named.getAsJsonObject(k), true));
        return out;
    }

    // ------------------------------------------------------------------ x^3

    private static void cube(Device device) {
        JsonObject c = FIXTURE.getAsJsonObject("cube");
        double tol = c.get("tol").getAsDouble();
        Tensor x = on(device, c.getAsJsonObject("x"), true);
        Tensor d1 = Autograd.grad(x.pow(3f).sum(), true, x).get(0);
        Tensor d2 = Autograd.grad(d1.sum(), true, x).get(0);
        Tensor d3 = Autograd.grad(d2.sum(), x).get(0);
        Golden.assertClose("d/dx x^3", c.getAsJsonObject("d1"), d1, tol);
        Golden.assertClose("d2/dx2 x^3", c.getAsJsonObject("d2"), d2, tol);
        Golden.assertClose("d3/dx3 x^3", c.getAsJsonObject("d3"), d3, tol);
    }

    @Test
    void derivativesOfXCubed() {
        cube(Device.CPU);
    }

    @Test
    void derivativesOfXCubedOnOpenCl() {
        cube(OpenClTestSupport.device());
    }

    // ------------------------------------------------------------------ Hessian-vector product

    private static void mlpHvp(Device device) {
        JsonObject c = FIXTURE.getAsJsonObject("mlp_hvp");
        double tol = c.get("tol").getAsDouble();
        JsonObject expected = c.getAsJsonObject("expected");
        Map<String, Tensor> p = params(device, c.getAsJsonObject("params"));
        Tensor x = on(device, c.getAsJsonObject("x"), false), target = on(device, c.getAsJsonObject("target"), false);
        Tensor h = F.linear(x, p.get("w1"), p.get("b1")).tanh();
        Tensor loss = F.crossEntropy(F.linear(h, p.get("w2"), p.get("b2")), target);
        List<String> names = List.of("w1", "b1", "w2", "b2");
        List<Tensor> ws = names.stream().map(p::get).toList();
        List<Tensor> grads = Autograd.grad(List.of(loss), ws, null, true, true);
        Tensor dot = null;
        for (int i = 0; i < names.size(); i++) {
            Tensor term = grads.get(i).mul(on(device, c.getAsJsonObject("v").getAsJsonObject(names.get(i)), false)).sum();
            dot = dot == null ? term : dot.add(term);
        }
        List<Tensor> hv = Autograd.grad(List.of(dot), ws, null, false, false);
        Golden.assertClose("loss", expected.getAsJsonObject("loss"), loss, tol);
        for (int i = 0; i < names.size(); i++) {
            Golden.assertClose("grad " + names.get(i), expected.getAsJsonObject("grad_" + names.get(i)), grads.get(i), tol);
            Golden.assertClose("Hv " + names.get(i), expected.getAsJsonObject("hv_" + names.get(i)), hv.get(i), tol);
        }
    }

    @Test
    void hessianVectorProductOfAnMlpLoss() {
        mlpHvp(Device.CPU);
    }

    @Test
    void hessianVectorProductOfAnMlpLossOnOpenCl() {
        mlpHvp(OpenClTestSupport.device());
    }

    // ------------------------------------------------------------------ WGAN-GP

    private static Tensor critic(Tensor x, Map<String, Tensor> p) {
        Tensor h = F.leakyRelu(F.conv2d(x, p.get("c1w"), p.get("c1b"), 2, 1), 0.2f);
        h = F.leakyRelu(F.conv2d(h, p.get("c2w"), p.get("c2b"), 2, 1), 0.2f);
        return F.linear(h.flatten(1), p.get("lw"), p.get("lb"));
    }

    private static void wganGp(Device device) {
        JsonObject c = FIXTURE.getAsJsonObject("wgan_gp");
        double tol = c.get("tol").getAsDouble();
        JsonObject expected = c.getAsJsonObject("expected");
        Map<String, Tensor> p = params(device, c.getAsJsonObject("params"));
        Tensor real = on(device, c.getAsJsonObject("real"), false), fake = on(device, c.getAsJsonObject("fake"), false);
        Tensor eps = on(device, c.getAsJsonObject("eps"), false);
        Tensor mixed = eps.mul(real).add(eps.neg().add(1f).mul(fake)).detach().requiresGrad(true);
        Tensor score = critic(mixed, p);
        Tensor g = Autograd.grad(List.of(score), List.of(mixed), List.of(score.constant(1f).expand(score.shape())), true, true).get(0);
        Tensor penalty = g.reshape(g.size(0), -1).pow(2f).sum(1, false).sqrt().sub(1f).pow(2f).mean();
        Tensor loss = critic(fake, p).mean().sub(critic(real, p).mean()).add(penalty.mul(10f));
        loss.backward();
        Golden.assertClose("penalty", expected.getAsJsonObject("penalty"), penalty, tol);
        Golden.assertClose("loss", expected.getAsJsonObject("loss"), loss, tol);
        for (var e : p.entrySet()) {
            Golden.assertClose("grad " + e.getKey(), expected.getAsJsonObject("grad_" + e.getKey()), e.getValue().grad(), tol);
        }
    }

    @Test
    void wganGradientPenaltyOnASmallCnn() {
        wganGp(Device.CPU);
    }

    @Test
    void wganGradientPenaltyOnASmallCnnOnOpenCl() {
        wganGp(OpenClTestSupport.device());
    }

    // ------------------------------------------------------------------ through the fused kernels

    private static void normPenalty(Device device) {
        JsonObject c = FIXTURE.getAsJsonObject("norm_penalty");
        double tol = c.get("tol").getAsDouble();
        JsonObject expected = c.getAsJsonObject("expected");
        Map<String, Tensor> p = params(device, c.getAsJsonObject("params"));
        Tensor x = on(device, c.getAsJsonObject("x"), true);
        Tensor h = F.conv2d(x, p.get("cw"), p.get("cb"), 1, 1);
        h = F.batchNorm(h, null, null, p.get("bnw"), p.get("bnb"), true);
        h = F.maxPool2d(F.gelu(h), 2).flatten(1);
        h = F.layerNorm(h, new int[]{h.size(1)}, p.get("lnw"), p.get("lnb"), 1e-5f);
        Tensor out = F.linear(h, p.get("lw"), p.get("lb"));
        Tensor g = Autograd.grad(out.pow(2f).sum(), true, x).get(0);
        Tensor penalty = g.pow(2f).sum();
        penalty.backward();
        Golden.assertClose("out", expected.getAsJsonObject("out"), out, tol);
        Golden.assertClose("penalty", expected.getAsJsonObject("penalty"), penalty, tol);
        Golden.assertClose("grad x", expected.getAsJsonObject("grad_x"), x.grad(), tol);
        for (var e : p.entrySet()) {
            Golden.assertClose("grad " + e.getKey(), expected.getAsJsonObject("grad_" + e.getKey()), e.getValue().grad(), tol);
        }
    }

    @Test
    void penaltyOnAnInputGradientThroughConvolutionNormsAndPooling() {
        normPenalty(Device.CPU);
    }

    @Test
    void penaltyOnAnInputGradientThroughConvolutionNormsAndPoolingOnOpenCl() {
        normPenalty(OpenClTestSupport.device());
    }
}

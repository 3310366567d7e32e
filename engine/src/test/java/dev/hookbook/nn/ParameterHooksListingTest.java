package dev.hookbook.nn;

import dev.hookbook.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Hooks on parameters' gradients are part of {@link Module#hooks()} and go with {@link Module#removeAllHooks()}. */
class ParameterHooksListingTest {
    @Test
    void postAccumulateGradHooksOnParametersAreListedAndRemoved() {
        Sequential model = new Sequential(new Linear(3, 2), new ReLU());
        Parameter weight = model.get("0").parameters().get(0);
        List<String> log = new ArrayList<>();
        weight.registerHook(g -> null);
        weight.registerPostAccumulateGradHook(p -> log.add("step with grad " + p.grad().shape().length + "-D"));
        weight.registerPostAccumulateGradHook(p -> log.add("second"));
        assertEquals("[0.weight: tensor hook #0, 0.weight: post-accumulate-grad hook #0, 0.weight: post-accumulate-grad hook #1]",
                model.hooks().toString());
        model.call(Tensor.ones(4, 3)).sum().backward();
        assertEquals(List.of("step with grad 2-D", "second"), log);

        model.removeAllHooks();
        assertEquals(List.of(), model.hooks());
        model.call(Tensor.ones(4, 3)).sum().backward();
        assertEquals(2, log.size(), "removed hooks no longer run");
    }
}

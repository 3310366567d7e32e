package dev.hookbook.viz;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A two-input network evaluated over a square of the plane, for the pictures of
 * {@link Charts#decisionBoundary} and {@link Charts#neuronMaps}: a {@value #SIDE} x {@value #SIDE}
 * grid of points, row 0 at the top, each point the centre of its cell.
 */
final class PlaneMaps {
    /** Points per side of the grid: fine enough for a smooth boundary, cheap enough for a few frames a second. */
    static final int SIDE = 60;
    /** The half-width of TensorFlow Playground's square, widened when the points reach further. */
    static final double PLAYGROUND_EXTENT = 6;

    private PlaneMaps() {}

    /** The half-width of the square the pictures cover: 6, or more where a point lies further out. */
    static double extent(float[] xy) {
        double max = PLAYGROUND_EXTENT;
        for (float v : xy) {
            if (Float.isFinite(v)) max = Math.max(max, Math.ceil(Math.abs(v) * 1.05));
        }
        return max;
    }

    /** The grid's points as a {@code [SIDE * SIDE, 2]} tensor on {@code like}'s device. */
    static Tensor grid(double extent, Tensor like) {
        float[] xy = new float[SIDE * SIDE * 2];
        double cell = 2 * extent / SIDE;
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int i = r * SIDE + c;
                xy[2 * i] = (float) (-extent + (c + 0.5) * cell);
                xy[2 * i + 1] = (float) (extent - (r + 0.5) * cell);
            }
        }
        Tensor points = Tensor.of(xy, SIDE * SIDE, 2);
        return like == null ? points : points.to(like.device());
    }

    /** The model's single output at every grid point. */
    static float[] output(String caller, Module model, double extent, Tensor like) {
        try (var noGrad = Autograd.noGrad()) {
            Tensor out = model.call(grid(extent, like));
            if (out.numel() != SIDE * SIDE) {
                throw new IllegalArgumentException(caller + ": expected a model with one output per point ([N, 1] or [N]), got "
                        + Shape.str(out.shape()) + " for " + (SIDE * SIDE) + " points [" + (SIDE * SIDE) + ", 2]");
            }
            return out.toFloatArray();
        }
    }

    /**
     * Each hidden neuron's output at every grid point: a hidden layer's output is what goes into
     * each {@link Linear} after the first (so {@code Linear, Tanh, Linear} has one hidden layer,
     * the Tanh's, and {@code Linear, Linear} one of linear neurons).
     */
    static List<List<float[]>> hidden(Sequential model, double extent, Tensor like) {
        List<List<float[]>> layers = new ArrayList<>();
        try (var noGrad = Autograd.noGrad()) {
            Tensor x = grid(extent, like);
            boolean seenLinear = false;
            for (Module module : model) {
                if (module instanceof Linear) {
                    if (seenLinear) layers.add(columns(x));
                    seenLinear = true;
                }
                x = module.call(x);
            }
        }
        return layers;
    }

    private static List<float[]> columns(Tensor x) {
        int[] shape = x.shape();
        float[] all = x.toFloatArray();
        int n = shape[0], width = shape.length == 2 ? shape[1] : 1;
        List<float[]> neurons = new ArrayList<>(width);
        for (int j = 0; j < width; j++) {
            float[] column = new float[n];
            for (int i = 0; i < n; i++) column[i] = all[i * width + j];
            neurons.add(column);
        }
        return neurons;
    }
}

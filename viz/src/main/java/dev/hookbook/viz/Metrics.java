package dev.hookbook.viz;

import dev.hookbook.tensor.Tensor;

import java.util.Arrays;

/**
 * How well a classifier does on labelled samples: the share it gets right, and which classes it
 * takes for which.
 *
 * <pre>{@code
 * Tensor logits;
 * try (var g = Autograd.noGrad()) { logits = model.call(test.x()); }
 * float acc = Metrics.accuracy(logits, test.y());                    // 0.912
 * var confusion = Metrics.confusion(logits, test.y(), 10);
 * confusion.chart(FashionMnist.CLASSES);                              // a heat map
 * }</pre>
 *
 * <p>{@code logits} has shape {@code [N, classes]} (the model's scores, before or after softmax:
 * the prediction is the highest one), {@code labels} shape {@code [N]} with class indices as floats,
 * as {@code F.crossEntropy} takes them.
 */
public final class Metrics {
    private Metrics() {}

    /** The share of samples whose highest score is at their label, in [0, 1]. */
    public static float accuracy(Tensor logits, Tensor labels) {
        int[] predicted = predictions("accuracy", logits, labels);
        float[] truth = labels.toFloatArray();
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == truth[i]) {
                right++;
            }
        }
        return predicted.length == 0 ? 0f : right / (float) predicted.length;
    }

    /** Counts, for every true class and predicted class, the samples that were the one and taken for the other. */
    public static ConfusionMatrix confusion(Tensor logits, Tensor labels, int classes) {
        int[] predicted = predictions("confusion", logits, labels);
        if (logits.shape()[1] > classes) {
            throw new IllegalArgumentException("confusion: the logits score " + logits.shape()[1] + " classes, expected at most "
                    + classes);
        }
        float[] truth = labels.toFloatArray();
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < predicted.length; i++) {
            float label = truth[i];
            if (label < 0 || label >= classes || label != Math.rint(label)) {
                throw new IllegalArgumentException("confusion: label " + label + " of sample " + i
                        + " is not a class index 0.." + (classes - 1));
            }
            counts[(int) label][predicted[i]]++;
        }
        return new ConfusionMatrix(counts);
    }

    /** The index of each row's highest score, after checking the shapes. */
    private static int[] predictions(String what, Tensor logits, Tensor labels) {
        int[] shape = logits.shape();
        if (shape.length != 2 || labels.dim() != 1 || labels.shape()[0] != shape[0]) {
            throw new IllegalArgumentException(what + ": expected logits [N, classes] and labels [N], found logits "
                    + Arrays.toString(shape) + " and labels " + Arrays.toString(labels.shape()));
        }
        int n = shape[0], classes = shape[1];
        float[] scores = logits.toFloatArray();
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (scores[i * classes + c] > scores[i * classes + best]) {
                    best = c;
                }
            }
            predicted[i] = best;
        }
        return predicted;
    }
}

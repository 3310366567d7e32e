package dev.hookbook.data;

import dev.hookbook.tensor.Tensor;

import java.util.List;
import java.util.Random;

/**
 * The two-dimensional toy data sets of TensorFlow Playground (playground.tensorflow.org): points
 * in the plane, each labelled {@code +1} (drawn blue there) or {@code -1} (orange), in four
 * shapes that a small network finds easy or hard to separate.
 *
 * <ul>
 *   <li>{@link #circle}: a disc of {@code +1} (radius 2.5) inside a ring of {@code -1} (radius 3.5 to 5);</li>
 *   <li>{@link #xor}: {@code +1} where {@code x} and {@code y} have the same sign (quadrants 1 and 3);</li>
 *   <li>{@link #gaussians}: two Gaussian clouds, {@code +1} around (2, 2), {@code -1} around (-2, -2);</li>
 *   <li>{@link #spiral}: two spirals wound into each other, one and three quarter turns each.</li>
 * </ul>
 *
 * <pre>{@code
 * var train = ToyData.circle(200, 0.1f, 1);      // x [200, 2], y [200, 1] holding +1 and -1
 * var model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1), new Tanh());
 * var loss = F.mseLoss(model.call(train.x()), train.y());
 * }</pre>
 *
 * <p>Every set has {@code x} of shape {@code [n, 2]} (the coordinates, within about [-6, 6]) and
 * {@code y} of shape {@code [n, 1]} holding {@code +1} or {@code -1}, as the Playground's
 * {@code tanh} output unit predicts them; half of the points are drawn for each class, and the
 * points come shuffled. {@code noise} is the Playground's noise slider, 0 to 0.5: for the circle
 * and XOR it moves where a point's label is decided (so labels near the border flip), for the
 * spiral it moves the points, for the Gaussians it widens the clouds (variance 0.5 at noise 0 up to
 * 4 at 0.5). With noise 0 the circle, XOR and spiral have their exact shape. The same
 * {@code seed} gives the same points on every JVM ({@link Random}'s sequence is fixed by the Java
 * specification; Hookbook's global generator is not used).
 */
public final class ToyData {

    /** The names {@link #of} takes, in the Playground's order. */
    public static final List<String> NAMES = List.of("circle", "xor", "gaussians", "spiral");

    private static final double CIRCLE_RADIUS = 5;
    private static final double XOR_PADDING = 0.3;

    private ToyData() {}

    /** The set called {@code name}, one of {@link #NAMES}. */
    public static TensorDataset of(String name, int n, float noise, long seed) {
        return switch (name) {
            case "circle" -> circle(n, noise, seed);
            case "xor" -> xor(n, noise, seed);
            case "gaussians" -> gaussians(n, noise, seed);
            case "spiral" -> spiral(n, noise, seed);
            default -> throw new IllegalArgumentException("ToyData.of: expected one of " + NAMES + ", got '" + name + "'");
        };
    }

    /** A disc of {@code +1} points inside a ring of {@code -1} points (the Playground's "Circle"). */
    public static TensorDataset circle(int n, float noise, long seed) {
        Points points = new Points("circle", n, noise, seed);
        Random random = points.random;
        double r = CIRCLE_RADIUS;
        for (int i = 0; i < n; i++) {
            boolean inside = i < n / 2;
            double radius = inside ? uniform(random, 0, r * 0.5) : uniform(random, r * 0.7, r);
            double angle = uniform(random, 0, 2 * Math.PI);
            double x = radius * Math.sin(angle), y = radius * Math.cos(angle);
            double noiseX = uniform(random, -r, r) * noise, noiseY = uniform(random, -r, r) * noise;
            // the label is decided at the moved point, so noise flips labels near the border
            boolean positive = Math.hypot(x + noiseX, y + noiseY) < r * 0.5;
            points.add(x, y, positive);
        }
        return points.dataset();
    }

    /** {@code +1} where both coordinates have the same sign, {@code -1} elsewhere (the Playground's "Exclusive or"). */
    public static TensorDataset xor(int n, float noise, long seed) {
        Points points = new Points("xor", n, noise, seed);
        Random random = points.random;
        // each quadrant gets a quarter of the points, so the classes are balanced at noise 0
        for (int i = 0; i < n; i++) {
            boolean right = i % 2 == 0, up = (i / 2) % 2 == 0;
            double x = uniform(random, 0, 5) + XOR_PADDING;      // kept off the axes, as the Playground does
            double y = uniform(random, 0, 5) + XOR_PADDING;
            x = right ? x : -x;
            y = up ? y : -y;
            double noiseX = uniform(random, -5, 5) * noise, noiseY = uniform(random, -5, 5) * noise;
            points.add(x, y, (x + noiseX) * (y + noiseY) >= 0);
        }
        return points.dataset();
    }

    /** Two Gaussian clouds: {@code +1} around (2, 2), {@code -1} around (-2, -2) (the Playground's "Gaussian"). */
    public static TensorDataset gaussians(int n, float noise, long seed) {
        Points points = new Points("gaussians", n, noise, seed);
        Random random = points.random;
        double deviation = Math.sqrt(0.5 + noise / 0.5 * (4 - 0.5));    // variance 0.5 at noise 0, 4 at noise 0.5
        for (int i = 0; i < n; i++) {
            boolean positive = i < n / 2;
            double centre = positive ? 2 : -2;
            points.add(centre + deviation * random.nextGaussian(), centre + deviation * random.nextGaussian(), positive);
        }
        return points.dataset();
    }

    /** Two spirals wound into each other, {@code +1} and {@code -1} (the Playground's "Spiral"). */
    public static TensorDataset spiral(int n, float noise, long seed) {
        Points points = new Points("spiral", n, noise, seed);
        Random random = points.random;
        int half = n / 2;
        for (int i = 0; i < n; i++) {
            boolean positive = i < half;
            int k = positive ? i : i - half;
            int count = positive ? half : n - half;
            double radius = (double) k / count * 5;
            double turn = 1.75 * k / count * 2 * Math.PI + (positive ? 0 : Math.PI);
            double x = radius * Math.sin(turn) + uniform(random, -1, 1) * noise;
            double y = radius * Math.cos(turn) + uniform(random, -1, 1) * noise;
            points.add(x, y, positive);
        }
        return points.dataset();
    }

    private static double uniform(Random random, double from, double to) {
        return from + random.nextDouble() * (to - from);
    }

    /** The points of one set as they are drawn, then shuffled into a dataset. */
    private static final class Points {
        final Random random;
        private final float[] xy;
        private final float[] labels;
        private int count;

        Points(String name, int n, float noise, long seed) {
            if (n < 2) {
                throw new IllegalArgumentException("ToyData." + name + ": expected at least 2 points, got n=" + n);
            }
            if (!(noise >= 0 && noise <= 1)) {
                throw new IllegalArgumentException("ToyData." + name + ": expected noise in [0, 1] (the Playground's 0 to 0.5), got " + noise);
            }
            random = new Random(seed);
            xy = new float[2 * n];
            labels = new float[n];
        }

        void add(double x, double y, boolean positive) {
            xy[2 * count] = (float) x;
            xy[2 * count + 1] = (float) y;
            labels[count++] = positive ? 1 : -1;
        }

        /** Shuffled (Fisher-Yates), so that the classes are mixed in any slice of the set. */
        TensorDataset dataset() {
            int n = labels.length;
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                float label = labels[i];
                labels[i] = labels[j];
                labels[j] = label;
                for (int d = 0; d < 2; d++) {
                    float v = xy[2 * i + d];
                    xy[2 * i + d] = xy[2 * j + d];
                    xy[2 * j + d] = v;
                }
            }
            return new TensorDataset(Tensor.of(xy, n, 2), Tensor.of(labels, n, 1));
        }
    }
}

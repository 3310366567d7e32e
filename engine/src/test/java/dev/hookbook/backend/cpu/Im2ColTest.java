package dev.hookbook.backend.cpu;

import dev.hookbook.tensor.Window2d;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * im2col against its definition, element by element, for strides, paddings and kernels from
 * narrower to wider than the image: the "same" convolutions that copy a whole shifted plane at
 * once, and the general row-by-row path.
 */
class Im2ColTest {
    private static float[] reference(float[] x, Window2d g) {
        int oh = g.outH(), ow = g.outW(), l = oh * ow;
        float[] cols = new float[g.n() * g.channels() * g.kh() * g.kw() * l];
        for (int n = 0; n < g.n(); n++)
            for (int c = 0; c < g.channels(); c++)
                for (int ki = 0; ki < g.kh(); ki++)
                    for (int kj = 0; kj < g.kw(); kj++)
                        for (int oy = 0; oy < oh; oy++)
                            for (int ox = 0; ox < ow; ox++) {
                                int iy = oy * g.stride() - g.padding() + ki, ix = ox * g.stride() - g.padding() + kj;
                                int row = ((n * g.channels() + c) * g.kh() + ki) * g.kw() + kj;
                                boolean inside = iy >= 0 && iy < g.h() && ix >= 0 && ix < g.w();
                                cols[row * l + oy * ow + ox] = inside ? x[((n * g.channels() + c) * g.h() + iy) * g.w() + ix] : 0f;
                            }
        return cols;
    }

    @Test
    void unfoldMatchesTheDefinition() {
        Random r = new Random(5);
        int[][] cases = { // h, w, k, stride, padding
                {8, 8, 3, 1, 1}, {4, 4, 3, 1, 1}, {1, 1, 3, 1, 1}, {2, 3, 5, 1, 2}, {2, 2, 7, 1, 3}, {6, 5, 5, 1, 2},
                {8, 8, 3, 1, 0}, {8, 8, 3, 2, 1}, {7, 9, 1, 1, 0}, {32, 32, 3, 1, 1}, {5, 5, 3, 1, 2}, {3, 7, 3, 3, 1}};
        for (int[] c : cases) {
            Window2d g = new Window2d(2, 3, c[0], c[1], c[2], c[2], c[3], c[4]);
            float[] x = new float[2 * 3 * c[0] * c[1]];
            for (int i = 0; i < x.length; i++) x[i] = r.nextFloat() + 1f; // never 0, so a missed copy shows
            float[] cols = new float[reference(x, g).length];
            java.util.Arrays.fill(cols, 0f);
            Im2Col.unfold(x, cols, g);
            assertArrayEquals(reference(x, g), cols, 0f, java.util.Arrays.toString(c));
        }
    }
}

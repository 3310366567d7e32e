package dev.hookbook.nn.utils;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * PyTorch 1.13's {@code _Orthogonal} (torch/nn/utils/parametrizations.py) for a real matrix,
 * with its defaults: the map is the matrix exponential of a skew-symmetric matrix for a square
 * weight and a product of Householder reflectors otherwise, and {@code use_trivialization=True}:
 * the buffer {@code base} holds the weight made orthogonal at registration (by QR, the diagonal
 * of R made positive, as {@code _make_orthogonal}), the original starts as minus the identity,
 * and {@code weight = base @ map(original)}. A wide weight (rows fewer than columns) is handled
 * transposed. Stacked on an earlier parametrization of the same tensor it has no base (its
 * right inverse is not called then, as in PyTorch) and is the map alone. Everything in forward is made of public ops, so gradients (and gradients of them)
 * flow.
 */
final class Orthogonal extends Module implements RightInverse {
    private final int[] shape;

    Orthogonal(Tensor weight) {
        if (weight.dim() != 2) {
            throw new IllegalArgumentException("orthogonal: expected a matrix, got a weight of shape " + Shape.str(weight.shape()));
        }
        this.shape = weight.shape();
    }

    @Override
    protected Tensor forward(Tensor x) {
        boolean transposed = x.size(0) < x.size(1);
        if (transposed) x = x.transpose(0, 1);
        int n = x.size(0), k = x.size(1);
        Device d = x.device();
        Tensor q;
        if (n == k) {
            Tensor low = x.mul(mask(n, k, d, 0));
            q = matrixExp(low.sub(low.transpose(0, 1)));
        } else {
            Tensor a = x.mul(mask(n, k, d, -1));
            Tensor tau = a.mul(a).sum(0, false).add(1f).pow(-1f).mul(2f);
            q = householderProduct(a, tau).mul(diagonalSigns(x));
        }
        if (buffer("base") != null) q = buffer("base").matmul(q); // none when stacked on another parametrization
        return transposed ? q.transpose(0, 1) : q;
    }

    /** PyTorch's right_inverse with a trivialization: keeps Q (made orthogonal) as the base, returns -I. */
    @Override
    public Tensor rightInverse(Tensor value) {
        if (!java.util.Arrays.equals(value.shape(), shape)) {
            throw new IllegalArgumentException("orthogonal: expected a matrix of shape " + Shape.str(shape) + ", got "
                    + Shape.str(value.shape()));
        }
        try (var g = Autograd.noGrad()) {
            Tensor q = value.shape()[0] < value.shape()[1] ? value.transpose(0, 1) : value;
            int n = q.size(0), k = q.size(1);
            double[][] cols = new double[n][n];
            float[] v = q.contiguous().toFloatArray();
            for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) cols[j][i] = v[i * k + j];
            if (n != k) { // PyTorch: cat([Q, randn(n, n - k)]) and orthogonalise
                float[] r = Tensor.randn(n * (n - k)).toFloatArray();
                for (int j = k; j < n; j++) for (int i = 0; i < n; i++) cols[j][i] = r[i * (n - k) + (j - k)];
            }
            double[][] base = isOrthogonal(cols, n) ? cols : gramSchmidt(cols, n);
            float[] out = new float[n * n];
            for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[i * n + j] = (float) base[j][i];
            Tensor b = Tensor.fromArray(out, new int[]{n, n}, value.device());
            if (buffer("base") == null && !ownsBase()) registerBuffer("base", b);
            else setAttribute("base", b);
            float[] negId = new float[value.shape()[0] * value.shape()[1]];
            for (int i = 0; i < Math.min(value.shape()[0], value.shape()[1]); i++) negId[i * value.shape()[1] + i] = -1f;
            return Tensor.fromArray(negId, value.shape(), value.device());
        }
    }

    private boolean ownsBase() {
        return hasAttribute("base");
    }

    /** torch.allclose(Q^T Q, I, atol=10 * n * eps(float32)), on the first k columns. */
    private static boolean isOrthogonal(double[][] cols, int n) {
        double atol = 10 * n * Math.ulp(1f);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += cols[a][i] * cols[b][i];
                if (Math.abs(dot - (a == b ? 1 : 0)) > atol + 1e-5 * (a == b ? 1 : 0)) return false;
            }
        }
        return true;
    }

    /** The Q of A = QR with R's diagonal positive (modified Gram-Schmidt, in double): PyTorch's _make_orthogonal. */
    private static double[][] gramSchmidt(double[][] cols, int n) {
        double[][] q = new double[n][];
        for (int j = 0; j < n; j++) {
            double[] v = cols[j].clone();
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) dot += q[p][i] * v[i];
                for (int i = 0; i < n; i++) v[i] -= dot * q[p][i];
            }
            double norm = 0;
            for (double e : v) norm += e * e;
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) v[i] /= norm;
            q[j] = v;
        }
        return q;
    }

    /** Ones where {@code col - row <= offset} (lower triangle from diagonal {@code offset}), zeros elsewhere. */
    private static Tensor mask(int n, int k, Device d, int offset) {
        float[] m = new float[n * k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) m[i * k + j] = j - i <= offset ? 1f : 0f;
        return Tensor.fromArray(m, new int[]{n, k}, d);
    }

    private static Tensor eye(int n, Device d) {
        return mask(n, n, d, 0).mul(mask(n, n, d, 0).transpose(0, 1));
    }

    /** PyTorch's {@code X.diagonal().int().unsqueeze(-2)}: the diagonal truncated to whole numbers, as a row; no gradient. */
    private static Tensor diagonalSigns(Tensor x) {
        int k = x.size(1);
        float[] v = x.contiguous().toFloatArray();
        float[] s = new float[k];
        for (int j = 0; j < k; j++) s[j] = (float) (long) v[j * k + j];
        return Tensor.fromArray(s, new int[]{1, k}, x.device());
    }

    /**
     * {@code torch.matrix_exp} by scaling and squaring: the Taylor series of A / 2^s to degree 18,
     * with ||A / 2^s||_1 at most 1/2, then squared s times.
     */
    static Tensor matrixExp(Tensor a) {
        int n = a.size(0);
        float[] v = a.contiguous().toFloatArray();
        double norm = 0;
        for (int j = 0; j < n; j++) {
            double col = 0;
            for (int i = 0; i < n; i++) col += Math.abs(v[i * n + j]);
            norm = Math.max(norm, col);
        }
        int s = norm <= 0.5 ? 0 : (int) Math.ceil(Math.log(norm / 0.5) / Math.log(2));
        Tensor scaled = a.mul((float) Math.pow(2, -s));
        Tensor id = eye(n, a.device());
        Tensor term = id, sum = id;
        for (int p = 1; p <= 18; p++) {
            term = term.matmul(scaled).mul(1f / p);
            sum = sum.add(term);
        }
        for (int i = 0; i < s; i++) sum = sum.matmul(sum);
        return sum;
    }

    /**
     * {@code torch.linalg.householder_product(A, tau)}: the first k columns of
     * H_1 ... H_k, H_i = I - tau_i v_i v_i^T, v_i the column i of A below the diagonal with a 1 on it.
     */
    static Tensor householderProduct(Tensor a, Tensor tau) {
        int n = a.size(0), k = a.size(1);
        Device d = a.device();
        Tensor id = eye(n, d);
        Tensor q = id;
        for (int i = 0; i < k; i++) {
            float[] e = new float[n];
            e[i] = 1f;
            Tensor vi = a.narrow(1, i, 1).add(Tensor.fromArray(e, new int[]{n, 1}, d));
            Tensor h = id.sub(vi.matmul(vi.transpose(0, 1)).mul(tau.narrow(0, i, 1)));
            q = q.matmul(h);
        }
        return q.narrow(1, 0, k);
    }

    @Override
    public String toString() {
        return "_Orthogonal()";
    }
}

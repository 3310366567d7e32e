package dev.hookbook.nn.utils;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Module;
import dev.hookbook.tensor.Tensor;

/**
 * Ready-made parametrizations, as PyTorch's {@code torch.nn.utils.parametrizations}, each
 * registered with {@link Parametrize#registerParametrization}, so their state lives under
 * {@code parametrizations.<name>} with PyTorch's keys.
 */
public final class Parametrizations {
    private Parametrizations() {}

    /**
     * Weight normalisation, as torch 2.x's {@code parametrizations.weight_norm(module, name, dim)}:
     * {@code weight = g * v / ||v||}, the norm taken over every dim but {@code dim}
     * ({@code dim = -1}: over the whole tensor, as PyTorch's {@code dim=None}). The state dict
     * holds {@code parametrizations.weight.original0} = g (size 1 on every other dim) and
     * {@code original1} = v, initialised so that the weight is unchanged. As in torch 2.x, a
     * state dict of the older {@code torch.nn.utils.weight_norm} ({@code weight_g},
     * {@code weight_v}, all 1.13 has) loads into it as well.
     */
    public static Module weightNorm(Module module, String name, int dim) {
        int ndim = module.getAttribute(name).dim();
        if (dim < -1 || dim >= ndim) {
            throw new IllegalArgumentException("weightNorm('" + name + "'): expected dim in [0, " + (ndim - 1)
                    + "] or -1 (the whole tensor) for a weight of " + ndim + " dims, got " + dim);
        }
        Parametrize.registerParametrization(module, name, new WeightNorm(dim));
        // torch 2.x's _weight_norm_compat_hook: a checkpoint of the old weight_norm (name_g, name_v) loads too
        module.registerLoadStateDictPreHook((m, state, prefix) -> {
            Tensor g = state.get(prefix + name + "_g"), v = state.get(prefix + name + "_v");
            if (g == null || v == null) return;
            state.remove(prefix + name + "_g");
            state.remove(prefix + name + "_v");
            state.put(prefix + "parametrizations." + name + ".original0", g);
            state.put(prefix + "parametrizations." + name + ".original1", v);
        });
        return module;
    }

    /** {@link #weightNorm(Module, String, int)} with {@code dim = 0}, PyTorch's default. */
    public static Module weightNorm(Module module, String name) {
        return weightNorm(module, name, 0);
    }

    /**
     * Spectral normalisation, as PyTorch 1.13's {@code parametrizations.spectral_norm(module,
     * name, n_power_iterations, eps, dim)}: {@code weight = W / sigma}, sigma the largest
     * singular value of W (as a matrix: {@code dim} first, the rest flattened), estimated by
     * power iteration with the buffers {@code parametrizations.weight.0._u} and {@code _v}:
     * 15 iterations at registration, {@code nPowerIterations} more in every forward in training
     * mode, none in evaluation mode. A 1-D weight is divided by its norm.
     */
    public static Module spectralNorm(Module module, String name, int nPowerIterations, float eps, int dim) {
        Tensor weight = module.getAttribute(name);
        return Parametrize.registerParametrization(module, name, new SpectralNorm(weight, nPowerIterations, dim, eps));
    }

    /** {@link #spectralNorm(Module, String, int, float, int)} with PyTorch's defaults: 1 iteration, eps 1e-12, dim 0. */
    public static Module spectralNorm(Module module, String name) {
        return spectralNorm(module, name, 1, 1e-12f, 0);
    }

    /**
     * An orthogonal weight, as PyTorch 1.13's {@code parametrizations.orthogonal(module, name)}
     * with its defaults (real matrices): the matrix exponential of a skew-symmetric matrix for a
     * square weight, Householder reflectors otherwise, and the trivialization: the buffer
     * {@code parametrizations.weight.0.base} holds the weight made orthogonal at registration
     * and the original starts at minus the identity, so the weight starts as that orthogonal
     * matrix. A weight with more columns than rows gets orthonormal rows.
     */
    public static Module orthogonal(Module module, String name) {
        return Parametrize.registerParametrization(module, name, new Orthogonal(module.getAttribute(name)));
    }

    /** PyTorch's {@code torch.norm_except_dim(v, 2, dim)}: the 2-norm over every dim but {@code dim}, keeping dims. */
    static Tensor normExceptDim(Tensor v, int dim) {
        Tensor sq = v.pow(2f);
        if (dim == -1) return sq.sum().sqrt();
        for (int d = 0; d < v.dim(); d++) if (d != dim) sq = sq.sum(d, true);
        return sq.sqrt();
    }

    /** torch 2.x's {@code _WeightNorm}: forward(g, v) = {@code torch._weight_norm(v, g, dim)}. */
    static final class WeightNorm extends Module implements RightInverse.Multiple {
        final int dim;

        WeightNorm(int dim) {
            this.dim = dim;
        }

        @Override
        protected Tensor forward(Tensor... gv) {
            if (gv.length != 2) throw new IllegalArgumentException("WeightNorm: expected (g, v), got " + gv.length + " tensors");
            return gv[1].mul(gv[0].div(normExceptDim(gv[1], dim)));
        }

        @Override
        public Tensor[] rightInverse(Tensor weight) {
            return new Tensor[]{normExceptDim(weight, dim), weight};
        }

        @Override
        public String extraRepr() {
            return "";
        }

        @Override
        public String toString() {
            return "_WeightNorm()";
        }
    }

    /** PyTorch 1.13's {@code _SpectralNorm}. */
    static final class SpectralNorm extends Module implements RightInverse {
        final int dim;
        final float eps;
        final int nPowerIterations;

        SpectralNorm(Tensor weight, int nPowerIterations, int dim, float eps) {
            int ndim = weight.dim();
            if (dim >= ndim || dim < -ndim) {
                throw new IllegalArgumentException("spectralNorm: dimension out of range (expected to be in range of [-" + ndim
                        + ", " + (ndim - 1) + "] but got " + dim + ")");
            }
            if (nPowerIterations <= 0) {
                throw new IllegalArgumentException("spectralNorm: expected nPowerIterations to be positive, but got "
                        + "nPowerIterations=" + nPowerIterations);
            }
            this.dim = dim >= 0 ? dim : dim + ndim;
            this.eps = eps;
            this.nPowerIterations = nPowerIterations;
            if (ndim > 1) {
                try (var g = Autograd.noGrad()) {
                    Tensor mat = toMatrix(weight.detach());
                    Tensor u = Tensor.randn(mat.size(0)).to(weight.device());
                    Tensor v = Tensor.randn(mat.size(1)).to(weight.device());
                    registerBuffer("_u", normalize(u));
                    registerBuffer("_v", normalize(v));
                    powerMethod(mat, 15);
                }
            }
        }

        /** {@code dim} first, the other dims flattened: [size(dim), rest]. */
        Tensor toMatrix(Tensor weight) {
            Tensor w = weight;
            if (dim != 0) {
                int[] perm = new int[w.dim()];
                perm[0] = dim;
                for (int d = 0, k = 1; d < w.dim(); d++) if (d != dim) perm[k++] = d;
                w = w.permute(perm);
            }
            return w.reshape(w.size(0), (int) (w.numel() / w.size(0)));
        }

        /** F.normalize(x, dim=0, eps): x / max(||x||, eps). */
        Tensor normalize(Tensor x) {
            return x.div(x.pow(2f).sum().sqrt().clamp(eps, Float.MAX_VALUE));
        }

        private void powerMethod(Tensor mat, int iterations) {
            try (var g = Autograd.noGrad()) {
                Tensor m = mat.detach();
                for (int i = 0; i < iterations; i++) {
                    buffer("_u").assign(normalize(mv(m, buffer("_v"))));
                    buffer("_v").assign(normalize(mv(m.transpose(0, 1), buffer("_u"))));
                }
            }
        }

        private static Tensor mv(Tensor m, Tensor v) {
            return m.matmul(v.unsqueeze(1)).squeeze(1);
        }

        @Override
        protected Tensor forward(Tensor weight) {
            if (weight.dim() == 1) return normalize(weight);
            Tensor mat = toMatrix(weight);
            if (isTraining()) powerMethod(mat, nPowerIterations);
            Tensor u = buffer("_u").copy(), v = buffer("_v").copy();
            Tensor sigma = u.mul(mv(mat, v)).sum();
            return weight.div(sigma);
        }

        @Override
        public Tensor rightInverse(Tensor value) {
            return value;
        }

        @Override
        public String toString() {
            return "_SpectralNorm()";
        }
    }
}

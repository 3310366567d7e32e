package dev.hookbook.nn;

import dev.hookbook.tensor.Device;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

import java.util.List;

/**
 * Multi-head attention, as PyTorch's {@code nn.MultiheadAttention(embedDim, numHeads, dropout,
 * batch_first=True)}: {@code call(q, k, v)} or {@code call(q, k, v, mask)} with q [B, L, E] and
 * k, v [B, S, E] returns the attention output [B, L, E].
 *
 * <p>Each head h sees E / numHeads features: {@code softmax(q_h k_h^T / sqrt(E / numHeads) + mask) v_h},
 * after the input projections (blocks of the packed {@code in_proj_weight} [3E, E] and
 * {@code in_proj_bias} [3E], for q, k and v in that order); the heads' outputs, side by side,
 * go through {@code out_proj}. {@code mask} is PyTorch's additive float mask: [L, S] for every
 * batch and head (such as {@link F#causalMask}), [B * numHeads, L, S] per batch and head, or
 * [B, L, S] per batch.
 *
 * <p>The parameters have PyTorch's names, shapes and initialisation ({@code in_proj_weight}
 * xavier-uniform, the biases zero, {@code out_proj.weight} as a Linear's), so a PyTorch state
 * dict loads unchanged.
 *
 * <p><b>Watching the attention weights.</b> {@code call} returns only the output. The weights
 * per head, [B, H, L, S] after the softmax, are what the hook point {@code hook_pattern} sees (see
 * below); they then pass through the child {@code attn_dropout} (an {@link AttentionDropout}), so a
 * forward hook on it captures them too, before and after dropout:
 * <pre>{@code
 * mha.get("attn_dropout").registerForwardHook((m, in, out) -> { seen = in[0]; return null; });
 * }</pre>
 * {@code in[0]} is before dropout, {@code out} after; PyTorch's averaged weights are
 * {@code in[0].mean(1, false)}. The child has no parameters, so the state dict is PyTorch's,
 * and the repr leaves it out, so the repr is PyTorch's too. As in PyTorch, {@code out_proj} is
 * applied as a function of its parameters ({@code F.linear}): hooks on {@code out_proj} never fire.
 *
 * <p><b>Hook points.</b> Every step inside passes through a {@link HookPoint} child, named as in
 * TransformerLens's attention, so a forward hook there reads the value and one that returns a
 * replacement changes the result (zero a head's {@code hook_z} to ablate it):
 * <ul>
 * <li>{@code hook_q} [B, H, L, E / H], {@code hook_k} and {@code hook_v} [B, H, S, E / H]: the
 * projected queries, keys and values, each head's features as its own matrix;</li>
 * <li>{@code hook_scores} [B, H, L, S]: {@code q k^T / sqrt(E / H)}, before the mask and the softmax;</li>
 * <li>{@code hook_pattern} [B, H, L, S]: the weights after the softmax, before {@code attn_dropout};</li>
 * <li>{@code hook_z} [B, H, L, E / H]: each head's weighted values, before the heads are put
 * side by side and go through {@code out_proj}.</li>
 * </ul>
 * Hook points hold nothing and are left out of the repr, like {@code attn_dropout}; unhooked, each
 * returns its input, so they cost nothing but the call. Gradients flow through them as through
 * any module: a backward hook on {@code hook_z} sees d loss / d z.
 */
public class MultiheadAttention extends Module {
    public final int embedDim;
    public final int numHeads;
    public final float dropout;
    /** {@code in_proj_weight}, read by forward; replaceable by a computed tensor (see Module). */
    public Tensor inProjWeight;
    /** {@code in_proj_bias}, read by forward; replaceable as {@link #inProjWeight} is. */
    public Tensor inProjBias;
    public final NonDynamicallyQuantizableLinear outProj;
    public final AttentionDropout attnDropout;
    /** The hook points, in the order forward passes through them (see the class comment). */
    public final HookPoint hookQ, hookK, hookV, hookScores, hookPattern, hookZ;

    public MultiheadAttention(int embedDim, int numHeads) {
        this(embedDim, numHeads, 0f);
    }

    public MultiheadAttention(int embedDim, int numHeads, float dropout) {
        if (embedDim <= 0 || numHeads <= 0 || embedDim % numHeads != 0) {
            throw new IllegalArgumentException("MultiheadAttention(" + embedDim + ", " + numHeads
                    + "): embed_dim must be positive and divisible by num_heads");
        }
        this.embedDim = embedDim;
        this.numHeads = numHeads;
        this.dropout = dropout;
        this.inProjWeight = registerParameter("in_proj_weight", new Parameter(Tensor.empty(new int[]{3 * embedDim, embedDim}, Device.CPU)));
        this.inProjBias = registerParameter("in_proj_bias", new Parameter(Tensor.zeros(3 * embedDim)));
        this.outProj = addModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim));
        this.attnDropout = addModule("attn_dropout", new AttentionDropout(dropout));
        this.hookQ = addModule("hook_q", new HookPoint());
        this.hookK = addModule("hook_k", new HookPoint());
        this.hookV = addModule("hook_v", new HookPoint());
        this.hookScores = addModule("hook_scores", new HookPoint());
        this.hookPattern = addModule("hook_pattern", new HookPoint());
        this.hookZ = addModule("hook_z", new HookPoint());
        resetParameters();
    }

    /** PyTorch's {@code _reset_parameters}: xavier_uniform_ on in_proj_weight, both biases zero. */
    public void resetParameters() {
        Init.xavierUniform_(inProjWeight);
        Init.zeros_(inProjBias);
        Init.zeros_(outProj.bias);
    }

    @Override
    protected Tensor forward(Tensor... xs) {
        if (xs.length != 3 && xs.length != 4) {
            throw new IllegalArgumentException("expected call(query, key, value) or call(query, key, value, mask), got "
                    + xs.length + " inputs");
        }
        Tensor q = xs[0], k = xs[1], v = xs[2], mask = xs.length == 4 ? xs[3] : null;
        checkInputs(q, k, v);
        int b = q.size(0), l = q.size(1), s = k.size(1), e = embedDim, h = numHeads, d = e / h;

        Tensor qh, kh, vh;
        if (q == k && k == v) {
            // Self-attention: one product with the packed weight, cut in three (PyTorch's _in_projection_packed).
            List<Tensor> qkv = F.linear(q, inProjWeight, inProjBias).chunk(3, -1);
            qh = heads(qkv.get(0), b, l);
            kh = heads(qkv.get(1), b, s);
            vh = heads(qkv.get(2), b, s);
        } else {
            qh = heads(F.linear(q, inProjWeight.narrow(0, 0, e), inProjBias.narrow(0, 0, e)), b, l);
            kh = heads(F.linear(k, inProjWeight.narrow(0, e, e), inProjBias.narrow(0, e, e)), b, s);
            vh = heads(F.linear(v, inProjWeight.narrow(0, 2 * e, e), inProjBias.narrow(0, 2 * e, e)), b, s);
        }

        qh = hookQ.call(qh);
        kh = hookK.call(kh);
        vh = hookV.call(vh);
        // F.attentionWeights's steps, spelled out so that the scores before the mask get a hook point.
        Tensor scores = hookScores.call(qh.matmul(kh.transpose(-2, -1)).mul((float) (1.0 / Math.sqrt(d))));
        Tensor additive = perHead(mask, b, l, s);
        if (additive != null) scores = scores.add(additive);
        Tensor weights = hookPattern.call(scores.softmax(-1));
        weights = attnDropout.call(weights);
        Tensor z = hookZ.call(weights.matmul(vh));
        Tensor merged = z.transpose(1, 2).reshape(b, l, e);
        return F.linear(merged, outProj.weight, outProj.bias);
    }

    /** [B, T, E] to [B, H, T, E / H]: each head's features as its own matrix. */
    private Tensor heads(Tensor x, int b, int t) {
        return x.reshape(b, t, numHeads, embedDim / numHeads).transpose(1, 2);
    }

    /** The mask made to broadcast over [B, H, L, S]. */
    private Tensor perHead(Tensor mask, int b, int l, int s) {
        if (mask == null) return null;
        int[] ms = mask.shape();
        if (ms.length == 2 && ms[0] == l && ms[1] == s) return mask;
        if (ms.length == 3 && ms[0] == b * numHeads && ms[1] == l && ms[2] == s) return mask.reshape(b, numHeads, l, s);
        if (ms.length == 3 && ms[0] == b && ms[1] == l && ms[2] == s) return mask.unsqueeze(1);
        throw new IllegalArgumentException("expected a mask [" + l + ", " + s + "], [" + b * numHeads + ", " + l + ", " + s
                + "] or [" + b + ", " + l + ", " + s + "] for query [" + b + ", " + l + ", " + embedDim + "] and key length "
                + s + ", got " + Shape.str(ms));
    }

    private void checkInputs(Tensor q, Tensor k, Tensor v) {
        boolean ok = q.dim() == 3 && k.dim() == 3 && v.dim() == 3
                && q.size(2) == embedDim && k.size(2) == embedDim && v.size(2) == embedDim
                && k.size(0) == q.size(0) && v.size(0) == q.size(0) && v.size(1) == k.size(1);
        if (!ok) {
            throw new IllegalArgumentException("expected query [B, L, " + embedDim + "], key and value [B, S, " + embedDim
                    + "] (batch first), got " + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + " and " + Shape.str(v.shape()));
        }
    }

    /** PyTorch's repr: {@code out_proj} only ({@code attn_dropout}, which holds nothing, is left out). */
    @Override
    public String toString() {
        return "MultiheadAttention(\n  (out_proj): " + outProj + "\n)";
    }

    @Override
    public String describe() {
        return "MultiheadAttention " + embedDim + ", heads=" + numHeads;
    }
}

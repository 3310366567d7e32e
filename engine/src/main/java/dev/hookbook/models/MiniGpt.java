package dev.hookbook.models;

import dev.hookbook.autograd.Autograd;
import dev.hookbook.nn.Embedding;
import dev.hookbook.nn.F;
import dev.hookbook.nn.GELU;
import dev.hookbook.nn.HookPoint;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Sequential;
import dev.hookbook.tensor.Shape;
import dev.hookbook.tensor.Tensor;

/**
 * A small GPT to train and take apart: notebook 07's model as a class, the PyTorch model of
 * {@code tools/golden/gpt_model.py} module for module, so PyTorch's state dict loads unchanged
 * and the repr is PyTorch's. Token and position embeddings, {@code layers} pre-LayerNorm blocks
 * (causal self-attention and a GELU MLP, each a residual step {@code x = x + f(norm(x))}), a
 * final LayerNorm and a linear head: {@code call(tokens [B, T])} returns logits [B, T, vocab].
 *
 * <p>Children, as in PyTorch: {@code tok} (Embedding(vocab, embed)), {@code pos}
 * (Embedding(blockSize, embed)), {@code blocks} (a Sequential of {@link Block}s, each with
 * {@code ln1}, {@code attn} (a {@link MultiheadAttention}), {@code ln2} and {@code mlp} =
 * Sequential(Linear(embed, 4 embed), GELU, Linear(4 embed, embed))), {@code ln} and {@code head}.
 *
 * <p><b>Hook points</b>, named as in TransformerLens, so its recipes read the same (a
 * {@link HookPoint} holds nothing: the state dict and the repr do not show them):
 * <ul>
 * <li>{@code hook_embed} [B, T, embed] (the token embeddings) and {@code hook_pos_embed} [T, embed]
 * (the position embeddings, before they are added);</li>
 * <li>per block N: {@code blocks.N.hook_resid_pre} (the residual stream coming in),
 * {@code blocks.N.hook_attn_out} (what attention adds), {@code blocks.N.hook_resid_mid} (after
 * attention's residual step), {@code blocks.N.hook_mlp_out} (what the MLP adds) and
 * {@code blocks.N.hook_resid_post} (the block's output), all [B, T, embed];</li>
 * <li>in the MLP, {@code blocks.N.mlp.hook_pre} (after the first Linear, before GELU) and
 * {@code blocks.N.mlp.hook_post} (after GELU), both [B, T, 4 embed]: the MLP is a Sequential
 * whose children are, in order, {@code 0}, {@code hook_pre}, {@code 1}, {@code hook_post},
 * {@code 2} (PyTorch's Sequential may have named children too), so it runs through them and
 * its parameters keep PyTorch's names {@code mlp.0.weight} and {@code mlp.2.weight}
 * ({@code size()} and {@code get(int)} count the three layers only; iterating over it visits the
 * hook points too);</li>
 * <li>in attention, {@code blocks.N.attn.hook_q}, {@code hook_k}, {@code hook_v},
 * {@code hook_scores}, {@code hook_pattern} and {@code hook_z} (see {@link MultiheadAttention}).</li>
 * </ul>
 *
 * <p>Token ids are float tensors of whole numbers, the engine's convention for indices
 * ({@code Embedding}'s input).
 */
public class MiniGpt extends Module {

    /**
     * The model's sizes: {@code vocab} tokens, at most {@code blockSize} of them at once,
     * vectors of {@code embed} features, {@code heads} attention heads (dividing {@code embed})
     * and {@code layers} blocks.
     */
    public record Config(int vocab, int blockSize, int embed, int heads, int layers) {
        public Config {
            if (vocab <= 0 || blockSize <= 0 || embed <= 0 || heads <= 0 || layers <= 0 || embed % heads != 0) {
                throw new IllegalArgumentException("MiniGpt.Config: expected positive sizes with embed divisible by heads, got vocab "
                        + vocab + ", blockSize " + blockSize + ", embed " + embed + ", heads " + heads + ", layers " + layers);
            }
        }
    }

    /**
     * A pre-LayerNorm transformer block, GPT-2's arrangement: {@code x + attn(ln1(x))} with a
     * causal mask, then {@code x + mlp(ln2(x))}. Its hook points are listed on {@link MiniGpt}.
     */
    public static class Block extends Module {
        public final HookPoint hookResidPre;
        public final LayerNorm ln1;
        public final MultiheadAttention attn;
        public final HookPoint hookAttnOut;
        public final HookPoint hookResidMid;
        public final LayerNorm ln2;
        public final Sequential mlp;
        public final HookPoint hookMlpOut;
        public final HookPoint hookResidPost;

        public Block(int embed, int heads) {
            // Children in PyTorch's order (which fixes the random initial weights); hook points take no random numbers.
            hookResidPre = addModule("hook_resid_pre", new HookPoint());
            ln1 = addModule("ln1", new LayerNorm(embed));
            attn = addModule("attn", new MultiheadAttention(embed, heads));
            hookAttnOut = addModule("hook_attn_out", new HookPoint());
            hookResidMid = addModule("hook_resid_mid", new HookPoint());
            ln2 = addModule("ln2", new LayerNorm(embed));
            mlp = addModule("mlp", mlp(embed));
            hookMlpOut = addModule("hook_mlp_out", new HookPoint());
            hookResidPost = addModule("hook_resid_post", new HookPoint());
        }

        /** Sequential(Linear, GELU, Linear) with the hook points hook_pre and hook_post between them. */
        private static Sequential mlp(int embed) {
            Sequential mlp = new Sequential(new Linear(embed, 4 * embed));
            mlp.addModule("hook_pre", new HookPoint());
            mlp.append(new GELU());
            mlp.addModule("hook_post", new HookPoint());
            return mlp.append(new Linear(4 * embed, embed));
        }

        @Override
        protected Tensor forward(Tensor x) {
            x = hookResidPre.call(x);                                   // [B, T, embed]
            Tensor mask = F.causalMask(x.size(1)).to(x.device());      // 0 on and below the diagonal, -inf above
            Tensor h = ln1.call(x);
            x = hookResidMid.call(x.add(hookAttnOut.call(attn.call(h, h, h, mask))));   // queries, keys, values from h
            return hookResidPost.call(x.add(hookMlpOut.call(mlp.call(ln2.call(x)))));
        }
    }

    public final Config config;
    public final Embedding tok;
    public final Embedding pos;
    public final Sequential blocks;
    public final LayerNorm ln;
    public final Linear head;
    public final HookPoint hookEmbed;
    public final HookPoint hookPosEmbed;

    public MiniGpt(Config config) {
        this.config = config;
        tok = addModule("tok", new Embedding(config.vocab(), config.embed()));
        pos = addModule("pos", new Embedding(config.blockSize(), config.embed()));
        hookEmbed = addModule("hook_embed", new HookPoint());
        hookPosEmbed = addModule("hook_pos_embed", new HookPoint());
        Module[] stack = new Module[config.layers()];
        for (int i = 0; i < stack.length; i++) stack[i] = new Block(config.embed(), config.heads());
        blocks = addModule("blocks", new Sequential(stack));
        ln = addModule("ln", new LayerNorm(config.embed()));
        head = addModule("head", new Linear(config.embed(), config.vocab()));
    }

    /** tokens [B, T] (float token ids, T at most blockSize) to logits [B, T, vocab]: the scores for the next token. */
    @Override
    protected Tensor forward(Tensor tokens) {                      // [B, T] character indices
        if (tokens.dim() != 2 || tokens.size(1) < 1 || tokens.size(1) > config.blockSize()) {
            throw new IllegalArgumentException("expected token ids [B, T] with 1 <= T <= " + config.blockSize()
                    + " (the block size), got " + Shape.str(tokens.shape()));
        }
        Tensor positions = Tensor.arange(0, tokens.size(1)).to(tokens.device());
        Tensor x = hookEmbed.call(tok.call(tokens)).add(hookPosEmbed.call(pos.call(positions)));   // [B, T, embed]
        return head.call(ln.call(blocks.call(x)));                  // [B, T, vocab]: scores for the next character
    }

    /**
     * {@code prompt} [B, T] (or [T]) continued by {@code steps} tokens, one at a time, as nanoGPT's
     * {@code generate}: each step reads the last {@code blockSize} tokens, divides the last
     * position's logits by {@code temperature}, keeps the {@code topK} highest (all when
     * {@code topK} is 0 or more than the vocabulary) and draws from their softmax with the global
     * generator ({@code Hookbook.manualSeed}). Temperature 0 is greedy: the highest logit each
     * step. Runs without gradients and in eval mode (the mode is restored after). Returns
     * [B, T + steps] (or [T + steps]).
     */
    public Tensor generate(Tensor prompt, int steps, float temperature, int topK) {
        if (prompt.dim() == 1) return generate(prompt.reshape(1, prompt.size(0)), steps, temperature, topK).reshape(-1);
        if (prompt.dim() != 2 || prompt.size(1) < 1) {
            throw new IllegalArgumentException("MiniGpt.generate: expected a prompt of token ids [B, T] or [T] with T >= 1, got "
                    + Shape.str(prompt.shape()));
        }
        if (steps < 0 || !(temperature >= 0f) || topK < 0) {
            throw new IllegalArgumentException("MiniGpt.generate: expected steps >= 0, temperature >= 0 and topK >= 0, got steps "
                    + steps + ", temperature " + temperature + ", topK " + topK);
        }
        boolean wasTraining = isTraining();
        eval();
        try (var g = Autograd.noGrad()) {
            Tensor out = prompt;
            int b = prompt.size(0);
            for (int step = 0; step < steps; step++) {
                int t = out.size(1), window = Math.min(t, config.blockSize());
                Tensor logits = call(out.narrow(1, t - window, window));
                Tensor last = logits.narrow(1, window - 1, 1).reshape(b, config.vocab());    // [B, vocab]
                out = Tensor.cat(1, out, next(last, temperature, topK).to(out.device()));
            }
            return out;
        } finally {
            train(wasTraining);
        }
    }

    /** One token per row of logits [B, vocab], as [B, 1]. */
    private Tensor next(Tensor logits, float temperature, int topK) {
        int b = logits.size(0);
        if (temperature == 0f) return logits.argmax(1).reshape(b, 1);
        int k = topK == 0 ? config.vocab() : Math.min(topK, config.vocab());
        Tensor scaled = logits.div(temperature);
        Tensor best = scaled.topk(k, 1);                      // [B, k], highest first
        Tensor which = scaled.topkIndices(k, 1);              // the tokens they belong to
        Tensor pick = best.softmax(1).multinomial(1).to(which.device());   // [B, 1]: a position among the k
        return which.gather(1, pick);
    }

    // ------------------------------------------------------------------ the logit lens

    /**
     * The logit lens: the residual stream after each layer read out as logits, by passing it
     * through the final {@code ln} and the {@code head} as if the model ended there. Returns
     * {@code [layers + 1, B, T, vocab]}: row 0 is {@code blocks.0.hook_resid_pre} (the embeddings),
     * row {@code l + 1} is {@code blocks.l.hook_resid_post}; the last row is the model's logits.
     * TransformerLens spells it {@code cache.accumulated_resid(apply_ln=True)} then
     * {@code @ model.W_U}; its {@code apply_ln_to_stack} divides every layer by the final
     * residual's LayerNorm scale (to keep the map linear), while here each layer is normalised
     * by its own statistics, as nostalgebraist's logit lens does, so each row is exactly what
     * the head would say after that layer. {@code cache} comes from
     * {@code Interp.runWithCache(model, tokens)} (or a filter keeping those names); the
     * LayerNorm and head run as functions, without hooks and without recording a graph.
     */
    public Tensor logitLens(dev.hookbook.interp.ActivationCache cache) {
        Tensor[] resid = new Tensor[config.layers() + 1];
        resid[0] = cache.get("blocks.0.hook_resid_pre");
        for (int l = 0; l < config.layers(); l++) resid[l + 1] = cache.get("blocks." + l + ".hook_resid_post");
        try (var g = Autograd.noGrad()) {
            Tensor stacked = Tensor.stack(0, resid).to(head.weight.device());                  // [layers + 1, B, T, embed]
            Tensor normed = F.layerNorm(stacked, new int[]{config.embed()}, ln.weight, ln.bias, ln.eps);
            return F.linear(normed, head.weight, head.bias);                                 // [layers + 1, B, T, vocab]
        }
    }

    @Override
    public String describe() {
        return "MiniGpt vocab=" + config.vocab() + ", block=" + config.blockSize() + ", embed=" + config.embed()
                + ", heads=" + config.heads() + ", layers=" + config.layers();
    }
}

package dev.hookbook.viz;

import dev.hookbook.nn.Embedding;
import dev.hookbook.nn.F;
import dev.hookbook.nn.GELU;
import dev.hookbook.nn.LayerNorm;
import dev.hookbook.nn.Linear;
import dev.hookbook.nn.Module;
import dev.hookbook.nn.MultiheadAttention;
import dev.hookbook.nn.Sequential;
import dev.hookbook.optim.AdamW;
import dev.hookbook.optim.CosineAnnealingLR;
import dev.hookbook.tensor.Tensor;

/**
 * A small GPT built from nn layers, as notebook 07's (tools/golden/gpt_model.py): token and
 * position embeddings, pre-LayerNorm blocks of causal self-attention and a GELU MLP, a final
 * LayerNorm and a linear head. Its parameter names are the notebook's, so the charts of a
 * monitor on it show what a learner sees there, with as many blocks as wanted.
 */
final class TinyGpt extends Module {
    final int vocab;
    final int blockSize;

    TinyGpt(int vocab, int blockSize, int embed, int heads, int layers) {
        this.vocab = vocab;
        this.blockSize = blockSize;
        addModule("tok", new Embedding(vocab, embed));
        addModule("pos", new Embedding(blockSize, embed));
        Module[] blocks = new Module[layers];
        for (int i = 0; i < layers; i++) blocks[i] = new Block(embed, heads);
        addModule("blocks", new Sequential(blocks));
        addModule("ln", new LayerNorm(embed));
        addModule("head", new Linear(embed, vocab));
    }

    @Override
    protected Tensor forward(Tensor idx) {
        int t = idx.shape()[1];
        Tensor x = get("tok").call(idx).add(get("pos").call(Tensor.arange(t)));
        return get("head").call(get("ln").call(get("blocks").call(x)));
    }

    static final class Block extends Module {
        Block(int embed, int heads) {
            addModule("ln1", new LayerNorm(embed));
            addModule("attn", new MultiheadAttention(embed, heads));
            addModule("ln2", new LayerNorm(embed));
            addModule("mlp", new Sequential(new Linear(embed, 4 * embed), new GELU(), new Linear(4 * embed, embed)));
        }

        @Override
        protected Tensor forward(Tensor x) {
            Tensor h = get("ln1").call(x);
            x = x.add(get("attn").call(h, h, h, F.causalMask(x.shape()[1])));
            return x.add(get("mlp").call(get("ln2").call(x)));
        }
    }

    /**
     * Trains {@code model} for {@code steps} steps on random tokens (next token = token + 1, mod
     * vocab, so there is something to learn) with AdamW and a cosine schedule that reaches 0 at
     * the last step, as notebook 07 does; the monitor logs each step's loss.
     */
    static void train(TinyGpt model, int steps, int batch, Monitor monitor) {
        var opt = new AdamW(model.parameters(), 3e-3f);
        var schedule = new CosineAnnealingLR(opt, steps);
        for (int s = 0; s < steps; s++) {
            Tensor x = Tensor.randint(0, model.vocab, batch, model.blockSize);
            Tensor y = x.add(1f).sub(x.add(1f).ge((float) model.vocab).mul((float) model.vocab));
            Tensor logits = model.call(x);
            Tensor loss = F.crossEntropy(logits.reshape(-1, model.vocab), y.reshape(-1));
            opt.zeroGrad();
            loss.backward();
            opt.step();
            schedule.step();
            monitor.logLoss(loss);
        }
    }
}

#!/usr/bin/python3
"""The training run of notebook 07 ("Inside a transformer") in PyTorch, to time it on the same machine.

Same text, model, batches, optimizer, schedule and steps as the notebook:

- the lowercase a-z words of /usr/share/dict/words (Debian's wamerican), one per line; the
  characters numbered in sorted order ('\\n' first), every window of BLOCK characters a sample
  and the same window one character later its target;
- a GPT of token and position embeddings, LAYERS pre-LayerNorm blocks (causal self-attention
  and a GELU MLP, each with a residual connection), a final LayerNorm and a linear head;
- AdamW (PyTorch's defaults: weight decay 0.01), the learning rate falling on a cosine from
  LR to 0 over the steps, the gradient norm clipped at 1, batches of BATCH windows drawn
  from a shuffled order as the notebook's DataLoader draws them.

OMP_WAIT_POLICY is PASSIVE unless set: on a machine shared with other work, OpenMP threads
that spin while they wait take the cores from each other and from the rest (here 100 steps took
32 s with the default policy and 1 s with PASSIVE, on 2 threads at a load of 8).

Only the training loop is timed (as the notebook times its own). The random numbers are
PyTorch's, so the loss is close to the notebook's, not equal. Prints one line per 100 steps and
then a summary line with the time, the training loss (the mean of the last 100 steps) and the
loss on the words set aside.

Usage: /usr/bin/python3 bench/gpt_peer.py [--threads 2] [--steps N] [--words FILE]
"""
import argparse
import math
import os
import re
import sys
import time

BLOCK, EMBED, HEADS, LAYERS = 16, 64, 4, 2
BATCH, STEPS, LR = 32, 2000, 3e-3


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=STEPS)
    p.add_argument("--words", default="/usr/share/dict/words")
    return p.parse_args()


args = parse_args()
# Set before torch loads, so its OpenMP and BLAS pools start with this many threads.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# The model is the one the GPT fixture uses (tools/golden/gpt_model.py).
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tools", "golden"))
from gpt_model import TinyGpt  # noqa: E402

torch.set_num_threads(args.threads)


def load_texts(path):
    """The notebook's texts: the words of only lowercase a-z, each followed by a newline; every tenth set aside."""
    with open(path, encoding="utf-8") as f:
        words = [w for w in f.read().split("\n") if re.fullmatch(r"[a-z]+", w)]
    train = "".join(w + "\n" for i, w in enumerate(words) if i % 10 != 9)
    valid = "".join(w + "\n" for i, w in enumerate(words) if i % 10 == 9)
    return train, valid, len(words)


def batches(data, steps):
    """BATCH windows at a time, from a fresh shuffled order of all start positions each epoch."""
    samples = len(data) - BLOCK
    offsets = torch.arange(BLOCK + 1)
    done = 0
    while True:
        order = torch.randperm(samples)
        for start in range(0, samples - BATCH + 1, BATCH):
            windows = data[order[start:start + BATCH, None] + offsets]
            yield windows[:, :-1], windows[:, 1:]
            done += 1
            if done == steps:
                return


def main():
    torch.manual_seed(0)
    text, valid_text, words = load_texts(args.words)
    vocabulary = sorted(set(text))
    index = {c: i for i, c in enumerate(vocabulary)}
    data = torch.tensor([index[c] for c in text], dtype=torch.long)
    valid = torch.tensor([index[c] for c in valid_text], dtype=torch.long)
    vocab = len(vocabulary)

    model = TinyGpt(vocab, BLOCK, EMBED, HEADS, LAYERS)
    opt = torch.optim.AdamW(model.parameters(), lr=LR)
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(opt, args.steps)
    losses = []
    start = time.perf_counter()
    for step, (x, y) in enumerate(batches(data, args.steps), 1):
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        schedule.step()
        losses.append(loss.item())
        if step % 100 == 0:
            print(f"step {step}: loss {sum(losses[-100:]) / len(losses[-100:]):.3f}", flush=True)
    seconds = time.perf_counter() - start
    last = losses[-100:]
    # The notebook's measure: the words set aside, cut into windows that do not overlap.
    starts = torch.arange(0, len(valid) - BLOCK, BLOCK)[:, None] + torch.arange(BLOCK + 1)
    windows = valid[starts]
    model.eval()
    with torch.no_grad():
        valid_loss = F.cross_entropy(model(windows[:, :-1]).reshape(-1, vocab), windows[:, 1:].reshape(-1)).item()
    print(f"pytorch {torch.__version__}, {torch.get_num_threads()} threads: {words} words, "
          f"{sum(p.numel() for p in model.parameters())} parameters, {args.steps} steps of {BATCH} x {BLOCK} "
          f"in {seconds:.1f} s ({args.steps / seconds:.1f} steps/s), loss {sum(last) / len(last):.3f} "
          f"(mean of the last {len(last)} steps; ln {vocab} = {math.log(vocab):.3f} at the start), "
          f"loss on the words set aside {valid_loss:.3f}")


if __name__ == "__main__":
    sys.exit(main())

"""The small GPT of notebook 07 ("Inside a transformer") in PyTorch, for the GPT fixture
(`make_gpt_fixture.py`) and the PyTorch timing of the notebook's training run (`bench/gpt_peer.py`).

Token and position embeddings, `layers` pre-LayerNorm blocks (causal self-attention and a GELU
MLP, each with a residual connection), a final LayerNorm and a linear head. The class names are
the ones the fixture's `repr(model)` records, and the modules are made in the order that fixes
which random numbers each parameter gets, so keep both.
"""
import torch
import torch.nn as nn


class Block(nn.Module):
    def __init__(self, embed, heads):
        super().__init__()
        self.ln1 = nn.LayerNorm(embed)
        self.attn = nn.MultiheadAttention(embed, heads, batch_first=True)
        self.ln2 = nn.LayerNorm(embed)
        self.mlp = nn.Sequential(nn.Linear(embed, 4 * embed), nn.GELU(), nn.Linear(4 * embed, embed))

    def forward(self, x):
        t = x.shape[1]
        # The mask in the input's dtype, so the float64 copy of the fixture's model runs too.
        mask = torch.triu(torch.full((t, t), float("-inf"), dtype=x.dtype), diagonal=1)
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.mlp(self.ln2(x))


class TinyGpt(nn.Module):
    def __init__(self, vocab, block, embed, heads, layers):
        super().__init__()
        self.tok = nn.Embedding(vocab, embed)
        self.pos = nn.Embedding(block, embed)
        self.blocks = nn.Sequential(*[Block(embed, heads) for _ in range(layers)])
        self.ln = nn.LayerNorm(embed)
        self.head = nn.Linear(embed, vocab)

    def forward(self, idx):
        x = self.tok(idx) + self.pos(torch.arange(idx.shape[1]))
        return self.head(self.ln(self.blocks(x)))

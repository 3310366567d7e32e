#!/usr/bin/python3
"""Writes the safetensors fixtures that SafetensorsTest reads.

The files are produced from PyTorch tensors by a small writer that follows the
reference safetensors writer (huggingface/safetensors, safetensors/src/tensor.rs,
`prepare`) rule for rule, so the fixtures look exactly like `save_file` output
without needing the safetensors package:

- tensors sorted by descending dtype alignment (the order of the `Dtype` enum),
  then by name, compared as UTF-8 bytes;
- compact JSON (no spaces), `__metadata__` first, each entry's fields in the
  order dtype, shape, data_offsets; non-ASCII written as raw UTF-8;
- the header padded with spaces to a multiple of 8 bytes;
- data little-endian, row-major, contiguous in header order.

Outputs (in engine/src/test/resources/io/):
- pytorch_mixed.safetensors: one tensor per dtype Hookbook reads, plus a 0-rank
  and an empty tensor, with metadata {"format": "pt"};
- pytorch_mixed_expected.json: for each tensor its dtype, shape and the float32
  bit patterns torch itself gets from `.to(torch.float32)`;
- pytorch_f32.safetensors: float32 tensors only, whose names test sorting and
  escaping; Hookbook's writer must reproduce it byte for byte.

Run from anywhere: /usr/bin/python3 tools/golden/make_safetensors_fixture.py
"""
import json
import math
import pathlib
import struct
import sys

import torch

OUT = pathlib.Path(__file__).resolve().parents[2] / "engine/src/test/resources/io"

# Same order as the reference Dtype enum: increasing alignment.
DTYPE_ORDER = ["BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2", "F8_E4M3", "F8_E8M0",
               "F8_E4M3FNUZ", "F8_E5M2FNUZ", "I16", "U16", "F16", "BF16", "I32", "U32", "F32",
               "C64", "F64", "I64", "U64"]

TORCH_TO_ST = {
    torch.bool: "BOOL", torch.uint8: "U8", torch.int8: "I8", torch.int16: "I16",
    torch.float16: "F16", torch.bfloat16: "BF16", torch.int32: "I32", torch.float32: "F32",
    torch.float64: "F64", torch.int64: "I64",
}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:          # numpy has no bfloat16: reinterpret the bits
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def serialize(tensors, metadata=None):
    """The bytes the reference writer produces for `tensors` (name -> torch tensor)."""
    assert sys.byteorder == "little", "raw_bytes assumes a little-endian machine"
    items = sorted(tensors.items(),
                   key=lambda kv: (-DTYPE_ORDER.index(TORCH_TO_ST[kv[1].dtype]), kv[0].encode("utf-8")))
    header = {}
    if metadata is not None:
        header["__metadata__"] = metadata
    data = []
    offset = 0
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {"dtype": TORCH_TO_ST[t.dtype], "shape": list(t.shape),
                        "data_offsets": [offset, offset + len(b)]}
        offset += len(b)
        data.append(b)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(data)


def mixed():
    return {
        "fc.weight": torch.arange(12, dtype=torch.float32).reshape(3, 4) / 4 - 1.5,
        "fc.bias": torch.tensor([0.1, -0.2, 0.3], dtype=torch.float32),
        "half": torch.tensor([[0.5, -2.0, 65504.0, 6e-8], [1e-4, -0.0, math.inf, math.nan]],
                             dtype=torch.float16),
        "brain": torch.tensor([1.0, -3.140625, 1e30], dtype=torch.bfloat16),
        "double": torch.tensor([1 / 3, 1e300, -2.5], dtype=torch.float64),
        "long": torch.tensor([-3, 0, 2 ** 40, 2 ** 53 + 1], dtype=torch.int64),
        "int32": torch.tensor([-7, 2 ** 31 - 1], dtype=torch.int32),
        "int16": torch.tensor([-32768, 1234], dtype=torch.int16),
        "int8": torch.tensor([-128, 0, 127], dtype=torch.int8),
        "uint8": torch.tensor([0, 200, 255], dtype=torch.uint8),
        "mask": torch.tensor([[True, False], [False, True]]),
        # A 0-rank int64, like BatchNorm's num_batches_tracked in a PyTorch state dict.
        "bn.num_batches_tracked": torch.tensor(42, dtype=torch.int64),
        "empty": torch.zeros(0, 3, dtype=torch.float32),
    }


def f32_only():
    # "\uff21" (fullwidth A) and "\U0001F600" (an emoji) sort differently as UTF-8 and as
    # UTF-16; the quote, backslash and newline test JSON escaping.
    return {
        "b": torch.tensor([1.0, 2.0]),
        "a.weight": torch.tensor([[0.25, -0.5], [0.75, 1.0]]),
        "a.bias": torch.tensor([-1.5, 1e-3]),
        "Z": torch.tensor(3.5),
        "\u00e9": torch.tensor([7.0]),
        "\uff21": torch.tensor([8.0]),
        "\U0001F600": torch.tensor([9.0]),
        'odd "name"\\with\nescapes': torch.tensor([10.0]),
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    tensors = mixed()
    (OUT / "pytorch_mixed.safetensors").write_bytes(serialize(tensors, {"format": "pt"}))
    expected = {
        name: {"dtype": TORCH_TO_ST[t.dtype], "shape": list(t.shape),
               "float32_bits": t.to(torch.float32).reshape(-1).view(torch.int32).tolist()}
        for name, t in tensors.items()
    }
    (OUT / "pytorch_mixed_expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    (OUT / "pytorch_f32.safetensors").write_bytes(serialize(f32_only(), {"format": "pt"}))
    print("wrote fixtures to", OUT)


if __name__ == "__main__":
    main()

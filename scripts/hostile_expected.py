#!/usr/bin/env python3
"""Expected ids for HostileInputTests (Tests/TokenizerKitTests/HostileInputTests.swift), from the reference.

Prints, per tokenizer of ../shared/vocab and per input, the number of ids and the FNV-1a 64 digest of the ids
(each id as 4 little-endian bytes), the two values the tests compare. Needs python3 `tokenizers` 0.23.3.

    python3 scripts/hostile_expected.py [../shared/vocab]
"""
import sys
from tokenizers import Tokenizer

VOCAB = sys.argv[1] if len(sys.argv) > 1 else "../shared/vocab"
NAMES = ["gpt2", "bert-base-uncased", "t5-small"]


def fnv1a(ids):
    h = 0xCBF29CE484222325
    for i in ids:
        for b in i.to_bytes(4, "little"):
            h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def letters(count):
    """`count` lowercase letters from a 64-bit LCG (Knuth's MMIX constants), as `HostileInputTests.letters` makes them."""
    x, out = 1, bytearray(count)
    for k in range(count):
        x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
        out[k] = 97 + (x >> 33) % 26
    return out.decode()


INPUTS = [("a", "a" * 1_000_000), ("'s", "'s" * 1_000_000), ("U+0301", "\u0301" * 1_000_000),
          ("letters(8_000_000)", letters(8_000_000))]

for name in NAMES:
    tokenizer = Tokenizer.from_file(f"{VOCAB}/{name}/tokenizer.json")
    for label, text in INPUTS:
        ids = tokenizer.encode(text).ids
        print(f'("{name}", "{label}", {len(ids)}, 0x{fnv1a(ids)}),', flush=True)

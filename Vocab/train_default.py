#!/usr/bin/env python3
"""Trains Vocab/tokenizerkit-default.json, the built-in vocabulary of `tok` and `Tokenizer.default`.

  python3 Vocab/train_default.py [--shared DIR] [--check]

A GPT-2-style byte-level BPE (ByteLevel pre-tokenizer, post-processor and decoder, offsets trimmed, one
special token <|endoftext|>), 16,000 tokens, trained with the reference library's own trainer
(`pip install tokenizers==0.23.3`) on about 20 MB of public-domain English: every second file, in name
order, of shared/corpus/english (Project Gutenberg texts; see shared/corpus/MANIFEST.md), whole files until
20,000,000 bytes. Lines are fed in file order. The trainer is deterministic for this configuration (no
subword prefix or word suffix); `--check` trains twice and compares, to prove it again.
"""
import argparse
import hashlib
import json
import os
import sys

import tokenizers
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers

REFERENCE_VERSION = "0.23.3"
VOCAB_SIZE = 16_000
CORPUS_BYTES = 20_000_000
HERE = os.path.dirname(os.path.abspath(__file__))
OUTPUT = os.path.join(HERE, "tokenizerkit-default.json")


def sources(shared):
    directory = os.path.join(shared, "corpus", "english")
    names = sorted(n for n in os.listdir(directory) if n.endswith(".txt"))[::2]
    picked, total = [], 0
    for name in names:
        if total >= CORPUS_BYTES:
            break
        size = os.path.getsize(os.path.join(directory, name))
        picked.append((name, size))
        total += size
    return directory, picked


def lines(directory, picked):
    for name, _ in picked:
        with open(os.path.join(directory, name), "rb") as f:
            for raw in f.read().split(b"\n"):
                yield raw.decode("utf-8")


def train(directory, picked):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    tokenizer.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, min_frequency=2, show_progress=False,
                                  special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(lines(directory, picked), trainer)
    return tokenizer.to_str()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.dirname(HERE)), "shared"))
    ap.add_argument("--check", action="store_true", help="train twice and require identical output")
    a = ap.parse_args()
    if tokenizers.__version__ != REFERENCE_VERSION:
        sys.exit(f"need tokenizers=={REFERENCE_VERSION} (found {tokenizers.__version__})")
    directory, picked = sources(a.shared)
    text = train(directory, picked)
    if a.check and train(directory, picked) != text:
        sys.exit("the trainer gave two different results")
    # Compact JSON with one top-level field per line: small, and diffs stay readable.
    config = json.loads(text)
    body = ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False, separators=(',', ':'))}"
                      for k, v in config.items())
    data = ("{\n" + body + "\n}\n").encode("utf-8")
    Tokenizer.from_str(data.decode("utf-8"))  # the reference loads what we write
    with open(OUTPUT, "wb") as f:
        f.write(data)
    print(f"{OUTPUT}: {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()}")
    print(f"trained on {sum(s for _, s in picked)} bytes from {len(picked)} files:")
    for name, size in picked:
        print(f"  corpus/english/{name} ({size} bytes)")


if __name__ == "__main__":
    main()

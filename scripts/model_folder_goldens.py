#!/usr/bin/env python3
"""Goldens for ModelFolderTests.swift: what transformers' AutoTokenizer makes of every shared model folder.

  python3 scripts/model_folder_goldens.py [--shared DIR] [--lines-per-category N] [-o FILE]

Needs transformers==5.25.0 and tokenizers==0.23.3 (no torch, no sentencepiece) and the shared folders
(default: ../shared beside the repository). For every directory of shared/vocab holding a tokenizer.json it
calls `AutoTokenizer.from_pretrained(folder)` (never with trust_remote_code) and records:

  class                 the tokenizer class AutoTokenizer chose
  special_tokens        bos/eos/unk/sep/pad/cls/mask: {"content", "id"} or null
  extra_special_tokens  the other named or listed special tokens, with their ids
  added_tokens          the backend's added vocabulary in id order, each as
                        [id, content, single_word, lstrip, rstrip, normalized, special]
  add_bos_token, add_eos_token, clean_up_tokenization_spaces, model_max_length (null for "no limit")
  eos_token_ids         generation_config.json's eos_token_id as a list (null without the file)
  chat_templates        {"default": ..., name: ...} (null without any)
  samples               for every sample line: input_ids of tokenizer(line) as "ids", decode(ids) with
                        transformers' defaults as "decoded" (left out when it equals the line), and
                        decode(ids, skip_special_tokens=True) as "decoded_skipping" (left out when it
                        equals "decoded")

Folders that AutoTokenizer refuses go to "refused" with the exception's type and first line.

The sample lines: N lines (default 30) from each of shared/corpus's english, multilingual, code and edge
directories, picked by a fixed seed round-robin over the files (some of them the longest line of their
file), cut to 2000 characters; then hand-written lines for the decode-time rules (" ." clean-up, CLIP's
</w>, Whisper's <|1.00|> timestamps, special tokens written in the text, leading spaces).
"""
import argparse
import hashlib
import json
import logging
import os
import random
import sys

import tokenizers
import transformers
from transformers import AutoTokenizer

CATEGORIES = ["english", "multilingual", "code", "edge"]
MAX_CHARS = 2000
NAMED = ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]
VERY_LARGE = int(1e30)

HANDWRITTEN = [
    "Hello world , it 's a test . Is n't it ? Yes !",
    "  two leading spaces, and   runs   of spaces  ",
    "Don't stop ' quoted ' words ; they 're here , we 've seen 'm .",
    "<s> Special </s> tokens <unk> [CLS] x [SEP] [MASK] <|endoftext|> <|startoftext|> <pad> <bos> <eos>",
    "tag </w> inside, <|1.00|> and <|12.50|>timestamps<|0.00|>",
    "<|startofprev|> prompt <|startoftranscript|> text",
    "tabs\tand\t\ttwo\n",
    "Ünïcödé façade naïve — “quotes” 你好 🙂 👩‍💻",
]


def sample_lines(corpus, per_category, seed=1234):
    rng = random.Random(seed)
    picked = []
    for category in CATEGORIES:
        directory = os.path.join(corpus, category)
        files = sorted(f for f in os.listdir(directory) if f.endswith(".txt"))
        rng.shuffle(files)
        count = 0
        index = 0
        while count < per_category and files:
            name = files[index % len(files)]
            index += 1
            with open(os.path.join(directory, name), "rb") as handle:
                raw = handle.read()
            lines = [l for l in raw.split(b"\n") if l.strip()]
            if not lines:
                files.remove(name)
                continue
            if count % 10 == 3:
                number, line = max(enumerate(lines), key=lambda p: len(p[1]))
            else:
                number = rng.randrange(len(lines))
                line = lines[number]
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            text = text[:MAX_CHARS]
            picked.append({"source": f"{category}/{name}", "text": text})
            count += 1
    for text in HANDWRITTEN:
        picked.append({"source": "handwritten", "text": text})
    return picked


def token_entry(tokenizer, token):
    if token is None:
        return None
    content = str(token)
    return {"content": content, "id": tokenizer.convert_tokens_to_ids(content)}


def eos_ids(folder):
    path = os.path.join(folder, "generation_config.json")
    if not os.path.isfile(path):
        return None
    with open(path, encoding="utf-8") as handle:
        value = json.load(handle).get("eos_token_id")
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def describe(folder, tokenizer, lines):
    special = {name: token_entry(tokenizer, getattr(tokenizer, name, None)) for name in NAMED}
    extras = [token_entry(tokenizer, t) for t in tokenizer.extra_special_tokens] if isinstance(
        tokenizer.extra_special_tokens, list) else [token_entry(tokenizer, t) for t in tokenizer.extra_special_tokens.values()]
    backend = json.loads(tokenizer.backend_tokenizer.to_str())
    added = [[t["id"], t["content"], t["single_word"], t["lstrip"], t["rstrip"], t["normalized"], t["special"]]
             for t in sorted(backend.get("added_tokens", []), key=lambda t: t["id"])]
    templates = tokenizer.chat_template
    if isinstance(templates, str):
        templates = {"default": templates}
    samples = []
    for line in lines:
        ids = tokenizer(line["text"])["input_ids"]
        decoded = tokenizer.decode(ids)
        skipping = tokenizer.decode(ids, skip_special_tokens=True)
        sample = {"ids": ids}
        # Left out when equal to the line itself / to `decoded`, to keep the fixture small.
        if decoded != line["text"]:
            sample["decoded"] = decoded
        if skipping != decoded:
            sample["decoded_skipping"] = skipping
        samples.append(sample)
    maximum = tokenizer.model_max_length
    return {
        "class": type(tokenizer).__name__,
        "special_tokens": special,
        "extra_special_tokens": extras,
        "added_tokens": added,
        "add_bos_token": bool(getattr(tokenizer, "add_bos_token", False)),
        "add_eos_token": bool(getattr(tokenizer, "add_eos_token", False)),
        "clean_up_tokenization_spaces": bool(tokenizer.clean_up_tokenization_spaces),
        "model_max_length": None if maximum >= VERY_LARGE else int(maximum),
        "eos_token_ids": eos_ids(folder),
        "chat_templates": templates,
        "samples": samples,
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(root), "shared"))
    parser.add_argument("--lines-per-category", type=int, default=30)
    parser.add_argument("-o", "--output",
                        default=os.path.join(root, "Tests/TokenizerKitTests/Fixtures/model-folders.json"))
    args = parser.parse_args()
    if transformers.__version__ != "5.25.0" or tokenizers.__version__ != "0.23.3":
        sys.exit(f"need transformers 5.25.0 and tokenizers 0.23.3, found {transformers.__version__}"
                 f" and {tokenizers.__version__}")
    logging.disable(logging.WARNING)
    transformers.utils.logging.set_verbosity_error()

    vocab = os.path.join(args.shared, "vocab")
    lines = sample_lines(os.path.join(args.shared, "corpus"), args.lines_per_category)
    folders, refused = {}, {}
    for name in sorted(os.listdir(vocab)):
        folder = os.path.join(vocab, name)
        if not os.path.isfile(os.path.join(folder, "tokenizer.json")):
            continue
        try:
            # trust_remote_code=False: refuse instead of asking on the terminal.
            tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=False)
        except Exception as error:  # what AutoTokenizer raises is the point of the record
            message = str(error).strip().splitlines()[0] if str(error).strip() else ""
            refused[name] = f"{type(error).__name__}: {message}"
            print(f"{name}: refused ({refused[name]})", file=sys.stderr)
            continue
        folders[name] = describe(folder, tokenizer, lines)
        print(f"{name}: {folders[name]['class']}", file=sys.stderr)

    document = {
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "lines": lines,
        "folders": folders,
        "refused": refused,
    }
    text = json.dumps(document, ensure_ascii=False, indent=None, separators=(",", ":"))
    with open(args.output, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    print(f"wrote {args.output}: {len(folders)} folders, {len(refused)} refused, {len(lines)} lines, "
          f"{len(text) // 1024} KB, sha256 {digest}", file=sys.stderr)


if __name__ == "__main__":
    main()

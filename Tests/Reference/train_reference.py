#!/usr/bin/env python3
"""The reference library's side of TrainerTests (and of Benchmarks/train_bench.py).

  train  --model bpe|wordpiece|wordlevel --pre whitespace|bytelevel|bert --vocab-size N
         [--min-frequency N] [--special-tokens A,B] [--limit-alphabet N] [--max-token-length N]
         [--end-of-word-suffix S] [--texts TEXTS.json] [--pre-none] -o OUT.json FILE...
      Trains with the reference trainer on FILE... (Tokenizer.train, i.e. train_from_files) and saves
      the tokenizer.json. bytelevel: ByteLevel(add_prefix_space=False) pre-tokenizer and decoder, and
      initial_alphabet=ByteLevel.alphabet(), as ByteLevelBPETokenizer trains.

  encode --tokenizer T.json [--add-special-tokens] -o OUT.jsonl FILE
      Loads T.json with the reference and writes, per line of FILE (split on "\\n" only, the newline
      dropped), {"ids": [...], "tokens": [...], "offsets": [[s, e], ...]}.

  vocab --tokenizer T.json
      Prints {"vocab_size": N, "tokens": {token: id}} of the file as the reference loads it.
"""
import argparse
import json
import sys

from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers


def pre_tokenizer(name):
    if name == "whitespace":
        return pre_tokenizers.Whitespace()
    if name == "bytelevel":
        return pre_tokenizers.ByteLevel(add_prefix_space=False)
    if name == "bert":
        return pre_tokenizers.BertPreTokenizer()
    raise SystemExit(f"unknown pre-tokenizer {name}")


def train(args):
    specials = [s for s in args.special_tokens.split(",") if s] if args.special_tokens else []
    common = dict(vocab_size=args.vocab_size, min_frequency=args.min_frequency, special_tokens=specials,
                  show_progress=False)
    if args.model in ("bpe", "wordpiece"):
        if args.limit_alphabet is not None:
            common["limit_alphabet"] = args.limit_alphabet
        if args.pre == "bytelevel":
            common["initial_alphabet"] = pre_tokenizers.ByteLevel.alphabet()
        if args.end_of_word_suffix is not None:
            common["end_of_word_suffix"] = args.end_of_word_suffix
    if args.model == "bpe":
        tokenizer = Tokenizer(models.BPE())
        if args.max_token_length is not None:
            common["max_token_length"] = args.max_token_length
        trainer = trainers.BpeTrainer(**common)
    elif args.model == "wordpiece":
        tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
        trainer = trainers.WordPieceTrainer(**common)
    elif args.model == "wordlevel":
        tokenizer = Tokenizer(models.WordLevel(unk_token="<unk>"))
        trainer = trainers.WordLevelTrainer(**common)
    else:
        raise SystemExit(f"unknown model {args.model}")
    if args.pre == "bert":
        tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    if not args.pre_none:
        tokenizer.pre_tokenizer = pre_tokenizer(args.pre)
    if args.pre == "bytelevel":
        tokenizer.decoder = decoders.ByteLevel()
    if args.texts:
        with open(args.texts, encoding="utf-8") as f:
            tokenizer.train_from_iterator(json.load(f), trainer)
    else:
        tokenizer.train(args.files, trainer)
    tokenizer.save(args.output)


def encode(args):
    tokenizer = Tokenizer.from_file(args.tokenizer)
    with open(args.files[0], "rb") as f:
        data = f.read().decode("utf-8")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    encodings = tokenizer.encode_batch(lines, add_special_tokens=args.add_special_tokens)
    with open(args.output, "w", encoding="utf-8") as out:
        for e in encodings:
            out.write(json.dumps({"ids": e.ids, "tokens": e.tokens, "offsets": [list(o) for o in e.offsets]},
                                 ensure_ascii=False) + "\n")


def vocab(args):
    tokenizer = Tokenizer.from_file(args.tokenizer)
    json.dump({"vocab_size": tokenizer.get_vocab_size(), "tokens": tokenizer.get_vocab()}, sys.stdout, ensure_ascii=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["train", "encode", "vocab"])
    parser.add_argument("--model", default="bpe")
    parser.add_argument("--pre", default="whitespace")
    parser.add_argument("--vocab-size", type=int, default=30000)
    parser.add_argument("--min-frequency", type=int, default=0)
    parser.add_argument("--special-tokens", default="")
    parser.add_argument("--limit-alphabet", type=int)
    parser.add_argument("--max-token-length", type=int)
    parser.add_argument("--end-of-word-suffix")
    parser.add_argument("--texts", help="train: a JSON list of texts, each one sequence (train_from_iterator)")
    parser.add_argument("--pre-none", action="store_true", help="train: no pre-tokenizer (each sequence is one word)")
    parser.add_argument("--tokenizer")
    parser.add_argument("--add-special-tokens", action="store_true")
    parser.add_argument("-o", "--output")
    parser.add_argument("files", nargs="*")
    args = parser.parse_intermixed_args()
    {"train": train, "encode": encode, "vocab": vocab}[args.command](args)


if __name__ == "__main__":
    main()

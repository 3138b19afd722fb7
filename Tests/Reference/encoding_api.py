#!/usr/bin/env python3
"""Golden cases for the encoding API, computed by the reference library (tokenizers==0.23.3).

Writes one JSON document to stdout (or --output): a list of cases. Each case names a tokenizer file,
the truncation and padding to set, the inputs (texts, pairs, or pre-split words), whether special tokens
are added and whether the inputs go through `encode_batch`; and what the reference produced: every field
of every encoding, overflowing parts included, or the error it raised.

    python3 Tests/Reference/encoding_api.py --shared ../shared > cases.json

EncodingAPITests.swift runs it and replays every case through TokenizerKit.
"""
import argparse, itertools, json, os, sys

os.environ["RUST_BACKTRACE"] = "0"  # the reference panics on some requests; keep stderr short
from tokenizers import Tokenizer  # noqa: E402

# One tokenizer per post-processor type found in ../shared/vocab (and the model types behind them), plus
# the two post-processor types it lacks, built by the reference in the component fixtures.
VOCAB_TOKENIZERS = {
    "bert-base-uncased": "TemplateProcessing, WordPiece",
    "t5-small": "TemplateProcessing, Unigram",
    "llama": "TemplateProcessing, SentencePiece BPE",
    "roberta-base": "RobertaProcessing, byte-level BPE",
    "gpt2": "ByteLevel, byte-level BPE",
    "falcon": "no post-processor",
    "all-minilm-l6-v2": "truncation and padding written in the file",
}
FIXTURE_TOKENIZERS = {
    "PostProcessor.BertProcessing-default": "BertProcessing",
    "PostProcessor.Sequence-default": "Sequence of post-processors",
}


def corpus_texts(shared):
    """Short texts of different lengths and scripts, picked from the shared corpus by a fixed rule."""
    def lines(path):
        with open(os.path.join(shared, "corpus", path), encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f]

    def pick(path, lo, hi, count):
        chosen = [l for l in lines(path) if lo <= len(l) <= hi and l.strip()]
        return chosen[:count]

    english = pick("english/gutenberg_alice_in_wonderland.txt", 60, 90, 2)
    multilingual = []
    for name in sorted(os.listdir(os.path.join(shared, "corpus", "multilingual"))):
        if name.endswith(".txt"):
            multilingual += pick("multilingual/" + name, 20, 60, 1)
        if len(multilingual) == 2:
            break
    return english + multilingual + ["Hi!"]


def encoding_json(e):
    return {
        "ids": e.ids,
        "type_ids": e.type_ids,
        "tokens": e.tokens,
        "offsets": [list(o) for o in e.offsets],
        "special_tokens_mask": e.special_tokens_mask,
        "attention_mask": e.attention_mask,
        "word_ids": e.word_ids,
        "sequence_ids": e.sequence_ids,
        "overflowing": [encoding_json(o) for o in e.overflowing],
    }


def run_case(tokenizer, case):
    tokenizer.no_truncation()
    tokenizer.no_padding()
    try:
        if case["truncation"] is not None:
            tokenizer.enable_truncation(**case["truncation"])
        if case["padding"] is not None:
            tokenizer.enable_padding(**case["padding"])
        inputs = [(first, second) if second is not None else first for first, second in case["inputs"]]
        pretokenized = case["pretokenized"]
        special = case["add_special_tokens"]
        if case["batch"]:
            encodings = tokenizer.encode_batch(inputs, is_pretokenized=pretokenized, add_special_tokens=special)
        else:
            encodings = []
            for first, second in case["inputs"]:
                encodings.append(tokenizer.encode(first, second, is_pretokenized=pretokenized,
                                                  add_special_tokens=special))
        case["expected"] = [encoding_json(e) for e in encodings]
    except BaseException as error:  # the reference raises PanicException (a BaseException) for some
        if isinstance(error, (KeyboardInterrupt, SystemExit)):
            raise
        case["error"] = f"{type(error).__name__}: {error}".splitlines()[0]
    return case


def cases_for(name, path, texts, uses_file_settings):
    tokenizer = Tokenizer.from_file(path)
    pairs = [(texts[0], texts[1]), (texts[2], texts[0]), (texts[4], texts[3])]
    singles = [(t, None) for t in texts]
    words = [(t.split(), None) for t in texts[:3]]
    word_pairs = [(texts[0].split(), texts[2].split())]
    out = []

    def add(truncation, padding, inputs, special, batch=False, pretokenized=False):
        case = {"tokenizer": name, "path": path, "truncation": truncation,
                "padding": padding, "inputs": [list(i) for i in inputs], "add_special_tokens": special,
                "batch": batch, "pretokenized": pretokenized}
        out.append(run_case(tokenizer, case))

    if uses_file_settings:
        # The file's own truncation and padding, applied on load.
        out.append(run_case_with_file_settings(name, path, singles + pairs))
    # Truncation: every strategy x direction x stride, single texts and pairs, with and without special
    # tokens; max lengths chosen to cut the inputs into several overflowing parts.
    for strategy, direction, stride, max_length in itertools.product(
            ["longest_first", "only_first", "only_second"], ["right", "left"], [0, 1], [11, 24]):
        truncation = {"max_length": max_length, "stride": stride, "strategy": strategy, "direction": direction}
        for special in (True, False):
            add(truncation, None, singles[::2], special)
            add(truncation, None, pairs[::2], special)
    # Padding: batch-longest and fixed, pad_to_multiple_of, both directions, custom pad id/type/token.
    for direction, (length, multiple) in itertools.product(["right", "left"], [(None, None), (None, 8), (40, None), (10, 4)]):
        padding = {"direction": direction, "pad_id": 3, "pad_type_id": 2, "pad_token": "<pad>",
                   "length": length, "pad_to_multiple_of": multiple}
        for special in (True, False):
            add(None, padding, singles, special, batch=True)
            add(None, padding, pairs, special, batch=True)
            add(None, padding, singles[:2], special, batch=False)
    # Truncation with overflowing parts and padding together (the usual question-answering setup).
    for direction in ("right", "left"):
        add({"max_length": 16, "stride": 3, "strategy": "only_second", "direction": direction},
            {"direction": direction, "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]", "length": 16,
             "pad_to_multiple_of": None}, pairs, True, batch=True)
        add({"max_length": 10, "stride": 4, "strategy": "longest_first", "direction": direction},
            {"direction": direction, "pad_id": 0, "pad_type_id": 0, "pad_token": "[PAD]", "length": None,
             "pad_to_multiple_of": None}, pairs + singles, True, batch=True)
    # Pre-split words (is_pretokenized=True), alone and with truncation.
    for special in (True, False):
        add(None, None, words, special, pretokenized=True)
        add(None, None, word_pairs, special, pretokenized=True)
        add({"max_length": 9, "stride": 1, "strategy": "longest_first", "direction": "right"}, None,
            word_pairs, special, pretokenized=True)
    # Impossible requests: only_second without a pair, a sequence too short to cut, stride too large.
    add({"max_length": 4, "stride": 0, "strategy": "only_second", "direction": "right"}, None, singles[:1], False)
    add({"max_length": 6, "stride": 0, "strategy": "only_first", "direction": "right"}, None, [(texts[4], texts[0])], False)
    add({"max_length": 9, "stride": 4, "strategy": "longest_first", "direction": "right"}, None, pairs[:1], True)
    return out


def run_case_with_file_settings(name, path, inputs):
    tokenizer = Tokenizer.from_file(path)
    case = {"tokenizer": name, "path": path, "truncation": "file", "padding": "file",
            "inputs": [list(i) for i in inputs], "add_special_tokens": True, "batch": True, "pretokenized": False}
    inputs = [(a, b) if b is not None else a for a, b in inputs]
    try:
        case["expected"] = [encoding_json(e) for e in tokenizer.encode_batch(inputs)]
    except BaseException as error:
        case["error"] = f"{type(error).__name__}: {error}".splitlines()[0]
    return case


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", required=True)
    ap.add_argument("--fixtures", required=True, help="Tests/TokenizerKitTests/Fixtures/components")
    ap.add_argument("--output")
    args = ap.parse_args()
    shared = os.path.abspath(args.shared)
    texts = corpus_texts(shared)
    assert len(texts) == 5, texts
    cases = []
    for name in VOCAB_TOKENIZERS:
        cases += cases_for(name, os.path.join(shared, "vocab", name, "tokenizer.json"), texts,
                           uses_file_settings=name.startswith("all-minilm"))
    for name in FIXTURE_TOKENIZERS:
        path = os.path.join(os.path.abspath(args.fixtures), name + ".tokenizer.json")
        cases += cases_for(name, path, texts, uses_file_settings=False)
    document = json.dumps({"texts": texts, "cases": cases}, ensure_ascii=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(document)
    else:
        sys.stdout.write(document)
    errors = sum(1 for c in cases if "error" in c)
    print(f"encoding_api: {len(cases)} cases ({errors} raise an error)", file=sys.stderr)


if __name__ == "__main__":
    main()

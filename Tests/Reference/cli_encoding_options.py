#!/usr/bin/env python3
"""What `tok encode`'s truncation and padding options should write, computed by the reference library
(tokenizers==0.23.3) from the rules the CLI documents (README, "Command line"; `tok encode --help`).

    python3 Tests/Reference/cli_encoding_options.py CASES.json > RESULTS.json

CASES.json is a list of cases: {"tokenizer": PATH, "input": PATH, "pairs": PATH (absent: no pairs),
"add_special_tokens": bool, "options": {...}} where options are the command-line options by their long
names with "_" for "-" (max_length, truncation, stride, truncation_direction, no_truncation, padding,
pad_to_multiple_of, padding_direction, pad_token, no_padding, batch_size); absent means not given.

The result of each case, in order, is one of
    {"lines": [ENCODING, ...]}           one per input line
    {"error": {"line": N, "message": M}} the first line (1-based) the reference cannot encode
    {"setup_error": M}                   the options themselves are refused (e.g. a stride too large)
where ENCODING holds ids, type_ids, tokens, offsets, attention_mask, special_tokens_mask, word_ids and
overflowing (a list of ENCODINGs).

The rules: options replace the file's truncation / padding; --no-truncation / --no-padding remove them.
The padding token is --pad-token (its id from the vocabulary), else the file's padding token and id,
else the first of [PAD], <pad>, <|padding|>, <|endoftext|> in the vocabulary; the pad type id is the
file's, else 0. With --padding longest, each input's lines are cut into batches of --batch-size (32)
consecutive lines and each batch goes through encode_batch; otherwise each line is encoded on its own.
"""
import json, os, sys

os.environ["RUST_BACKTRACE"] = "0"  # the reference panics on some requests; keep stderr short
from tokenizers import Tokenizer  # noqa: E402

CONVENTIONAL_PAD_TOKENS = ["[PAD]", "<pad>", "<|padding|>", "<|endoftext|>"]
DEFAULT_BATCH_SIZE = 32


def lines_of(path):
    with open(path, "rb") as f:
        parts = f.read().split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.decode("utf-8") for p in parts]


def encoding_json(e):
    return {
        "ids": e.ids,
        "type_ids": e.type_ids,
        "tokens": e.tokens,
        "offsets": [list(o) for o in e.offsets],
        "attention_mask": e.attention_mask,
        "special_tokens_mask": e.special_tokens_mask,
        "word_ids": e.word_ids,
        "overflowing": [encoding_json(o) for o in e.overflowing],
    }


def describe(error):
    return f"{type(error).__name__}: {error}".splitlines()[0]


def refused(error):
    """Errors and panics (PanicException is a BaseException), but not an interrupt."""
    return not isinstance(error, (KeyboardInterrupt, SystemExit))


def configure(tokenizer, options):
    if options.get("no_truncation"):
        tokenizer.no_truncation()
    if options.get("max_length") is not None:
        tokenizer.enable_truncation(options["max_length"], stride=options.get("stride") or 0,
                                    strategy=options.get("truncation") or "longest_first",
                                    direction=options.get("truncation_direction") or "right")
    if options.get("no_padding"):
        tokenizer.no_padding()
    mode = options.get("padding")
    if mode is not None:
        own = tokenizer.padding
        if options.get("pad_token") is not None:
            pad_token = options["pad_token"]
            pad_id = tokenizer.token_to_id(pad_token)
            if pad_id is None:
                raise ValueError(f"--pad-token {pad_token} is not in the vocabulary")
        elif own is not None:
            pad_token, pad_id = own["pad_token"], own["pad_id"]
        else:
            found = [(t, tokenizer.token_to_id(t)) for t in CONVENTIONAL_PAD_TOKENS
                     if tokenizer.token_to_id(t) is not None]
            if not found:
                raise ValueError("no padding token")
            pad_token, pad_id = found[0]
        tokenizer.enable_padding(direction=options.get("padding_direction") or "right", pad_id=pad_id,
                                 pad_type_id=own["pad_type_id"] if own is not None else 0, pad_token=pad_token,
                                 length=options["max_length"] if mode == "max_length" else None,
                                 pad_to_multiple_of=options.get("pad_to_multiple_of"))


def run_case(case):
    tokenizer = Tokenizer.from_file(case["tokenizer"])
    options = case["options"]
    try:
        configure(tokenizer, options)
    except BaseException as error:
        if not refused(error):
            raise
        return {"setup_error": describe(error)}
    firsts = lines_of(case["input"])
    seconds = lines_of(case["pairs"]) if case.get("pairs") else None
    inputs = list(zip(firsts, seconds)) if seconds is not None else firsts
    special = case["add_special_tokens"]

    def encode_alone(index):
        if seconds is not None:
            return tokenizer.encode(firsts[index], seconds[index], add_special_tokens=special)
        return tokenizer.encode(firsts[index], add_special_tokens=special)

    batched = options.get("padding") == "longest"
    batch_size = (options.get("batch_size") or DEFAULT_BATCH_SIZE) if batched else 1
    encodings = []
    for start in range(0, len(inputs), batch_size):
        batch = inputs[start:start + batch_size]
        try:
            if batched:
                encodings += tokenizer.encode_batch(batch, add_special_tokens=special)
            else:
                encodings.append(encode_alone(start))
        except BaseException as error:
            if not refused(error):
                raise
            # The first line of the batch that fails on its own.
            for index in range(start, start + len(batch)):
                try:
                    encode_alone(index)
                except BaseException as line_error:
                    if not refused(line_error):
                        raise
                    return {"error": {"line": index + 1, "message": describe(line_error)}}
            return {"error": {"line": start + 1, "message": describe(error)}}
    return {"lines": [encoding_json(e) for e in encodings]}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    results = [run_case(case) for case in cases]
    sys.stdout.write(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()

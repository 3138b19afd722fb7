#!/usr/bin/env python3
"""Checks tokenizer.json files saved by TokenizerKit with the reference library (SavingRoundTripTests.swift).

  RUST_BACKTRACE=0 python3 Tests/Reference/compare_saved.py MANIFEST.json

Needs `pip install tokenizers==0.23.3`. The manifest (written by the Swift test) names the sample texts and
the checks:

  {"lines": [TEXT, ...], "pairs": [[TEXT, TEXT], ...],
   "checks": [{"name": NAME, "original": PATH, "saved": [PATH, ...],
               "edits": EDITS (optional), "expected": PATH (optional)}, ...]}

The truth is the reference's own output on the original file, or, for a tokenizer that TokenizerKit edited
before saving (`edits`), on the original file edited the same way through the reference's API (add_tokens,
add_special_tokens, enable_padding, enable_truncation). The reference loads every saved file and encodes
every line of the sample on its own and as the first of a pair, with and without special tokens; each saved
file must give exactly what the truth gives: ids, type_ids, tokens, offsets, attention_mask,
special_tokens_mask, word_ids, the same fields of every overflowing encoding, and the decode of the ids
with and without special tokens (or fail to encode where the truth fails). `expected` is TokenizerKit's own
output for the edited tokenizer (a JSON array of the same records, in the same order), held to the same truth.

Every mismatch is printed as `MISMATCH NAME: SOURCE: line N (KIND): FIELD: want ... got ...`, then one row
per source `NAME: SOURCE: R records, M differ from TRUTH`. Exit status 0 when everything matches, 1 on any
mismatch or file the reference cannot load, 2 on a bad manifest.
"""
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor

from tokenizers import AddedToken, Tokenizer

FIELDS = ["ids", "type_ids", "tokens", "offsets", "attention_mask", "special_tokens_mask", "word_ids"]


def fields_of(encoding):
    return {
        "ids": encoding.ids,
        "type_ids": encoding.type_ids,
        "tokens": encoding.tokens,
        "offsets": [list(o) for o in encoding.offsets],
        "attention_mask": encoding.attention_mask,
        "special_tokens_mask": encoding.special_tokens_mask,
        "word_ids": encoding.word_ids,
    }


def records(tokenizer, lines, pairs):
    """One record per (line, kind), in the order the Swift test writes its own: for each line, single and
    pair, without then with special tokens."""
    out = []
    for number, line in enumerate(lines):
        for special in (False, True):
            for kind, args in (("single", (line,)), ("pair", tuple(pairs[number]))):
                try:
                    encoding = tokenizer.encode(*args, add_special_tokens=special)
                    record = fields_of(encoding)
                    record["overflowing"] = [fields_of(o) for o in encoding.overflowing]
                    record["decoded"] = tokenizer.decode(encoding.ids, skip_special_tokens=True)
                    record["decoded_with_special_tokens"] = tokenizer.decode(encoding.ids, skip_special_tokens=False)
                except (KeyboardInterrupt, SystemExit):
                    raise
                except BaseException as error:  # noqa: BLE001 - the reference's panics are BaseExceptions
                    record = {"error": str(error).splitlines()[0] if str(error) else type(error).__name__}
                record["line"] = number + 1
                record["kind"] = f"{kind}, add_special_tokens={special}"
                out.append(record)
    return out


def apply_edits(tokenizer, edits):
    tokens = [AddedToken(t["content"], single_word=t["single_word"], lstrip=t["lstrip"], rstrip=t["rstrip"],
                         normalized=t["normalized"], special=t["special"]) for t in edits.get("tokens", [])]
    if tokens:
        tokenizer.add_tokens(tokens)
    if edits.get("special_tokens"):
        tokenizer.add_special_tokens(edits["special_tokens"])
    padding = edits.get("padding")
    if padding is not None:
        tokenizer.enable_padding(direction=padding["direction"], pad_id=padding["pad_id"],
                                 pad_type_id=padding["pad_type_id"], pad_token=padding["pad_token"],
                                 length=padding.get("length"), pad_to_multiple_of=padding.get("pad_to_multiple_of"))
    truncation = edits.get("truncation")
    if truncation is not None:
        tokenizer.enable_truncation(truncation["max_length"], stride=truncation["stride"],
                                    strategy=truncation["strategy"], direction=truncation["direction"])


def load(path):
    """Tokenizer.from_file, with the reference's panics (BaseExceptions) turned into errors."""
    try:
        return Tokenizer.from_file(path)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as error:  # noqa: BLE001
        raise RuntimeError(str(error).splitlines()[0] if str(error) else type(error).__name__) from None


def short(value, limit=300):
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit] + "…"


def compare(label, want_records, got_records, report):
    """Reports every differing field; returns the number of records that differ."""
    if len(want_records) != len(got_records):
        report(f"MISMATCH {label}: {len(got_records)} records for {len(want_records)}")
        return max(len(want_records), len(got_records))
    differing = 0
    for want, got in zip(want_records, got_records):
        where = f"{label}: line {want['line']} ({want['kind']})"
        if (got.get("line"), got.get("kind")) != (want["line"], want["kind"]):
            report(f"MISMATCH {where}: record is for line {got.get('line')} ({got.get('kind')})")
            differing += 1
            continue
        if "error" in want or "error" in got:
            # Failing is compared, not the wording of the message.
            if ("error" in want) != ("error" in got):
                report(f"MISMATCH {where}: error: want {short(want.get('error'))} got {short(got.get('error'))}")
                differing += 1
            continue
        pairs = [(f, want[f], got.get(f)) for f in FIELDS + ["decoded", "decoded_with_special_tokens"]]
        want_overflowing, got_overflowing = want["overflowing"], got.get("overflowing", [])
        if len(want_overflowing) != len(got_overflowing):
            pairs.append(("overflowing", want_overflowing, got_overflowing))
        else:
            for index, (w, g) in enumerate(zip(want_overflowing, got_overflowing)):
                pairs += [(f"overflowing[{index}].{f}", w[f], g.get(f)) for f in FIELDS]
        differences = [(field, w, g) for field, w, g in pairs if w != g]
        for field, w, g in differences:
            report(f"MISMATCH {where}: {field}: want {short(w)} got {short(g)}")
        differing += bool(differences)
    return differing


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            manifest = json.load(f)
        lines, pairs, checks = manifest["lines"], manifest["pairs"], manifest["checks"]
        if len(pairs) != len(lines):
            raise ValueError(f"{len(pairs)} pairs for {len(lines)} lines")
    except (OSError, ValueError, KeyError) as error:
        print(f"bad manifest {sys.argv[1]}: {error}", file=sys.stderr)
        return 2

    # Checks are independent: two processes at a time (loading and encoding take ~15 s in all).
    jobs = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(run_check, checks, [lines] * len(checks), [pairs] * len(checks)))
    for messages, _, _ in results:
        for message in messages:
            print(message)
    for _, rows, _ in results:
        for row in rows:
            print(row)
    failed = any(failed for _, _, failed in results)
    print(f"{len(checks)} checks, {len(lines)} lines: {'FAILED' if failed else 'all match'}")
    return 1 if failed else 0


def run_check(check, lines, pairs):
    """One check: returns its mismatch messages, its summary rows, and whether anything differs."""
    messages, rows = [], []
    name = check["name"]
    edits = check.get("edits")
    truth_label = "the original + the same edits through the reference API" if edits else "the original"
    try:
        truth = load(check["original"])
        if edits:
            apply_edits(truth, edits)
        want = records(truth, lines, pairs)
    except Exception as error:  # noqa: BLE001 - reported, then the next check
        messages.append(f"MISMATCH {name}: {truth_label}: cannot load: {error}")
        rows.append(f"{name}: {truth_label}: NOT LOADED")
        return messages, rows, True
    failed = False
    candidates = [(os.path.basename(path), path) for path in check["saved"]]
    if "expected" in check:
        candidates.append(("TokenizerKit", None))
    for label, path in candidates:
        try:
            if path is None:
                with open(check["expected"], encoding="utf-8") as f:
                    got = json.load(f)
            else:
                got = records(load(path), lines, pairs)
        except Exception as error:  # noqa: BLE001 - any failure to load is a mismatch to report
            messages.append(f"MISMATCH {name}: {label}: cannot load: {error}")
            rows.append(f"{name}: {label}: NOT LOADED")
            failed = True
            continue
        differing = compare(f"{name}: {label}", want, got, messages.append)
        failed = failed or differing > 0
        rows.append(f"{name}: {label}: {len(want)} records, {differing} differ from {truth_label}")
    return messages, rows, failed


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Every code point against the reference: put each Unicode scalar value (U+0000…U+10FFFF, surrogates excluded)
in a few contexts and compare `tok encode` (ids, offsets, word ids) with `tokenizers` 0.23.3, for one tokenizer
per character-dependent component.

  codepoint_conformance.py --tok PATH/TO/tok [--step N] [--only NAME,...] [--examples K] [--json REPORT.json]

Contexts: "a{c}b", "1{c}2", " {c} " (between letters, digits, spaces). The tokenizers: the shared
bert-base-uncased (BertNormalizer, BertPreTokenizer, WordPiece), falcon (Punctuation, Digits, ByteLevel),
clip (NFC, Replace \\s+, Lowercase, a Split regex TokenizerKit runs on ICU), quicktour-wiki-wordpiece (NFD,
Lowercase, StripAccents, Whitespace), t5-small (Precompiled, Metaspace, Unigram), o200k-base (the o200k scanner),
and three built here from gpt2's vocabulary: split-icu (a Split regex of general categories, on ICU),
unicode-scripts (UnicodeScripts) and nfkc-lowercase (NFKC, Lowercase). Text goes to tok as JSONL, so that
line breaks are checked too.

--step N checks every Nth code point only (a sample, as CI runs it). Prints per tokenizer the strings compared,
the mismatches, the code points involved grouped by block of 128, and examples; exit status 0 when everything
matches, 1 otherwise, 2 when tokenizers is missing or not 0.23.3.
"""
import argparse, collections, json, os, subprocess, sys, tempfile

from conformance_common import SHARED, write_report

try:
    import tokenizers
except ImportError as error:  # pragma: no cover
    print(f"missing python package: {error} (pip install tokenizers==0.23.3)", file=sys.stderr)
    sys.exit(2)

CONTEXTS = ("a{}b", "1{}2", " {} ")
SHARED_TOKENIZERS = ["bert-base-uncased", "falcon", "clip", "quicktour-wiki-wordpiece", "t5-small", "o200k-base"]
SPLIT_ICU = r"\p{L}+|\p{N}+|\p{P}+|\p{S}+|\p{M}+|\s+|\w+|\d|[^\p{L}\p{N}\s]"


def built_tokenizers(directory):
    """split-icu, unicode-scripts and nfkc-lowercase: gpt2's model with another normalizer / pre-tokenizer."""
    with open(os.path.join(SHARED, "vocab", "gpt2", "tokenizer.json"), encoding="utf-8") as f:
        gpt2 = json.load(f)
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False}
    variants = {
        "split-icu": (None, {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": SPLIT_ICU}, "behavior": "Isolated", "invert": False}, byte_level]}),
        "unicode-scripts": (None, {"type": "Sequence", "pretokenizers": [{"type": "UnicodeScripts"}, byte_level]}),
        "nfkc-lowercase": ({"type": "Sequence", "normalizers": [{"type": "NFKC"}, {"type": "Lowercase"}]},
                           gpt2["pre_tokenizer"]),
    }
    paths = {}
    for name, (normalizer, pre_tokenizer) in variants.items():
        document = dict(gpt2, normalizer=normalizer, pre_tokenizer=pre_tokenizer)
        path = os.path.join(directory, f"{name}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(document, f)
        paths[name] = path
    return paths


def code_points(step):
    return [c for c in range(0, 0x110000, step) if not 0xD800 <= c <= 0xDFFF]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", required=True)
    ap.add_argument("--step", type=int, default=1)
    ap.add_argument("--only")
    ap.add_argument("--examples", type=int, default=5)
    ap.add_argument("--json")
    args = ap.parse_args()
    if tokenizers.__version__ != "0.23.3":
        print(f"tokenizers {tokenizers.__version__} is not the reference 0.23.3", file=sys.stderr)
        sys.exit(2)
    points = code_points(args.step)
    texts = [context.format(chr(c)) for c in points for context in CONTEXTS]
    report, failures = {}, 0
    with tempfile.TemporaryDirectory() as directory:
        paths = {name: os.path.join(SHARED, "vocab", name, "tokenizer.json") for name in SHARED_TOKENIZERS}
        paths.update(built_tokenizers(directory))
        names = args.only.split(",") if args.only else list(paths)
        sample = os.path.join(directory, "sample.jsonl")
        with open(sample, "w", encoding="ascii") as f:
            f.writelines(json.dumps({"text": t}) + "\n" for t in texts)
        for name in names:
            path = paths[name]
            if not os.path.exists(path):
                print(f"{name:26} MISSING {path}")
                failures += 1
                continue
            result = subprocess.run([args.tok, "encode", "-t", path, "--format", "jsonl", "--fields", "ids,offsets,word_ids",
                                     "--jsonl-key", "text", "--quiet", sample], capture_output=True)
            if result.returncode != 0:
                print(f"{name:26} FAIL tok: {result.stderr.decode(errors='replace')[:300]}")
                failures += 1
                continue
            got = [json.loads(line) for line in result.stdout.decode("utf-8").split("\n") if line]
            reference = tokenizers.Tokenizer.from_file(path)
            want = reference.encode_batch(texts, add_special_tokens=False)
            missed = collections.OrderedDict()
            examples = []
            for i, (g, w) in enumerate(zip(got, want)):
                fields = []
                if g["ids"] != w.ids:
                    fields.append("ids")
                if [tuple(o) for o in g["offsets"]] != list(w.offsets):
                    fields.append("offsets")
                if g["word_ids"] != w.word_ids:
                    fields.append("word_ids")
                if fields:
                    c = points[i // len(CONTEXTS)]
                    missed.setdefault(c, set()).update(fields)
                    if len(examples) < args.examples:
                        examples.append(f"U+{c:04X} in {texts[i]!r}: {','.join(fields)}: tok {g['ids'][:6]} {g['offsets'][:4]} "
                                        f"reference {w.ids[:6]} {w.offsets[:4]}")
            if len(got) != len(want):
                examples.insert(0, f"tok wrote {len(got)} lines for {len(want)}")
                failures += 1
            blocks = collections.Counter(c >> 7 for c in missed)
            status = "ok" if not missed and len(got) == len(want) else "DIFF"
            if missed:
                failures += 1
            print(f"{name:26} {len(points) - len(missed):8}/{len(points):<8} code points alike ({len(texts)} strings) {status}")
            if missed:
                ranges = ", ".join(f"U+{b << 7:04X}…: {n}" for b, n in sorted(blocks.items())[:24])
                print(f"{'':26} misses by block of 128: {ranges}{' …' if len(blocks) > 24 else ''}")
                for e in examples:
                    print(f"{'':26} {e}")
            report[name] = {"checked": len(points), "missed": [f"U+{c:04X}" for c in missed],
                            "fields": {f"U+{c:04X}": sorted(v) for c, v in missed.items()}}
    print(f"every code point: {len(names) - failures} of {len(names)} tokenizers alike on {len(points)} code points (step {args.step})")
    write_report(args.json, report)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

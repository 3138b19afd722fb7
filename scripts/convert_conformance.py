#!/usr/bin/env python3
"""Check `tok convert`: the tokenizer.json it writes for a file of another format loads in the reference
library (`tokenizers` 0.23.3) and encodes like `tok encode -t` on the original file, line by line.

  convert_conformance.py --tok PATH/TO/tok [--lines N] [--corpus DIR] [--json REPORT.json] [INPUT ...]

INPUT defaults to every file of another format than tokenizer.json that the project's format conformance
scripts use: ../shared/vocab/tiktoken/*.tiktoken, ../shared/vocab/sentencepiece/* (SentencePiece models),
the tekken.json files in mistral_common's data folder, and vocab.txt / vocab.json + merges.txt written out
of ../shared/vocab/bert-base-uncased and gpt2. For each INPUT it runs `tok convert INPUT -o converted.json`
(the differences it names go to the report), then compares, on a sample of N lines (default 100) of every
corpus file:
  tok encode -t INPUT --format ids [--add-special-tokens]  vs  Tokenizer.from_file(converted).encode_batch
with add_special_tokens off and on. A row is `ok` when every line matches; `differs, reported` when lines
differ and `tok convert` named differences (the report lists them beside the first differing line); `FAIL`
when lines differ and it named none, or the converted file does not load. Exit status 0 when no row fails,
1 otherwise, 2 when a python package is missing.
"""
import argparse, glob, json, os, subprocess, sys, tempfile

from conformance_common import SHARED, sample_lines, write_lines, write_report

try:
    import tokenizers
except ImportError as error:  # pragma: no cover
    print(f"missing python package: {error} (pip install tokenizers==0.23.3)", file=sys.stderr)
    sys.exit(2)


def vocabulary_files(directory):
    """vocab.txt out of bert-base-uncased, vocab.json + merges.txt out of gpt2 (each in its own folder)."""
    written = []
    bert = os.path.join(SHARED, "vocab", "bert-base-uncased", "tokenizer.json")
    if os.path.exists(bert):
        with open(bert, encoding="utf-8") as f:
            vocab = json.load(f)["model"]["vocab"]
        folder = os.path.join(directory, "bert-vocab-txt")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8") as f:
            f.writelines(token + "\n" for token, _ in sorted(vocab.items(), key=lambda kv: kv[1]))
        written.append(os.path.join(folder, "vocab.txt"))
    gpt2 = os.path.join(SHARED, "vocab", "gpt2", "tokenizer.json")
    if os.path.exists(gpt2):
        with open(gpt2, encoding="utf-8") as f:
            model = json.load(f)["model"]
        folder = os.path.join(directory, "gpt2-vocab-json")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(model["vocab"], f, ensure_ascii=False)
        with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8") as f:
            f.write("#version: 0.2\n")
            f.writelines((m if isinstance(m, str) else " ".join(m)) + "\n" for m in model["merges"])
        written.append(os.path.join(folder, "vocab.json"))
    return written


def default_inputs(directory):
    inputs = sorted(glob.glob(os.path.join(SHARED, "vocab", "tiktoken", "*.tiktoken")))
    inputs += sorted(p for p in glob.glob(os.path.join(SHARED, "vocab", "sentencepiece", "*")) if not p.endswith(".md"))
    try:
        import mistral_common
        inputs += sorted(glob.glob(os.path.join(os.path.dirname(mistral_common.__file__), "data", "tekken*.json")))
    except ImportError:
        print("mistral_common is not installed: tekken.json files not checked", file=sys.stderr)
    return inputs + vocabulary_files(directory)


def run(cmd):
    result = subprocess.run(cmd, capture_output=True)
    return result.returncode, result.stdout.decode("utf-8", errors="replace"), result.stderr.decode("utf-8", errors="replace")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", required=True)
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus"))
    ap.add_argument("--lines", type=int, default=100)
    ap.add_argument("--json")
    ap.add_argument("inputs", nargs="*")
    args = ap.parse_args()
    if tokenizers.__version__ != "0.23.3":
        print(f"tokenizers {tokenizers.__version__} is not the reference 0.23.3", file=sys.stderr)
        sys.exit(2)
    base_lines = sample_lines(args.corpus, args.lines)
    if not base_lines:
        print(f"no corpus lines under {args.corpus}", file=sys.stderr)
        sys.exit(1)
    report, failed = [], 0
    with tempfile.TemporaryDirectory() as directory:
        inputs = args.inputs or default_inputs(directory)
        if not inputs:
            print("no inputs", file=sys.stderr)
            sys.exit(1)
        sample = os.path.join(directory, "sample.txt")
        for index, source in enumerate(inputs):
            name = os.path.relpath(source, SHARED) if source.startswith(SHARED) else os.path.basename(os.path.dirname(source)) + "/" + os.path.basename(source)
            converted = os.path.join(directory, f"converted-{index}.json")
            code, _, err = run([args.tok, "convert", source, "-o", converted, "--compact"])
            differences = [l[len("tok convert: difference: "):] for l in err.splitlines() if l.startswith("tok convert: difference: ")]
            if code != 0:
                print(f"{name:56} FAIL  tok convert: {err.strip()[:300]}")
                report.append({"input": name, "error": err.strip()})
                failed += 1
                continue
            try:
                reference = tokenizers.Tokenizer.from_file(converted)
            except Exception as error:
                print(f"{name:56} FAIL  the reference does not load the converted file: {error}")
                report.append({"input": name, "error": f"reference load: {error}"})
                failed += 1
                continue
            # The sample, plus lines holding the converted file's first and last added tokens.
            with open(converted, encoding="utf-8") as f:
                added = [t["content"] for t in json.load(f).get("added_tokens", [])]
            lines = base_lines + [line for token in added[:3] + added[-2:]
                                  for line in (token, f"Hello {token} world", f"{token}{token}x", f" {token}\t")]
            write_lines(sample, lines)
            for add in (False, True):
                code, out, err = run([args.tok, "encode", "-t", source, "--format", "ids", "--quiet",
                                      *(["--add-special-tokens"] if add else []), sample])
                label = f"{name} {'+specials' if add else ''}"
                if code != 0:
                    print(f"{label:56} FAIL  tok encode: {err.strip()[:300]}")
                    failed += 1
                    continue
                got = [[int(t) for t in l.split()] for l in out.split("\n")[:-1]]
                want = [e.ids for e in reference.encode_batch(lines, add_special_tokens=add)]
                matched = sum(g == w for g, w in zip(got, want))
                first = next((f"line {i}: {lines[i][:50]!r}: direct {g[:12]} converted {w[:12]}"
                              for i, (g, w) in enumerate(zip(got, want)) if g != w), None)
                if len(got) != len(want):
                    first = first or f"tok wrote {len(got)} lines for {len(want)}"
                if matched == len(want) and len(got) == len(want):
                    status = "ok"
                elif differences:
                    status = "differs, reported"
                else:
                    status = "FAIL"
                    failed += 1
                print(f"{label:56} {matched:6}/{len(want):<6} {status}" + (f"  first: {first}" if first else ""))
                report.append({"input": name, "add_special_tokens": add, "matched": matched, "total": len(want),
                               "status": status, "first_difference": first, "reported_differences": differences})
            for d in differences:
                print(f"{'':56} reported: {d[:160]}")
    total = sum(r.get("total", 0) for r in report)
    matched = sum(r.get("matched", 0) for r in report)
    print(f"convert conformance: {matched}/{total} lines identical, {failed} failing row(s) over {len(inputs)} input(s)")
    write_report(args.json, report)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()

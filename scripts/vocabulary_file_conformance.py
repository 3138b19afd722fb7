#!/usr/bin/env python3
"""Compare `tok` on vocab.txt (BERT WordPiece) and vocab.json + merges.txt (GPT-2 byte-level BPE) files with
transformers 5.25's BertTokenizer / GPT2Tokenizer built from the same files, line by line.

  vocabulary_file_conformance.py --tok PATH/TO/tok [--vocab DIR] [--corpus DIR] [--lines N] [--only NAME,...]
                                 [--json REPORT.json]
  vocabulary_file_conformance.py --write-files DIR          write the cases' folders into DIR and stop
  vocabulary_file_conformance.py --saved CASE=FILE.json ... compare tokenizer.json files saved from the cases
                                                            (loaded by `tokenizers`) with transformers

The cases are written into a temporary folder, one folder each, out of the shared tokenizers (default
../shared/vocab seen from the project root): the WordPiece vocabulary of bert-base-uncased, all-minilm-l6-v2
(with its tokenizer_config.json and special_tokens_map.json) and quicktour-wiki-wordpiece as vocab.txt, one
line per id, plus variants configured by a tokenizer_config.json (cased; cased without accents or Chinese
splitting); the byte-level BPE of gpt2, roberta-base, phi-2, whisper-tiny and falcon as vocab.json and
merges.txt (with a `#version: 0.2` line), plus gpt2 with add_prefix_space and add_bos_token / add_eos_token;
and bert-base-uncased and gpt2 as folders saved by a slow tokenizer (added_tokens.json, special_tokens_map.json).

For every case and a sample of N lines (default 200) of every corpus file (lines split on "\\n" only, each
encoded on its own), plus lines holding the special tokens, it runs, on one sample file,
  tok encode -t FOLDER/VOCAB --format ids                       vs  tokenizer(line, add_special_tokens=False)
  tok encode -t FOLDER --format ids --add-special-tokens        vs  tokenizer(line)["input_ids"]
  tok encode -t FOLDER/VOCAB --add-special-tokens --pairs NEXT  vs  tokenizer(line, next non-empty line): ids, type ids
  tok decode -t FOLDER/VOCAB of the second's reference ids      vs  tokenizer.decode(ids)
where the reference is `BertTokenizer.from_pretrained(FOLDER)` / `GPT2Tokenizer.from_pretrained(FOLDER)`
(AutoTokenizer needs a tokenizer_class in the folder, which these leave out). Prints one row per case and
mode and a summary line; exit status 0 when every line matches, 1 otherwise, 2 when transformers is missing.
"""
import argparse, json, os, shutil, sys, tempfile

from conformance_common import SHARED, decode_with_tok, encode_with_tok, run, sample_lines, write_ids, write_lines, write_report
from conformance_common import compare as shared_compare, special_lines as shared_special_lines


def compare(label, got_lines, expected, lines, report):
    return shared_compare(label, got_lines, expected, lines, report, width=66)

os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
try:
    import transformers
    from transformers import BertTokenizer, GPT2Tokenizer
except ImportError as error:  # pragma: no cover
    print(f"missing python package: {error} (pip install transformers==5.25.0)", file=sys.stderr)
    sys.exit(2)

# Legacy folders (saved by slow tokenizers): added_tokens.json and special_tokens_map.json, no added_tokens_decoder.
LEGACY_FILES = {
    "bert-base-uncased-added-tokens": {"added_tokens.json": {"<ent>": 30522, "[MASK]": 103, "e-mail": 30523},
                                       "special_tokens_map.json": {"additional_special_tokens": ["<ent>"], "unk_token": "[UNK]"}},
    "gpt2-added-tokens": {"added_tokens.json": {"<pad>": 50257, "<|sep|>": 50258},
                          "special_tokens_map.json": {"pad_token": "<pad>"}},
}

# (case, shared tokenizer, configuration files to copy, tokenizer_config.json to write)
WORDPIECE_CASES = [
    ("bert-base-uncased", "bert-base-uncased", [], None),
    ("all-minilm-l6-v2", "all-minilm-l6-v2", ["tokenizer_config.json", "special_tokens_map.json"], None),
    ("quicktour-wiki-wordpiece", "quicktour-wiki-wordpiece", [], None),
    ("bert-base-uncased-cased", "bert-base-uncased", [], {"do_lower_case": False}),
    ("quicktour-wiki-wordpiece-cased-no-accents", "quicktour-wiki-wordpiece", [],
     {"do_lower_case": False, "strip_accents": True, "tokenize_chinese_chars": False, "model_max_length": 128}),
    ("bert-base-uncased-added-tokens", "bert-base-uncased", [], None),
]
BYTE_LEVEL_CASES = [
    ("gpt2", "gpt2", None),
    ("roberta-base", "roberta-base", None),
    ("phi-2", "phi-2", None),
    ("whisper-tiny", "whisper-tiny", None),
    ("falcon", "falcon", None),
    ("gpt2-prefix-space-bos-eos", "gpt2", {"tokenizer_class": "GPT2Tokenizer", "add_prefix_space": True,
                                           "add_bos_token": True, "add_eos_token": True}),
    ("gpt2-added-tokens", "gpt2", None),
]


def write_cases(vocab_root, directory, only=None):
    """Writes each case's folder; returns [(case, kind, folder, vocabulary file)]."""
    cases = []
    for case, source, copies, config in WORDPIECE_CASES:
        if only and not any(w in case for w in only):
            continue
        with open(os.path.join(vocab_root, source, "tokenizer.json"), encoding="utf-8") as f:
            model = json.load(f)["model"]
        vocab = model["vocab"]
        ids = sorted(vocab.values())
        assert ids == list(range(len(ids))), f"{source}: the WordPiece ids are not 0..<{len(ids)}"
        assert all("\n" not in t and t == t.rstrip() for t in vocab), f"{source}: a token has a newline or trailing whitespace"
        folder = os.path.join(directory, case)
        os.makedirs(folder)
        with open(os.path.join(folder, "vocab.txt"), "w", encoding="utf-8", newline="") as f:
            f.write("".join(token + "\n" for token, _ in sorted(vocab.items(), key=lambda kv: kv[1])))
        for name in copies:
            shutil.copy(os.path.join(vocab_root, source, name), folder)
        if config is not None:
            with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
                json.dump(config, f)
        write_legacy_files(case, folder)
        cases.append((case, "wordpiece", folder, os.path.join(folder, "vocab.txt")))
    for case, source, config in BYTE_LEVEL_CASES:
        if only and not any(w in case for w in only):
            continue
        with open(os.path.join(vocab_root, source, "tokenizer.json"), encoding="utf-8") as f:
            model = json.load(f)["model"]
        merges = [m.split(" ") if isinstance(m, str) else m for m in model["merges"]]
        assert all(len(m) == 2 and " " not in m[0] + m[1] and "\n" not in m[0] + m[1] for m in merges), f"{source}: a merge has a space"
        folder = os.path.join(directory, case)
        os.makedirs(folder)
        with open(os.path.join(folder, "vocab.json"), "w", encoding="utf-8") as f:
            json.dump(model["vocab"], f, ensure_ascii=False)
        with open(os.path.join(folder, "merges.txt"), "w", encoding="utf-8", newline="") as f:
            f.write("#version: 0.2\n" + "".join(f"{a} {b}\n" for a, b in merges))
        if config is not None:
            with open(os.path.join(folder, "tokenizer_config.json"), "w") as f:
                json.dump(config, f)
        write_legacy_files(case, folder)
        cases.append((case, "bytelevel", folder, os.path.join(folder, "vocab.json")))
    return cases


def write_legacy_files(case, folder):
    for name, content in LEGACY_FILES.get(case, {}).items():
        with open(os.path.join(folder, name), "w", encoding="utf-8") as f:
            json.dump(content, f)


def reference(kind, folder):
    return (BertTokenizer if kind == "wordpiece" else GPT2Tokenizer).from_pretrained(folder)


def special_lines(tokenizer, seed):
    return shared_special_lines(set(tokenizer.all_special_tokens) | set(tokenizer.get_added_vocab()), seed)


def check_saved(args, corpus_lines, report):
    """tokenizer.json files saved from the cases, loaded by `tokenizers`, against transformers on the files."""
    from tokenizers import Tokenizer
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        cases = {case: (kind, folder) for case, kind, folder, _ in write_cases(args.vocab, tmp)}
        for item in args.saved:
            case, path = item.split("=", 1)
            kind, folder = cases[case]
            ref = reference(kind, folder)
            saved = Tokenizer.from_file(path)
            lines = corpus_lines + special_lines(ref, seed=len(case))
            expected = [ref(line)["input_ids"] for line in lines]
            got = [saved.encode(line).ids for line in lines]
            ok &= compare(f"{case} saved tokenizer.json (tokenizers {__import__('tokenizers').__version__})", got, expected, lines, report)
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok")
    ap.add_argument("--vocab", default=os.path.join(SHARED, "vocab"))
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus"))
    ap.add_argument("--lines", type=int, default=200)
    ap.add_argument("--only")
    ap.add_argument("--write-files", metavar="DIR")
    ap.add_argument("--saved", nargs="*", metavar="CASE=FILE")
    ap.add_argument("--json")
    args = ap.parse_args()
    only = args.only.split(",") if args.only else None

    if args.write_files:
        os.makedirs(args.write_files, exist_ok=True)
        for case, kind, folder, vocabulary in write_cases(args.vocab, args.write_files, only):
            print(f"{case}\t{kind}\t{vocabulary}")
        return
    corpus_lines = sample_lines(args.corpus, args.lines)
    report, ok = [], True
    if args.saved:
        ok = check_saved(args, corpus_lines, report)
    else:
        if not args.tok:
            ap.error("--tok is required")
        print(f"transformers {transformers.__version__}, {len(corpus_lines)} corpus lines")
        with tempfile.TemporaryDirectory() as tmp:
            for case, kind, folder, vocabulary in write_cases(args.vocab, os.path.join(tmp, "cases"), only):
                ref = reference(kind, folder)
                lines = corpus_lines + special_lines(ref, seed=len(case))
                sample = os.path.join(tmp, "sample.txt")
                write_lines(sample, lines)
                name = os.path.basename(vocabulary)
                plain = [ref(line, add_special_tokens=False)["input_ids"] for line in lines]
                ok &= compare(f"{case}/{name} encode", encode_with_tok(args.tok, vocabulary, sample), plain, lines, report)
                full = [ref(line)["input_ids"] for line in lines]
                ok &= compare(f"{case} (folder) encode, special tokens added",
                              encode_with_tok(args.tok, folder, sample, ["--add-special-tokens"]), full, lines, report)
                # Pairs: each line with the next non-empty one (transformers takes an empty second text for
                # none), ids and type ids.
                nonempty = [line for line in lines if line]
                first_texts, second_texts = lines, nonempty[1:] + nonempty[:1]
                second_texts = (second_texts * (len(lines) // len(second_texts) + 1))[:len(lines)]
                firsts_file, pairs_file = os.path.join(tmp, "firsts.txt"), os.path.join(tmp, "pairs.txt")
                write_lines(firsts_file, first_texts)
                write_lines(pairs_file, second_texts)
                want_pairs = []
                for a, b in zip(first_texts, second_texts):
                    encoded = ref(a, b, return_token_type_ids=True)
                    want_pairs.append({"ids": encoded["input_ids"], "type_ids": encoded["token_type_ids"]})
                out = run([args.tok, "encode", "-t", vocabulary, "--add-special-tokens", "--pairs", pairs_file,
                           "--format", "jsonl", "--fields", "ids,type_ids", "--quiet", firsts_file])
                ok &= compare(f"{case}/{name} encode pairs (ids, type ids)",
                              [json.loads(line) for line in out.split("\n") if line], want_pairs, lines, report)
                ids_file = os.path.join(tmp, "ids.txt")
                write_ids(ids_file, full)
                want = [ref.decode(ids) for ids in full]
                ok &= compare(f"{case}/{name} decode", decode_with_tok(args.tok, vocabulary, ids_file), want, lines, report)
    matched = sum(r["matched"] for r in report)
    total = sum(r["total"] for r in report)
    failing = [r["case"] for r in report if r["matched"] != r["total"]]
    print(f"summary: {matched}/{total} lines match in {len(report)} comparisons"
          + (f"; differing: {', '.join(failing)}" if failing else "; every line matches"))
    write_report(args.json, report)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Training at corpus scale: `tok train` against the reference's BpeTrainer or UnigramTrainer, in one run.

Builds a corpus of at least --megabytes MiB from ../shared/corpus (every english, multilingual and code
file in a fixed order, then again from the start until the size is reached), then trains a byte-level BPE
(GPT-2 pipeline: ByteLevel pre-tokenizer without prefix space, the 256-character byte-level initial
alphabet, special token <|endoftext|>) with the same vocabulary size twice:

  * TokenizerKit: release `tok train --preset gpt2 --vocab-size N`;
  * the reference: python3 with tokenizers (Tokenizer(BPE()), pre_tokenizers.ByteLevel(add_prefix_space=False),
    trainers.BpeTrainer(vocab_size=N, special_tokens=["<|endoftext|>"], initial_alphabet=ByteLevel.alphabet()),
    tokenizer.train([corpus])).

Both under /usr/bin/time (wall seconds, peak resident memory of the whole process). It then checks that
the two vocabularies and merge lists are equal, and prints one JSON object with the figures.

    swift build -c release --product tok
    python3 Benchmarks/train_bench.py --tok .build/release/tok --megabytes 100 --vocab-size 32000

With --model unigram: the SentencePiece-style Unigram pipeline of `tok train --preset sentencepiece-unigram`
(Nmt, NFKC, runs of spaces collapsed, Metaspace `▁` always prepended; special token and unknown token <unk>)
against the reference's UnigramTrainer with the same pipeline and settings; it then compares the pieces and
the average tokens per whitespace-separated word of the two models on the first MB of the corpus.
"""
import argparse, json, os, subprocess, sys, tempfile

from bench_corpus import SHARED, build_corpus

HERE = os.path.dirname(os.path.abspath(__file__))

REFERENCE = r'''
import sys
from tokenizers import Tokenizer, models, pre_tokenizers, decoders, trainers
corpus, vocab_size, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tokenizer = Tokenizer(models.BPE())
tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
tokenizer.decoder = decoders.ByteLevel()
trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=["<|endoftext|>"],
                              initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
tokenizer.train([corpus], trainer)
tokenizer.save(output)
'''


REFERENCE_UNIGRAM = r'''
import sys
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, decoders, trainers, Regex
corpus, vocab_size, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
tokenizer = Tokenizer(models.Unigram())
tokenizer.normalizer = normalizers.Sequence([normalizers.Nmt(), normalizers.NFKC(),
                                             normalizers.Replace(Regex(" {2,}"), " ")])
tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
trainer = trainers.UnigramTrainer(vocab_size=vocab_size, special_tokens=["<unk>"], unk_token="<unk>",
                                  show_progress=False)
tokenizer.train([corpus], trainer)
tokenizer.save(output)
'''

UNIGRAM_COMPARE = r'''
import json, sys
from tokenizers import Tokenizer
ours, ref, corpus = sys.argv[1:4]
text = open(corpus, "rb").read(1_000_000).decode("utf-8", "ignore").split("\n")
words = sum(len(line.split()) for line in text)
result = {}
for name, path in (("ours", ours), ("reference", ref)):
    t = Tokenizer.from_file(path)
    tokens = sum(len(e.ids) for e in t.encode_batch(text, add_special_tokens=False))
    result[name] = round(tokens / words, 4)
a = {p for p, _ in json.load(open(ours))["model"]["vocab"]}
b = {p for p, _ in json.load(open(ref))["model"]["vocab"]}
result["pieces_in_common"] = len(a & b)
result["pieces"] = [len(a), len(b)]
print(json.dumps(result))
'''


def timed(command):
    """Runs command under /usr/bin/time; returns (wall seconds, peak RSS in MB, stderr text)."""
    result = subprocess.run(["/usr/bin/time", "-f", "TIME %e %M"] + command, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr}")
    line = [l for l in result.stderr.splitlines() if l.startswith("TIME ")][-1]
    _, wall, rss = line.split()
    return float(wall), int(rss) / 1024, result.stderr


def model_sections(path):
    with open(path, encoding="utf-8") as f:
        model = json.load(f)["model"]
    vocab = sorted(model["vocab"].items(), key=lambda kv: kv[1])
    merges = [m if isinstance(m, list) else m.split(" ") for m in model["merges"]]
    return vocab, merges


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tok", default=os.path.join(HERE, "..", ".build", "release", "tok"))
    parser.add_argument("--megabytes", type=int, default=100, help="corpus size in MiB")
    parser.add_argument("--vocab-size", type=int, default=32000)
    parser.add_argument("--work", help="directory for the corpus and outputs (default: a temporary one)")
    parser.add_argument("--skip-reference", action="store_true")
    parser.add_argument("--model", choices=["bpe", "unigram"], default="bpe")
    args = parser.parse_args()

    work = args.work or tempfile.mkdtemp(prefix="train-bench-")
    os.makedirs(work, exist_ok=True)
    corpus = os.path.join(work, f"corpus-{args.megabytes}MiB.txt")
    if not os.path.exists(corpus) or os.path.getsize(corpus) < args.megabytes * 1024 * 1024:
        size, files = build_corpus(corpus, args.megabytes * 1024 * 1024)
    else:
        size, files = os.path.getsize(corpus), None
    print(f"corpus: {corpus} ({size / 1e6:.1f} MB)", file=sys.stderr)

    ours_file = os.path.join(work, "tokenizerkit.json")
    preset = "gpt2" if args.model == "bpe" else "sentencepiece-unigram"
    wall, rss, err = timed([args.tok, "train", "--preset", preset, "--vocab-size", str(args.vocab_size),
                            "-o", ours_file, corpus])
    summary = [l for l in err.splitlines() if l.startswith("trained ")]
    print(f"tok train: {wall:.1f} s, {rss:.0f} MB  {summary[-1] if summary else ''}", file=sys.stderr)
    report = {"model": args.model, "corpus_bytes": size, "vocab_size": args.vocab_size,
              "tokenizerkit": {"wall_s": wall, "peak_rss_mb": round(rss), "summary": summary[-1] if summary else None}}

    if not args.skip_reference and args.model == "unigram":
        reference_file = os.path.join(work, "reference.json")
        script = os.path.join(work, "reference_unigram.py")
        with open(script, "w") as f:
            f.write(REFERENCE_UNIGRAM)
        rwall, rrss, _ = timed([sys.executable, script, corpus, str(args.vocab_size), reference_file])
        print(f"reference UnigramTrainer: {rwall:.1f} s, {rrss:.0f} MB", file=sys.stderr)
        compare = subprocess.run([sys.executable, "-c", UNIGRAM_COMPARE, ours_file, reference_file, corpus],
                                 capture_output=True, text=True, check=True)
        report["reference"] = {"wall_s": rwall, "peak_rss_mb": round(rrss)}
        report["speedup"] = round(rwall / wall, 2)
        report["memory_ratio"] = round(rrss / rss, 2)
        report["tokens_per_word"] = json.loads(compare.stdout)
    elif not args.skip_reference:
        reference_file = os.path.join(work, "reference.json")
        script = os.path.join(work, "reference_train.py")
        with open(script, "w") as f:
            f.write(REFERENCE)
        rwall, rrss, _ = timed([sys.executable, script, corpus, str(args.vocab_size), reference_file])
        print(f"reference BpeTrainer: {rwall:.1f} s, {rrss:.0f} MB", file=sys.stderr)
        ours_vocab, ours_merges = model_sections(ours_file)
        ref_vocab, ref_merges = model_sections(reference_file)
        first_merge_difference = next((i for i, (a, b) in enumerate(zip(ours_merges, ref_merges)) if a != b), None)
        report["reference"] = {"wall_s": rwall, "peak_rss_mb": round(rrss)}
        report["speedup"] = round(rwall / wall, 2)
        report["memory_ratio"] = round(rrss / rss, 2)
        report["merges"] = {"ours": len(ours_merges), "reference": len(ref_merges),
                            "equal": ours_merges == ref_merges, "first_difference": first_merge_difference}
        report["vocab_equal"] = ours_vocab == ref_vocab
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The reference side of UnigramTrainerTests (tokenizers==0.23.3).

The pipeline is the reference's SentencePieceUnigramTokenizer: Nmt, NFKC, Replace(" {2,}", " "), then
Metaspace("▁", prepend_scheme="always"), and a Metaspace decoder.

  words SAMPLE OUT.json
      The words the reference's trainer is fed from SAMPLE (each line with its ending, normalized and
      pre-tokenized, as Tokenizer.train_from_files does), as [[word, count], ...] in first-seen order.
  train SAMPLE VOCAB_SIZE OUT.json [--unk TOKEN] [--special TOKEN ...] [--max-piece-length N]
        [--shrinking-factor F] [--n-sub-iterations N]
      Trains the reference's UnigramTrainer on SAMPLE; prints {"seconds": ..., "peak_rss_kb": ...}.
  compare TOKENIZER.json OURS.jsonl SAMPLE
      Loads TOKENIZER.json (written by TokenizerKit) and encodes every line of SAMPLE (without its
      ending); each line of OURS.jsonl holds TokenizerKit's {"ids", "tokens", "offsets"} for the same
      line. Prints the first difference and exits 1, or prints {"lines": n, "tokens": t, "words": w}.
  count TOKENIZER.json SAMPLE
      Prints {"tokens": t, "words": w} for the reference encoding every line of SAMPLE.
"""
import json
import resource
import sys
import time

from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, trainers
from tokenizers.models import Unigram


def pipeline(model):
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Nmt(), normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")])
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    return tokenizer


def lines_with_endings(path):
    data = open(path, "rb").read()
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        yield data[start:end].decode("utf-8")
        start = end


def lines_without_endings(path):
    for line in lines_with_endings(path):
        yield line[:-1] if line.endswith("\n") else line


def words(sample, out):
    tokenizer = pipeline(Unigram())
    counts = {}
    for line in lines_with_endings(sample):
        normalized = tokenizer.normalizer.normalize_str(line)
        for word, _ in tokenizer.pre_tokenizer.pre_tokenize_str(normalized):
            counts[word] = counts.get(word, 0) + 1
    json.dump([[w, c] for w, c in counts.items()], open(out, "w", encoding="utf-8"), ensure_ascii=False)


def train(sample, vocab_size, out, unk, special, options):
    tokenizer = pipeline(Unigram())
    trainer = trainers.UnigramTrainer(vocab_size=vocab_size, show_progress=False, special_tokens=special,
                                      unk_token=unk, **options)
    start = time.perf_counter()
    tokenizer.train([sample], trainer=trainer)
    seconds = time.perf_counter() - start
    tokenizer.save(out)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_rss_kb": peak}))


def encodings(path, sample):
    tokenizer = Tokenizer.from_file(path)
    lines = list(lines_without_endings(sample))
    return lines, tokenizer.encode_batch(lines, add_special_tokens=False)


def word_count(encoding):
    return len({w for w in encoding.word_ids if w is not None})


def compare(path, ours, sample):
    lines, theirs = encodings(path, sample)
    ours = [json.loads(line) for line in open(ours, encoding="utf-8")]
    if len(ours) != len(lines):
        print(f"TokenizerKit encoded {len(ours)} lines, the sample has {len(lines)}")
        return 1
    tokens = words_total = 0
    for number, (line, mine, reference) in enumerate(zip(lines, ours, theirs), 1):
        expected = {"ids": reference.ids, "tokens": reference.tokens, "offsets": [list(o) for o in reference.offsets]}
        for key in ("ids", "tokens", "offsets"):
            if mine[key] != expected[key]:
                print(f"line {number} ({line[:80]!r}): {key} differ\n  TokenizerKit: {mine[key][:40]}\n"
                      f"  reference:    {expected[key][:40]}")
                return 1
        tokens += len(reference.ids)
        words_total += word_count(reference)
    print(json.dumps({"lines": len(lines), "tokens": tokens, "words": words_total}))
    return 0


def count(path, sample):
    _, theirs = encodings(path, sample)
    print(json.dumps({"tokens": sum(len(e.ids) for e in theirs), "words": sum(word_count(e) for e in theirs)}))


def main(argv):
    command = argv[1]
    if command == "words":
        words(argv[2], argv[3])
    elif command == "train":
        rest = argv[5:]
        unk = None
        special = []
        options = {}
        while rest:
            if rest[0] == "--unk":
                unk = rest[1]
            elif rest[0] == "--special":
                special.append(rest[1])
            elif rest[0] == "--max-piece-length":
                options["max_piece_length"] = int(rest[1])
            elif rest[0] == "--shrinking-factor":
                options["shrinking_factor"] = float(rest[1])
            elif rest[0] == "--n-sub-iterations":
                options["n_sub_iterations"] = int(rest[1])
            else:
                raise SystemExit(f"unknown argument {rest[0]}")
            rest = rest[2:]
        train(argv[2], int(argv[3]), argv[4], unk, special, options)
    elif command == "compare":
        return compare(argv[2], argv[3], argv[4])
    elif command == "count":
        count(argv[2], argv[3])
    else:
        raise SystemExit(f"unknown command {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Corpus-scale `tok encode`: throughput for 1 and 2 threads and peak memory for two input sizes.

Builds a corpus of the wanted size from ../shared/corpus (english, multilingual and code files, repeated
in a fixed order), then times `tok encode --format bin` on it with /usr/bin/time (wall seconds and peak
resident memory of the whole process), one run per setting, all in this one invocation so that the
ratios compare like with like on a noisy machine.

    swift build -c release --product tok
    python3 Benchmarks/corpus_encode.py --tok .build/release/tok --tokenizer ../shared/vocab/cl100k-base/tokenizer.json \
        --sizes 200,1000 --threads 1,2
"""
import argparse, json, os, subprocess, sys, tempfile

from bench_corpus import SHARED, build_corpus

HERE = os.path.dirname(os.path.abspath(__file__))


def run(tok, tokenizer, corpus, threads, output):
    # The previous run's outputs go first, untimed: renaming a new file over a 200 MB one makes the kernel
    # free the old one's pages inside the rename (0.11 s here), which is not encoding work.
    for leftover in (output, output + ".idx", output + ".json", output + ".stats"):
        if os.path.exists(leftover):
            os.remove(leftover)
    command = ["/usr/bin/time", "-f", "%e %M", tok, "encode", "-t", tokenizer, "--format", "bin", "--quiet",
               "--threads", str(threads), "--stats-json", output + ".stats", "-o", output, corpus]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"tok failed: {result.stderr}")
    seconds, kilobytes = result.stderr.strip().splitlines()[-1].split()
    with open(output + ".stats") as f:
        stats = json.load(f)
    return float(seconds), int(kilobytes) / 1024, stats


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", default=os.path.join(HERE, "..", ".build", "release", "tok"))
    ap.add_argument("--tokenizer", default=os.path.join(SHARED, "vocab", "cl100k-base", "tokenizer.json"))
    ap.add_argument("--sizes", default="200,1000", help="corpus sizes in MB")
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--runs", type=int, default=1, help="runs per setting, alternating thread counts; the median counts")
    args = ap.parse_args()
    workdir = args.workdir or tempfile.mkdtemp(prefix="tok-corpus-")
    rows = []
    for size in [int(s) for s in args.sizes.split(",")]:
        corpus = os.path.join(workdir, f"corpus-{size}mb.txt")
        if not os.path.exists(corpus):
            build_corpus(corpus, size * 1_000_000)
        actual = os.path.getsize(corpus) / 1e6
        thread_counts = [int(t) for t in args.threads.split(",")]
        measured = {t: [] for t in thread_counts}
        for _ in range(args.runs):
            for threads in thread_counts:
                measured[threads].append(run(args.tok, args.tokenizer, corpus, threads, os.path.join(workdir, "out.bin")))
        for threads in thread_counts:
            runs = sorted(measured[threads], key=lambda r: r[0])
            seconds, _, stats = runs[len(runs) // 2]
            peak = max(r[1] for r in runs)
            rows.append((size, actual, threads, seconds, actual / seconds, peak, stats["tokens"]))
            every = ", ".join(f"{r[0]:.2f}" for r in measured[threads])
            print(f"{actual:8.1f} MB  threads {threads}: {seconds:7.2f} s  {actual / seconds:7.1f} MB/s  "
                  f"peak RSS {peak:6.1f} MB  {stats['tokens']} tokens  (runs: {every} s)", flush=True)
    by_size = {}
    for size, _, threads, _, rate, peak, _ in rows:
        by_size.setdefault(size, {})[threads] = (rate, peak)
    for size, runs in by_size.items():
        if 1 in runs and 2 in runs:
            print(f"{size} MB: 2 threads / 1 thread = {runs[2][0] / runs[1][0]:.2f}x")
    peaks = {size: max(p for _, p in runs.values()) for size, runs in by_size.items()}
    print("peak RSS by input size: " + ", ".join(f"{s} MB → {p:.1f} MB" for s, p in peaks.items()))


if __name__ == "__main__":
    main()

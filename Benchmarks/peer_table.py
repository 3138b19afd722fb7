#!/usr/bin/env python3
"""Every row of the speed table, tok against every peer, in one run; writes the table as Markdown.

  python3 Benchmarks/peer_table.py [--tok .build/release/tok] [--runs 1] [--threads 1,2]
                                   [--rows cl100k-english,...] [--peers tok,hf,...] [--english-mb 100]
                                   [--out Benchmarks/peer_table.md] [--json results.json]

Rows (tokenizer from ../shared/vocab, text from ../shared/corpus):
  cl100k/o200k/gpt2/llama/bert-base-uncased/t5-small on English, cl100k on multilingual and on code.
Texts (built once into a temporary folder, each file ending in "\\n"):
  english       every file of corpus/english once (64.8 MB), then again from the start until --english-mb is
                reached: the corpus holds no more English than that, so the last third is text seen before;
  multilingual  every file of corpus/multilingual once, nothing repeated;
  code          every file of corpus/code once, nothing repeated.
Every engine, for every row and thread count, runs as its own process pinned to the first N cores
(sched_setaffinity) and reports:
  whole   start to exit of the process (interpreter start, import, load, read, encode, exit);
  encode  measured inside the process around the encode call alone (for tok: `tok encode --stats-json`'s
          seconds, from the loaded tokenizer to the last id written, so it includes reading the input and
          writing the ids, which the peers' figure does not);
  load    inside the process around loading the tokenizer (tok: whole minus encode, i.e. start+load+exit);
  tokens  the total number of ids: a peer whose total differs from the reference's (hf) is marked inexact.
Library section (--library-mb, default 20 MB of the English text, cl100k): the in-process time of
`Tokenizer.encode(batch:)` with full `Encoding`s (Benchmarks/.build/release/TokenizerBenchmarks batch, built with
`swift build -c release --package-path Benchmarks`) against the reference's `encode_batch` on the same lines.
The median of --runs runs counts. MB/s are of the text's bytes. Peers that cannot load a tokenizer, or whose
package is missing, are reported as such (the run goes on).
Needs: pip install tokenizers==0.23.3 tiktoken bpe-openai gigatoken splintr-rs kitoken fastokens tokie
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

from bench_corpus import SHARED, build_corpus

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

ROWS = {
    # name: (vocab folder, text, tiktoken encoding name or None)
    "cl100k-english": ("cl100k-base", "english", "cl100k"),
    "cl100k-multilingual": ("cl100k-base", "multilingual", "cl100k"),
    "cl100k-code": ("cl100k-base", "code", "cl100k"),
    "o200k-english": ("o200k-base", "english", "o200k"),
    "gpt2-english": ("gpt2", "english", "gpt2"),
    "llama-english": ("llama", "english", None),
    "bert-english": ("bert-base-uncased", "english", None),
    "t5-english": ("t5-small", "english", None),
}
PEERS = ["tok", "hf", "gigatoken", "splintr", "kitoken", "fastokens", "tokie", "tiktoken", "bpe-openai"]
GPT2_PAT = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""

# Each peer script: argv = tokenizer.json, text file, threads, tiktoken kind. It prints one JSON line with
# load and encode seconds (perf_counter around the calls) and the token total.
PRELUDE = """
import sys, time, json
tokenizer_path, text_path, threads, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
def lines_of(path):
    lines = open(path, 'rb').read().decode('utf-8').split('\\n')
    if lines and lines[-1] == '': lines.pop()
    return lines
def report(load, encode, tokens):
    print(json.dumps({"load": load, "encode": encode, "tokens": int(tokens)}))
"""
PEER_CODE = {
"hf": """
from tokenizers import Tokenizer
t0 = time.perf_counter(); t = Tokenizer.from_file(tokenizer_path); t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); out = t.encode_batch(lines, add_special_tokens=False); t3 = time.perf_counter()
report(t1 - t0, t3 - t2, sum(len(e.ids) for e in out))
""",
"gigatoken": """
import gigatoken, awkward
t0 = time.perf_counter(); g = gigatoken.Tokenizer(tokenizer_path); t1 = time.perf_counter()
raw = open(text_path, 'rb').read()
t2 = time.perf_counter()
out = g.encode_batch(gigatoken.BytesSource([raw], separator='\\n'), parallel=threads > 1)
t3 = time.perf_counter()
report(t1 - t0, t3 - t2, awkward.count(out))
""",
"splintr": """
import splintr
t0 = time.perf_counter(); t = splintr.from_json(tokenizer_path); t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); ids, _ = t.encode_batch_flat(lines); t3 = time.perf_counter()
# encode_batch_flat gives 4-byte ids and always adds the tokenizer's special tokens: take those out.
report(t1 - t0, t3 - t2, len(ids) // 4 - len(lines) * len(t.encode('')))
""",
"kitoken": """
from concurrent.futures import ThreadPoolExecutor
from kitoken import Kitoken
t0 = time.perf_counter(); t = Kitoken.from_tokenizers_file(tokenizer_path); t1 = time.perf_counter()
lines = lines_of(text_path)
parts = [lines[k::threads] for k in range(threads)]
t2 = time.perf_counter()
with ThreadPoolExecutor(threads) as ex:  # kitoken releases the GIL
    out = list(ex.map(lambda c: t.encode_all(c, False), parts))
t3 = time.perf_counter()
report(t1 - t0, t3 - t2, sum(len(i) for part in out for i in part))
""",
"fastokens": """
import fastokens
t0 = time.perf_counter(); t = fastokens.Tokenizer.from_file(tokenizer_path); t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); ids, _ = t.encode_batch_flat(lines, add_special_tokens=False); t3 = time.perf_counter()
report(t1 - t0, t3 - t2, len(ids) // 4)
""",
"tokie": """
import tokie
t0 = time.perf_counter(); t = tokie.Tokenizer.from_json(tokenizer_path); t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); counts = t.count_tokens_batch(lines); t3 = time.perf_counter()
report(t1 - t0, t3 - t2, sum(counts))
""",
"tiktoken": """
import tiktoken
t0 = time.perf_counter()
if kind == 'gpt2':
    d = json.load(open(tokenizer_path, encoding='utf-8'))
    bs = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256)); cs = bs[:]; n = 0
    for b in range(256):
        if b not in bs: bs.append(b); cs.append(256 + n); n += 1
    u2b = {chr(c): b for b, c in zip(bs, cs)}
    ranks = {bytes(u2b[ch] for ch in tok): i for tok, i in d['model']['vocab'].items()}
    enc = tiktoken.Encoding('gpt2', pat_str=sys.argv[5], mergeable_ranks=ranks, special_tokens={})
else:
    from bpe_openai import registry
    cfg = getattr(registry, kind + '_base')()
    enc = tiktoken.Encoding(cfg['name'], pat_str=cfg['pat_str'], mergeable_ranks=cfg['mergeable_ranks'], special_tokens={})
t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); out = enc.encode_ordinary_batch(lines, num_threads=threads); t3 = time.perf_counter()
report(t1 - t0, t3 - t2, sum(len(x) for x in out))
""",
"bpe-openai": """
import bpe_openai
t0 = time.perf_counter(); enc = bpe_openai.get_encoding(kind + '_base'); t1 = time.perf_counter()
lines = lines_of(text_path)
t2 = time.perf_counter(); total = sum(len(enc.encode(l)) for l in lines); t3 = time.perf_counter()
report(t1 - t0, t3 - t2, total)
""",
}


def build_texts(folder, english_bytes):
    """Writes english.txt (repeated up to `english_bytes`), multilingual.txt and code.txt (each once) into
    `folder`; returns {name: path}."""
    paths = {}
    for name in ("english", "multilingual", "code"):
        paths[name] = os.path.join(folder, name + ".txt")
        build_corpus(paths[name], english_bytes if name == "english" else 0, folders=(name,))
    return paths


def applicable(peer, kind, threads):
    if peer == "tiktoken":
        return kind is not None
    if peer == "bpe-openai":
        return kind in ("cl100k", "o200k") and threads == 1  # its wheel is single-threaded
    return True


def run_one(peer, tok, tokenizer, text, threads, kind):
    """One process; returns dict(whole, encode, load, tokens) or dict(error=...)."""
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads), TOKENIZERS_PARALLELISM="true")
    if peer == "tok":
        stats = os.path.join(tempfile.gettempdir(), "peer_table_stats.json")
        sink = os.path.join(tempfile.gettempdir(), "peer_table_ids.txt")
        for p in (stats, sink):
            if os.path.exists(p):
                os.remove(p)  # untimed: freeing the previous output's pages would be charged to this run
        cmd = [tok, "encode", "-t", tokenizer, "--format", "ids", "--threads", str(threads), "--quiet",
               "--stats-json", stats, "-o", sink, text]
    else:
        cmd = [sys.executable, "-c", PRELUDE + PEER_CODE[peer], tokenizer, text, str(threads), kind or "-", GPT2_PAT]
    start = time.perf_counter()
    p = subprocess.run(cmd, capture_output=True, env=env, preexec_fn=lambda: os.sched_setaffinity(0, range(threads)))
    whole = time.perf_counter() - start
    if p.returncode != 0:
        message = (p.stderr.decode(errors="replace").strip().splitlines() or ["?"])[-1]
        return {"error": f"exit {p.returncode}: {message[:160]}"}
    if peer == "tok":
        with open(stats) as f:
            s = json.load(f)
        return {"whole": whole, "encode": s["seconds"], "load": whole - s["seconds"], "tokens": s["tokens"]}
    r = json.loads(p.stdout.decode().strip().splitlines()[-1])
    r["whole"] = whole
    return r


def library_section(a, english, threads_list, folder):
    """encode(batch:) with full encodings against the reference's encode_batch, in-process, cl100k."""
    path = os.path.join(folder, "library.txt")
    with open(english, "rb") as f:
        data = f.read(int(a.library_mb * 1e6))
    data = data[:data.rfind(b"\n") + 1]
    with open(path, "wb") as f:
        f.write(data)
    tokenizer = os.path.join(SHARED, "vocab", "cl100k-base", "tokenizer.json")
    out = ["**Library path** (cl100k, %.1f MB of English, full encodings, in-process encode time, median of %d)" %
           (len(data) / 1e6, a.runs), "", "| threads | TokenizerKit encode(batch:) | reference encode_batch | ratio |",
           "|---|---|---|---|"]
    for threads in threads_list:
        env = dict(os.environ, RAYON_NUM_THREADS=str(threads), TOKENIZERS_PARALLELISM="true")
        figures = {}
        for name, cmd in (("tok", [a.library_bench, "batch", tokenizer, path, str(threads)]),
                          ("hf", [sys.executable, "-c", PRELUDE + PEER_CODE["hf"], tokenizer, path, str(threads), "-"])):
            runs = []
            for _ in range(a.runs):
                p = subprocess.run(cmd, capture_output=True, env=env,
                                   preexec_fn=lambda: os.sched_setaffinity(0, range(threads)))
                if p.returncode != 0:
                    print(f"library {name} t={threads}: exit {p.returncode}: {p.stderr.decode(errors='replace')[-300:]}")
                    break
                runs.append(json.loads(p.stdout.decode().strip().splitlines()[-1]))
            if runs:
                figures[name] = (statistics.median(r["encode"] for r in runs), runs[0]["tokens"])
        if "tok" in figures and "hf" in figures:
            mb = len(data) / 1e6
            same = "" if figures["tok"][1] == figures["hf"][1] else " (token totals differ!)"
            out.append(f"| {threads} | {mb / figures['tok'][0]:.1f} MB/s | {mb / figures['hf'][0]:.1f} MB/s | "
                       f"{figures['hf'][0] / figures['tok'][0]:.1f}×{same} |")
            print(out[-1], flush=True)
    out.append("")
    return out


def median_of(results, key):
    values = [r[key] for r in results if key in r]
    return statistics.median(values) if values else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", default=os.path.join(ROOT, ".build", "release", "tok"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--rows", default=",".join(ROWS))
    ap.add_argument("--peers", default=",".join(PEERS))
    ap.add_argument("--english-mb", type=float, default=100)
    ap.add_argument("--out", default=os.path.join(HERE, "peer_table.md"))
    ap.add_argument("--json")
    ap.add_argument("--library-mb", type=float, default=20, help="0 skips the library section")
    ap.add_argument("--library-bench", default=os.path.join(HERE, ".build", "release", "TokenizerBenchmarks"))
    a = ap.parse_args()
    rows = a.rows.split(",")
    peers = a.peers.split(",")
    threads_list = [int(x) for x in a.threads.split(",")]
    folder = tempfile.mkdtemp(prefix="peer_table_")
    texts = build_texts(folder, int(a.english_mb * 1e6))
    sizes = {k: os.path.getsize(v) for k, v in texts.items()}
    print("texts: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items()), flush=True)

    results = {}  # (row, threads, peer) -> summary
    for row in rows:
        vocab, text, kind = ROWS[row]
        tokenizer = os.path.join(SHARED, "vocab", vocab, "tokenizer.json")
        for threads in threads_list:
            for peer in peers:
                if not applicable(peer, kind, threads):
                    continue
                runs = [run_one(peer, a.tok, tokenizer, texts[text], threads, kind) for _ in range(a.runs)]
                ok = [r for r in runs if "error" not in r]
                if not ok:
                    summary = {"error": runs[0]["error"]}
                else:
                    summary = {k: median_of(ok, k) for k in ("whole", "encode", "load")}
                    summary["tokens"] = ok[0]["tokens"]
                results[(row, threads, peer)] = summary
                size = sizes[text]
                if "error" in summary:
                    print(f"{row:20s} t={threads} {peer:10s} {summary['error']}", flush=True)
                else:
                    print(f"{row:20s} t={threads} {peer:10s} encode {size / 1e6 / summary['encode']:7.1f} MB/s  "
                          f"whole {size / 1e6 / summary['whole']:7.1f} MB/s  load {summary['load']:.3f} s  "
                          f"tokens {summary['tokens']}", flush=True)

    lines = [f"Texts: English {sizes['english'] / 1e6:.1f} MB (corpus/english once, then repeated from its start), "
             f"multilingual {sizes['multilingual'] / 1e6:.1f} MB, code {sizes['code'] / 1e6:.1f} MB (each whole, once). "
             f"Median of {a.runs} run(s); MB/s of encode measured in-process / whole process; "
             "`load` = tok: whole − encode; peers: around their load call. "
             "✗ = token total differs from the reference's (hf).", ""]
    for threads in threads_list:
        lines.append(f"**{threads} thread{'s' if threads > 1 else ''}**")
        lines.append("")
        shown = [p for p in peers]
        lines.append("| row | " + " | ".join(shown) + " | tok ÷ fastest exact peer (encode / whole) |")
        lines.append("|---|" + "---|" * len(shown) + "---|")
        for row in rows:
            vocab, text, kind = ROWS[row]
            size = sizes[text]
            reference = results.get((row, threads, "hf"), {}).get("tokens")
            cells = []
            best_encode = best_whole = None
            for peer in shown:
                r = results.get((row, threads, peer))
                if r is None:
                    cells.append("–")
                    continue
                if "error" in r:
                    cells.append("fails")
                    continue
                exact = reference is None or r["tokens"] == reference
                cells.append(f"{size / 1e6 / r['encode']:.1f} / {size / 1e6 / r['whole']:.1f}" + ("" if exact else " ✗"))
                if peer != "tok" and exact:
                    best_encode = max(best_encode or 0, size / 1e6 / r["encode"])
                    best_whole = max(best_whole or 0, size / 1e6 / r["whole"])
            t = results.get((row, threads, "tok"))
            ratio = "–"
            if t and "error" not in t and best_encode:
                ratio = f"{size / 1e6 / t['encode'] / best_encode:.2f}× / {size / 1e6 / t['whole'] / best_whole:.2f}×"
            lines.append(f"| {row} | " + " | ".join(cells) + f" | {ratio} |")
        lines.append("")
    if 1 in threads_list and 2 in threads_list:
        scaling = []
        for row in rows:
            one, two = results.get((row, 1, "tok")), results.get((row, 2, "tok"))
            if one and two and "error" not in one and "error" not in two:
                scaling.append(f"{row} {one['encode'] / two['encode']:.2f}×")
        lines.append("tok, 2 threads ÷ 1 thread (encode): " + ", ".join(scaling))
        lines.append("")
    loads = [(peer, results[("o200k-english", 1, peer)]) for peer in peers if ("o200k-english", 1, peer) in results]
    if loads:
        lines.append("Start+load, o200k (1 thread; whole process minus the in-process encode): " + ", ".join(
            f"{p} {r['whole'] - r['encode']:.2f} s" for p, r in loads if "error" not in r))
        lines.append("")
    if a.library_mb > 0:
        lines += library_section(a, texts["english"], threads_list, folder)
    with open(a.out, "w") as f:
        f.write("\n".join(lines))
    print("\n".join(lines))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({f"{r}|{t}|{p}": v for (r, t, p), v in results.items()}, f, indent=1)


if __name__ == "__main__":
    main()

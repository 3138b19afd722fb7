#!/usr/bin/env bash
# Builds the libFuzzer targets of Fuzz/ (with AddressSanitizer) and runs one, or each in turn, for SECONDS.
#
#   ./scripts/fuzz.sh TARGET SECONDS [libFuzzer flags…]   e.g. ./scripts/fuzz.sh encode 120
#   ./scripts/fuzz.sh all SECONDS
#
# Targets: tokenizer-json (tokenizer.json loading), encode (arbitrary bytes as text, one tokenizer per model
# type), decode (arbitrary ids, one call and streaming), formats (tiktoken, tekken.json, SentencePiece .model,
# vocab.txt, vocab.json + merges.txt), chat-template (parse and render), tok-input (the input reader of
# `tok encode`: plain or gzip files, read or mapped, cut into chunks of records, JSON Lines fields). Not part of CI.
#
# Each target keeps its corpus in .build-fuzz/corpus/TARGET (seeded from ../shared when it is empty) and
# writes what it finds (crash-*, leak-*, timeout-*) to .build-fuzz/findings/TARGET/. A finding is replayed
# by running the target binary on the file: .build-fuzz/release/FuzzEncode FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
shared=$(cd "$root/../shared" && pwd)
scratch=$root/.build-fuzz

if [ $# -lt 2 ]; then
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 64
fi
which=$1
seconds=$2
shift 2

product_of() {
    case $1 in
    tokenizer-json) echo FuzzTokenizerJSON ;;
    encode) echo FuzzEncode ;;
    decode) echo FuzzDecode ;;
    formats) echo FuzzFormats ;;
    chat-template) echo FuzzChatTemplate ;;
    tok-input) echo FuzzTokInput ;;
    *) echo "fuzz.sh: unknown target $1 (tokenizer-json, encode, decode, formats, chat-template, tok-input, all)" >&2; exit 64 ;;
    esac
}

# Seeds: files in ../shared (and small ones in Fuzz/seeds, cut from gpt2 and bert-base-uncased), copied into
# the corpus the first time. Prefix bytes pick the tokenizer or format.
seed() {
    local target=$1 corpus=$2
    case $target in
    tokenizer-json)
        # Every shared tokenizer.json, its vocabulary cut to 400 tokens (and merges between those), so that
        # inputs stay small enough to mutate and load quickly; the pipeline configuration is kept whole.
        python3 - "$corpus" "$shared"/vocab/*/tokenizer.json <<'PY'
import json, os, sys
corpus = sys.argv[1]
for path in sys.argv[2:]:
    try:
        t = json.load(open(path, encoding="utf-8"))
    except ValueError:
        continue
    m = t.get("model") or {}
    v = m.get("vocab")
    if isinstance(v, dict):
        keep = dict(sorted(v.items(), key=lambda kv: kv[1])[:400])
        for a in t.get("added_tokens") or []:
            keep.setdefault(a["content"], a["id"])
        m["vocab"] = keep
        merges = [x if isinstance(x, str) else " ".join(x) for x in m.get("merges") or []]
        m["merges"] = [x for x in merges if all(p in keep for p in x.split(" ")) and x.replace(" ", "") in keep][:200]
    elif isinstance(v, list):
        m["vocab"] = v[:400]
        if isinstance(m.get("unk_id"), int) and m["unk_id"] >= 400:
            m["unk_id"] = 0
    name = os.path.basename(os.path.dirname(path))
    json.dump(t, open(os.path.join(corpus, name + ".json"), "w", encoding="utf-8"), ensure_ascii=False)
PY
        ;;
    encode)
        # Each shared corpus file's first 256 bytes, for one tokenizer in turn (slow debug encodes: a small
        # corpus starts fuzzing sooner).
        local i=0 k
        for f in "$shared"/corpus/*/*; do
            [ -f "$f" ] || continue
            k=$((i % 5))
            { printf "\\x0$k"; head -c 256 "$f"; } > "$corpus/seed-$i"
            i=$((i + 1))
        done
        for k in 0 1 2 3 4; do printf "\\x$(printf %02x $k)Hello, world! naïve café <s>[CLS] 123 \xf0\x9f\x98\x80 \xff\xfe" > "$corpus/mixed-$k"; done ;;
    decode)
        for k in 0 1 2 3 4; do head -c 400 /dev/urandom | { printf "\\x$(printf %02x $k)"; cat; } > "$corpus/random-$k"; done ;;
    formats)
        # The first byte picks the loader: 0 tiktoken, 1 tekken.json, 2 SentencePiece, 3 vocab.txt,
        # 4 vocab.json + 0xFF + merges.txt. Large files are cut: libFuzzer mutates short inputs better.
        for f in "$shared"/vocab/tiktoken/*.tiktoken; do { printf '\x00'; head -n 300 "$f"; } > "$corpus/tiktoken-$(basename "$f")"; done
        { printf '\x01'; cat Fuzz/seeds/tekken.json; } > "$corpus/tekken"
        for f in "$shared"/vocab/sentencepiece/*.model "$shared"/vocab/sentencepiece/*.spm; do { printf '\x02'; cat "$f"; } > "$corpus/spm-$(basename "$f")"; done
        { printf '\x03'; cat Fuzz/seeds/vocab.txt; } > "$corpus/vocab-txt"
        { printf '\x04'; cat Fuzz/seeds/vocab.json; printf '\xff'; cat Fuzz/seeds/merges.txt; } > "$corpus/vocab-json-merges" ;;
    chat-template)
        for f in "$shared"/chat_templates/*.jinja; do cp "$f" "$corpus/"; done ;;
    tok-input)
        # The first byte picks: bits 0-1 the JSON Lines key (0 "text", 1 "content", 3 plain text), bit 2 gzip,
        # bit 3 mapping, bits 4-5 the separator (\n, \n\n, <|doc|>, \r\n), bits 6-7 the chunk size.
        local jsonl='{"text": "Hello \\u00e9 \\ud83d\\ude00 \\n", "id": [1, {"a": null}], "x": -1.5e3}\n{"id": 2, "text": ""}\n[1]\n'
        local k i=0 f
        for k in 00 04 08 40 80 c0; do printf "\x$k$jsonl" > "$corpus/jsonl-$k"; done
        printf '\x01{"role": "user", "content": "caf\xc3\xa9 \\"quoted\\""}\n{"content": 3}\n' > "$corpus/content"
        for f in "$shared"/corpus/english/gutenberg_alice_in_wonderland.txt "$shared"/corpus/multilingual/ja.txt \
                 "$shared"/corpus/edge/edge_cases.txt; do
            for k in 03 07 0b 13 23 33 43 c7; do { printf "\x$k"; head -c 3000 "$f"; } > "$corpus/text-$i-$k"; done
            i=$((i + 1))
        done ;;
    esac
}

# Release (-O) by default: a debug build runs 16-300 inputs per second, too few for a useful campaign.
# FUZZ_CONFIGURATION=debug builds with full debug checks instead.
configuration=${FUZZ_CONFIGURATION:-release}
echo "== building the fuzz targets (Fuzz/, $configuration, -sanitize=fuzzer,address, $scratch)"
(cd Fuzz && swift build -c "$configuration" --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address 2>&1 |
    grep -v "Cannot export local symbol" || true)
bin=$(cd Fuzz && swift build -c "$configuration" --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address --show-bin-path)

run() {
    local target=$1 product corpus findings log
    shift
    product=$(product_of "$target")
    [ -x "$bin/$product" ] || { echo "fuzz.sh: $bin/$product was not built" >&2; exit 1; }
    corpus=$scratch/corpus/$target
    findings=$scratch/findings/$target
    log=$scratch/logs/$target.log
    mkdir -p "$corpus" "$findings" "$(dirname "$log")"
    # Inputs up to 64 KiB where seeds are whole files, 8 KiB elsewhere.
    local max_len=8192
    case $target in tokenizer-json | formats) max_len=65536 ;; esac
    if [ -z "$(ls -A "$corpus")" ]; then seed "$target" "$corpus"; fi
    echo "== $target ($product) for $seconds s; corpus $corpus ($(ls "$corpus" | wc -l) files); log $log"
    local status=0
    TOKENIZERKIT_VOCAB=$shared/vocab \
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
    LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/Fuzz/lsan.supp:print_suppressions=0} \
        "$bin/$product" "$corpus" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=$max_len \
        -print_final_stats=1 -artifact_prefix="$findings/" "$@" > "$log" 2>&1 || status=$?
    # The last status line: executions, coverage (cov: edges, ft: features), corpus size, speed.
    grep -E '^#[0-9]+' "$log" | tail -1 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" || true
    if [ "$status" -ne 0 ]; then
        echo "   FINDING (exit $status):"
        grep -E 'ERROR: |SUMMARY: |Test unit written to|Fatal error|==[0-9]+== ' "$log" | head -8 | sed 's/^/   /'
        return 1
    fi
    echo "   no findings"
}

if [ "$which" = all ]; then
    failed=0
    for t in tokenizer-json encode decode formats chat-template tok-input; do run "$t" "$@" || failed=1; done
    exit $failed
else
    run "$which" "$@"
fi

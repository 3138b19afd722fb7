#!/usr/bin/env python3
"""Compare `tok encode --format ids` with the `tiktoken` package (and `mistral_common` for tekken.json),
line by line.

  tiktoken_conformance.py --tok PATH/TO/tok [--vocab DIR] [--corpus DIR] [--lines N] [--only NAME,...]
                          [--extra FILE.tiktoken ...] [--tekken FILE.json ...] [--json REPORT.json]

For every DIR/*.tiktoken (default ../shared/vocab/tiktoken seen from the project root; --extra adds more,
e.g. an o200k_base.tiktoken) and a sample of N lines (default 200) of every corpus file (lines split on
"\\n" only, each encoded on its own, as tools/conformance.py does), plus lines holding the special tokens,
it runs, on the same sample file,
  tok encode -t FILE --format ids                         vs  Encoding.encode(line, allowed_special="all")
  tok encode -t FILE --format ids --special-tokens none   vs  Encoding.encode_ordinary(line)
and `tok decode` of the reference ids vs Encoding.decode. The reference Encoding is built here, independently
of TokenizerKit, from what each file's own code gives it (tiktoken_ext.openai_public for the OpenAI
encodings, whisper/tokenizer.py, Meta's llama3 tokenizer.py, Moonshot's tokenization_kimi.py).
For each --tekken file: `tok encode` vs Tekkenizer.encode(line, bos=False, eos=False), and decode.
Prints one row per file and mode; exit status 0 when every line matches, 1 otherwise, 2 when a python
package is missing (tiktoken; mistral_common only with --tekken).
"""
import argparse, base64, glob, json, os, sys, tempfile

from conformance_common import SHARED, compare, decode_with_tok, encode_with_tok, sample_lines, special_lines
from conformance_common import write_ids, write_lines, write_report

try:
    import tiktoken
    from tiktoken.load import load_tiktoken_bpe
except ImportError as error:  # pragma: no cover
    print(f"missing python package: {error} (pip install tiktoken)", file=sys.stderr)
    sys.exit(2)

R50K = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s"""
CL100K = r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s"""
O200K = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""", r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""", r"""\s*[\r\n]+""", r"""\s+(?!\S)""", r"""\s+""",
])
WHISPER = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
LLAMA3 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
KIMI = "|".join([
    r"""[\p{Han}]+""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]*[\p{Ll}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]+[\p{Ll}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""", r""" ?[^\s\p{L}\p{N}]+[\r\n]*""", r"""\s*[\r\n]+""", r"""\s+(?!\S)""", r"""\s+""",
])
WHISPER_LANGUAGES = ("en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur "
                     "hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si "
                     "km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha "
                     "ba jw su yue").split()


def config_names(path):
    """added_tokens_decoder of the tokenizer_config.json beside a .tiktoken file, id -> content."""
    stem = os.path.splitext(path)[0]
    for candidate in (stem + ".tokenizer_config.json", os.path.join(os.path.dirname(path), "tokenizer_config.json")):
        if os.path.exists(candidate):
            with open(candidate, encoding="utf-8") as f:
                return {int(k): v["content"] for k, v in json.load(f).get("added_tokens_decoder", {}).items()}
    return {}


def reference_encoding(path):
    """The tiktoken.Encoding each file's own code builds: (name, Encoding)."""
    ranks = load_tiktoken_bpe(path)
    n = len(ranks)
    if n == 50256:
        return "r50k_base", tiktoken.Encoding("r50k_base", pat_str=R50K, mergeable_ranks=ranks,
                                              special_tokens={"<|endoftext|>": 50256})
    if n == 50280:
        return "p50k_base", tiktoken.Encoding("p50k_base", pat_str=R50K, mergeable_ranks=ranks,
                                              special_tokens={"<|endoftext|>": 50256})
    if n == 100256:
        specials = {"<|endoftext|>": 100257, "<|fim_prefix|>": 100258, "<|fim_middle|>": 100259,
                    "<|fim_suffix|>": 100260, "<|endofprompt|>": 100276}
        return "cl100k_base", tiktoken.Encoding("cl100k_base", pat_str=CL100K, mergeable_ranks=ranks, special_tokens=specials)
    if n == 199998:
        return "o200k_base", tiktoken.Encoding("o200k_base", pat_str=O200K, mergeable_ranks=ranks,
                                               special_tokens={"<|endoftext|>": 199999, "<|endofprompt|>": 200018})
    if n == 50257:  # whisper/tokenizer.py get_encoding("multilingual"), num_languages=99
        names = ["<|endoftext|>", "<|startoftranscript|>", *[f"<|{c}|>" for c in WHISPER_LANGUAGES[:99]],
                 "<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>",
                 "<|notimestamps|>", *[f"<|{i * 0.02:.2f}|>" for i in range(1501)]]
        return "whisper multilingual", tiktoken.Encoding("multilingual", pat_str=WHISPER, mergeable_ranks=ranks,
                                                         special_tokens={t: n + i for i, t in enumerate(names)})
    if n == 128000:  # Meta's llama3 tokenizer.py
        names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
                 "<|reserved_special_token_2|>", "<|reserved_special_token_3|>", "<|start_header_id|>",
                 "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>",
                 *[f"<|reserved_special_token_{i}|>" for i in range(5, 251)]]
        return "llama3", tiktoken.Encoding("llama3", pat_str=LLAMA3, mergeable_ranks=ranks,
                                           special_tokens={t: n + i for i, t in enumerate(names)})
    if n == 163584:  # tokenization_kimi.py: 256 reserved, named by added_tokens_decoder
        named = config_names(path)
        specials = {named.get(i, f"<|reserved_token_{i}|>"): i for i in range(n, n + 256)}
        return "kimi_k2", tiktoken.Encoding("kimi_k2", pat_str=KIMI, mergeable_ranks=ranks, special_tokens=specials)
    raise SystemExit(f"{path}: {n} ranks, not a known encoding")


O200K_SHA256 = "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d"  # tiktoken_ext's expected_hash


def o200k_from_tokenizer_json(vocab_root, directory):
    """o200k_base.tiktoken rebuilt from ../shared/vocab/o200k-base/tokenizer.json (its byte-level vocabulary
    unmapped), kept only when it is byte for byte the file tiktoken downloads (its sha256)."""
    import hashlib
    path = os.path.join(vocab_root, "o200k-base", "tokenizer.json")
    if not os.path.exists(path):
        return None
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs, n = bs[:], 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    byte_of = {chr(c): b for b, c in zip(bs, cs)}
    with open(path, encoding="utf-8") as f:
        vocab = json.load(f)["model"]["vocab"]
    text = "".join(base64.b64encode(bytes(byte_of[c] for c in token)).decode() + f" {rank}\n"
                   for token, rank in sorted(vocab.items(), key=lambda kv: kv[1]))
    if hashlib.sha256(text.encode()).hexdigest() != O200K_SHA256:
        return None
    out = os.path.join(directory, "o200k_base.tiktoken")
    with open(out, "w") as f:
        f.write(text)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", required=True)
    ap.add_argument("--vocab", default=os.path.join(SHARED, "vocab", "tiktoken"))
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus"))
    ap.add_argument("--lines", type=int, default=200)
    ap.add_argument("--only")
    ap.add_argument("--extra", nargs="*", default=[])
    ap.add_argument("--tekken", nargs="*", default=None,
                    help="tekken.json files (default: the ones mistral_common ships in its data folder, when it is installed)")
    ap.add_argument("--no-o200k", action="store_true", help="leave out o200k_base.tiktoken rebuilt from ../shared/vocab/o200k-base")
    ap.add_argument("--json")
    args = ap.parse_args()

    corpus_lines = sample_lines(args.corpus, args.lines)
    report, ok = [], True
    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(glob.glob(os.path.join(args.vocab, "*.tiktoken"))) + args.extra
        if not args.no_o200k:
            o200k = o200k_from_tokenizer_json(os.path.dirname(args.vocab), tmp)
            if o200k:
                files.append(o200k)
        if args.only:
            wanted = args.only.split(",")
            files = [f for f in files if any(w in os.path.basename(f) for w in wanted)]
        for path in files:
            name, enc = reference_encoding(path)
            lines = corpus_lines + special_lines(enc._special_tokens, seed=len(name))
            sample = os.path.join(tmp, "sample.txt")
            write_lines(sample, lines)
            base = os.path.basename(path)
            expected = [enc.encode(line, allowed_special="all") for line in lines]
            ok &= compare(f"{base} ({name}) encode, specials allowed", encode_with_tok(args.tok, path, sample), expected, lines, report)
            ordinary = [enc.encode_ordinary(line) for line in lines]
            ok &= compare(f"{base} ({name}) encode_ordinary", encode_with_tok(args.tok, path, sample, ["--special-tokens", "none"]),
                          ordinary, lines, report)
            ids_file = os.path.join(tmp, "ids.txt")
            write_ids(ids_file, ordinary)
            want = [enc.decode(ids) for ids in ordinary]
            ok &= compare(f"{base} ({name}) decode", decode_with_tok(args.tok, path, ids_file), want, lines, report)
        tekken_files = args.tekken
        if tekken_files is None:
            try:
                import mistral_common
                data = os.path.join(os.path.dirname(mistral_common.__file__), "data")
                tekken_files = sorted(glob.glob(os.path.join(data, "*tekken*.json")))
            except ImportError:
                print("mistral_common is not installed: no tekken.json compared (pip install mistral-common)")
                tekken_files = []
        if tekken_files:
            try:
                from mistral_common.tokens.tokenizers.tekken import Tekkenizer
            except ImportError as error:
                print(f"missing python package: {error} (pip install mistral-common)", file=sys.stderr)
                sys.exit(2)
            for path in tekken_files:
                tekken = Tekkenizer.from_file(path)
                lines = corpus_lines + ["<s>[INST] hi [/INST]</s>", "<unk> <SPECIAL_20>"]
                sample = os.path.join(tmp, "sample.txt")
                write_lines(sample, lines)
                base = os.path.basename(path)
                expected = [tekken.encode(line, bos=False, eos=False) for line in lines]
                ok &= compare(f"{base} (tekken) encode", encode_with_tok(args.tok, path, sample), expected, lines, report)
                ids_file = os.path.join(tmp, "ids.txt")
                write_ids(ids_file, expected)
                want = [tekken.decode(ids) for ids in expected]
                ok &= compare(f"{base} (tekken) decode", decode_with_tok(args.tok, path, ids_file), want, lines, report)
    write_report(args.json, report)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

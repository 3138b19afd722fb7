#!/usr/bin/env python3
"""Compare `tok encode --format ids` and `tok decode` with the `sentencepiece` package, line by line.

  sentencepiece_conformance.py --tok PATH/TO/tok [--vocab DIR] [--corpus DIR] [--lines N] [--only NAME,...]
                               [--extra FILE.model ...] [--json REPORT.json]

For every SentencePiece model in DIR (default ../shared/vocab/sentencepiece seen from the project root: every
file there; --extra adds more) and a sample of N lines (default 200) of every corpus file (lines split on "\\n"
only, each encoded on its own; lines that are not valid UTF-8 or longer than 20,000 bytes are left out, as
scripts/tiktoken_conformance.py does), plus a few lines made to reach the model's corners (user-defined and
control pieces, runs of spaces, unknown characters), it runs
  tok encode -t FILE --format ids     vs  SentencePieceProcessor.encode(line)        (out_type=int, no bos/eos)
  tok decode -t FILE --format jsonl   vs  SentencePieceProcessor.decode(ids)         (of the reference ids)
Prints one row per model and mode, then a summary line; exit status 0 when every line matches, 1 otherwise,
2 when the sentencepiece package is missing.

With --converted DIR (DIR/NAME.json: the tokenizer.json TokenizerKit converts each model NAME to), it checks instead
that each file loads in `tokenizers`, equals (as JSON) what transformers' `SpmConverter.build_tokenizer_from_spm_proto`
builds from the model (when transformers is installed), and counts the sample lines whose encodings (and decodings)
differ from sentencepiece's, with examples: the converted pipeline cannot express all of sentencepiece, so those
counts are reported, not failed.
"""
import argparse, glob, json, os, sys, tempfile

from conformance_common import SHARED, decode_with_tok, encode_with_tok, protobuf_fields as fields
from conformance_common import write_ids, write_lines, write_report
from conformance_common import sample_lines as shared_sample_lines


def sample_lines(corpus, n):
    """(corpus file, line) for the first n lines of every corpus file."""
    return shared_sample_lines(corpus, n, named=True)

try:
    import sentencepiece as spm
except ImportError as error:  # pragma: no cover
    print(f"missing python package: {error} (pip install sentencepiece==0.2.3)", file=sys.stderr)
    sys.exit(2)


def piece_types(path):
    """The type of every piece (ModelProto field 1, SentencePiece.type field 3, NORMAL when absent), read with a
    small wire-format reader: the python protobuf package is not needed."""
    data = open(path, "rb").read()
    return [dict(fields(v)).get(3, 1) for number, v in fields(data) if number == 1]


def corner_lines(sp, path):
    """Lines that reach what corpus text rarely does: the model's user-defined and control pieces, runs of spaces,
    characters no piece covers, byte-fallback bytes."""
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    types = piece_types(path)
    user = [p for p, t in zip(pieces, types) if t == 4][:4]
    control = [p for p, t in zip(pieces, types) if t == 3][:3]
    lines = ["", " ", "   ", "a  b   c    d", "  leading and trailing  ", "\t tab \t", "x" * 50,
             "\u2581 already escaped \u2581\u2581", "\ufffd replacement", "🤗🦜 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "ｆｕｌｌｗｉｄｔｈ　ｓｐａｃｅ",
             "\u0378\u0379 unassigned", "e\u0301 combining", "ﬁ ligature ①②", "中文字符 日本語 한국어", "    V", "▁▁V"]
    for p in user + control:
        lines += [p, f"x{p}y", f" {p} {p}", f"{p}{p}"]
    return [("corner", line) for line in lines]


def compare(label, got_lines, expected, lines, report):
    matched, first = 0, None
    per_file = {}
    for i, want in enumerate(expected):
        got = got_lines[i] if i < len(got_lines) else None
        name = lines[i][0]
        entry = per_file.setdefault(name, [0, 0])
        entry[1] += 1
        if got == want:
            matched += 1
            entry[0] += 1
        elif first is None:
            first = f"line {i} ({name}): {lines[i][1][:60]!r}: got {str(got)[:100]} want {str(want)[:100]}"
    if len(got_lines) != len(expected) and first is None:
        first = f"tok wrote {len(got_lines)} lines for {len(expected)}"
    ok = matched == len(expected) and len(got_lines) == len(expected)
    print(f"{label:60} {matched:6}/{len(expected):<6} {'ok' if ok else 'DIFF'}" + (f"  first: {first}" if first else ""))
    report.append({"case": label, "matched": matched, "total": len(expected), "first_difference": first,
                   "per_file": {k: {"matched": v[0], "total": v[1]} for k, v in per_file.items()}})
    return ok, matched, len(expected)


def transformers_conversion(path):
    """The tokenizer.json transformers 5.25.0 builds from a model without a tokenizer.json (TokenizersBackend:
    build_tokenizer_from_spm_proto, legacy, control pieces added as special tokens), as a dict; None without
    transformers. The proto is read here (the protobuf package is not needed)."""
    try:
        from types import SimpleNamespace as NS
        from tokenizers import AddedToken
        from transformers.convert_slow_tokenizer import SpmConverter
    except ImportError:
        return None
    import struct
    data = open(path, "rb").read()

    pieces, trainer, normalizer = [], {}, {}
    for number, value in fields(data):
        if number == 1:
            d = dict(fields(value))
            score = struct.unpack("<f", d[2])[0] if 2 in d else 0.0  # fixed32 float
            pieces.append(NS(piece=d[1].decode(), score=score, type=d.get(3, 1)))
        elif number == 2:
            trainer.update(dict(fields(value)))
        elif number == 3:
            normalizer.update(dict(fields(value)))
    unk_id = trainer.get(40, 0)
    proto = NS(pieces=pieces,
               trainer_spec=NS(model_type=trainer.get(3, 1), byte_fallback=bool(trainer.get(35, 0)),
                               unk_piece=trainer.get(45, b"<unk>").decode(), unk_id=unk_id - (1 << 64) if unk_id >= 1 << 63 else unk_id),
               normalizer_spec=NS(precompiled_charsmap=normalizer.get(2, b""), add_dummy_prefix=bool(normalizer.get(3, 1)),
                                  remove_extra_whitespaces=bool(normalizer.get(4, 1)), escape_whitespaces=bool(normalizer.get(5, 1))))
    if proto.trainer_spec.model_type == 1:
        vocab = [(p.piece, p.score) for p in pieces]
    else:
        vocab = {p.piece: i for i, p in enumerate(pieces)}
    tokenizer = SpmConverter.build_tokenizer_from_spm_proto(proto=proto, vocab=vocab, legacy=True)
    tokenizer.add_tokens([AddedToken(p.piece, normalized=False, special=True) for p in pieces if p.type == 3])
    return json.loads(tokenizer.to_str())


def check_converted(files, directory, corpus, report):
    from tokenizers import Tokenizer
    ok = True
    for path in files:
        base = os.path.basename(path)
        converted = os.path.join(directory, base + ".json")
        try:
            tokenizer = Tokenizer.from_file(converted)
        except Exception as error:
            print(f"{base} converted: does not load in tokenizers: {error}")
            ok = False
            continue
        reference = transformers_conversion(path)
        if reference is not None:
            with open(converted, encoding="utf-8") as f:
                mine = json.load(f)
            same = mine == reference
            if not same:
                keys = [k for k in reference if mine.get(k) != reference.get(k)]
                print(f"{base} converted: differs from transformers' conversion in {keys}")
                ok = False
        sp = spm.SentencePieceProcessor(model_file=path)
        lines = corpus + corner_lines(sp, path)
        bad, bad_decode, examples = 0, 0, []
        for name, text in lines:
            want = sp.encode(text)
            got = tokenizer.encode(text, add_special_tokens=False).ids
            if got != want:
                bad += 1
                if len(examples) < 3:
                    examples.append(f"{name}: {text[:50]!r}: sentencepiece {[sp.id_to_piece(i) for i in want][:8]} "
                                    f"converted {[tokenizer.id_to_token(i) for i in got][:8]}")
            if tokenizer.decode(want, skip_special_tokens=False) != sp.decode(want):
                bad_decode += 1
        print(f"{base + ' converted':60} encode {len(lines) - bad:6}/{len(lines)}  decode {len(lines) - bad_decode:6}/{len(lines)}"
              f"{'  same as transformers' if reference is not None and mine == reference else ''}")
        for example in examples:
            print(f"    {example}")
        report.append({"case": f"{base} converted", "encode_matched": len(lines) - bad, "decode_matched": len(lines) - bad_decode,
                       "total": len(lines)})
    return ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tok", required=True)
    ap.add_argument("--vocab", default=os.path.join(SHARED, "vocab", "sentencepiece"))
    ap.add_argument("--corpus", default=os.path.join(SHARED, "corpus"))
    ap.add_argument("--lines", type=int, default=200)
    ap.add_argument("--only")
    ap.add_argument("--extra", nargs="*", default=[])
    ap.add_argument("--per-file", action="store_true", help="print lines matched per corpus file")
    ap.add_argument("--converted", help="check DIR/NAME.json, the tokenizer.json converted from each model NAME")
    ap.add_argument("--json")
    args = ap.parse_args()

    files = sorted(p for p in glob.glob(os.path.join(args.vocab, "*")) if os.path.isfile(p)) + args.extra
    if args.only:
        wanted = args.only.split(",")
        files = [f for f in files if any(w in os.path.basename(f) for w in wanted)]
    if not files:
        print(f"no SentencePiece models in {args.vocab}", file=sys.stderr)
        sys.exit(1)
    corpus = sample_lines(args.corpus, args.lines)
    if not corpus:
        print(f"no corpus lines in {args.corpus}", file=sys.stderr)
        sys.exit(1)
    report, all_ok, total_matched, total = [], True, 0, 0
    if args.converted:
        ok = check_converted(files, args.converted, corpus, report)
        write_report(args.json, report)
        sys.exit(0 if ok else 1)
    with tempfile.TemporaryDirectory() as tmp:
        for path in files:
            sp = spm.SentencePieceProcessor(model_file=path)
            lines = corpus + corner_lines(sp, path)
            sample = os.path.join(tmp, "sample.txt")
            write_lines(sample, [text for _, text in lines])
            base = os.path.basename(path)
            expected = [sp.encode(text) for _, text in lines]
            ok, m, n = compare(f"{base} encode", encode_with_tok(args.tok, path, sample), expected, lines, report)
            all_ok &= ok; total_matched += m; total += n
            if args.per_file:
                for name, (fm, fn) in sorted((k, (v["matched"], v["total"])) for k, v in report[-1]["per_file"].items()):
                    print(f"    {name:56} {fm:6}/{fn}")
            ids_file = os.path.join(tmp, "ids.txt")
            write_ids(ids_file, expected)
            want = [sp.decode(ids) for ids in expected]
            ok, m, n = compare(f"{base} decode", decode_with_tok(args.tok, path, ids_file), want, lines, report)
            all_ok &= ok; total_matched += m; total += n
    print(f"sentencepiece conformance: {total_matched}/{total} lines match over {len(files)} models "
          f"({len(corpus)} corpus lines each) {'ok' if all_ok else 'DIFF'}")
    write_report(args.json, report)
    sys.exit(0 if all_ok else 1)


if __name__ == "__main__":
    main()

"""What the format conformance scripts share: where ../shared is, the corpus sample, the files `tok` reads,
running `tok`, the line-by-line comparison with its report row, and the --json report.

  tiktoken_conformance.py, sentencepiece_conformance.py, vocabulary_file_conformance.py, convert_conformance.py,
  codepoint_conformance.py
"""
import glob, json, os, random, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.path.join(os.path.dirname(ROOT), "shared")


def sample_lines(corpus, n, named=False):
    """The first n lines (split on "\\n" only, each at most 20,000 bytes, valid UTF-8) of every corpus file, as
    tools/conformance.py samples them; with `named`, (file relative to corpus, line) pairs."""
    out = []
    for path in sorted(glob.glob(os.path.join(corpus, "**", "*.txt"), recursive=True)):
        with open(path, "rb") as f:
            data = f.read(4 << 20)
        name = os.path.relpath(path, corpus)
        for p in data.split(b"\n")[:-1][:n]:
            try:
                text = p.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if len(p) <= 20000:
                out.append((name, text) if named else text)
    return out


def special_lines(names, seed):
    """Lines holding special tokens: the first three names and three at random, alone and in text."""
    rng = random.Random(seed)
    names = sorted(names)
    chosen = names[:3] + rng.sample(names, min(3, len(names)))
    lines = []
    for s in chosen:
        lines += [s, f"Hello {s} world", f"{s}{s}x", f"a{s[:-1]}", f" {s}\t{s} "]
    return lines


def run(cmd, stdin=None):
    """Standard output of `cmd`; a non-zero exit raises with the start of its standard error."""
    result = subprocess.run(cmd, input=stdin, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}): {result.stderr.decode(errors='replace')[:500]}")
    return result.stdout.decode("utf-8")


def compare(label, got_lines, expected, lines, report, width=60):
    """Prints one row (label, matched/total, ok or DIFF with the first difference), appends it to `report`,
    and returns whether every line matched."""
    matched, first = 0, None
    for i, (got, want) in enumerate(zip(got_lines, expected)):
        if got == want:
            matched += 1
        elif first is None:
            first = f"line {i}: {lines[i][:60]!r}: got {str(got)[:100]} want {str(want)[:100]}"
    if len(got_lines) != len(expected) and first is None:
        first = f"tok wrote {len(got_lines)} lines for {len(expected)}"
    status = "ok" if matched == len(expected) and len(got_lines) == len(expected) else "DIFF"
    print(f"{label:{width}} {matched:6}/{len(expected):<6} {status}" + (f"  first: {first}" if first else ""), flush=True)
    report.append({"case": label, "matched": matched, "total": len(expected), "first_difference": first})
    return status == "ok"


def write_lines(path, lines):
    """Writes each line followed by "\n" (UTF-8, no newline translation): a sample for `tok encode`."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("".join(line + "\n" for line in lines))


def write_ids(path, id_lists):
    """Writes the ids of each list as one line of space-separated numbers: an input for `tok decode`."""
    with open(path, "w") as f:
        f.write("".join(" ".join(map(str, ids)) + "\n" for ids in id_lists))


def write_report(path, report):
    """Writes the report rows as JSON to `path` (the --json option), when one is given."""
    if path:
        with open(path, "w") as f:
            json.dump(report, f, indent=1)


def encode_with_tok(tok, model, sample, extra=()):
    """`tok encode --format ids` of a sample file: the ids of each line."""
    out = run([tok, "encode", "-t", model, "--format", "ids", "--quiet", *extra, sample])
    return [[int(t) for t in line.split()] for line in out.split("\n")[:-1]]


def decode_with_tok(tok, model, ids_file, extra=()):
    """`tok decode --format jsonl` of an ids file: the text of each line."""
    out = run([tok, "decode", "-t", model, "--format", "jsonl", *extra, ids_file])
    return [json.loads(line) for line in out.split("\n") if line]


def protobuf_fields(b):
    """(field number, value) of a protobuf message: varints as ints, fixed64 and length-delimited as bytes,
    fixed32 as its 4 bytes."""
    def varint(i):
        result = shift = 0
        while True:
            c = b[i]
            i += 1
            result |= (c & 0x7F) << shift
            shift += 7
            if c < 0x80:
                return result, i
    i = 0
    while i < len(b):
        key, i = varint(i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(i)
        elif wire == 1:
            value, i = b[i:i + 8], i + 8
        elif wire == 5:
            value, i = b[i:i + 4], i + 4
        else:
            n, i = varint(i)
            value, i = b[i:i + n], i + n
        yield number, value

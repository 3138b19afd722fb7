"""Golden pieces of the reference's streaming decoder (tokenizers 0.23.3, `tokenizers.decoders.DecodeStream`)
for `GenerationDecodingTests`: real corpus lines (some in NFD, accents as combining marks) on tokenizers of
../shared/vocab, each cut into a prompt (passed as `DecodeStream(ids=prompt)`) and generated ids fed in
seeded random groups of 1 to 4 ids (a list to `step`) or one at a time.

Writes Tests/TokenizerKitTests/Fixtures/decode_stream.json. Run from the repository root:
    python3 Tests/Reference/decode_stream.py
"""
import json, os, random, unicodedata
import tokenizers
from tokenizers import Tokenizer
from tokenizers.decoders import DecodeStream

SHARED = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared")
NAMES = ["gpt2", "llama", "t5-small", "bert-base-uncased", "cl100k-base", "whisper-tiny", "roberta-base", "phi-3-mini"]
FILES = [("english/gutenberg_moby_dick.txt", 2, False), ("multilingual/vi.txt", 2, True), ("multilingual/zh.txt", 1, False),
         ("multilingual/hi.txt", 1, False), ("multilingual/emoji.txt", 1, False), ("multilingual/el.txt", 1, True),
         ("code/python.txt", 1, False)]


def lines():
    result = []
    for path, count, nfd in FILES:
        with open(os.path.join(SHARED, "corpus", path), encoding="utf-8") as f:
            chosen = [l.rstrip("\n") for l in f.read(1 << 16).split("\n")[5:] if l.strip()][:count]
        result += [unicodedata.normalize("NFD", l[:120]) if nfd else l[:120] for l in chosen]
    return result


def main():
    rng = random.Random(12)
    cases = []
    for name in NAMES:
        tok = Tokenizer.from_file(os.path.join(SHARED, "vocab", name, "tokenizer.json"))
        for line in lines():
            for add_special in (False, True):
                ids = tok.encode(line, add_special_tokens=add_special).ids
                for skip in (False, True):
                    cut = rng.randrange(0, len(ids)) if ids else 0
                    prompt, generated = ids[:cut], ids[cut:]
                    groups, i = [], 0
                    one_by_one = rng.random() < 0.3
                    while i < len(generated):
                        n = 1 if one_by_one else rng.randint(1, 4)
                        groups.append(generated[i:i + n]); i += n
                    stream = DecodeStream(ids=prompt or None, skip_special_tokens=skip)
                    try:
                        pieces = [stream.step(tok, g[0] if one_by_one else g) for g in groups]
                        error = None
                    except Exception as e:  # the reference's InvalidPrefix
                        pieces, error = None, str(e)
                    cases.append({"tokenizer": name, "skip_special_tokens": skip, "prompt": prompt, "groups": groups,
                                  "pieces": pieces, "error": error,
                                  "prompt_text_incomplete": tok.decode(prompt, skip_special_tokens=skip).endswith("\ufffd")})
    out = os.path.join(os.path.dirname(__file__), "..", "TokenizerKitTests", "Fixtures", "decode_stream.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"tokenizers_version": tokenizers.__version__, "cases": cases}, f, ensure_ascii=False, indent=0)
    print(len(cases), "cases;", sum(c["prompt_text_incomplete"] for c in cases), "with an incomplete prompt;",
          sum(c["error"] is not None for c in cases), "errors")


main()

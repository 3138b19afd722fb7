#!/usr/bin/env python3
"""Golden fixtures for GoldenTests.swift and CLITests.swift, made with the reference library itself.

  python3 Tests/TokenizerKitTests/Fixtures/make_fixtures.py [--shared DIR]

Needs `pip install tokenizers==0.23.3` and the shared corpus (default: ../shared beside the repository).
For each configuration below it TRAINS a tiny tokenizer (vocabulary 300-800) with the reference's own
trainer on a few hundred KB of public-domain Gutenberg text from shared/corpus/english, writes
`NAME.tokenizer.json`, loads that file back with the reference and writes the reference's output on
every line of `inputs.txt` (a committed file; lines split on "\\n" only, each encoded on its own, as
shared/tools/reference.py does):

  NAME.expected.jsonl          encode(line, add_special_tokens=False)
  NAME.expected-special.jsonl  encode(line, add_special_tokens=True)

with the fields ids, tokens, offsets (Unicode scalars), type_ids, special_tokens_mask, attention_mask,
word_ids and decoded (= decode(ids, skip_special_tokens=True)). It does the same for the built-in
vocabulary, Sources/TokenizerKit/Resources/tokenizerkit-default.json (made by Vocab/train.sh; run that first when it
changes), as `default-vocabulary.expected*.jsonl`, and records that file's sha256 in the manifest.

`inputs.txt` (176 lines) was picked once and is kept as it is: lines of English prose (Gutenberg books the
fixtures were not trained on), code, 22 languages of shared/corpus/multilingual and emoji (short pieces, so
that the byte-level fallbacks of these tiny vocabularies stay small), shared/corpus/edge/edge_cases.txt and
crlf.txt (long lines cut), and hand-written cases: contractions ('s 'LL 're in both cases), digit runs,
leading, trailing and repeated spaces and tabs, "\r" inside and at the end of a line, added and special
tokens inside text, NFC/NFD pairs of the same word, whitespace-only and empty lines.

It also writes negative fixtures (`negative-*.tokenizer.json`) that the reference refuses to load, and
`negative.jsonl` naming, for each, the substring our error message must contain (the file's JSON path or
line); and `manifest.json` with the reference version, the training sources and the file list.

The output is deterministic: running the script again gives the same bytes (it checks that the trainer
gives the same vocabulary twice).
"""
import argparse
import hashlib
import json
import os
import sys

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

REFERENCE_VERSION = "0.23.3"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))

# Pre-tokenizer patterns of the real tokenizers these configurations imitate.
CL100K = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
QWEN2 = r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"""
CLIP = r"""<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""

# Training text per configuration: a few hundred KB of public-domain English (shared/corpus/english).
BOOKS = {
    "a": ["gutenberg_alice_in_wonderland.txt", "gutenberg_aesop_fables.txt"],
    "b": ["gutenberg_peter_pan.txt", "gutenberg_heart_darkness.txt"],
    "c": ["gutenberg_alice_in_wonderland.txt", "gutenberg_frederick_douglass.txt"],
    "d": ["gutenberg_siddhartha.txt", "gutenberg_creative_unity.txt"],
    "e": ["gutenberg_aesop_fables.txt", "gutenberg_medieval_legends.txt"],
    "f": ["gutenberg_heart_darkness.txt", "gutenberg_faust.txt"],
    "g": ["gutenberg_frederick_douglass.txt", "gutenberg_discourse_method.txt"],
    "h": ["gutenberg_poetics.txt", "gutenberg_as_you_like_it.txt"],
}
MAX_TRAINING_BYTES = 400_000


def training_lines(shared, key):
    text = []
    size = 0
    for name in BOOKS[key]:
        with open(os.path.join(shared, "corpus", "english", name), "rb") as f:
            for raw in f.read().split(b"\n"):
                if size >= MAX_TRAINING_BYTES:
                    break
                line = raw.decode("utf-8")
                text.append(line)
                size += len(raw) + 1
    return text


def train(tokenizer, trainer, lines, pinned=()):
    """Trains three times from scratch and checks the runs agree: the committed files must be reproducible.

    The reference trainer numbers the tokens it makes for a continuing_subword_prefix or end_of_word_suffix
    ("##e", "e</w>") in hash-map order, and breaks ties between equally frequent merges by those numbers, so
    it is not deterministic when either is set. `pinned` lists such tokens to pass as special tokens: they
    then get fixed ids before training starts, and are taken out of `added_tokens` afterwards (they stay in
    the model's vocabulary, as the trainer would have put them there).
    """
    results = []
    for _ in range(3):
        t = Tokenizer.from_str(tokenizer.to_str())
        t.train_from_iterator(lines, trainer, length=len(lines))
        results.append(t.to_str())
    if len(set(results)) != 1:
        sys.exit("the reference trainer is not deterministic on this input")
    config = json.loads(results[0])
    pinned = set(pinned)
    config["added_tokens"] = [e for e in config["added_tokens"] if e["content"] not in pinned]
    return config


def affixed_alphabet(lines, alphabet, affix):
    """The tokens a trainer makes from single characters with a prefix ("##" + c) or suffix (c + "</w>")."""
    chars = set(alphabet)
    for line in lines:
        chars.update(c for c in line if not c.isspace())
    return [affix(c) for c in sorted(chars)]


def byte_level_trainer(vocab_size, special_tokens=(), **kwargs):
    return trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=list(special_tokens), show_progress=False,
                               initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), **kwargs)


# ---- the configurations -------------------------------------------------------------------------

def gpt2_style(shared):
    """(a) GPT-2: ByteLevel pre-tokenizer (no prefix space), BPE, ByteLevel post-processor and decoder."""
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    t.post_processor = processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=True)
    t.decoder = decoders.ByteLevel()
    return train(t, byte_level_trainer(600, ["<|endoftext|>"]), training_lines(shared, "a"))


def roberta_style(shared):
    """(b) RoBERTa: as GPT-2 plus RobertaProcessing and <s>, <pad>, </s>, <unk>, <mask> (lstrip)."""
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    t.post_processor = processors.RobertaProcessing(("</s>", 2), ("<s>", 0), trim_offsets=True, add_prefix_space=False)
    t.decoder = decoders.ByteLevel()
    specials = ["<s>", "<pad>", "</s>", "<unk>", AddedToken("<mask>", lstrip=True, special=True)]
    return train(t, byte_level_trainer(650, specials), training_lines(shared, "b"))


def cl100k_style(shared):
    """(c) cl100k: Split(cl100k regex, Isolated) then ByteLevel without regex; BPE with ignore_merges."""
    t = Tokenizer(models.BPE(ignore_merges=True))
    t.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CL100K), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=False),
    ])
    t.post_processor = processors.ByteLevel(add_prefix_space=True, trim_offsets=False, use_regex=True)
    t.decoder = decoders.ByteLevel()
    config = train(t, byte_level_trainer(700, ["<|endoftext|>", "<|fim_prefix|>"]), training_lines(shared, "c"))
    config["model"]["ignore_merges"] = True  # kept by the trainer; stated here so that the file surely has it
    return config


def qwen2_style(shared):
    """(d) Qwen2: NFC, Split(qwen2 regex), ByteLevel; added tokens normalized and not special."""
    t = Tokenizer(models.BPE())
    t.normalizer = normalizers.NFC()
    t.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(QWEN2), behavior="isolated", invert=False),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False),
    ])
    t.post_processor = processors.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    t.decoder = decoders.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)
    specials = [AddedToken("<|endoftext|>", normalized=False, special=True),
                AddedToken("<|im_start|>", normalized=False, special=True)]
    config = train(t, byte_level_trainer(500, specials), training_lines(shared, "d"))
    t = Tokenizer.from_str(json.dumps(config))
    # Non-special, normalized: matched after NFC (so "nai\u0308ve" matches too) and kept by decode.
    t.add_tokens([AddedToken("<think>", normalized=True, special=False),
                  AddedToken("</think>", normalized=True, special=False),
                  AddedToken("na\u00efve", normalized=True, special=False)])
    return json.loads(t.to_str())


def clip_style(shared):
    """(e) CLIP: NFC + whitespace runs to " " + lowercase; Split(clip regex, Removed, invert); ByteLevel;
    BPE with end_of_word_suffix "</w>" and an unknown token; TemplateProcessing."""
    t = Tokenizer(models.BPE(unk_token="<|endoftext|>", end_of_word_suffix="</w>"))
    t.normalizer = normalizers.Sequence([normalizers.NFC(), normalizers.Replace(Regex(r"\s+"), " "),
                                         normalizers.Lowercase()])
    t.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Split(Regex(CLIP), behavior="removed", invert=True),
        pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True),
    ])
    t.decoder = decoders.Sequence([decoders.BPEDecoder(suffix="</w>"), decoders.ByteLevel()])
    specials = [AddedToken("<|startoftext|>", normalized=True, special=True),
                AddedToken("<|endoftext|>", normalized=False, special=True)]
    # All 256 byte characters with the suffix, as in CLIP's real vocabulary (and pinned, see `train`).
    pinned = [c + "</w>" for c in sorted(pre_tokenizers.ByteLevel.alphabet())]
    trainer = byte_level_trainer(800, specials + pinned, end_of_word_suffix="</w>")
    config = train(t, trainer, training_lines(shared, "e"), pinned)
    t = Tokenizer.from_str(json.dumps(config))
    t.post_processor = processors.TemplateProcessing(
        single="<|startoftext|> $A <|endoftext|>",
        pair="<|startoftext|> $A <|endoftext|> $B:1 <|endoftext|>:1",
        special_tokens=[("<|startoftext|>", t.token_to_id("<|startoftext|>")),
                        ("<|endoftext|>", t.token_to_id("<|endoftext|>"))])
    return json.loads(t.to_str())


def llama_style(shared):
    """(f) Llama-like: Metaspace (prepend first, no split), BPE with byte_fallback, fuse_unk and <unk>;
    decoders Replace ▁, ByteFallback, Fuse, Strip. Byte tokens <0x00>..<0xEF> only: a character with a
    byte from 0xF0 up (emoji, CJK extension B) has no byte tokens, so it becomes <unk>, fused in runs."""
    t = Tokenizer(models.BPE(unk_token="<unk>", byte_fallback=True, fuse_unk=True))
    # Trained with splitting on ▁ (as sentencepiece trains); encoded without, as Llama's file says.
    t.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="first", split=True)
    specials = ["<unk>", "<s>", "</s>"]
    trainer = trainers.BpeTrainer(vocab_size=560, special_tokens=specials, show_progress=False)
    config = train(t, trainer, training_lines(shared, "f"))
    # Renumber: specials 0-2, byte tokens next, then the trained tokens in their order.
    vocab = config["model"]["vocab"]
    trained = [tok for tok, _ in sorted(vocab.items(), key=lambda kv: kv[1]) if tok not in specials]
    order = specials + [f"<0x{b:02X}>" for b in range(0xF0)] + trained
    config["model"]["vocab"] = {tok: i for i, tok in enumerate(order)}
    for entry in config["added_tokens"]:
        entry["id"] = order.index(entry["content"])
    config["pre_tokenizer"] = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "first", "split": False}
    t = Tokenizer.from_str(json.dumps(config))
    t.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s>:1 $B:1",
                                                     special_tokens=[("<s>", 1)])
    t.decoder = decoders.Sequence([decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
                                   decoders.Strip(content=" ", left=1, right=0)])
    return json.loads(t.to_str())


def wordpiece_prefix_style(shared):
    """(g) BPE with continuing_subword_prefix "##", an unknown token and "dropout": null; Whitespace
    pre-tokenizer, BertProcessing, WordPiece decoder."""
    t = Tokenizer(models.BPE(unk_token="[UNK]", continuing_subword_prefix="##", dropout=None))
    t.pre_tokenizer = pre_tokenizers.Whitespace()
    t.decoder = decoders.WordPiece(prefix="##", cleanup=True)
    specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    lines = training_lines(shared, "g")
    pinned = affixed_alphabet(lines, "", lambda c: "##" + c)  # see `train`
    trainer = trainers.BpeTrainer(vocab_size=600, special_tokens=specials + pinned, show_progress=False,
                                  continuing_subword_prefix="##")
    config = train(t, trainer, lines, pinned)
    t = Tokenizer.from_str(json.dumps(config))
    t.post_processor = processors.BertProcessing(("[SEP]", t.token_to_id("[SEP]")), ("[CLS]", t.token_to_id("[CLS]")))
    config = json.loads(t.to_str())
    config["model"]["dropout"] = None
    return config


def old_format(shared):
    """(h) An older file: the model has no `type` and merges are "a b" strings (and no fields the reference
    added later: byte_fallback, ignore_merges)."""
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True)
    t.post_processor = processors.ByteLevel(trim_offsets=True)
    t.decoder = decoders.ByteLevel()
    config = train(t, byte_level_trainer(450, ["<|endoftext|>"]), training_lines(shared, "h"))
    model = config["model"]
    for key in ("type", "byte_fallback", "ignore_merges"):
        model.pop(key, None)
    assert all(" " not in a and " " not in b for a, b in model["merges"])
    model["merges"] = [f"{a} {b}" for a, b in model["merges"]]
    return config


CONFIGURATIONS = [
    ("gpt2-style", gpt2_style),
    ("roberta-style", roberta_style),
    ("cl100k-style", cl100k_style),
    ("qwen2-style", qwen2_style),
    ("clip-style", clip_style),
    ("llama-style", llama_style),
    ("subword-prefix", wordpiece_prefix_style),
    ("old-format", old_format),
]


# ---- negative fixtures --------------------------------------------------------------------------

def negatives(gpt2):
    """Files the reference refuses, each with the substring our error message must contain."""
    out = []

    # Malformed JSON: a missing comma between two members of the model object.
    text = json.dumps(gpt2, indent=2, ensure_ascii=False)
    needle = '\n    "unk_token": null,'
    assert text.count('"dropout": null,') == 1 and needle in text
    broken = text.replace('"dropout": null,', '"dropout": null', 1)
    try:
        json.loads(broken)
        sys.exit("negative fixture is valid JSON")
    except json.JSONDecodeError as e:
        line = e.lineno
    out.append(("negative-malformed-json", broken, f"negative-malformed-json.tokenizer.json:{line}:"))

    # An unknown component type inside a sequence.
    config = json.loads(json.dumps(gpt2))
    config["pre_tokenizer"] = {"type": "Sequence", "pretokenizers": [
        config["pre_tokenizer"], {"type": "NoSuchPreTokenizer", "option": 1}]}
    out.append(("negative-unknown-type", json.dumps(config, indent=2, ensure_ascii=False),
                "pre_tokenizer.pretokenizers[1]"))

    # The result of merges[3] is not in the vocabulary.
    config = json.loads(json.dumps(gpt2))
    a, b = config["model"]["merges"][3]
    merged = a + b
    assert all(merged not in m for m in config["model"]["merges"][:3])
    del config["model"]["vocab"][merged]
    out.append(("negative-merge-result-missing", json.dumps(config, indent=2, ensure_ascii=False),
                "model.merges[3]"))

    # merges[5] names a token that is not in the vocabulary.
    config = json.loads(json.dumps(gpt2))
    config["model"]["merges"][5] = ["\u2603zz", config["model"]["merges"][5][1]]
    out.append(("negative-merge-token-missing", json.dumps(config, indent=2, ensure_ascii=False),
                "model.merges[5]"))

    # An old-style string merge that is not two tokens.
    config = json.loads(json.dumps(gpt2))
    config["model"]["merges"] = [" ".join(m) for m in config["model"]["merges"]]
    config["model"]["merges"][2] = "a b c"
    out.append(("negative-merge-three-parts", json.dumps(config, indent=2, ensure_ascii=False),
                "model.merges[2]"))
    return out


# ---- writing ------------------------------------------------------------------------------------

def read_inputs():
    with open(os.path.join(HERE, "inputs.txt"), "rb") as f:
        data = f.read()
    parts = data.split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.decode("utf-8") for p in parts]  # strict: inputs.txt must be valid UTF-8


def expected_lines(tokenizer, inputs, special):
    out = []
    for text in inputs:
        e = tokenizer.encode(text, add_special_tokens=special)
        out.append(json.dumps({
            "ids": e.ids, "tokens": e.tokens, "offsets": [list(o) for o in e.offsets],
            "type_ids": e.type_ids, "special_tokens_mask": e.special_tokens_mask,
            "attention_mask": e.attention_mask, "word_ids": e.word_ids,
            "decoded": tokenizer.decode(e.ids, skip_special_tokens=True),
        }, ensure_ascii=False, separators=(",", ":")) + "\n")
    return "".join(out)


def write(name, text):
    with open(os.path.join(HERE, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    a = ap.parse_args()
    if tokenizers.__version__ != REFERENCE_VERSION:
        sys.exit(f"need tokenizers=={REFERENCE_VERSION} (found {tokenizers.__version__}): pip install tokenizers=={REFERENCE_VERSION}")
    inputs = read_inputs()
    manifest = {"reference": f"tokenizers {REFERENCE_VERSION}", "inputs": "inputs.txt", "input_lines": len(inputs),
                "tokenizers": [], "negatives": "negative.jsonl"}
    configs = {}
    for (name, build), key in zip(CONFIGURATIONS, "abcdefgh"):
        config = build(a.shared)
        configs[name] = config
        path = f"{name}.tokenizer.json"
        write(path, json.dumps(config, indent=2, ensure_ascii=False) + "\n")
        tokenizer = Tokenizer.from_file(os.path.join(HERE, path))  # the golden output comes from the file as written
        write(f"{name}.expected.jsonl", expected_lines(tokenizer, inputs, False))
        write(f"{name}.expected-special.jsonl", expected_lines(tokenizer, inputs, True))
        manifest["tokenizers"].append({
            "name": name, "doc": " ".join(build.__doc__.split()),
            "vocabulary_size": tokenizer.get_vocab_size(with_added_tokens=True),
            "trained_on": [f"corpus/english/{b} (first {MAX_TRAINING_BYTES} bytes in all)" for b in BOOKS[key]],
            "sha256": sha256(os.path.join(HERE, path)),
        })
        print(f"{name:16s} vocabulary {tokenizer.get_vocab_size(with_added_tokens=True):4d}")

    default = os.path.join(REPO, "Sources", "TokenizerKit", "Resources", "tokenizerkit-default.json")
    tokenizer = Tokenizer.from_file(default)
    write("default-vocabulary.expected.jsonl", expected_lines(tokenizer, inputs, False))
    write("default-vocabulary.expected-special.jsonl", expected_lines(tokenizer, inputs, True))
    manifest["default_vocabulary"] = {"path": "Sources/TokenizerKit/Resources/tokenizerkit-default.json", "bytes": os.path.getsize(default),
                                      "sha256": sha256(default),
                                      "vocabulary_size": tokenizer.get_vocab_size(with_added_tokens=True)}

    rows = []
    for name, text, substring in negatives(configs["gpt2-style"]):
        path = f"{name}.tokenizer.json"
        write(path, text + "\n")
        try:
            Tokenizer.from_file(os.path.join(HERE, path))
            sys.exit(f"the reference loads {path}: not a negative fixture")
        except Exception as e:  # the reference raises its own exception type
            reference_error = str(e)
        rows.append(json.dumps({"file": path, "error_contains": substring, "reference_error": reference_error},
                               ensure_ascii=False) + "\n")
        print(f"{name:32s} reference: {reference_error[:90]}")
    write("negative.jsonl", "".join(rows))
    write("manifest.json", json.dumps(manifest, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

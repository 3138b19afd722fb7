#!/usr/bin/env python3
"""Per-component golden fixtures for ComponentTests.swift, made with the reference library itself.

  python3 Tests/TokenizerKitTests/Fixtures/make_component_fixtures.py [--shared DIR]

Needs `pip install tokenizers==0.23.3` and the shared corpus (default: ../shared beside the repository).

For every component type of the reference (normalizers, pre-tokenizers, models, post-processors and
decoders; UnicodeScripts and Precompiled are covered elsewhere) and for the settings that change its
output, it builds one small tokenizer around that component with the reference's own Python API, writes
it as `components/NAME.tokenizer.json` (each under 60 KB), loads the file back with the reference and
writes the reference's output on every line of `components/edge_cases.txt` (a copy of
shared/corpus/edge/edge_cases.txt, so that the tests need nothing outside the bundle):

  components/NAME.expected.jsonl        encode(line, add_special_tokens=True)
  components/NAME.expected-pairs.jsonl  encode(line i, line i+1, add_special_tokens=True)  (post-processors)

with the fields of shared/tools/reference.py: ids, tokens, offsets (Unicode scalars), type_ids,
special_tokens_mask, attention_mask, word_ids and decoded (= decode(ids, skip_special_tokens=True)).

NAME is `Stage.Type-variant` (`PreTokenizer.Metaspace-first-split`): the stage keeps apart the types
that several stages share (ByteLevel, Sequence, Strip, Replace, Metaspace, WordPiece).

The model around a component is one whose tokens show what the component did:
  - WordLevel over the pieces the tokenizer's own normalizer and pre-tokenizer make of the corpus (most
    frequent first, up to a size budget; the rest become [UNK]), so each token is one piece and its
    offsets are the piece's;
  - or a tiny BPE / Unigram trained on the corpus itself (every character known);
  - or, for decoders, a vocabulary made for that decoder ("##" pieces for WordPiece, "</w>" for
    BPEDecoder, <0xNN> byte tokens for ByteFallback, one character per token and a <pad> for CTC).
Everything is deterministic: running the script again gives the same bytes (the trainers are only used
without a subword prefix or suffix, where the reference trainer is deterministic; this is checked).
"""
import argparse
import collections
import math
import json
import os
import shutil
import sys

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

REFERENCE_VERSION = "0.23.3"
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(HERE, "components")
MAX_JSON_BYTES = 60_000
VOCAB_BUDGET = 36_000  # bytes of vocabulary entries a derived WordLevel vocabulary may take
BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def corpus_lines():
    with open(os.path.join(OUT, "edge_cases.txt"), "rb") as f:
        parts = f.read().split(b"\n")
    if parts and parts[-1] == b"":
        parts.pop()
    return [p.decode("utf-8") for p in parts]


# ---- vocabularies -------------------------------------------------------------------------------

def pieces_of(t, lines):
    """The pieces the tokenizer's normalizer and pre-tokenizer make of every line."""
    out = []
    for line in lines:
        text = t.normalizer.normalize_str(line) if t.normalizer is not None else line
        if t.pre_tokenizer is not None:
            out.extend(piece for piece, _ in t.pre_tokenizer.pre_tokenize_str(text))
        else:
            out.append(text)
    return out


def ranked(items):
    """Distinct items, most frequent first, ties by first appearance."""
    counts = collections.Counter(items)
    first = {}
    for i, item in enumerate(items):
        first.setdefault(item, i)
    return sorted(counts, key=lambda x: (-counts[x], first[x]))


def budgeted(candidates, reserved, budget=VOCAB_BUDGET, max_chars=48):
    """`reserved` then as many of `candidates` (in order) as fit the budget of JSON bytes."""
    vocab = list(reserved)
    seen = set(vocab)
    size = sum(len(json.dumps(tok, ensure_ascii=False).encode()) + 8 for tok in vocab)
    for tok in candidates:
        if tok in seen or not tok or len(tok) > max_chars:
            continue
        cost = len(json.dumps(tok, ensure_ascii=False).encode()) + 8
        if size + cost > budget:
            break
        vocab.append(tok)
        seen.add(tok)
        size += cost
    return {tok: i for i, tok in enumerate(vocab)}


def word_level(t, lines, specials=(), unk="[UNK]"):
    """Gives `t` a WordLevel model over its own pieces of the corpus."""
    vocab = budgeted(ranked(pieces_of(t, lines)), [unk, *specials])
    t.model = models.WordLevel(vocab, unk_token=unk)
    return t


def train(t, trainer, lines):
    """Trains twice from scratch, checks the runs agree and returns the trained tokenizer."""
    runs = []
    for _ in range(2):
        u = Tokenizer.from_str(t.to_str())
        u.train_from_iterator(lines, trainer, length=len(lines))
        runs.append(u.to_str())
    if runs[0] != runs[1]:
        sys.exit("the reference trainer is not deterministic here")
    return Tokenizer.from_str(runs[0])


def bpe_trained(t, lines, merges=300, specials=(), byte_level=False, **model_kwargs):
    """Gives `t` a BPE model trained on the corpus: its whole alphabet and `merges` merges."""
    t.model = models.BPE(**model_kwargs)
    alphabet = set(pre_tokenizers.ByteLevel.alphabet()) if byte_level else set()
    for piece in pieces_of(t, lines):
        alphabet.update(piece)
    trainer = trainers.BpeTrainer(vocab_size=len(alphabet) + len(specials) + merges, special_tokens=list(specials),
                                  initial_alphabet=sorted(alphabet) if byte_level else [], show_progress=False)
    return train(t, trainer, lines)


def word_piece_vocab(t, lines, specials=BERT_SPECIALS):
    """Characters, "##" characters, frequent words, word starts and "##" word ends: a greedy longest match
    then gives whole words, a start and "##" ends, or single characters."""
    words = pieces_of(t, lines)
    chars = ranked([c for w in words for c in w])
    starts = ranked([w[:n] for w in words for n in (2, 3, 4) if len(w) > n])[:150]
    ends = ranked(["##" + w[n:] for w in words for n in (1, 2, 3) if len(w) - n >= 2])[:150]
    whole = ranked(words)[:250]
    return budgeted(chars + ["##" + c for c in chars] + whole + starts + ends, specials, budget=44_000)


# ---- tokenizers ---------------------------------------------------------------------------------

def with_pre_tokenizer(pre_tokenizer, decoder=None):
    def build(lines):
        t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
        t.pre_tokenizer = pre_tokenizer
        if decoder is not None:
            t.decoder = decoder
        return word_level(t, lines)
    return build


def byte_level_pre_tokenizer(**kwargs):
    def build(lines):
        t = Tokenizer(models.BPE())
        t.pre_tokenizer = pre_tokenizers.ByteLevel(**kwargs)
        t.decoder = decoders.ByteLevel()
        return bpe_trained(t, lines, merges=250, byte_level=True)
    return build


def with_normalizer(normalizer):
    """No pre-tokenizer: a BPE trained on the normalized lines, so that tokens are short pieces of the
    normalized text and their offsets show the normalizer's alignment almost character by character."""
    def build(lines):
        t = Tokenizer(models.BPE())
        t.normalizer = normalizer
        return bpe_trained(t, lines, merges=200)
    return build


def bert_processing(lines):
    t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    t = word_level(t, lines, specials=BERT_SPECIALS[:1] + BERT_SPECIALS[2:])
    t.add_special_tokens(BERT_SPECIALS)
    t.post_processor = processors.BertProcessing(("[SEP]", t.token_to_id("[SEP]")), ("[CLS]", t.token_to_id("[CLS]")))
    return t


def byte_level_bpe(lines, add_prefix_space):
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=add_prefix_space)
    t.decoder = decoders.ByteLevel()
    t = bpe_trained(t, lines, merges=250, specials=["<s>", "<pad>", "</s>", "<unk>"], byte_level=True)
    return t


def roberta_processing(trim_offsets, add_prefix_space):
    def build(lines):
        # The pre-tokenizer always adds the prefix space, so that add_prefix_space of the processor
        # (which says whether the first token's leading space was added) matters on every line.
        t = byte_level_bpe(lines, add_prefix_space=True)
        t.post_processor = processors.RobertaProcessing(("</s>", t.token_to_id("</s>")), ("<s>", t.token_to_id("<s>")),
                                                        trim_offsets=trim_offsets, add_prefix_space=add_prefix_space)
        return t
    return build


def byte_level_processing(trim_offsets):
    def build(lines):
        t = byte_level_bpe(lines, add_prefix_space=True)
        t.post_processor = processors.ByteLevel(add_prefix_space=True, trim_offsets=trim_offsets)
        return t
    return build


def template_processing(kind):
    def build(lines):
        t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
        t.pre_tokenizer = pre_tokenizers.Whitespace()
        specials = ["[CLS]", "[SEP]", "<eos>", "</s>"]
        t = word_level(t, lines, specials=specials)
        t.add_special_tokens(specials)
        ids = {s: t.token_to_id(s) for s in specials}
        if kind == "bert":
            t.post_processor = processors.TemplateProcessing(
                single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
                special_tokens=[("[CLS]", ids["[CLS]"]), ("[SEP]", ids["[SEP]"])])
        else:
            # "<end>" stands for two tokens; the sequences carry their own type ids.
            t.post_processor = processors.TemplateProcessing(
                single="$A:1 <end>:1", pair="[CLS]:2 $B:3 <end>:3 $A:0 <end>",
                special_tokens=[("[CLS]", ids["[CLS]"]),
                                {"id": "<end>", "ids": [ids["</s>"], ids["<eos>"]], "tokens": ["</s>", "<eos>"]}])
        return t
    return build


def processor_sequence(lines):
    t = byte_level_bpe(lines, add_prefix_space=False)
    t.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=True),
        processors.TemplateProcessing(single="<s> $A </s>", pair="<s> $A </s> </s> $B:1 </s>:1",
                                      special_tokens=[("<s>", t.token_to_id("<s>")), ("</s>", t.token_to_id("</s>"))]),
    ])
    return t


def whitespace_bpe_suffix(lines):
    """BPE whose tokens end words with "</w>": its alphabet with and without the suffix and merges of
    frequent pairs inside words, computed here (the reference trainer is not deterministic with a suffix)."""
    t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    t.pre_tokenizer = pre_tokenizers.Whitespace()
    words = pieces_of(t, lines)
    chars = ranked([c for w in words for c in w])
    vocab = {}
    for tok in chars + [c + "</w>" for c in chars]:
        vocab.setdefault(tok, len(vocab))
    merges = []
    for a, b in ranked([(w[i], w[i + 1]) for w in words if len(w) <= 30 for i in range(len(w) - 2)])[:120]:
        merges.append((a, b))
        vocab.setdefault(a + b, len(vocab))
    for a, b in ranked([(w[-2], w[-1] + "</w>") for w in words if 2 <= len(w) <= 30])[:60]:
        merges.append((a, b))
        vocab.setdefault(a + b, len(vocab))
    t.model = models.BPE(vocab, merges, end_of_word_suffix="</w>", unk_token=None)
    return t


def decoder_bpe(lines):
    t = whitespace_bpe_suffix(lines)
    t.decoder = decoders.BPEDecoder(suffix="</w>")
    return t


def decoder_byte_level(lines):
    t = Tokenizer(models.BPE())
    t.normalizer = normalizers.ByteLevel()  # byte characters from the normalizer, spaces included
    t.pre_tokenizer = pre_tokenizers.Split(Regex("\u0120+|[^\u0120]+"), behavior="isolated")
    t.decoder = decoders.ByteLevel()
    return bpe_trained(t, lines, merges=250, byte_level=True)


def decoder_word_piece(cleanup):
    def build(lines):
        t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
        t.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
        t.model = models.WordPiece(word_piece_vocab(t, lines), unk_token="[UNK]")
        t.add_special_tokens(BERT_SPECIALS)
        t.decoder = decoders.WordPiece(prefix="##", cleanup=cleanup)
        return t
    return build


def metaspace_bpe(lines, prepend_scheme="always", split=True):
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme=prepend_scheme, split=split)
    return bpe_trained(t, lines, merges=250)


def decoder_metaspace(prepend_scheme):
    def build(lines):
        t = metaspace_bpe(lines, prepend_scheme)
        t.decoder = decoders.Metaspace(prepend_scheme=prepend_scheme)
        return t
    return build


def decoder_ctc(cleanup):
    """One token per character; spaces become the word delimiter "|"; "<pad>" is an added (non-special)
    token, so that it reaches the decoder where the corpus has it."""
    def build(lines):
        t = Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>"))
        t.normalizer = normalizers.Replace(" ", "|")
        t.pre_tokenizer = pre_tokenizers.Split(Regex("."), behavior="isolated")
        t = word_level(t, lines, specials=["<pad>", "|"], unk="<unk>")
        t.add_tokens([AddedToken("<pad>", normalized=False, special=False)])
        t.decoder = decoders.CTC(pad_token="<pad>", word_delimiter_token="|", cleanup=cleanup)
        return t
    return build


def decoder_alone(decoder, build_model=metaspace_bpe):
    def build(lines):
        t = build_model(lines)
        t.decoder = decoder
        return t
    return build


def byte_fallback_bpe(lines):
    """Metaspace + BPE trained on the ASCII of the corpus with byte_fallback: every other character
    becomes its UTF-8 bytes <0xNN>."""
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.Metaspace(prepend_scheme="first", split=False)
    ascii_lines = ["".join(c for c in line if ord(c) < 128) for line in lines]
    t = bpe_trained(t, ascii_lines, merges=200)
    config = json.loads(t.to_str())
    trained = [tok for tok, _ in sorted(config["model"]["vocab"].items(), key=lambda kv: kv[1])]
    order = ["<unk>"] + [f"<0x{b:02X}>" for b in range(256)] + trained
    config["model"]["vocab"] = {tok: i for i, tok in enumerate(order)}
    config["model"]["unk_token"] = "<unk>"
    config["model"]["byte_fallback"] = True
    return Tokenizer.from_str(json.dumps(config))


def model_word_piece(lines):
    t = decoder_word_piece(True)(lines)
    t.normalizer = normalizers.BertNormalizer(lowercase=False)
    t.model = models.WordPiece(word_piece_vocab(t, lines), unk_token="[UNK]", max_input_chars_per_word=40)
    return t


def model_bpe(lines):
    """Whitespace + BPE trained on the corpus with every tenth line left out, so that some characters
    are unknown: <unk> for them, fused in runs."""
    t = Tokenizer(models.BPE())
    t.pre_tokenizer = pre_tokenizers.Whitespace()
    t = bpe_trained(t, [line for i, line in enumerate(lines) if i % 10], merges=300,
                    specials=["<unk>"], unk_token="<unk>", fuse_unk=True)
    return t


def model_unigram(lines):
    """Metaspace + Unigram over characters and frequent substrings of the pieces, scored by their log
    frequency (the reference's Unigram trainer is not deterministic); every tenth line is left out, so
    that some characters are unknown."""
    t = Tokenizer(models.WordLevel({"<unk>": 0}, unk_token="<unk>"))
    t.pre_tokenizer = pre_tokenizers.Metaspace()
    t.decoder = decoders.Metaspace()
    pieces = pieces_of(t, [line for i, line in enumerate(lines) if i % 10])
    chars = collections.Counter(c for p in pieces for c in p)
    grams = collections.Counter(p[i:i + n] for p in pieces for n in range(2, 7) for i in range(len(p) - n + 1))
    chosen = [(g, c) for g, c in sorted(grams.items(), key=lambda kv: (-kv[1], kv[0])) if c >= 3][:700]
    total = sum(chars.values()) + sum(c for _, c in chosen)
    scored = [(g, round(math.log(c / total), 4)) for g, c in sorted(chars.items()) + chosen]
    t.model = models.Unigram([("<unk>", 0.0)] + scored, unk_id=0, byte_fallback=False)
    return t


def model_word_level(lines):
    t = Tokenizer(models.WordLevel({"[UNK]": 0}, unk_token="[UNK]"))
    t.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    return word_level(t, lines)


PT = pre_tokenizers
COMPONENTS = [
    # pre-tokenizers (WordLevel over their own pieces: one token per piece)
    ("PreTokenizer.BertPreTokenizer-default", with_pre_tokenizer(PT.BertPreTokenizer())),
    ("PreTokenizer.Whitespace-default", with_pre_tokenizer(PT.Whitespace())),
    ("PreTokenizer.WhitespaceSplit-default", with_pre_tokenizer(PT.WhitespaceSplit())),
    *[(f"PreTokenizer.Metaspace-{scheme}-{'split' if split else 'nosplit'}",
       with_pre_tokenizer(PT.Metaspace(prepend_scheme=scheme, split=split),
                          decoders.Metaspace(prepend_scheme=scheme, split=split)))
      for scheme in ("first", "always", "never") for split in (True, False)],
    *[(f"PreTokenizer.Punctuation-{behavior}", with_pre_tokenizer(PT.Punctuation(behavior)))
      for behavior in ("removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous")],
    ("PreTokenizer.Digits-individual", with_pre_tokenizer(PT.Digits(individual_digits=True))),
    ("PreTokenizer.Digits-grouped", with_pre_tokenizer(PT.Digits(individual_digits=False))),
    ("PreTokenizer.CharDelimiterSplit-space", with_pre_tokenizer(PT.CharDelimiterSplit(" "))),
    ("PreTokenizer.CharDelimiterSplit-e", with_pre_tokenizer(PT.CharDelimiterSplit("e"))),
    ("PreTokenizer.FixedLength-4", with_pre_tokenizer(PT.FixedLength(length=4))),
    *[(f"PreTokenizer.Split-string-{behavior}", with_pre_tokenizer(PT.Split(" ", behavior)))
      for behavior in ("removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous")],
    *[(f"PreTokenizer.Split-regex-{behavior}", with_pre_tokenizer(PT.Split(Regex(r"\s+|\p{P}"), behavior)))
      for behavior in ("removed", "isolated", "merged_with_previous", "merged_with_next", "contiguous")],
    ("PreTokenizer.Split-string-invert", with_pre_tokenizer(PT.Split("a", "isolated", invert=True))),
    ("PreTokenizer.Split-regex-invert-removed", with_pre_tokenizer(PT.Split(Regex(r"\p{L}+|\p{N}"), "removed", invert=True))),
    ("PreTokenizer.Split-regex-invert-merged_with_next",
     with_pre_tokenizer(PT.Split(Regex(r"\p{L}+"), "merged_with_next", invert=True))),
    ("PreTokenizer.ByteLevel-prefix-space", byte_level_pre_tokenizer(add_prefix_space=True)),
    ("PreTokenizer.ByteLevel-no-prefix-space", byte_level_pre_tokenizer(add_prefix_space=False)),
    ("PreTokenizer.ByteLevel-no-regex", byte_level_pre_tokenizer(add_prefix_space=False, use_regex=False)),
    ("PreTokenizer.Sequence-default", with_pre_tokenizer(PT.Sequence([
        PT.WhitespaceSplit(), PT.Punctuation("contiguous"), PT.Digits(individual_digits=True)]))),
    # post-processors (their pairs too)
    ("PostProcessor.BertProcessing-default", bert_processing),
    *[(f"PostProcessor.RobertaProcessing-trim-{str(trim).lower()}-prefix-{str(prefix).lower()}",
       roberta_processing(trim, prefix)) for trim in (True, False) for prefix in (True, False)],
    ("PostProcessor.ByteLevel-trim-true", byte_level_processing(True)),
    ("PostProcessor.ByteLevel-trim-false", byte_level_processing(False)),
    ("PostProcessor.TemplateProcessing-bert", template_processing("bert")),
    ("PostProcessor.TemplateProcessing-multi-id", template_processing("multi")),
    ("PostProcessor.Sequence-default", processor_sequence),
    # decoders
    ("Decoder.BPEDecoder-default", decoder_bpe),
    ("Decoder.ByteLevel-default", decoder_byte_level),
    ("Decoder.WordPiece-cleanup", decoder_word_piece(True)),
    ("Decoder.WordPiece-no-cleanup", decoder_word_piece(False)),
    ("Decoder.Metaspace-always", decoder_metaspace("always")),
    ("Decoder.Metaspace-never", decoder_metaspace("never")),
    ("Decoder.CTC-cleanup", decoder_ctc(True)),
    ("Decoder.CTC-no-cleanup", decoder_ctc(False)),
    ("Decoder.Replace-string", decoder_alone(decoders.Replace("\u2581", " "))),
    ("Decoder.Replace-regex", decoder_alone(decoders.Replace(Regex("\u2581+|e"), "_"))),
    ("Decoder.Fuse-default", decoder_alone(decoders.Fuse())),
    ("Decoder.Strip-default", decoder_alone(decoders.Strip(content="\u2581", left=1, right=0))),
    ("Decoder.ByteFallback-default", decoder_alone(decoders.ByteFallback(), byte_fallback_bpe)),
    ("Decoder.Sequence-default", decoder_alone(decoders.Sequence([
        decoders.Replace("\u2581", " "), decoders.ByteFallback(), decoders.Fuse(),
        decoders.Strip(content=" ", left=1, right=0)]), byte_fallback_bpe)),
    # normalizers
    ("Normalizer.NFC-default", with_normalizer(normalizers.NFC())),
    ("Normalizer.NFD-default", with_normalizer(normalizers.NFD())),
    ("Normalizer.NFKC-default", with_normalizer(normalizers.NFKC())),
    ("Normalizer.NFKD-default", with_normalizer(normalizers.NFKD())),
    ("Normalizer.Lowercase-default", with_normalizer(normalizers.Lowercase())),
    ("Normalizer.Strip-default", with_normalizer(normalizers.Strip(left=True, right=True))),
    ("Normalizer.StripAccents-default", with_normalizer(normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents()]))),
    ("Normalizer.Replace-default", with_normalizer(normalizers.Replace(Regex(r"\s+|ss"), "_"))),
    ("Normalizer.Prepend-default", with_normalizer(normalizers.Prepend("\u2581"))),
    ("Normalizer.BertNormalizer-default", with_normalizer(normalizers.BertNormalizer())),
    ("Normalizer.ByteLevel-default", with_normalizer(normalizers.ByteLevel())),
    ("Normalizer.Nmt-default", with_normalizer(normalizers.Nmt())),
    ("Normalizer.Sequence-default", with_normalizer(normalizers.Sequence([
        normalizers.NFKC(), normalizers.Lowercase(), normalizers.Replace(" ", "\u2581")]))),
    # models
    ("Model.WordLevel-default", model_word_level),
    ("Model.WordPiece-default", model_word_piece),
    ("Model.BPE-unk-fuse", model_bpe),
    ("Model.Unigram-default", model_unigram),
]


# ---- writing ------------------------------------------------------------------------------------

def encoding_line(t, e):
    return json.dumps({
        "ids": e.ids, "tokens": e.tokens, "offsets": [list(o) for o in e.offsets],
        "type_ids": e.type_ids, "special_tokens_mask": e.special_tokens_mask,
        "attention_mask": e.attention_mask, "word_ids": e.word_ids,
        "decoded": t.decode(e.ids, skip_special_tokens=True),
    }, ensure_ascii=False, separators=(",", ":")) + "\n"


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(REPO), "shared"))
    a = ap.parse_args()
    if tokenizers.__version__ != REFERENCE_VERSION:
        sys.exit(f"need tokenizers=={REFERENCE_VERSION} (found {tokenizers.__version__})")
    if os.path.isdir(OUT):
        shutil.rmtree(OUT)
    os.makedirs(OUT)
    shutil.copyfile(os.path.join(a.shared, "corpus", "edge", "edge_cases.txt"), os.path.join(OUT, "edge_cases.txt"))
    lines = corpus_lines()
    for name, build in COMPONENTS:
        text = json.dumps(json.loads(build(lines).to_str()), indent=1, ensure_ascii=False) + "\n"
        if len(text.encode()) > MAX_JSON_BYTES:
            sys.exit(f"{name}: tokenizer.json is {len(text.encode())} bytes")
        write(f"{name}.tokenizer.json", text)
        t = Tokenizer.from_file(os.path.join(OUT, f"{name}.tokenizer.json"))  # output of the file as written
        encodings = [t.encode(line, add_special_tokens=True) for line in lines]
        write(f"{name}.expected.jsonl", "".join(encoding_line(t, e) for e in encodings))
        unknown = sum(tok == "[UNK]" or tok == "<unk>" for e in encodings for tok in e.tokens)
        total = sum(len(e.ids) for e in encodings)
        if name.startswith("PostProcessor."):
            pairs = [t.encode(x, y, add_special_tokens=True) for x, y in zip(lines, lines[1:])]
            write(f"{name}.expected-pairs.jsonl", "".join(encoding_line(t, e) for e in pairs))
        print(f"{name:52s} {len(text.encode()):6d} bytes, {total:6d} tokens, {unknown:5d} unknown")


if __name__ == "__main__":
    main()

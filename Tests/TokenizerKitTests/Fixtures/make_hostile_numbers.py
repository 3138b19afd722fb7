#!/usr/bin/env python3
"""Odd numbers in tokenizer.json, as the reference takes them: Fixtures/hostile_numbers.json for HostileInputTests.

  python3 Tests/TokenizerKitTests/Fixtures/make_hostile_numbers.py

Needs `pip install tokenizers==0.23.3`. Each case is a small WordLevel tokenizer whose `truncation`, `padding`,
`added_tokens` or `post_processor` carries a huge, negative, fractional, zero, duplicated or out-of-range
number, written into the JSON text as is (so 18446744073709551616 stays an integer literal). The reference
loads it or refuses it ("load"); then encodes the batch TEXTS ("encode": a panic or an error is an "error"
outcome too). Recorded per encoding: ids, attention_mask, type_ids and the ids of each overflowing piece,
and decode(ids of the first, skip_special_tokens=False). Cases where TokenizerKit refuses on purpose
what the reference loads carry `divergence`, the part of the error TokenizerKit gives (see DIVERGENCES).
"""
import json
import os
from tokenizers import Tokenizer

BASE = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": [], "normalizer": None,
        "pre_tokenizer": {"type": "Whitespace"}, "post_processor": None, "decoder": None,
        "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1, "b": 2, "[PAD]": 3}, "unk_token": "[UNK]"}}
TEXTS = ["a b [X] [Y] b a b", "a"]


def truncation(max_length, stride="0"):
    return '{"direction": "Right", "max_length": %s, "strategy": "LongestFirst", "stride": %s}' % (max_length, stride)


def padding(strategy, pad_id="3", multiple="null"):
    return ('{"strategy": %s, "direction": "Right", "pad_to_multiple_of": %s, "pad_id": %s, "pad_type_id": 0, '
            '"pad_token": "[PAD]"}' % (strategy, multiple, pad_id))


def added(*entries):
    return "[" + ", ".join('{"id": %s, "content": "%s", "single_word": false, "lstrip": false, "rstrip": false, '
                           '"normalized": false, "special": true}' % entry for entry in entries) + "]"


def template(ids, type_id="0"):
    return ('{"type": "TemplateProcessing", "single": [{"SpecialToken": {"id": "[CLS]", "type_id": %s}}, '
            '{"Sequence": {"id": "A", "type_id": 0}}], "pair": [{"Sequence": {"id": "A", "type_id": 0}}, '
            '{"Sequence": {"id": "B", "type_id": 1}}], "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [%s], '
            '"tokens": ["[CLS]"]}}}' % (type_id, ids))


CASES = [
    ("truncation", truncation("2")), ("truncation", truncation("0")), ("truncation", truncation("-1")),
    ("truncation", truncation("1.5")), ("truncation", truncation("2.0")), ("truncation", truncation("1e2")),
    ("truncation", truncation("18446744073709551615")), ("truncation", truncation("18446744073709551616")),
    ("truncation", truncation("4294967296")), ("truncation", truncation("2", "5")), ("truncation", truncation("2", "2")),
    ("truncation", truncation("2", "-1")), ("truncation", truncation("3", "2")),
    ("padding", padding('{"Fixed": 6}')), ("padding", padding('{"Fixed": -1}')), ("padding", padding('{"Fixed": 1.5}')),
    ("padding", padding('{"Fixed": 0}')), ("padding", padding('"BatchLongest"', "4294967295")),
    ("padding", padding('{"Fixed": 6}', "4294967296")), ("padding", padding('{"Fixed": 6}', "-1")),
    ("padding", padding('"BatchLongest"', "3", "0")), ("padding", padding('"BatchLongest"', "3", "4")),
    ("padding", padding('"BatchLongest"', "3", "-4")), ("padding", padding('"BatchLongest"', "3", "1.5")),
    ("added_tokens", added(("4", "[X]"))), ("added_tokens", added(("4294967295", "[X]"))),
    ("added_tokens", added(("4294967296", "[X]"))), ("added_tokens", added(("-1", "[X]"))),
    ("added_tokens", added(("1.5", "[X]"))), ("added_tokens", added(("1", "[X]"))),
    ("added_tokens", added(("4", "[X]"), ("5", "[X]"))), ("added_tokens", added(("4", "[X]"), ("4", "[Y]"))),
    ("added_tokens", added(("100", "[X]"))), ("added_tokens", added(("1", "a"))), ("added_tokens", added(("2", "a"))),
    ("added_tokens", added(("5", "[Y]"), ("4", "[X]"))),
    ("post_processor", template("4294967295")), ("post_processor", template("4294967296")),
    ("post_processor", template("-1")), ("post_processor", template("99")), ("post_processor", template("1.5")),
    ("post_processor", template("1, 2")), ("post_processor", template("")),
    ("post_processor", template("1", "4294967295")), ("post_processor", template("1", "-1")),
]


# Where TokenizerKit refuses on purpose what the reference loads: value -> the fragment of our error.
# A special token of TemplateProcessing whose `ids` and `tokens` differ in length: the reference inserts all
# the ids but only the tokens there are, so every later token string sits beside the wrong id.
DIVERGENCES = {
    template("1, 2"): "`ids` and `tokens` must have the same length",
    template(""): "`ids` and `tokens` must have the same length",
}


def main():
    base = json.dumps(BASE)
    cases = []
    for field, value in CASES:
        empty = '"added_tokens": []' if field == "added_tokens" else '"%s": null' % field
        document = base.replace(empty, '"%s": %s' % (field, value), 1)
        case = {"field": field, "value": value, "json": document}
        if value in DIVERGENCES:
            case["divergence"] = DIVERGENCES[value]
        try:
            tokenizer = Tokenizer.from_str(document)
        except BaseException as error:  # noqa: B036 (a Rust panic is a BaseException)
            case.update(outcome="load error", message=str(error).splitlines()[0])
            cases.append(case)
            continue
        try:
            encodings = tokenizer.encode_batch(TEXTS)
            case.update(outcome="ok",
                        encodings=[{"ids": e.ids, "attention_mask": e.attention_mask, "type_ids": e.type_ids,
                                    "overflowing": [o.ids for o in e.overflowing]} for e in encodings],
                        decoded=tokenizer.decode(encodings[0].ids, skip_special_tokens=False))
        except BaseException as error:  # noqa: B036
            case.update(outcome="encode error", message=str(error).splitlines()[0])
        cases.append(case)
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hostile_numbers.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump({"texts": TEXTS, "cases": cases}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{out}: {len(cases)} cases")


if __name__ == "__main__":
    main()

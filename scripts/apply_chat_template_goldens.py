#!/usr/bin/env python3
"""Goldens for ApplyChatTemplateGoldenTests.swift: transformers' `tokenizer.apply_chat_template` on model folders.

  python3 scripts/apply_chat_template_goldens.py [--shared DIR] [-o FILE]

Needs transformers==5.25.0 and tokenizers==0.23.3 (pip, no torch) and the shared folders (default: ../shared
beside the repository). Writes Tests/TokenizerKitTests/Fixtures/apply_chat_template.json:

  conversations  name -> messages (each case names one)
  tools, documents
  templates      name -> source of the 18 templates of shared/chat_templates
  sources        {name, folder, template, context}: a shared/vocab folder loaded with AutoTokenizer.from_pretrained,
                 the template passed as `chat_template=` (null: the folder's own template), and variables passed
                 as apply_chat_template's **kwargs
                 Synthetic sources ("files"): a folder of the shared folder's tokenizer.json and these files.
  cases          {source, conversation, tools, documents, add_generation_prompt, continue_final_message,
                 template_name (synthetic sources: the name passed as `chat_template=`)} and
                 the outcome: "text" (tokenize=False) and "ids" (tokenize=True, return_dict=False), or
                 "error_type" and "error" (the exception transformers raised; the Swift side must throw too)

Sources: every loadable shared folder with a chat template of its own, and each of the 18 templates through a
folder of its family (others through llama, the Llama/Mistral family most of them were written for).
"""
import argparse
import glob
import json
import logging
import os

import tokenizers
import transformers
from transformers import AutoTokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Template -> the shared folder whose tokenizer renders and encodes it.
TEMPLATE_FOLDERS = {
    "alpaca": "llama",
    "amberchat": "llama",
    "chatml": "qwen2-style-tiny-torchtune",
    "chatqa": "llama3-style-tiny-torchtune",
    "falcon-instruct": "falcon",
    "gemma-it": "gemma-style-cropped-torchtune",
    "granite-3.0-instruct": "qwen2-style-tiny-torchtune",
    "llama-2-chat": "llama",
    "llama-3-instruct": "llama3-style-tiny-torchtune",
    "mistral-instruct": "llama",
    "openchat-3.5": "llama",
    "phi-3-small": "phi-3-mini",
    "phi-3": "phi-3-mini",
    "qwen2.5-instruct": "qwen2-style-tiny-torchtune",
    "saiga": "llama",
    "solar-instruct": "llama",
    "vicuna": "llama",
    "zephyr": "llama",
}

# Variables passed on to the template (apply_chat_template's **kwargs): llama3-style-tiny-torchtune sets no
# bos_token, which these templates concatenate (a source without it records transformers' UndefinedError).
TEMPLATE_CONTEXT = {
    "chatqa": {"bos_token": "<|begin_of_text|>"},
    "llama-3-instruct": {"bos_token": "<|begin_of_text|>"},
}

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Get the current weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string", "description": "The city, e.g. Zürich"},
                    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                },
                "required": ["city"],
            },
        },
    },
]
DOCUMENTS = [{"title": "Tokens", "text": "A tokenizer splits text into tokens."}]

SYSTEM = {"role": "system", "content": "You are a helpful assistant."}
CONVERSATIONS = {
    "user": [{"role": "user", "content": "Hello!"}],
    "system-user": [SYSTEM, {"role": "user", "content": "What is 2 + 2?"}],
    "multi-turn": [
        {"role": "user", "content": "Hi there"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Tell me a joke."},
    ],
    "system-multi-turn": [
        SYSTEM,
        {"role": "user", "content": "  Spaces around  \n"},
        {"role": "assistant", "content": "Noted.\n"},
        {"role": "user", "content": "Grüße 🌍 — <b>tags</b> and </s> written out"},
    ],
    # None values are dropped before rendering; reasoning is copied under its other names.
    "null-and-reasoning": [
        {"role": "user", "content": "What is 6 * 7?", "name": None},
        {"role": "assistant", "content": "42", "tool_calls": None, "reasoning": "6 * 7 = 42"},
        {"role": "user", "content": "Thanks"},
    ],
    "continue": [
        {"role": "user", "content": "Write a haiku about tokens."},
        {"role": "assistant", "content": "Tokens fall like"},
    ],
    "continue-trailing-space": [
        {"role": "user", "content": "What is 2 + 2?"},
        {"role": "assistant", "content": "The answer is "},
    ],
    "continue-blocks": [
        {"role": "user", "content": "Go on."},
        {"role": "assistant", "content": [{"type": "text", "text": "First"}, {"type": "text", "text": "Second part"}]},
    ],
    "continue-no-content": [{"role": "user", "content": "Hi"}, {"role": "assistant"}],
    "tools-user": [{"role": "user", "content": "What's the weather in Paris?"}],
    "tools-call-response": [
        {"role": "user", "content": "Weather in Paris?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}],
        },
        {"role": "tool", "content": "{\"temperature\": 21}"},
        {"role": "assistant", "content": "It is 21 °C."},
    ],
    "empty": [],
    "not-a-dict": ["Hello"],
}
PLAIN = ["user", "system-user", "multi-turn", "system-multi-turn", "null-and-reasoning"]


def case_list(template_text):
    """(conversation, tools, documents, add_generation_prompt, continue_final_message) for one source."""
    cases = []
    for name in PLAIN:
        for generation in (False, True):
            cases.append((name, False, False, generation, False))
    cases.append(("system-user", False, True, True, False))
    for name in ["continue", "continue-trailing-space", "continue-blocks", "continue-no-content"]:
        cases.append((name, False, False, False, True))
    cases.append(("continue", False, False, True, True))  # both: transformers refuses
    cases.append(("empty", False, False, True, False))
    cases.append(("not-a-dict", False, False, False, False))
    if "tools" in template_text:
        for name in ["tools-user", "tools-call-response"]:
            for generation in (False, True):
                cases.append((name, True, False, generation, False))
    return cases


# Folders made for these tests: a shared folder's tokenizer.json with these files beside it, to check which template
# transformers picks (default, tool_use when there are tools, a name) and its errors.
SYNTHETIC_BASE = "qwen2-style-tiny-torchtune"
SYNTHETIC = {
    "synthetic:jinja-files": {
        "tokenizer_config.json": json.dumps({"bos_token": "<|endoftext|>", "eos_token": "<|im_end|>"}),
        "chat_template.jinja": "{{ bos_token }}default{% for m in messages %}\n{{ m.role }}: {{ m.content }}{% endfor %}"
                               "{% if add_generation_prompt %}\nassistant:{% endif %}",
        "additional_chat_templates/tool_use.jinja": "<|im_start|>tool_use {{ tools | length }} {{ tools[0].function.name }}"
                                                    "{% for m in messages %}\n{{ m.content }}{{ eos_token }}{% endfor %}",
        "additional_chat_templates/rag.jinja": "rag {{ documents | tojson }} {{ messages | length }}",
    },
    "synthetic:config-list-no-default": {
        "tokenizer_config.json": json.dumps({"chat_template": [
            {"name": "tool_use", "template": "tool_use {{ messages[0].content }}"},
            {"name": "rag", "template": "rag {{ documents[0].title }}"},
        ]}),
    },
}
SYNTHETIC_PLAN = [
    # (conversation, tools, documents, add_generation_prompt, continue_final_message, template name)
    ("user", False, False, False, False, None),
    ("multi-turn", False, False, True, False, None),
    ("user", True, False, False, False, None),
    ("user", False, True, False, False, "rag"),
    ("user", False, False, False, False, "tool_use"),
    ("continue", False, False, False, True, None),
]


def make_synthetic(vocab, directory, files):
    import shutil
    os.makedirs(directory)
    shutil.copy(os.path.join(vocab, SYNTHETIC_BASE, "tokenizer.json"), directory)
    for name, text in files.items():
        path = os.path.join(directory, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)


def outcome(tokenizer, template, context, conversation, tools, documents, generation, continuing):
    kwargs = dict(
        **context,
        tools=TOOLS if tools else None,
        documents=DOCUMENTS if documents else None,
        add_generation_prompt=generation,
        continue_final_message=continuing,
    )
    if template is not None:
        kwargs["chat_template"] = template
    messages = json.loads(json.dumps(CONVERSATIONS[conversation]))  # a fresh copy for each call
    try:
        text = tokenizer.apply_chat_template(messages, tokenize=False, **kwargs)
        messages = json.loads(json.dumps(CONVERSATIONS[conversation]))
        ids = tokenizer.apply_chat_template(messages, tokenize=True, return_dict=False, **kwargs)
        return {"text": text, "ids": list(ids)}
    except Exception as error:  # the Swift side must throw too
        return {"error_type": type(error).__name__, "error": str(error).split("\n")[0]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    parser.add_argument("-o", "--output", default=os.path.join(ROOT, "Tests/TokenizerKitTests/Fixtures/apply_chat_template.json"))
    args = parser.parse_args()
    logging.getLogger("transformers").setLevel(logging.ERROR)

    vocab = os.path.join(args.shared, "vocab")
    templates = {}
    for path in sorted(glob.glob(os.path.join(args.shared, "chat_templates", "*.jinja"))):
        with open(path, encoding="utf-8") as handle:
            templates[os.path.basename(path)[: -len(".jinja")]] = handle.read()
    assert sorted(templates) == sorted(TEMPLATE_FOLDERS), sorted(templates)

    loaded = {}
    sources = []
    for folder in sorted(os.listdir(vocab)):
        if not os.path.isfile(os.path.join(vocab, folder, "tokenizer.json")):
            continue
        try:
            tokenizer = AutoTokenizer.from_pretrained(os.path.join(vocab, folder), trust_remote_code=False)
        except Exception:
            continue  # refused (remote code, SentencePiece-only classes): ModelFolderTests covers those
        loaded[folder] = tokenizer
        if tokenizer.chat_template is not None:
            sources.append({"name": f"folder:{folder}", "folder": folder, "template": None, "context": {}})
    # Sources with one case each: a folder without a chat template, a template missing a variable.
    single = ["folder:llama (no template)", "chatqa (no bos_token)"]
    sources.append({"name": single[0], "folder": "llama", "template": None, "context": {}})
    sources.append({"name": single[1], "folder": TEMPLATE_FOLDERS["chatqa"], "template": "chatqa",
                    "context": {}})
    for name, folder in sorted(TEMPLATE_FOLDERS.items()):
        sources.append({"name": name, "folder": folder, "template": name, "context": TEMPLATE_CONTEXT.get(name, {})})

    import tempfile
    scratch = tempfile.mkdtemp()
    for name, files in SYNTHETIC.items():
        directory = os.path.join(scratch, name.split(":")[1])
        make_synthetic(vocab, directory, files)
        loaded[name] = AutoTokenizer.from_pretrained(directory)
        sources.append({"name": name, "folder": SYNTHETIC_BASE, "files": files, "template": None, "context": {}})

    cases = []
    for source in sources:
        if "files" in source:
            for conversation, tools, documents, generation, continuing, template_name in SYNTHETIC_PLAN:
                case = {"source": source["name"], "conversation": conversation, "tools": tools, "documents": documents,
                        "add_generation_prompt": generation, "continue_final_message": continuing,
                        "template_name": template_name}
                case.update(outcome(loaded[source["name"]], template_name, {}, conversation, tools, documents,
                                    generation, continuing))
                cases.append(case)
            continue
        tokenizer = loaded[source["folder"]]
        template = templates[source["template"]] if source["template"] else None
        text = template if template is not None else (tokenizer.chat_template or "")
        plan = case_list(text) if source["name"] not in single else [("user", False, False, True, False)]
        for conversation, tools, documents, generation, continuing in plan:
            case = {"source": source["name"], "conversation": conversation, "tools": tools, "documents": documents,
                    "add_generation_prompt": generation, "continue_final_message": continuing}
            case.update(outcome(tokenizer, template, source["context"], conversation, tools, documents, generation, continuing))
            cases.append(case)

    out = {
        "reference": f"transformers {transformers.__version__}, tokenizers {tokenizers.__version__}",
        "conversations": CONVERSATIONS,
        "tools": TOOLS,
        "documents": DOCUMENTS,
        "templates": templates,
        "sources": sources,
        "cases": cases,
    }
    with open(args.output, "w", encoding="utf-8") as handle:
        json.dump(out, handle, ensure_ascii=False, indent=None, separators=(",", ":"))
        handle.write("\n")
    errors = sum(1 for c in cases if "error" in c)
    print(f"{args.output}: {len(sources)} sources, {len(cases)} cases ({errors} errors)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Golden outputs of chat templates from the reference: transformers' own rendering
(transformers.utils.chat_template_utils.render_jinja_template, the function apply_chat_template uses,
so the jinja2 environment is exactly transformers').

Writes Tests/TokenizerKitTests/Fixtures/chat_templates.json:
  templates: name -> template source
  cases:     {template, name, context (exactly the variables the template was rendered with),
              expected (text) | error (message), error_type, line (template line, when jinja2 gives one)}
  snippets:  small templates for the engine's unit tests, rendered with the same environment.

Run from the repository root: python3 scripts/chat_template_goldens.py
"""
import glob
import json
import os
import sys
import traceback

import jinja2
import transformers
from transformers.utils import chat_template_utils as ctu

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CHAT_TEMPLATES_SHARED", "/work/shared")
OUT = os.path.join(ROOT, "Tests/TokenizerKitTests/Fixtures/chat_templates.json")

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
    {
        "type": "function",
        "function": {
            "name": "add",
            "description": "Add two numbers.",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "number"}},
                "required": ["a", "b"],
            },
        },
    },
]

SYSTEM = {"role": "system", "content": "You are a helpful assistant.\n"}
CONVERSATIONS = {
    "single-user": [{"role": "user", "content": "Hello!"}],
    "system-user": [SYSTEM, {"role": "user", "content": "What is 2 + 2?"}],
    "multi-turn": [
        {"role": "user", "content": "Hi there"},
        {"role": "assistant", "content": "Hello! How can I help?"},
        {"role": "user", "content": "Tell me a joke."},
    ],
    "system-multi-turn": [
        SYSTEM,
        {"role": "user", "content": "  Spaces around  \n"},
        {"role": "assistant", "content": "\nNoted.\n\n"},
        {"role": "user", "content": "Line one\r\nLine two\n\nLine three"},
        {"role": "assistant", "content": "Done."},
    ],
    "unicode": [
        {"role": "user", "content": "Grüße aus Köln 🌍 — \"quoted\" and 'single' \\ backslash\t<b>tags</b>"},
        {"role": "assistant", "content": "日本語のテキスト and emoji 👍🏽"},
    ],
    "starts-with-assistant": [
        {"role": "assistant", "content": "I speak first."},
        {"role": "user", "content": "Hm."},
    ],
    "consecutive-users": [
        {"role": "user", "content": "One"},
        {"role": "user", "content": "Two"},
    ],
}
TOOL_CONVERSATIONS = {
    "tools-user": [{"role": "user", "content": "What's the weather in Paris?"}],
    "tools-system-call-response": [
        {"role": "system", "content": "Use tools when needed."},
        {"role": "user", "content": "Weather in Paris, and 3 + 4?"},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {"type": "function", "function": {"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}},
                {"type": "function", "function": {"name": "add", "arguments": {"a": 3, "b": 4.5}}},
            ],
        },
        {"role": "tool", "content": "{\"temperature\": 21}"},
        {"role": "tool", "content": "7.5"},
        {"role": "assistant", "content": "It is 21 °C, and 3 + 4.5 = 7.5."},
    ],
}


def template_line(error):
    """The template line jinja2 reports: lineno for syntax errors, the template frame otherwise."""
    if isinstance(error, SyntaxError) and not isinstance(error, jinja2.TemplateSyntaxError):
        return None  # Python's own compile error: its line is one of the generated code
    line = getattr(error, "lineno", None)
    if line:
        return line
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename == "<template>":
            return frame.lineno
    return None


def render(template, context):
    """Renders like apply_chat_template; returns the context the template saw and the outcome."""
    kwargs = {k: v for k, v in context.items() if k not in ("messages", "tools", "documents", "add_generation_prompt")}
    seen = dict(context)
    try:
        rendered, _ = ctu.render_jinja_template(
            conversations=[context["messages"]],
            tools=context.get("tools"),
            documents=context.get("documents"),
            chat_template=template,
            add_generation_prompt=context["add_generation_prompt"],
            **kwargs,
        )
        return seen, {"expected": rendered[0]}
    except Exception as error:  # the Swift side must throw too
        outcome = {"error": str(error), "error_type": type(error).__name__}
        line = template_line(error)
        if line is not None:
            outcome["line"] = line
        return seen, outcome


def template_sources():
    sources = {}
    for path in sorted(glob.glob(os.path.join(SHARED, "chat_templates", "*.jinja"))):
        name = os.path.basename(path)[: -len(".jinja")]
        with open(path, encoding="utf-8") as f:
            sources[name] = (f.read(), {"bos_token": "<s>", "eos_token": "</s>"})
    for path in sorted(glob.glob(os.path.join(SHARED, "vocab", "*", "tokenizer_config.json"))):
        with open(path, encoding="utf-8") as f:
            config = json.load(f)
        template = config.get("chat_template")
        if not template:
            continue
        if not isinstance(template, str):
            raise SystemExit(f"{path}: chat_template is not a string; add support for named templates")
        tokens = {}
        for key in ("bos_token", "eos_token", "unk_token", "pad_token"):
            value = config.get(key)
            if isinstance(value, dict):
                value = value.get("content")
            if value is not None:  # transformers passes only the special tokens that are set
                tokens[key] = value
        sources["vocab-" + os.path.basename(os.path.dirname(path))] = (template, tokens)
    return sources


def main():
    sources = template_sources()
    cases = []
    for name, (template, tokens) in sources.items():
        conversations = dict(CONVERSATIONS)
        if "tools" in template:
            conversations.update(TOOL_CONVERSATIONS)
        for conversation_name, messages in conversations.items():
            tool_variants = [None]
            if "tools" in template and conversation_name.startswith("tools"):
                tool_variants = [TOOLS]
            for tools in tool_variants:
                for add_generation_prompt in (False, True):
                    context = {"messages": messages, "tools": tools, "documents": None,
                               "add_generation_prompt": add_generation_prompt, **tokens}
                    seen, outcome = render(template, context)
                    cases.append({"template": name,
                                  "name": f"{conversation_name}{' +generation' if add_generation_prompt else ''}",
                                  "context": seen, **outcome})

    snippets = []
    snippet_path = os.path.join(ROOT, "scripts", "chat_template_snippets.txt")
    with open(snippet_path, encoding="utf-8") as f:
        blocks = [b for b in f.read().split("\n=====\n") if b.strip()]
    snippet_context = {"d": {"a": 1, "b": [1, 2]}, "l": [3, 1, 2], "s": "héllo", "n": None, "t": True,
                       "messages": [{"role": "user", "content": "Hi"}, {"role": "assistant", "content": "Yo"}]}
    for block in blocks:
        if block.startswith("#"):
            continue
        seen, outcome = render_snippet(block, snippet_context)
        snippets.append({"template": block, **outcome})

    out = {
        "reference": f"transformers {transformers.__version__}, jinja2 {jinja2.__version__}",
        "snippet_context": snippet_context,
        "templates": {name: source for name, (source, _) in sources.items()},
        "cases": cases,
        "snippets": snippets,
    }
    with open(OUT, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    errors = sum(1 for c in cases if "error" in c)
    print(f"{OUT}: {len(sources)} templates, {len(cases)} cases ({errors} errors), {len(snippets)} snippets", file=sys.stderr)


def render_snippet(template, context):
    """A snippet rendered by the compiled template directly (the same environment)."""
    try:
        return context, {"expected": ctu._compile_jinja_template(template).render(**context)}
    except Exception as error:
        outcome = {"error": str(error), "error_type": type(error).__name__}
        line = template_line(error)
        if line is not None:
            outcome["line"] = line
        return context, outcome


if __name__ == "__main__":
    main()

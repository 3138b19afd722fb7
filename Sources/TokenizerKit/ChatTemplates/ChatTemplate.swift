/// A Jinja chat template, parsed once and rendered any number of times, with the semantics of Python's
/// jinja2 as transformers' `apply_chat_template` runs it: an immutable sandbox, `trim_blocks` and
/// `lstrip_blocks`, `{% break %}`/`{% continue %}`, `{% generation %}` blocks, transformers' `tojson`
/// (`json.dumps` keeping non-ASCII), and the globals `raise_exception` and `strftime_now`.
///
/// ```swift
/// let template = try ChatTemplate("{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{% endfor %}")
/// let text = try template.render(["messages": [["role": "user", "content": "Hi"]]])
/// // "<|user|>Hi"
/// ```
///
/// The engine knows nothing about tokenizers: the caller passes every variable the template reads
/// (`messages`, `tools`, `documents`, `add_generation_prompt`, `bos_token`, `eos_token`, …).
/// A `ChatTemplate` is immutable and can be shared between threads; each `render` call has its own state.
public struct ChatTemplate: Sendable {
    /// The template text as given.
    public let source: String
    private let body: ParsedBody

    /// Parses `source`.
    ///
    /// - Throws: `TemplateError` (kind `.syntax`) with the line of the first problem, as jinja2 reports
    ///   a `TemplateSyntaxError` — including unknown filters and tests, which jinja2 finds at compile time.
    public init(_ source: String) throws {
        self.source = source
        body = ParsedBody(try TemplateParser.parse(source))
    }

    /// Renders the template with `context` as its variables.
    ///
    /// - Throws: `TemplateError` for what jinja2 raises while rendering: `raise_exception(message)`
    ///   (kind `.raised`, the message as given), undefined values used in operations, type errors,
    ///   refused operations (the sandbox), and runaway recursion or output (kind `.limit`).
    public func render(_ context: [String: TemplateValue]) throws -> String {
        let renderer = TemplateRenderer(context: context.mapValues(Value.init))
        return try renderer.render(body.statements)
    }
}

/// The syntax tree, shared by copies of a `ChatTemplate`. Never changed after parsing; rendering
/// reads it only (values made while rendering, such as loop objects, belong to each render call).
private final class ParsedBody: @unchecked Sendable {
    let statements: [Statement]
    init(_ statements: [Statement]) { self.statements = statements }
}

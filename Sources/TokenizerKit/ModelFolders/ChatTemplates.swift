/// The chat templates of a model folder, as Jinja source text (rendering them is another component's job).
///
/// Found as transformers 5 finds them: `chat_template.jinja` (the default) and
/// `additional_chat_templates/NAME.jinja` take precedence over `chat_template` in tokenizer_config.json
/// (a string, or a list of `{"name", "template"}`); a processor's legacy `chat_template.json` is read only
/// when neither gives one.
///
/// ```swift
/// if let source = folder.chatTemplates.default { render(source, messages) }
/// let toolUse = folder.chatTemplates["tool_use"]
/// ```
public struct ChatTemplates: Sendable, Equatable {
    /// Every template by name; the default one is named `"default"`.
    public private(set) var templates: [String: String]

    public init(_ templates: [String: String] = [:]) { self.templates = templates }

    /// The default template (`chat_template.jinja`, or the one the configuration names `default`).
    public var `default`: String? { templates["default"] }

    /// The template with this name.
    public subscript(name: String) -> String? { templates[name] }

    /// The names of the templates, sorted.
    public var names: [String] { templates.keys.sorted() }

    /// True when the folder has no chat template.
    public var isEmpty: Bool { templates.isEmpty }
}

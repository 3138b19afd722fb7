import Foundation

/// Chat templates applied as transformers' `tokenizer.apply_chat_template` (5.25.0) applies them.
extension ModelFolder {
    /// Renders a conversation with the folder's chat template, as transformers'
    /// `tokenizer.apply_chat_template(messages, tokenize=False, …)` does; `encodeChat` gives the ids.
    ///
    /// ```swift
    /// let folder = try ModelFolder(path: "models/Phi-3-mini-4k-instruct")
    /// let prompt = try folder.applyChatTemplate(
    ///     messages: [.message(role: "user", content: "Hello!")], addGenerationPrompt: true)
    /// // "<|user|>\nHello!<|end|>\n<|assistant|>\n"
    /// ```
    ///
    /// The template sees `messages` (each without its `null` entries), `tools`, `documents` (`none` when
    /// nil), `add_generation_prompt`, the folder's named special tokens as text (`bos_token`, `eos_token`,
    /// `unk_token`, `sep_token`, `pad_token`, `cls_token`, `mask_token`, those that are set) and the
    /// entries of `context`, which override the special tokens.
    ///
    /// Which template: `template` when given (transformers' `chat_template=` with a template's text);
    /// else the folder's template named `templateName` (transformers' `chat_template=` with a name); else
    /// its `tool_use` template when `tools` is given and it has one, else its default one. Unlike
    /// transformers, a name that is not one of the folder's templates is an error, not template text.
    ///
    /// - Parameters:
    ///   - messages: The conversation: dictionaries with `role` and `content` (and whatever else the
    ///     template reads, such as `tool_calls`). See `TemplateValue.message(role:content:)` and
    ///     `[TemplateValue](json:)`.
    ///   - tools: JSON schemas of the tools the model may call.
    ///   - documents: Documents for retrieval-augmented generation (dictionaries with `title` and `text`).
    ///   - addGenerationPrompt: Ends the text with the header of an assistant message.
    ///   - continueFinalMessage: Leaves the final message open for the model to continue: the text ends
    ///     with that message's content (its last text block when the content is a list of blocks), as
    ///     transformers trims it.
    ///   - templateName: One of `chatTemplates.names`.
    ///   - template: A template to use instead of the folder's.
    ///   - context: More variables for the template.
    /// - Throws: `ChatTemplateError`, with the same conditions as transformers' errors; a template that
    ///   fails to parse or render (`raise_exception` included) gives `.template(error, templateName:)` whose
    ///   `TemplateError` has the template line.
    public func applyChatTemplate(
        messages: [TemplateValue],
        tools: [TemplateValue]? = nil,
        documents: [TemplateValue]? = nil,
        addGenerationPrompt: Bool = false,
        continueFinalMessage: Bool = false,
        templateName: String? = nil,
        template: ChatTemplate? = nil,
        context: [String: TemplateValue] = [:]
    ) throws -> String {
        let (chosen, name) = try chatTemplate(named: templateName, given: template, withTools: tools != nil)
        guard !messages.isEmpty else { throw ChatTemplateError.emptyConversation }
        var chat: [[(key: String, value: TemplateValue)]] = []
        for (index, message) in messages.enumerated() {
            guard case .dictionary(let entries) = message else { throw ChatTemplateError.messageNotADictionary(index: index) }
            chat.append(entries.filter { $0.value != .none })
        }
        if continueFinalMessage && addGenerationPrompt { throw ChatTemplateError.continueWithGenerationPrompt }

        // transformers compiles the template first, then checks the tools and documents.
        let parsed: ChatTemplate
        do {
            parsed = try chosen.parsed()
        } catch let error as TemplateError {
            throw ChatTemplateError.template(error, templateName: name)
        }
        for (index, tool) in (tools ?? []).enumerated() {
            guard case .dictionary = tool else { throw ChatTemplateError.toolNotADictionary(index: index) }
        }
        for (index, document) in (documents ?? []).enumerated() {
            guard case .dictionary = document else { throw ChatTemplateError.documentNotADictionary(index: index) }
        }
        for key in ["messages", "tools", "documents", "add_generation_prompt"] where context[key] != nil {
            throw ChatTemplateError.reservedContextKey(key)
        }

        chat = chat.map(Self.aliasingReasoningFields)
        var finalMessage: String?
        if continueFinalMessage {
            finalMessage = try Self.markFinalMessage(&chat, templateSource: parsed.source)
        }

        var variables: [String: TemplateValue] = [:]
        for name in TokenizerConfiguration.namedTokenKeys {
            if let token = specialTokens[name] { variables[name] = .string(token.content) }
        }
        for (key, value) in context { variables[key] = value }
        variables["messages"] = .array(chat.map { .dictionary($0) })
        variables["tools"] = tools.map { TemplateValue.array($0) } ?? TemplateValue.none
        variables["documents"] = documents.map { TemplateValue.array($0) } ?? TemplateValue.none
        variables["add_generation_prompt"] = .bool(addGenerationPrompt)
        var rendered: String
        do {
            rendered = try parsed.render(variables)
        } catch let error as TemplateError {
            throw ChatTemplateError.template(error, templateName: name)
        }
        if let finalMessage {
            rendered = try Self.trimmedAfterFinalMessage(rendered, finalMessage: finalMessage)
        }
        return rendered
    }

    /// The ids of a conversation, as transformers' `tokenizer.apply_chat_template(messages, …)` returns
    /// them: the text of `applyChatTemplate` encoded without adding special tokens (the template writes
    /// them).
    ///
    /// ```swift
    /// let ids = try folder.encodeChat(messages: [.message(role: "user", content: "Hello!")],
    ///                                 addGenerationPrompt: true)
    /// ```
    ///
    /// Takes the same arguments as `applyChatTemplate`, and throws its errors or the tokenizer's.
    public func encodeChat(
        messages: [TemplateValue],
        tools: [TemplateValue]? = nil,
        documents: [TemplateValue]? = nil,
        addGenerationPrompt: Bool = false,
        continueFinalMessage: Bool = false,
        templateName: String? = nil,
        template: ChatTemplate? = nil,
        context: [String: TemplateValue] = [:]
    ) throws -> [UInt32] {
        let text = try applyChatTemplate(
            messages: messages, tools: tools, documents: documents, addGenerationPrompt: addGenerationPrompt,
            continueFinalMessage: continueFinalMessage, templateName: templateName, template: template,
            context: context)
        return try tokenizer.encode(text, addingSpecialTokens: false).ids
    }

    /// The name of the folder's template that `applyChatTemplate` uses for these arguments (transformers'
    /// `get_chat_template`): `templateName` when given, else `tool_use` when there are tools and the
    /// folder has that template, else `default`.
    ///
    /// ```swift
    /// let name = try folder.chatTemplateName(withTools: true)   // "tool_use" or "default"
    /// ```
    /// - Throws: `ChatTemplateError.noChatTemplate`, `.noDefaultTemplate` or `.unknownTemplateName`.
    public func chatTemplateName(_ templateName: String? = nil, withTools: Bool = false) throws -> String {
        let names = chatTemplates.names
        if let templateName {
            guard chatTemplates[templateName] != nil else {
                throw ChatTemplateError.unknownTemplateName(templateName, available: names)
            }
            return templateName
        }
        guard !chatTemplates.isEmpty else { throw ChatTemplateError.noChatTemplate }
        if withTools && chatTemplates["tool_use"] != nil { return "tool_use" }
        guard chatTemplates.default != nil else { throw ChatTemplateError.noDefaultTemplate(available: names) }
        return "default"
    }

    /// A template to parse or one already parsed.
    private enum ChosenTemplate {
        case source(String)
        case parsed(ChatTemplate)

        func parsed() throws -> ChatTemplate {
            switch self {
            case .source(let text): try ChatTemplate(text)
            case .parsed(let template): template
            }
        }
    }

    private func chatTemplate(named templateName: String?, given template: ChatTemplate?, withTools: Bool) throws
        -> (ChosenTemplate, name: String?)
    {
        if let template {
            guard templateName == nil else { throw ChatTemplateError.conflictingTemplates }
            return (.parsed(template), nil)
        }
        let name = try chatTemplateName(templateName, withTools: withTools)
        return (.source(chatTemplates[name] ?? ""), name)
    }

    // MARK: - What render_jinja_template does to the messages

    /// transformers' `_REASONING_FIELDS`.
    private static let reasoningFields = ["reasoning_content", "thinking", "reasoning"]

    /// transformers' `_alias_reasoning_fields`: a message with reasoning under any of its names becomes
    /// `{"thinking": r, **message, "reasoning_content": r}`.
    private static func aliasingReasoningFields(_ message: [(key: String, value: TemplateValue)])
        -> [(key: String, value: TemplateValue)]
    {
        func value(_ key: String) -> TemplateValue? { message.first { $0.key == key }?.value }
        guard let reasoning = reasoningFields.lazy.compactMap({ key in value(key).flatMap { $0 == .none ? nil : $0 } }).first
        else { return message }
        var result: [(key: String, value: TemplateValue)] = [("thinking", value("thinking") ?? reasoning)]
        result += message.filter { $0.key != "thinking" }
        if let i = result.firstIndex(where: { $0.key == "reasoning_content" }) {
            result[i].value = reasoning
        } else {
            result.append(("reasoning_content", reasoning))
        }
        return result
    }

    /// The tag transformers appends to the final message's text, to find where it ends in the output.
    private static let continueTag = "CONTINUE_FINAL_MESSAGE_TAG "

    /// Appends the tag to the final message's content (or its last text block), as
    /// `render_jinja_template` does; returns the text before the tag.
    private static func markFinalMessage(_ chat: inout [[(key: String, value: TemplateValue)]],
                                         templateSource: String) throws -> String {
        let field = "content"
        let last = chat.count - 1
        guard let index = chat[last].firstIndex(where: { $0.key == field }) else {
            throw ChatTemplateError.finalMessageHasNoField(field)
        }
        guard contains(Array(templateSource.utf8), Array(field.utf8)) else {
            throw ChatTemplateError.templateLacksField(field)
        }
        switch chat[last][index].value {
        case .string(let text):
            chat[last][index].value = .string(text + continueTag)
            return text
        case .array(var blocks):
            for b in blocks.indices.reversed() {
                switch blocks[b] {
                case .dictionary(var entries):
                    guard let t = entries.firstIndex(where: { $0.key == "text" }) else { continue }
                    guard case .string(let text) = entries[t].value else { throw ChatTemplateError.finalMessageNotText }
                    entries[t].value = .string(text + continueTag)
                    blocks[b] = .dictionary(entries)
                    chat[last][index].value = .array(blocks)
                    return text
                case .string(let s) where contains(Array(s.utf8), Array("text".utf8)):
                    throw ChatTemplateError.finalMessageNotText  // Python: str indices must be integers
                default:
                    continue
                }
            }
            throw ChatTemplateError.noTextToContinue
        default:
            throw ChatTemplateError.finalMessageNotText
        }
    }

    /// Cuts the rendered text at the tag, as `render_jinja_template` does: where the tag is, and with the
    /// trailing whitespace removed too when the template did not keep the tag's space.
    private static func trimmedAfterFinalMessage(_ rendered: String, finalMessage: String) throws -> String {
        let bytes = Array(rendered.utf8)
        let tag = Array(continueTag.utf8)
        let strippedMessage = StringMethods.strip(finalMessage, nil, leading: true, trailing: true)
        guard contains(bytes, Array(strippedMessage.utf8)), let at = lastIndex(of: tag.dropLast(), in: bytes) else {
            throw ChatTemplateError.finalMessageNotRendered(finalMessage: strippedMessage, rendered: rendered)
        }
        let head = String(decoding: bytes[..<at], as: UTF8.self)
        if bytes[at...].starts(with: tag) { return head }
        return StringMethods.strip(head, nil, leading: false, trailing: true)
    }

    /// Python's `needle in haystack` for strings (UTF-8 bytes match where code points match).
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        needle.isEmpty || firstIndex(of: needle[...], in: haystack) != nil
    }

    private static func firstIndex(of needle: ArraySlice<UInt8>, in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i...].starts(with: needle) { return i }
        return nil
    }

    private static func lastIndex(of needle: ArraySlice<UInt8>, in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        for i in stride(from: haystack.count - needle.count, through: 0, by: -1) where haystack[i...].starts(with: needle) {
            return i
        }
        return nil
    }
}

extension TemplateValue {
    /// A chat message: `["role": role, "content": content]`, in that order.
    ///
    /// ```swift
    /// let messages: [TemplateValue] = [.message(role: "system", content: "Be brief."),
    ///                                  .message(role: "user", content: "Hi")]
    /// ```
    public static func message(role: String, content: String) -> TemplateValue {
        .dictionary([(key: "role", value: .string(role)), (key: "content", value: .string(content))])
    }

    /// A dictionary from a Swift one, its keys sorted (a Swift `Dictionary` has no order; a dictionary
    /// literal typed as `TemplateValue` keeps the order written).
    ///
    /// ```swift
    /// let document = TemplateValue(["title": "Notes", "text": "…"])   // text, then title
    /// ```
    public init(_ dictionary: [String: TemplateValue]) {
        self = .dictionary(dictionary.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
    }

    /// A dictionary of strings from a Swift one, its keys sorted (see `init(_:)` for values).
    public init(_ dictionary: [String: String]) {
        self.init(dictionary.mapValues { TemplateValue.string($0) })
    }

    /// A value from the loosely typed dictionaries other Swift LLM libraries pass around
    /// (`[String: any Sendable]` messages and tools): strings, integers, floating-point numbers, booleans,
    /// `nil` / `NSNull`, arrays and dictionaries (keys sorted, as for `init(_:)`); nil for anything else.
    ///
    /// ```swift
    /// let message = TemplateValue(any: ["role": "user", "content": "Hi"] as [String: any Sendable])
    /// ```
    public init?(any value: Any?) {
        guard let value else { self = .none; return }
        switch value {
        case let value as TemplateValue: self = value
        case let value as String: self = .string(value)
        case let value as Substring: self = .string(String(value))
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as any BinaryInteger:
            guard let int = Int(exactly: value) else { return nil }
            self = .int(int)
        case let value as Double: self = .double(value)
        case let value as Float: self = .double(Double(value))
        case is NSNull: self = .none
        case let value as [Any?]:
            var elements: [TemplateValue] = []
            for element in value {
                guard let converted = TemplateValue(any: element) else { return nil }
                elements.append(converted)
            }
            self = .array(elements)
        case let value as [String: Any?]:
            var entries: [String: TemplateValue] = [:]
            for (key, element) in value {
                guard let converted = TemplateValue(any: element) else { return nil }
                entries[key] = converted
            }
            self.init(entries)
        default:
            return nil
        }
    }
}

extension Array where Element == TemplateValue {
    /// The elements of a JSON array, as `json.loads` reads them (objects keep their key order).
    ///
    /// ```swift
    /// let messages = try [TemplateValue](json: #"[{"role": "user", "content": "Hi"}]"#)
    /// ```
    /// - Throws: `TokenizerError.malformedJSON` with the line and column of a syntax error, or
    ///   `TemplateValueError.notAnArray` when the text is valid JSON but no array.
    public init(json text: String) throws {
        try self.init(json: Array<UInt8>(text.utf8))
    }

    /// The elements of a JSON array given as UTF-8 bytes; see `init(json:)` for text.
    public init(json bytes: [UInt8]) throws {
        guard case .array(let elements) = try TemplateValue(json: bytes) else { throw TemplateValueError.notAnArray }
        self = elements
    }
}

/// A JSON text of the wrong shape for `[TemplateValue](json:)`.
public enum TemplateValueError: Error, Sendable, Equatable, LocalizedError, CustomStringConvertible {
    /// The JSON text is valid but its top-level value is not an array.
    case notAnArray

    public var description: String {
        switch self {
        case .notAnArray: "expected a JSON array"
        }
    }

    public var errorDescription: String? { description }
}

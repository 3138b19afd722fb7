import ArgumentParser
import Foundation
import TokenizerKit

/// `tok chat`: render a chat template as transformers' `apply_chat_template` does.
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a conversation with a model folder's chat template, or a Jinja template with given variables.",
        discussion: """
            -t FOLDER --messages FILE.json applies the folder's chat template as transformers' \
            tokenizer.apply_chat_template does: the messages (a JSON array), --tools and --documents (JSON \
            arrays), the folder's special tokens (bos_token, eos_token, …) and --add-generation-prompt. It \
            writes the text as it is, with no newline added, or with --ids the ids of that text (encoded without \
            adding special tokens) as one line separated by spaces. --template-name picks one of the folder's \
            named templates; --template FILE.jinja uses that template instead of the folder's; --context \
            FILE.json adds variables.

            --template FILE.jinja --context FILE.json without -t renders the template with exactly the \
            variables of the JSON object in the context file.

            A template error (a syntax error, raise_exception, an undefined value used) is reported on stderr \
            with the template's file and line, and the exit status is non-zero.
            """)

    @Option(name: [.short, .customLong("tokenizer")], help: "A model folder (its chat template, special tokens and tokenizer).")
    var tokenizer: String?

    @Option(help: "The conversation: a JSON array of messages ({\"role\", \"content\", …}).")
    var messages: String?

    @Option(help: "A JSON array of tool schemas.")
    var tools: String?

    @Option(help: "A JSON array of documents ({\"title\", \"text\"}).")
    var documents: String?

    @Flag(help: "End with the header of an assistant message.")
    var addGenerationPrompt = false

    @Flag(help: "Leave the final message open, for the model to continue it.")
    var continueFinalMessage = false

    @Option(help: "One of the folder's named chat templates (tokenizer_config.json's chat_template list, additional_chat_templates/NAME.jinja).")
    var templateName: String?

    @Flag(help: "Write the ids instead of the text.")
    var ids = false

    @Option(help: "A chat template (a .jinja file); with -t, used instead of the folder's.")
    var template: String?

    @Option(help: "A JSON object whose keys are the template's variables (with -t: more variables).")
    var context: String?

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    func validate() throws {
        if tokenizer == nil {
            let folderOnly: [(String, Bool)] = [
                ("--messages", messages != nil), ("--tools", tools != nil), ("--documents", documents != nil),
                ("--add-generation-prompt", addGenerationPrompt), ("--continue-final-message", continueFinalMessage),
                ("--template-name", templateName != nil), ("--ids", ids),
            ]
            if let (name, _) = folderOnly.first(where: { $0.1 }) {
                throw ValidationError("\(name) needs a model folder (-t FOLDER)")
            }
            guard template != nil, context != nil else {
                throw ValidationError("give a model folder (-t FOLDER --messages FILE.json), or --template FILE.jinja --context FILE.json")
            }
        } else {
            guard messages != nil else { throw ValidationError("-t FOLDER needs --messages FILE.json") }
            if template != nil && templateName != nil {
                throw ValidationError("give either --template or --template-name, not both")
            }
            if addGenerationPrompt && continueFinalMessage {
                throw ValidationError("--add-generation-prompt and --continue-final-message cannot be used together (transformers refuses them too)")
            }
        }
    }

    func run() throws {
        do {
            let bytes: [UInt8]
            if let folderPath = tokenizer {
                bytes = try applyFolderTemplate(folderPath)
            } else {
                bytes = Array(try renderTemplateFile().utf8)
            }
            let sink = try OutputSink(path: output)
            var committed = false
            defer { if !committed { sink.abandon() } }
            try sink.write(bytes)
            try sink.commit()
            committed = true
        } catch {
            FileHandle.standardError.write(Data("tok chat: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `--template FILE --context FILE`: the template with exactly the context's variables.
    private func renderTemplateFile() throws -> String {
        guard let template, let context else { return "" }
        let source = try ChatInputs.templateSource(path: template)
        let variables = try ChatInputs.variables(path: context)
        do {
            return try ChatTemplate(source).render(variables)
        } catch let error as TemplateError {
            throw CommandFailure("\(template):\(error.line): \(error.message)")
        }
    }

    /// `-t FOLDER --messages FILE`: the folder's template applied as transformers does.
    private func applyFolderTemplate(_ folderPath: String) throws -> [UInt8] {
        let folder = try ModelFolder(path: folderPath)
        guard let messagesPath = messages else { return [] }
        let conversation = try ChatInputs.array(path: messagesPath, of: "messages")
        let toolList = try tools.map { try ChatInputs.array(path: $0, of: "tools") }
        let documentList = try documents.map { try ChatInputs.array(path: $0, of: "documents") }
        let variables = try context.map { try ChatInputs.variables(path: $0) } ?? [:]
        var given: ChatTemplate?
        if let template {
            do {
                given = try ChatTemplate(try ChatInputs.templateSource(path: template))
            } catch let error as TemplateError {
                throw CommandFailure("\(template):\(error.line): \(error.message)")
            }
        }
        do {
            if ids {
                let encoded = try folder.encodeChat(
                    messages: conversation, tools: toolList, documents: documentList,
                    addGenerationPrompt: addGenerationPrompt, continueFinalMessage: continueFinalMessage,
                    templateName: templateName, template: given, context: variables)
                return Array((encoded.map(String.init).joined(separator: " ") + "\n").utf8)
            }
            return Array(try folder.applyChatTemplate(
                messages: conversation, tools: toolList, documents: documentList,
                addGenerationPrompt: addGenerationPrompt, continueFinalMessage: continueFinalMessage,
                templateName: templateName, template: given, context: variables).utf8)
        } catch let error as ChatTemplateError {
            throw CommandFailure(describe(error, folder: folderPath, messagesPath: messagesPath))
        }
    }

    /// The error with the file to look at in front.
    private func describe(_ error: ChatTemplateError, folder: String, messagesPath: String) -> String {
        switch error {
        case let .template(templateError, name):
            guard let name else { return "\(template ?? "template"):\(templateError.line): \(templateError.message)" }
            return ChatInputs.templateLocation(folder: folder, name: name, line: templateError.line) + ": \(templateError.message)"
        case .messageNotADictionary(let index):
            return "\(messagesPath): message \(index + 1) is not a JSON object"
        case .toolNotADictionary(let index):
            return "\(tools ?? "tools"): tool \(index + 1) is not a JSON object (a JSON schema)"
        case .documentNotADictionary(let index):
            return "\(documents ?? "documents"): document \(index + 1) is not a JSON object"
        case .emptyConversation, .finalMessageHasNoField, .noTextToContinue, .finalMessageNotText, .finalMessageNotRendered:
            return "\(messagesPath): \(error.description)"
        case .reservedContextKey:
            return "\(context ?? "context"): \(error.description)"
        case .noChatTemplate:
            return "\(folder): the folder has no chat template (chat_template.jinja, or chat_template in tokenizer_config.json); give one with --template FILE.jinja"
        case .noDefaultTemplate, .unknownTemplateName, .conflictingTemplates, .templateLacksField, .continueWithGenerationPrompt:
            return "\(folder): \(error.description)"
        }
    }
}

/// Where `tok chat` gets its template and variables from.
enum ChatInputs {
    static func readFile(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw TokenizerError.unreadableFile(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    static func templateSource(path: String) throws -> String {
        let data = try readFile(path)
        guard let text = String(data: data, encoding: .utf8) else { throw TokenizerError.invalidUTF8(source: path, line: 1) }
        return text
    }

    /// The file's JSON value; a syntax error names the file.
    static func json(path: String) throws -> TemplateValue {
        do {
            return try TemplateValue(json: [UInt8](try readFile(path)))
        } catch TokenizerError.malformedJSON(_, let line, let column, let message) {
            throw CommandFailure("\(path):\(line):\(column): \(message)")
        }
    }

    /// The variables of a JSON object file, in the file's key order.
    static func variables(path: String) throws -> [String: TemplateValue] {
        guard case .dictionary(let entries) = try json(path: path) else {
            throw CommandFailure("\(path): the context must be a JSON object of variables")
        }
        var variables: [String: TemplateValue] = [:]
        for entry in entries { variables[entry.key] = entry.value }
        return variables
    }

    /// The elements of a JSON array file (`what`: "messages", "tools", "documents").
    static func array(path: String, of what: String) throws -> [TemplateValue] {
        guard case .array(let elements) = try json(path: path) else {
            throw CommandFailure("\(path): expected a JSON array of \(what)")
        }
        return elements
    }

    /// Where line `line` of a folder's template `name` is, as the folder loader finds the template:
    /// `FILE.jinja:LINE`, or `tokenizer_config.json: chat_template "NAME", line LINE`.
    static func templateLocation(folder: String, name: String, line: Int) -> String {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        let candidates = name == "default"
            ? ["chat_template.jinja"]
            : ["additional_chat_templates/\(name).jinja"]
        for candidate in candidates where FileManager.default.fileExists(atPath: url.appendingPathComponent(candidate).path) {
            return "\(url.appendingPathComponent(candidate).path):\(line)"
        }
        for file in ["tokenizer_config.json", "chat_template.json"]
        where FileManager.default.fileExists(atPath: url.appendingPathComponent(file).path) {
            return "\(url.appendingPathComponent(file).path): chat_template \"\(name)\", line \(line)"
        }
        return "\(folder): chat template \"\(name)\", line \(line)"
    }
}

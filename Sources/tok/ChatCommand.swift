import ArgumentParser
import Foundation
import TokenizerKit

/// `tok chat`: render a chat template as transformers' `apply_chat_template` does (text only).
struct Chat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Render a Jinja chat template with the variables of a JSON file.",
        discussion: """
            --template FILE.jinja --context FILE.json renders the template with exactly the variables of the \
            JSON object in the context file (messages, tools, add_generation_prompt, bos_token, … as \
            transformers passes them) and writes the text to standard output as it is, with no newline added. \
            A template error (a syntax error, raise_exception, an undefined value used) is reported on stderr \
            with the template's line, and the exit status is non-zero.
            """)

    @Option(help: "The chat template (a .jinja file).")
    var template: String

    @Option(help: "A JSON object whose keys are the template's variables.")
    var context: String

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    func run() throws {
        do {
            let source = try ChatInputs.templateSource(path: template)
            let variables = try ChatInputs.variables(path: context)
            let text: String
            do {
                text = try ChatTemplate(source).render(variables)
            } catch let error as TemplateError {
                throw CommandFailure("\(template):\(error.line): \(error.message)")
            }
            let sink = try OutputSink(path: output)
            var committed = false
            defer { if !committed { sink.abandon() } }
            try sink.write(Array(text.utf8))
            try sink.commit()
            committed = true
        } catch {
            FileHandle.standardError.write(Data("tok chat: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Where `tok chat` gets its template and variables from. A tokenizer folder (`-t FOLDER`, its
/// tokenizer_config.json's chat_template and special tokens) is another source to add here.
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

    /// The variables of a JSON object file, in the file's key order.
    static func variables(path: String) throws -> [String: TemplateValue] {
        let value: TemplateValue
        do {
            value = try TemplateValue(json: [UInt8](try readFile(path)))
        } catch let error as TokenizerError {
            throw CommandFailure("\(path): \(error.description)")
        }
        guard case .dictionary(let entries) = value else {
            throw CommandFailure("\(path): the context must be a JSON object of variables")
        }
        var variables: [String: TemplateValue] = [:]
        for entry in entries { variables[entry.key] = entry.value }
        return variables
    }
}

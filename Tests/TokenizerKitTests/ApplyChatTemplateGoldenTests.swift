import Foundation
import Testing
@testable import TokenizerKit

/// `ModelFolder.applyChatTemplate` / `encodeChat` against transformers 5.25.0's `tokenizer.apply_chat_template`
/// (`Fixtures/apply_chat_template.json`, written by `scripts/apply_chat_template_goldens.py`): the shared
/// folders with a chat template of their own, and the 18 templates of shared/chat_templates each passed
/// through a folder of its family; text and ids identical, and an error wherever transformers raised.
/// A missing fixture or folder fails the test.
@Suite struct ApplyChatTemplateGoldenTests {
    /// The sources the fixture covers (its `sources`, checked by `coversEverySource`).
    static let sources = [
        "folder:gemma-style-cropped-torchtune", "folder:phi-3-mini", "folder:llama (no template)",
        "chatqa (no bos_token)",
        "alpaca", "amberchat", "chatml", "chatqa", "falcon-instruct", "gemma-it", "granite-3.0-instruct",
        "llama-2-chat", "llama-3-instruct", "mistral-instruct", "openchat-3.5", "phi-3", "phi-3-small",
        "qwen2.5-instruct", "saiga", "solar-instruct", "vicuna", "zephyr",
        "synthetic:jinja-files", "synthetic:config-list-no-default",
    ]

    @Test(arguments: sources)
    func matchesTransformers(_ sourceName: String) throws {
        let fixture = try ApplyChatTemplateFixture.shared()
        let source = try #require(fixture.sources.first { $0.name == sourceName }, "\(sourceName) is not in the fixture")
        let path = ModelFolderTests.vocabulary.appendingPathComponent(source.folder).path
        let folder = source.files.isEmpty ? try ModelFolder(path: path) : try Self.synthetic(source, tokenizerFolder: path)
        let template = try source.template.map { try ChatTemplate(try #require(fixture.templates[$0])) }
        let cases = fixture.cases.filter { $0.source == sourceName }
        try #require(!cases.isEmpty, "no cases for \(sourceName)")
        for entry in cases {
            let label = "\(sourceName) / \(entry.label)"
            let messages = try #require(fixture.conversations[entry.conversation], "\(label): unknown conversation")
            func apply() throws -> (String, [UInt32]) {
                let arguments = (messages: messages, tools: entry.tools ? fixture.tools : nil,
                                 documents: entry.documents ? fixture.documents : nil)
                let text = try folder.applyChatTemplate(
                    messages: arguments.messages, tools: arguments.tools, documents: arguments.documents,
                    addGenerationPrompt: entry.addGenerationPrompt, continueFinalMessage: entry.continueFinalMessage,
                    templateName: entry.templateName, template: template, context: source.context)
                let ids = try folder.encodeChat(
                    messages: arguments.messages, tools: arguments.tools, documents: arguments.documents,
                    addGenerationPrompt: entry.addGenerationPrompt, continueFinalMessage: entry.continueFinalMessage,
                    templateName: entry.templateName, template: template, context: source.context)
                return (text, ids)
            }
            switch (Result(catching: apply), entry.expected) {
            case let (.success((text, ids)), .rendered(wantText, wantIDs)):
                if !text.unicodeScalars.elementsEqual(wantText.unicodeScalars) {
                    Issue.record("\(label): text differs\n got: \(text.debugDescription)\nwant: \(wantText.debugDescription)")
                }
                if ids != wantIDs { Issue.record("\(label): ids differ\n got: \(ids)\nwant: \(wantIDs)") }
            case let (.failure(error), .rendered(wantText, _)):
                Issue.record("\(label): threw \(error), expected \(wantText.debugDescription)")
            case let (.success((text, _)), .failed(type, message)):
                Issue.record("\(label): rendered \(text.debugDescription), but transformers raised \(type): \(message)")
            case let (.failure(error), .failed(type, message)):
                Self.compare(error, withReference: type, message, label: label)
            }
        }
    }

    /// A folder of `tokenizerFolder`'s tokenizer.json and the source's files, loaded (and then removed).
    static func synthetic(_ source: ApplyChatTemplateFixture.Source, tokenizerFolder: String) throws -> ModelFolder {
        try withTemporaryDirectory { (directory: URL) throws -> ModelFolder in
            try FileManager.default.copyItem(at: URL(fileURLWithPath: tokenizerFolder).appendingPathComponent("tokenizer.json"),
                                             to: directory.appendingPathComponent("tokenizer.json"))
            for (name, text) in source.files {
                let url = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            return try ModelFolder(url: directory)
        }
    }

    /// A thrown error against the reference's: raise_exception's message exactly; transformers' own
    /// errors (ValueError, TypeError outside the template) by their opening words.
    static func compare(_ error: Error, withReference type: String, _ message: String, label: String) {
        guard let error = error as? ChatTemplateError else {
            Issue.record("\(label): threw \(error), which is no ChatTemplateError (reference \(type): \(message))")
            return
        }
        if case .template(let templateError, _) = error {
            if templateError.kind == .raised && templateError.message != message {
                Issue.record("\(label): raised \(templateError.message.debugDescription), reference \(message.debugDescription)")
            }
            return
        }
        let opening = String(message.prefix(25))
        if !error.description.hasPrefix(opening) {
            Issue.record("\(label): threw \(error.description.debugDescription), reference \(type): \(message.debugDescription)")
        }
    }

    @Test func coversEverySource() throws {
        let fixture = try ApplyChatTemplateFixture.shared()
        #expect(fixture.reference == "transformers 5.25.0, tokenizers 0.23.3")
        #expect(fixture.sources.map(\.name).sorted() == Self.sources.sorted())
        #expect(fixture.templates.count == 18)
        #expect(fixture.cases.count >= 300)
    }
}

/// `Fixtures/apply_chat_template.json`, read as `TemplateValue`s (messages keep their key order).
struct ApplyChatTemplateFixture {
    struct Source {
        var name: String
        var folder: String
        var template: String?
        var context: [String: TemplateValue]
        /// Files written beside the folder's tokenizer.json in a new folder (synthetic sources).
        var files: [String: String]
    }

    enum Outcome {
        case rendered(text: String, ids: [UInt32])
        case failed(type: String, message: String)
    }

    struct Case {
        var source: String
        var conversation: String
        var tools: Bool
        var documents: Bool
        var addGenerationPrompt: Bool
        var continueFinalMessage: Bool
        /// The folder template's name passed as `chat_template=`.
        var templateName: String?
        var expected: Outcome

        var label: String {
            conversation + (tools ? " +tools" : "") + (documents ? " +documents" : "")
                + (addGenerationPrompt ? " +generation" : "") + (continueFinalMessage ? " +continue" : "")
                + (templateName.map { " template \($0)" } ?? "")
        }
    }

    var reference: String
    var conversations: [String: [TemplateValue]]
    var tools: [TemplateValue]
    var documents: [TemplateValue]
    var templates: [String: String]
    var sources: [Source]
    var cases: [Case]

    nonisolated(unsafe) private static var loaded: ApplyChatTemplateFixture?
    private static let lock = NSLock()

    static func shared() throws -> ApplyChatTemplateFixture {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let fixture = try load()
        loaded = fixture
        return fixture
    }

    static func load() throws -> ApplyChatTemplateFixture {
        let root = try TemplateValue(json: [UInt8](try GoldenFixtures.data(of: "apply_chat_template.json")))
        func string(_ value: TemplateValue?, _ what: String) throws -> String {
            guard case .string(let s)? = value else { throw FixtureError("apply_chat_template.json: \(what) is not a string") }
            return s
        }
        func array(_ value: TemplateValue?, _ what: String) throws -> [TemplateValue] {
            guard case .array(let items)? = value else { throw FixtureError("apply_chat_template.json: \(what) is not an array") }
            return items
        }
        func entries(_ value: TemplateValue?, _ what: String) throws -> [(key: String, value: TemplateValue)] {
            guard case .dictionary(let entries)? = value else { throw FixtureError("apply_chat_template.json: \(what) is not an object") }
            return entries
        }
        var conversations: [String: [TemplateValue]] = [:]
        for (name, messages) in try entries(root["conversations"], "conversations") {
            conversations[name] = try array(messages, "conversation \(name)")
        }
        var templates: [String: String] = [:]
        for (name, source) in try entries(root["templates"], "templates") { templates[name] = try string(source, name) }
        let sources = try array(root["sources"], "sources").map { value in
            var context: [String: TemplateValue] = [:]
            for (key, item) in try entries(value["context"], "context") { context[key] = item }
            let template: String? = value["template"] == TemplateValue.none ? nil : try string(value["template"], "template")
            var files: [String: String] = [:]
            if let given = value["files"] {
                for (name, text) in try entries(given, "files") { files[name] = try string(text, name) }
            }
            return Source(name: try string(value["name"], "name"), folder: try string(value["folder"], "folder"),
                          template: template, context: context, files: files)
        }
        let cases = try array(root["cases"], "cases").map { value in
            let expected: Outcome
            if let error = value["error"] {
                expected = .failed(type: try string(value["error_type"], "error_type"), message: try string(error, "error"))
            } else {
                let ids = try array(value["ids"], "ids").map { item -> UInt32 in
                    guard case .int(let id) = item else { throw FixtureError("apply_chat_template.json: an id is not an integer") }
                    return UInt32(id)
                }
                expected = .rendered(text: try string(value["text"], "text"), ids: ids)
            }
            return Case(source: try string(value["source"], "source"), conversation: try string(value["conversation"], "conversation"),
                        tools: value["tools"] == true, documents: value["documents"] == true,
                        addGenerationPrompt: value["add_generation_prompt"] == true,
                        continueFinalMessage: value["continue_final_message"] == true,
                        templateName: value["template_name"].flatMap { if case .string(let s) = $0 { s } else { nil } },
                        expected: expected)
        }
        return ApplyChatTemplateFixture(
            reference: try string(root["reference"], "reference"), conversations: conversations,
            tools: try array(root["tools"], "tools"), documents: try array(root["documents"], "documents"),
            templates: templates, sources: sources, cases: cases)
    }
}

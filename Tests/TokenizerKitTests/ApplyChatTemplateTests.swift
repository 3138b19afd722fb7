import Foundation
import Testing
@testable import TokenizerKit

/// `ModelFolder.applyChatTemplate`: which template it picks, the variables it passes, its errors, the
/// value helpers, and `tok chat -t FOLDER` (what it renders is compared with transformers in
/// `ApplyChatTemplateGoldenTests`).
@Suite struct ApplyChatTemplateTests {
    static let hello: [TemplateValue] = [.message(role: "user", content: "Hello!")]

    /// A folder with qwen2-style-tiny-torchtune's tokenizer.json and the given files.
    func withFolder<T>(_ files: [String: String], _ body: (ModelFolder, URL) throws -> T) throws -> T {
        try withTemporaryDirectory { (directory: URL) throws in
            let tokenizer = ModelFolderTests.vocabulary.appendingPathComponent("qwen2-style-tiny-torchtune/tokenizer.json")
            try FileManager.default.copyItem(at: tokenizer, to: directory.appendingPathComponent("tokenizer.json"))
            for (name, text) in files {
                let url = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: url)
            }
            return try body(try ModelFolder(url: directory), directory)
        }
    }

    @Test func picksTheTemplateAsTransformersDoes() throws {
        let files = [
            "chat_template.jinja": "default:{{ messages[0].content }}",
            "additional_chat_templates/tool_use.jinja": "tools:{{ tools | length }}",
            "additional_chat_templates/rag.jinja": "rag:{{ documents[0].title }}",
        ]
        try withFolder(files) { (folder: ModelFolder, _: URL) throws in
            #expect(try folder.applyChatTemplate(messages: Self.hello) == "default:Hello!")
            #expect(try folder.applyChatTemplate(messages: Self.hello, tools: []) == "tools:0")
            #expect(try folder.applyChatTemplate(messages: Self.hello, documents: [TemplateValue(["title": "T", "text": "x"])],
                                                 templateName: "rag") == "rag:T")
            #expect(try folder.applyChatTemplate(messages: Self.hello, template: ChatTemplate("given")) == "given")
            #expect(try folder.chatTemplateName(withTools: true) == "tool_use")
            #expect(throws: ChatTemplateError.unknownTemplateName("nope", available: ["default", "rag", "tool_use"])) {
                try folder.applyChatTemplate(messages: Self.hello, templateName: "nope")
            }
            #expect(throws: ChatTemplateError.conflictingTemplates) {
                try folder.applyChatTemplate(messages: Self.hello, templateName: "rag", template: ChatTemplate("x"))
            }
        }
        try withFolder(["tokenizer_config.json": #"{"chat_template": [{"name": "tool_use", "template": "t"}]}"#]) { (folder: ModelFolder, _: URL) throws in
            #expect(throws: ChatTemplateError.noDefaultTemplate(available: ["tool_use"])) {
                try folder.applyChatTemplate(messages: Self.hello)
            }
            #expect(try folder.applyChatTemplate(messages: Self.hello, tools: []) == "t")
        }
        try withFolder([:]) { (folder: ModelFolder, _: URL) throws in
            #expect(throws: ChatTemplateError.noChatTemplate) { try folder.applyChatTemplate(messages: Self.hello) }
        }
    }

    @Test func passesSpecialTokensContextAndDropsNullEntries() throws {
        let config = #"{"bos_token": "<s>", "eos_token": "<|im_end|>", "chat_template": "{{ bos_token }}|{{ eos_token }}|{{ pad_token is defined }}|{{ messages[0] | tojson }}|{{ tools }}|{{ add_generation_prompt }}|{{ extra }}"}"#
        try withFolder(["tokenizer_config.json": config]) { (folder: ModelFolder, _: URL) throws in
            let messages = try [TemplateValue](json: #"[{"role": "user", "content": "Hi", "name": null}]"#)
            let text = try folder.applyChatTemplate(messages: messages, addGenerationPrompt: true,
                                                    context: ["extra": 1, "eos_token": "E"])
            #expect(text == #"<s>|E|False|{"role": "user", "content": "Hi"}|None|True|1"#)
            #expect(throws: ChatTemplateError.reservedContextKey("messages")) {
                try folder.applyChatTemplate(messages: messages, context: ["messages": []])
            }
            let ids = try folder.encodeChat(messages: messages)
            #expect(ids == (try folder.tokenizer.encode(try folder.applyChatTemplate(messages: messages), addingSpecialTokens: false).ids))
        }
    }

    @Test func continuesTheFinalMessage() throws {
        try withFolder(["chat_template.jinja": "{% for m in messages %}<{{ m.role }}>{{ m.content | trim }}</s>\n{% endfor %}"]) { (folder: ModelFolder, _: URL) throws in
            let messages: [TemplateValue] = [.message(role: "user", content: "Hi"), .message(role: "assistant", content: "The answer is  ")]
            #expect(try folder.applyChatTemplate(messages: messages, continueFinalMessage: true) == "<user>Hi</s>\n<assistant>The answer is")
            #expect(throws: ChatTemplateError.continueWithGenerationPrompt) {
                try folder.applyChatTemplate(messages: messages, addGenerationPrompt: true, continueFinalMessage: true)
            }
            #expect(throws: ChatTemplateError.finalMessageHasNoField("content")) {
                try folder.applyChatTemplate(messages: [["role": "user"]], continueFinalMessage: true)
            }
            #expect(throws: ChatTemplateError.templateLacksField("content")) {
                try folder.applyChatTemplate(messages: messages, continueFinalMessage: true, template: ChatTemplate("x"))
            }
            #expect(throws: ChatTemplateError.emptyConversation) { try folder.applyChatTemplate(messages: []) }
            #expect(throws: ChatTemplateError.messageNotADictionary(index: 1)) {
                try folder.applyChatTemplate(messages: [Self.hello[0], "text"])
            }
        }
    }

    @Test func templateErrorsCarryTheLine() throws {
        try withFolder(["chat_template.jinja": "ok\n{{ raise_exception('Roles must alternate') }}"]) { (folder: ModelFolder, _: URL) throws in
            do {
                _ = try folder.applyChatTemplate(messages: Self.hello)
                Issue.record("no error")
            } catch ChatTemplateError.template(let error, let name) {
                #expect(name == "default")
                #expect(error.kind == .raised)
                #expect(error.line == 2)
                #expect(error.message == "Roles must alternate")
            }
        }
        try withFolder(["chat_template.jinja": "{% if %}"]) { (folder: ModelFolder, _: URL) throws in
            #expect(throws: ChatTemplateError.self) { try folder.applyChatTemplate(messages: Self.hello) }
        }
    }

    @Test func valueHelpers() throws {
        #expect(TemplateValue.message(role: "user", content: "Hi") == ["role": "user", "content": "Hi"])
        #expect(TemplateValue(["text": "t", "title": "T"]) == ["text": "t", "title": "T"])
        #expect(try [TemplateValue](json: #"[{"b": 1, "a": 2}]"#) == [["b": 1, "a": 2]])
        #expect(throws: TemplateValueError.notAnArray) { try [TemplateValue](json: "{}") }
    }

    // MARK: tok chat -t FOLDER

    @Test func tokChatMatchesTheGoldenTextAndIDs() throws {
        let fixture = try ApplyChatTemplateFixture.shared()
        let entry = try #require(fixture.cases.first {
            $0.source == "folder:phi-3-mini" && $0.conversation == "system-user" && $0.addGenerationPrompt && !$0.documents
        })
        guard case let .rendered(text, ids) = entry.expected else { Issue.record("the case failed in the reference"); return }
        let folder = ModelFolderTests.vocabulary.appendingPathComponent("phi-3-mini").path
        try withTemporaryDirectory { (directory: URL) throws in
            let messagesPath = directory.appendingPathComponent("m.json").path
            let messages = TemplateValue.array(try #require(fixture.conversations["system-user"]))
            try Data(try ChatTemplate("{{ m | tojson }}").render(["m": messages]).utf8).write(to: URL(fileURLWithPath: messagesPath))
            let rendered = try Tok.run(["chat", "-t", folder, "--messages", messagesPath, "--add-generation-prompt"])
            try #require(rendered.status == 0, "\(rendered.stderrText)")
            #expect(rendered.stdoutText == text)
            let encoded = try Tok.run(["chat", "-t", folder, "--messages", messagesPath, "--add-generation-prompt", "--ids"])
            #expect(encoded.stdoutText == ids.map(String.init).joined(separator: " ") + "\n")
        }
    }

    @Test func tokChatContinuesWithAGivenTemplate() throws {
        let fixture = try ApplyChatTemplateFixture.shared()
        let entry = try #require(fixture.cases.first { $0.source == "zephyr" && $0.conversation == "continue" && !$0.addGenerationPrompt })
        guard case let .rendered(text, _) = entry.expected else { Issue.record("the case failed in the reference"); return }
        let folder = ModelFolderTests.vocabulary.appendingPathComponent("llama").path
        try withTemporaryDirectory { (directory: URL) throws in
            let messagesPath = directory.appendingPathComponent("m.json").path
            let templatePath = directory.appendingPathComponent("t.jinja").path
            let messages = TemplateValue.array(try #require(fixture.conversations["continue"]))
            try Data(try ChatTemplate("{{ m | tojson }}").render(["m": messages]).utf8).write(to: URL(fileURLWithPath: messagesPath))
            try Data(try #require(fixture.templates["zephyr"]).utf8).write(to: URL(fileURLWithPath: templatePath))
            let result = try Tok.run(["chat", "-t", folder, "--messages", messagesPath, "--template", templatePath, "--continue-final-message"])
            try #require(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText == text)
        }
    }

    @Test func tokChatNamesTheFileAtFault() throws {
        try withFolder(["chat_template.jinja": "ok\n{{ raise_exception('Roles must alternate') }}"]) { (_: ModelFolder, folder: URL) throws in
            let messagesPath = folder.appendingPathComponent("m.json").path
            try Data(#"[{"role": "user", "content": "Hi"}]"#.utf8).write(to: URL(fileURLWithPath: messagesPath))
            let failed = try Tok.run(["chat", "-t", folder.path, "--messages", messagesPath])
            #expect(failed.status != 0)
            #expect(failed.stderrText == "tok chat: \(folder.appendingPathComponent("chat_template.jinja").path):2: Roles must alternate\n")

            try Data(#"[{"role": "user""#.utf8).write(to: URL(fileURLWithPath: messagesPath))
            let malformed = try Tok.run(["chat", "-t", folder.path, "--messages", messagesPath])
            #expect(malformed.status != 0)
            #expect(malformed.stderrText.hasPrefix("tok chat: \(messagesPath):1:"))

            try Data("[]".utf8).write(to: URL(fileURLWithPath: messagesPath))
            let empty = try Tok.run(["chat", "-t", folder.path, "--messages", messagesPath])
            #expect(empty.stderrText.hasPrefix("tok chat: \(messagesPath): Cannot apply chat template to an empty conversation"))

            let noFolder = try Tok.run(["chat", "--messages", messagesPath])
            #expect(noFolder.status != 0)
            #expect(noFolder.stderrText.contains("--messages needs a model folder"))
        }
    }
}

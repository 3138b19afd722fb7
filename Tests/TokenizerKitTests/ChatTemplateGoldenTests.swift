import Foundation
import Testing
@testable import TokenizerKit

/// Parity with transformers' chat-template rendering (Python jinja2 in transformers' sandboxed
/// environment) on golden outputs it produced: `scripts/chat_template_goldens.py` wrote
/// `Fixtures/chat_templates.json` with every template, the exact variables each case was rendered with,
/// and the text or the error the reference gave.
@Suite struct ChatTemplateGoldenTests {
    /// The templates the fixture covers: the 18 of /work/shared/chat_templates and the
    /// `chat_template` of every vocab folder that has one.
    static let templates = [
        "alpaca", "amberchat", "chatml", "chatqa", "falcon-instruct", "gemma-it", "granite-3.0-instruct",
        "llama-2-chat", "llama-3-instruct", "mistral-instruct", "openchat-3.5", "phi-3-small", "phi-3",
        "qwen2.5-instruct", "saiga", "solar-instruct", "vicuna", "zephyr",
        "vocab-chatglm", "vocab-gemma-style-cropped-torchtune", "vocab-phi-3-mini",
    ]

    @Test(arguments: templates)
    func rendersEveryConversationLikeTransformers(_ name: String) throws {
        let fixture = try ChatTemplateFixture.shared()
        let source = try #require(fixture.templates[name], "\(name) is not in the fixture")
        let template = try ChatTemplate(source)
        let cases = fixture.cases.filter { $0.template == name }
        try #require(!cases.isEmpty, "no cases for \(name)")
        for entry in cases {
            entry.check(try? template, label: "\(name) / \(entry.name)")
        }
    }

    @Test func snippetsRenderLikeJinja2() throws {
        let fixture = try ChatTemplateFixture.shared()
        try #require(fixture.snippets.count >= 100, "the fixture has \(fixture.snippets.count) snippets")
        for entry in fixture.snippets {
            let template = Result { try ChatTemplate(entry.source) }
            entry.check(template, label: "snippet \(entry.source.debugDescription)")
        }
    }

    /// The list above is exactly what the script wrote, and the fixture comes from the pinned reference.
    @Test func coversEveryTemplate() throws {
        let fixture = try ChatTemplateFixture.shared()
        #expect(fixture.templates.keys.sorted() == Self.templates.sorted())
        #expect(fixture.reference == "transformers 5.25.0, jinja2 3.1.6")
        #expect(fixture.cases.count >= Self.templates.count * 14)
    }
}

/// `Fixtures/chat_templates.json`, read with the engine's own JSON reader (it keeps key order, which
/// `tojson` output depends on).
struct ChatTemplateFixture {
    struct Case {
        var template: String
        var name: String
        var source: String
        var context: [String: TemplateValue]
        var expected: String?
        var error: String?
        var errorType: String?
        var line: Int?

        /// Renders and records an issue for any difference from the reference.
        func check(_ parsed: Result<ChatTemplate, Error>, label: String, sourceLocation: SourceLocation = #_sourceLocation) {
            let outcome = parsed.flatMap { template in Result { try template.render(context) } }
            switch (outcome, expected) {
            case (.success(let got), let want?):
                if !got.unicodeScalars.elementsEqual(want.unicodeScalars) {
                    Issue.record("\(label): rendered text differs\n got: \(got.debugDescription)\nwant: \(want.debugDescription)",
                                 sourceLocation: sourceLocation)
                }
            case (.failure(let error), let want?):
                Issue.record("\(label): threw \(error), expected \(want.debugDescription)", sourceLocation: sourceLocation)
            case (.success(let got), nil):
                Issue.record("\(label): rendered \(got.debugDescription), but the reference raised \(errorType ?? ""): \(error ?? "")",
                             sourceLocation: sourceLocation)
            case (.failure(let failure), nil):
                guard let failure = failure as? TemplateError else {
                    Issue.record("\(label): threw \(failure), which is no TemplateError", sourceLocation: sourceLocation)
                    return
                }
                // Messages are jinja2's (and raise_exception's text as it is), except a few listed ones.
                if failure.message != error && !ChatTemplateFixture.knownMessageDifferences.contains(source) {
                    Issue.record("\(label): message \(failure.message.debugDescription), reference \(error ?? "")", sourceLocation: sourceLocation)
                }
                if let line, failure.line != line {
                    Issue.record("\(label): error on line \(failure.line), reference line \(line) (\(failure.message))",
                                 sourceLocation: sourceLocation)
                }
            }
        }

        func check(_ template: ChatTemplate?, label: String, sourceLocation: SourceLocation = #_sourceLocation) {
            guard let template else {
                Issue.record("\(label): the template did not parse", sourceLocation: sourceLocation)
                return
            }
            check(.success(template), label: label, sourceLocation: sourceLocation)
        }
    }

    /// Errors the engine words differently (it still throws, on the same line where jinja2 gives one):
    /// Python's own recursion and compile errors, and three syntax errors that jinja2 words from deeper
    /// in its parser.
    static let knownMessageDifferences: Set<String> = [
        "{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}",
        "{% break %}",
        "{% for %}{% endfor %}",
        "{% set 1 = 2 %}",
        "{{ 1 if }}\n",
    ]

    var reference: String
    var templates: [String: String]
    var cases: [Case]
    var snippets: [Case]

    nonisolated(unsafe) private static var loaded: ChatTemplateFixture?

    static func shared() throws -> ChatTemplateFixture {
        if let loaded { return loaded }
        let fixture = try load()
        loaded = fixture
        return fixture
    }

    static func load() throws -> ChatTemplateFixture {
        let data = try GoldenFixtures.data(of: "chat_templates.json")
        let root = try TemplateValue(json: [UInt8](data))
        guard case .string(let reference)? = root["reference"], case .dictionary(let templateEntries)? = root["templates"],
              case .array(let caseValues)? = root["cases"], case .array(let snippetValues)? = root["snippets"],
              case .dictionary(let snippetContext)? = root["snippet_context"]
        else { throw FixtureError("chat_templates.json: missing reference, templates, cases or snippets") }
        var templates: [String: String] = [:]
        for entry in templateEntries {
            guard case .string(let s) = entry.value else { throw FixtureError("template \(entry.key) is not a string") }
            templates[entry.key] = s
        }
        func variables(_ entries: [(key: String, value: TemplateValue)]) -> [String: TemplateValue] {
            Dictionary(entries.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 })
        }
        func makeCase(_ value: TemplateValue, context: [String: TemplateValue]?) throws -> Case {
            func string(_ key: String) -> String? { if case .string(let s)? = value[key] { s } else { nil } }
            var c = Case(template: string("template") ?? "", name: string("name") ?? "", source: "", context: context ?? [:],
                         expected: string("expected"), error: string("error"), errorType: string("error_type"), line: nil)
            if case .int(let line)? = value["line"] { c.line = line }
            if context == nil {
                guard case .dictionary(let entries)? = value["context"] else { throw FixtureError("a case without context") }
                c.context = variables(entries)
                c.source = templates[c.template] ?? ""
            } else {
                c.source = c.template
            }
            guard c.expected != nil || c.error != nil else { throw FixtureError("a case with neither expected nor error") }
            return c
        }
        return ChatTemplateFixture(
            reference: reference, templates: templates,
            cases: try caseValues.map { try makeCase($0, context: nil) },
            snippets: try snippetValues.map { try makeCase($0, context: variables(snippetContext)) })
    }
}

import Foundation
import Testing
@testable import TokenizerKit

/// The public API of the chat-template engine; what it renders is checked against jinja2 in
/// `ChatTemplateGoldenTests` (expected values there come from Python, not from this engine).
@Suite struct ChatTemplateTests {
    @Test func rendersWithTemplateValues() throws {
        let template = try ChatTemplate("{% for m in messages %}<|{{ m.role }}|>{{ m['content'] }}{% endfor %}")
        let text = try template.render(["messages": [["role": "user", "content": "Hi"], ["role": "assistant", "content": "Yo"]]])
        #expect(text == "<|user|>Hi<|assistant|>Yo")
    }

    /// JSON objects keep their key order (tojson output depends on it), repeated keys keep the first
    /// position and the last value as json.loads does; integers stay integers, 1.0 stays a float.
    @Test func convertsJSONAsPythonsJSONModuleDoes() throws {
        let value = try TemplateValue(json: #"{"z": 1, "a": [1.0, 2, -3, 1e2, "é\u00e9", null, true], "z": 5}"#)
        let list: TemplateValue = [.double(1), .int(2), .int(-3), .double(100), .string("éé"), .none, .bool(true)]
        let want: TemplateValue = .dictionary([(key: "z", value: .int(5)), (key: "a", value: list)])
        #expect(value == want)
        let rendered = try ChatTemplate("{{ v | tojson }}|{{ v.a }}").render(["v": value])
        // Python: json.dumps(json.loads(...), ensure_ascii=False) and str(list).
        #expect(rendered == #"{"z": 5, "a": [1.0, 2, -3, 100.0, "éé", null, true]}|[1.0, 2, -3, 100.0, 'éé', None, True]"#)
        #expect(throws: TokenizerError.self) { _ = try TemplateValue(json: "{\"a\": }") }
    }

    /// Loosely typed Swift values (what swift-transformers' `Message` dictionaries hold) convert with their
    /// Swift types kept and dictionary keys sorted; values with no template equivalent give nil.
    @Test func convertsLooselyTypedSwiftValues() throws {
        let tool: [String: any Sendable] = ["type": "function", "function": ["name": "f", "strict": true,
                                            "arguments": [1, 2.5, "x"] as [any Sendable]] as [String: any Sendable]]
        let value = try #require(TemplateValue(any: tool))
        let function: TemplateValue = .dictionary([(key: "arguments", value: [.int(1), .double(2.5), .string("x")]),
                                                   (key: "name", value: "f"), (key: "strict", value: true)])
        #expect(value == .dictionary([(key: "function", value: function), (key: "type", value: "function")]))
        #expect(TemplateValue(any: nil) == TemplateValue.none)
        #expect(TemplateValue(any: NSNull()) == TemplateValue.none)
        #expect(TemplateValue(any: UInt8(7)) == .int(7))
        #expect(TemplateValue(any: Date()) == nil)
        #expect(TemplateValue(any: ["a": Date()] as [String: Any]) == nil)
    }

    @Test func syntaxErrorsNameTheLine() throws {
        let error = #expect(throws: TemplateError.self) { _ = try ChatTemplate("line one\n{{ ok }}\n{% if %}") }
        #expect(error?.kind == .syntax)
        #expect(error?.line == 3)
        // jinja2: "Expected an expression, got 'end of statement block'"
        #expect(error?.message == "Expected an expression, got 'end of statement block'")
        #expect(error?.errorDescription == "line 3: Expected an expression, got 'end of statement block'")
    }

    @Test func raiseExceptionThrowsTheTemplatesMessage() throws {
        let template = try ChatTemplate("a\n{% if messages[0].role == 'system' %}\n{{ raise_exception('System role not supported') }}\n{% endif %}")
        let error = #expect(throws: TemplateError.self) { _ = try template.render(["messages": [["role": "system", "content": ""]]]) }
        #expect(error?.kind == .raised)
        #expect(error?.line == 3)
        #expect(error?.message == "System role not supported")
        #expect(try template.render(["messages": [["role": "user", "content": ""]]]) == "a\n")
    }

    /// Runaway templates end with an error instead of hanging or crashing.
    @Test func stopsRunawayTemplates() throws {
        let recursion = try ChatTemplate("{% macro r(n) %}{{ r(n + 1) }}{% endmacro %}{{ r(0) }}")
        #expect(throws: TemplateError.self) { _ = try recursion.render([:]) }
        let loops = try ChatTemplate("{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
        let error = #expect(throws: TemplateError.self) { _ = try loops.render([:]) }
        #expect(error?.kind == .limit)
        let nesting = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(throws: TemplateError.self) { _ = try ChatTemplate("{{ \(nesting) }}") }
    }

    @Test func templatesAreSharedAcrossThreads() async throws {
        let template = try ChatTemplate("{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}{{ ns.n }}")
        let results = await withTaskGroup(of: String.self) { group in
            for i in 0..<8 {
                group.addTask { (try? template.render(["xs": .array((0...i).map { .int($0) })])) ?? "error" }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        let sums: [String] = (0..<8).map { (i: Int) -> String in String(i * (i + 1) / 2) }
        #expect(results.sorted() == sums.sorted())
    }

    // MARK: tok chat

    @Test func tokChatRendersTheGoldenCase() throws {
        let fixture = try ChatTemplateFixture.shared()
        let entry = try #require(fixture.cases.first { $0.template == "qwen2.5-instruct" && $0.name == "tools-system-call-response +generation" })
        let want = try #require(entry.expected)
        try withTemporaryDirectory { directory in
            let templatePath = directory.appendingPathComponent("t.jinja").path
            let contextPath = directory.appendingPathComponent("c.json").path
            try Data(entry.source.utf8).write(to: URL(fileURLWithPath: templatePath))
            let context = TemplateValue.dictionary(entry.context.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
            let json = try ChatTemplate("{{ c | tojson }}").render(["c": context])
            try Data(json.utf8).write(to: URL(fileURLWithPath: contextPath))
            let result = try Tok.run(["chat", "--template", templatePath, "--context", contextPath])
            try #require(result.status == 0, "\(result.stderrText)")
            #expect(result.stdoutText == want)
        }
    }

    @Test func tokChatReportsTemplateErrorsWithTheLine() throws {
        try withTemporaryDirectory { directory in
            let templatePath = directory.appendingPathComponent("t.jinja").path
            let contextPath = directory.appendingPathComponent("c.json").path
            try Data("ok\n{{ raise_exception('Conversation roles must alternate') }}".utf8).write(to: URL(fileURLWithPath: templatePath))
            try Data("{\"messages\": []}".utf8).write(to: URL(fileURLWithPath: contextPath))
            let result = try Tok.run(["chat", "--template", templatePath, "--context", contextPath])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(result.stderrText == "tok chat: \(templatePath):2: Conversation roles must alternate\n")
        }
    }
}

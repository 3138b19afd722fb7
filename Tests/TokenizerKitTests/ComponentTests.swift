import Foundation
import Testing
@testable import TokenizerKit

/// One reference-checked tokenizer per component type and setting (`Fixtures/make_component_fixtures.py`):
/// each small tokenizer is built around one normalizer, pre-tokenizer, model, post-processor or decoder
/// with the reference's own Python API, and the reference's output on every line of
/// `Fixtures/components/edge_cases.txt` (and, for post-processors, on each pair of neighbouring lines) is
/// compared field by field, decoding included.
@Suite struct ComponentTests {
    @Test(arguments: ComponentFixtures.names)
    func encodesTheEdgeCasesLikeTheReference(_ name: String) throws {
        let tokenizer = try Tokenizer(contentsOfFile: ComponentFixtures.path(of: "\(name).tokenizer.json"))
        let lines = try ComponentFixtures.lines()
        let expected: [ExpectedEncoding] = try GoldenFixtures.decodeJSONLines(of: "components/\(name).expected.jsonl")
        try #require(expected.count == lines.count, "\(name): \(expected.count) expected lines for \(lines.count) inputs")

        var report = GoldenReport(name: name, inputs: lines)
        for (line, (text, want)) in zip(lines, expected).enumerated() {
            let got = try tokenizer.encode(text, addingSpecialTokens: true)
            report.compare(line: line, got: ExpectedEncoding(got), want: want)
            compareDecoding(tokenizer, want: want, line: line, into: &report)
        }
        report.recordIssues()
    }

    @Test(arguments: ComponentFixtures.names.filter { $0.hasPrefix("PostProcessor.") })
    func encodesPairsLikeTheReference(_ name: String) throws {
        let tokenizer = try Tokenizer(contentsOfFile: ComponentFixtures.path(of: "\(name).tokenizer.json"))
        let lines = try ComponentFixtures.lines()
        let pairs = Array(zip(lines, lines.dropFirst()))
        let expected: [ExpectedEncoding] = try GoldenFixtures.decodeJSONLines(of: "components/\(name).expected-pairs.jsonl")
        try #require(expected.count == pairs.count, "\(name): \(expected.count) expected pairs for \(pairs.count) inputs")

        // A pair shows in the report as "FIRST ⇥ SECOND", numbered by its first line.
        var report = GoldenReport(name: "\(name) (pairs)", inputs: pairs.map { "\($0) ⇥ \($1)" })
        for (line, ((first, second), want)) in zip(pairs, expected).enumerated() {
            let got = try tokenizer.encode(first, pair: second, addingSpecialTokens: true)
            report.compare(line: line, got: ExpectedEncoding(got), want: want)
            compareDecoding(tokenizer, want: want, line: line, into: &report)
        }
        report.recordIssues()
    }

    /// Decoding is checked on the reference's ids, so that it does not depend on encoding being right.
    private func compareDecoding(_ tokenizer: Tokenizer, want: ExpectedEncoding, line: Int, into report: inout GoldenReport) {
        let decoded = Result { try tokenizer.decode(want.ids, skippingSpecialTokens: true) }
        report.compare(line: line, field: "decoded", got: decoded.map(ScalarString.init), want: ScalarString(want.decoded))
    }

    /// Every component type has a fixture, and each fixture really holds the type its name gives, at its stage.
    @Test func coversEveryComponentType() throws {
        let names = ComponentFixtures.names
        for (stage, types) in ComponentFixtures.requiredTypes {
            for type in types {
                #expect(names.contains { $0.hasPrefix("\(stage).\(type)-") }, "no fixture for \(stage) \(type)")
            }
        }
        for name in names {
            let (stage, type) = try ComponentFixtures.stageAndType(of: name)
            let key = try #require(ComponentFixtures.jsonKeys[stage], "\(name): unknown stage \(stage)")
            let json = try JSONSerialization.jsonObject(with: GoldenFixtures.data(of: "components/\(name).tokenizer.json"))
            let component = (json as? [String: Any])?[key]
            #expect(ComponentFixtures.types(in: component as Any).contains(type),
                    "\(name): the \(key) of the file has no component of type \(type)")
        }
    }
}

/// The files `make_component_fixtures.py` wrote to `Fixtures/components`.
enum ComponentFixtures {
    /// The fixture names (`Stage.Type-variant`) found in the bundle; empty (and `coversEveryComponentType`
    /// fails) when the directory is missing.
    static let names: [String] = {
        guard let directory = try? GoldenFixtures.path(of: "components"),
              let files = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return [] }
        let suffix = ".tokenizer.json"
        return files.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }.sorted()
    }()

    /// The component types of the reference that need a fixture (UnicodeScripts and Precompiled are tested
    /// elsewhere).
    static let requiredTypes: KeyValuePairs<String, [String]> = [
        "Normalizer": ["NFC", "NFD", "NFKC", "NFKD", "Lowercase", "Strip", "StripAccents", "Replace", "Prepend",
                       "BertNormalizer", "ByteLevel", "Nmt", "Sequence"],
        "PreTokenizer": ["BertPreTokenizer", "Whitespace", "WhitespaceSplit", "Metaspace", "Punctuation", "Digits",
                         "CharDelimiterSplit", "FixedLength", "Split", "ByteLevel", "Sequence"],
        "Model": ["WordLevel", "WordPiece", "BPE", "Unigram"],
        "PostProcessor": ["BertProcessing", "RobertaProcessing", "ByteLevel", "TemplateProcessing", "Sequence"],
        "Decoder": ["BPEDecoder", "ByteLevel", "WordPiece", "Metaspace", "CTC", "Replace", "Fuse", "Strip",
                    "ByteFallback", "Sequence"],
    ]

    /// Where each stage sits in tokenizer.json.
    static let jsonKeys = [
        "Normalizer": "normalizer", "PreTokenizer": "pre_tokenizer", "Model": "model",
        "PostProcessor": "post_processor", "Decoder": "decoder",
    ]

    static func path(of file: String) throws -> String {
        try GoldenFixtures.path(of: "components/\(file)")
    }

    /// The lines of `components/edge_cases.txt`, split on "\n" only.
    static func lines() throws -> [String] {
        GoldenFixtures.lines(of: try GoldenFixtures.data(of: "components/edge_cases.txt"))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// "Decoder.WordPiece-cleanup" → ("Decoder", "WordPiece").
    static func stageAndType(of name: String) throws -> (stage: String, type: String) {
        guard let dot = name.firstIndex(of: "."), let dash = name[dot...].firstIndex(of: "-") else {
            throw FixtureError("\(name) is not named Stage.Type-variant")
        }
        return (String(name[..<dot]), String(name[name.index(after: dot)..<dash]))
    }

    /// Every `type` tag in a JSON value, nested ones (inside a Sequence) included.
    static func types(in value: Any) -> Set<String> {
        switch value {
        case let object as [String: Any]:
            var found = object.values.reduce(into: Set<String>()) { $0.formUnion(types(in: $1)) }
            if let type = object["type"] as? String { found.insert(type) }
            return found
        case let array as [Any]:
            return array.reduce(into: Set<String>()) { $0.formUnion(types(in: $1)) }
        default:
            return []
        }
    }
}

import Foundation
import Testing
@testable import TokenizerKit

/// Parity with the reference library on golden files it produced (`Fixtures/make_fixtures.py`): tiny
/// tokenizers trained by the reference's own trainer, one per configuration, and the reference's output
/// on every line of `Fixtures/inputs.txt`, without and with special tokens.
@Suite struct GoldenTests {
    @Test(arguments: GoldenFixtures.tokenizers, [false, true])
    func encodesEveryLineLikeTheReference(_ name: String, addingSpecialTokens: Bool) throws {
        let tokenizer = try Tokenizer(contentsOfFile: GoldenFixtures.path(of: "\(name).tokenizer.json"))
        try compareWithGolden(tokenizer, name: name, addingSpecialTokens: addingSpecialTokens)
    }

    /// The built-in vocabulary (Sources/TokenizerKit/Resources/tokenizerkit-default.json) too.
    @Test(arguments: [false, true])
    func builtInVocabularyEncodesLikeTheReference(addingSpecialTokens: Bool) throws {
        let path = RepositoryPaths.defaultVocabulary.path
        let recorded = try #require(try GoldenFixtures.manifest().defaultVocabulary)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        try #require(size == recorded.bytes, """
            \(path) is not the file the golden output was made from: run Tests/TokenizerKitTests/Fixtures/make_fixtures.py
            """)
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(tokenizer.vocabularySize == recorded.vocabularySize)
        try compareWithGolden(tokenizer, name: "default-vocabulary", addingSpecialTokens: addingSpecialTokens)
    }

    /// Encodes every input line and compares all fields (and decoding) with `NAME.expected[-special].jsonl`.
    private func compareWithGolden(_ tokenizer: Tokenizer, name: String, addingSpecialTokens: Bool,
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = try GoldenFixtures.expected(name, special: addingSpecialTokens)
        let inputs = try GoldenFixtures.inputLines()
        try #require(expected.count == inputs.count, "\(name): \(expected.count) expected lines for \(inputs.count) inputs")

        var report = GoldenReport(name: "\(name)\(addingSpecialTokens ? " (special tokens)" : "")", inputs: inputs)
        for (line, (text, want)) in zip(inputs, expected).enumerated() {
            let got = try tokenizer.encode(text, addingSpecialTokens: addingSpecialTokens)
            report.compare(line: line, got: ExpectedEncoding(got), want: want)
            // Decoding is checked on the reference's ids, so that it does not depend on encoding being right.
            let decoded = Result { try tokenizer.decode(want.ids, skippingSpecialTokens: true) }
            report.compare(line: line, field: "decoded", got: decoded.map(ScalarString.init), want: ScalarString(want.decoded))
        }
        report.recordIssues(sourceLocation: sourceLocation)
    }

    @Test(arguments: GoldenFixtures.tokenizers)
    func reportsTheReferenceVocabularySize(_ name: String) throws {
        let tokenizer = try Tokenizer(contentsOfFile: GoldenFixtures.path(of: "\(name).tokenizer.json"))
        let entry = try #require(try GoldenFixtures.manifest().tokenizers.first { $0.name == name })
        #expect(tokenizer.vocabularySize == entry.vocabularySize)
        // Every id names a token that maps back to the same id.
        for id in 0..<UInt32(entry.vocabularySize) {
            let token = try #require(tokenizer.token(forID: id), "\(name): no token for id \(id)")
            #expect(tokenizer.id(forToken: token) == id, "\(name): token \(token.debugDescription)")
        }
        #expect(tokenizer.token(forID: UInt32(entry.vocabularySize)) == nil)
    }

    @Test(arguments: GoldenFixtures.negatives)
    func refusesBrokenFilesNamingThePlace(_ file: String) throws {
        let row = try #require(try GoldenFixtures.negativeRows().first { $0.file == file }, "\(file) is not in negative.jsonl")
        let error = #expect(throws: TokenizerError.self) {
            _ = try Tokenizer(contentsOfFile: GoldenFixtures.path(of: file))
        }
        let message = error?.description ?? ""
        #expect(message.contains(row.errorContains),
                "error for \(file) should contain `\(row.errorContains)` (reference: \(row.referenceError)); got: \(message)")
    }

    /// The lists above cover exactly the fixtures the script wrote.
    @Test func coversEveryFixture() throws {
        let manifest = try GoldenFixtures.manifest()
        #expect(manifest.tokenizers.map(\.name).sorted() == GoldenFixtures.tokenizers.sorted())
        #expect(try GoldenFixtures.negativeRows().map(\.file).sorted() == GoldenFixtures.negatives.sorted())
        #expect(manifest.inputLines == (try GoldenFixtures.inputLines().count))
        #expect(manifest.reference == "tokenizers 0.23.3")
    }
}

// MARK: - Fixtures

/// The golden files in the test bundle (copied from `Tests/TokenizerKitTests/Fixtures`).
enum GoldenFixtures {
    /// One per configuration of `make_fixtures.py`.
    static let tokenizers = [
        "gpt2-style", "roberta-style", "cl100k-style", "qwen2-style",
        "clip-style", "llama-style", "subword-prefix", "old-format",
    ]
    /// Files the reference refuses to load.
    static let negatives = [
        "negative-malformed-json.tokenizer.json", "negative-unknown-type.tokenizer.json",
        "negative-merge-result-missing.tokenizer.json", "negative-merge-token-missing.tokenizer.json",
        "negative-merge-three-parts.tokenizer.json",
    ]

    static var directory: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw FixtureError("the test bundle has no Fixtures directory")
            }
            return url
        }
    }

    static func path(of file: String) throws -> String {
        try directory.appendingPathComponent(file).path
    }

    static func data(of file: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(file))
    }

    /// The lines of `inputs.txt`, split on "\n" only (as the reference script does).
    static func inputLines() throws -> [String] {
        lines(of: try data(of: "inputs.txt")).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The byte lines of a file: split on "\n" only; a final "\n" does not start another line.
    static func lines(of data: Data) -> [Data] {
        var parts = data.split(separator: 0x0A, omittingEmptySubsequences: false)
        if parts.last?.isEmpty == true { parts.removeLast() }
        return parts.map { Data($0) }
    }

    static func expected(_ name: String, special: Bool) throws -> [ExpectedEncoding] {
        try decodeJSONLines(of: "\(name).expected\(special ? "-special" : "").jsonl")
    }

    static func negativeRows() throws -> [NegativeRow] {
        try decodeJSONLines(of: "negative.jsonl")
    }

    static func manifest() throws -> Manifest {
        try JSONDecoder().decode(Manifest.self, from: data(of: "manifest.json"))
    }

    static func decodeJSONLines<T: Decodable>(of file: String) throws -> [T] {
        let decoder = JSONDecoder()
        return try lines(of: data(of: file)).enumerated().map { index, line in
            do {
                return try decoder.decode(T.self, from: line)
            } catch {
                throw FixtureError("\(file):\(index + 1): \(error)")
            }
        }
    }

    struct Manifest: Decodable {
        struct Entry: Decodable {
            let name: String
            let vocabularySize: Int
            enum CodingKeys: String, CodingKey { case name, vocabularySize = "vocabulary_size" }
        }
        struct DefaultVocabulary: Decodable {
            let bytes: Int
            let vocabularySize: Int
            enum CodingKeys: String, CodingKey { case bytes, vocabularySize = "vocabulary_size" }
        }
        let reference: String
        let inputLines: Int
        let tokenizers: [Entry]
        let defaultVocabulary: DefaultVocabulary?
        enum CodingKeys: String, CodingKey {
            case reference, inputLines = "input_lines", tokenizers, defaultVocabulary = "default_vocabulary"
        }
    }

    struct NegativeRow: Decodable {
        let file: String
        let errorContains: String
        let referenceError: String
        enum CodingKeys: String, CodingKey {
            case file, errorContains = "error_contains", referenceError = "reference_error"
        }
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A string compared by its Unicode scalars: `String`'s own `==` is canonical equivalence, under which
/// "é" and "e\u{301}" are equal, but the reference's tokens and decoded texts are exact.
struct ScalarString: Equatable, CustomStringConvertible {
    let string: String
    init(_ string: String) { self.string = string }
    static func == (a: ScalarString, b: ScalarString) -> Bool { a.string.unicodeScalars.elementsEqual(b.string.unicodeScalars) }
    var description: String { string.debugDescription }
}

/// One line of a `.expected*.jsonl` file (the fields of shared/tools/reference.py), or the same fields
/// taken from an `Encoding`.
struct ExpectedEncoding: Decodable {
    let ids: [UInt32]
    let tokens: [ScalarString]
    let offsets: [[Int]]
    let typeIDs: [UInt32]
    let specialTokensMask: [UInt32]
    let attentionMask: [UInt32]
    let wordIDs: [Int?]
    let decoded: String

    enum CodingKeys: String, CodingKey {
        case ids, tokens, offsets, decoded
        case typeIDs = "type_ids", specialTokensMask = "special_tokens_mask"
        case attentionMask = "attention_mask", wordIDs = "word_ids"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        ids = try c.decode([UInt32].self, forKey: .ids)
        tokens = try c.decode([String].self, forKey: .tokens).map(ScalarString.init)
        offsets = try c.decode([[Int]].self, forKey: .offsets)
        typeIDs = try c.decode([UInt32].self, forKey: .typeIDs)
        specialTokensMask = try c.decode([UInt32].self, forKey: .specialTokensMask)
        attentionMask = try c.decode([UInt32].self, forKey: .attentionMask)
        wordIDs = try c.decode([Int?].self, forKey: .wordIDs)
        decoded = try c.decode(String.self, forKey: .decoded)
    }

    /// The encoding fields of `e`; `decoded` stays empty (decoding is compared on its own).
    init(_ e: Encoding) {
        ids = e.ids
        tokens = e.tokens.map(ScalarString.init)
        offsets = e.offsets.map { [$0.lowerBound, $0.upperBound] }
        typeIDs = e.typeIDs
        specialTokensMask = e.specialTokensMask
        attentionMask = e.attentionMask
        wordIDs = e.wordIDs
        decoded = ""
    }
}

/// Collects differences per field and reports, for each field, how many lines differ and the first one.
struct GoldenReport {
    let name: String
    let inputs: [String]
    private(set) var firstDifference: [String: String] = [:]
    private(set) var differingLines: [String: Int] = [:]
    private var fieldOrder: [String] = []

    init(name: String, inputs: [String]) {
        self.name = name
        self.inputs = inputs
    }

    /// Compares the encoding fields (everything but `decoded`).
    mutating func compare(line: Int, got: ExpectedEncoding, want: ExpectedEncoding) {
        compare(line: line, field: "ids", got: .success(got.ids), want: want.ids)
        compare(line: line, field: "tokens", got: .success(got.tokens), want: want.tokens)
        compare(line: line, field: "offsets", got: .success(got.offsets), want: want.offsets)
        compare(line: line, field: "type_ids", got: .success(got.typeIDs), want: want.typeIDs)
        compare(line: line, field: "special_tokens_mask", got: .success(got.specialTokensMask), want: want.specialTokensMask)
        compare(line: line, field: "attention_mask", got: .success(got.attentionMask), want: want.attentionMask)
        compare(line: line, field: "word_ids", got: .success(got.wordIDs), want: want.wordIDs)
    }

    mutating func compare<T: Equatable>(line: Int, field: String, got: Result<T, any Error>, want: T) {
        if !fieldOrder.contains(field) { fieldOrder.append(field) }
        if case let .success(value) = got, value == want { return }
        differingLines[field, default: 0] += 1
        guard firstDifference[field] == nil else { return }
        let gotText: String
        switch got {
        case let .success(value): gotText = Self.show(value)
        case let .failure(error): gotText = "error: \(error)"
        }
        let input = inputs[line].unicodeScalars.count > 60
            ? String(String.UnicodeScalarView(inputs[line].unicodeScalars.prefix(60))) + "…" : inputs[line]
        firstDifference[field] = "line \(line + 1) \(input.debugDescription):\n    expected \(Self.show(want))\n    got      \(gotText)"
    }

    func recordIssues(sourceLocation: SourceLocation = #_sourceLocation) {
        for field in fieldOrder {
            guard let count = differingLines[field], let first = firstDifference[field] else { continue }
            Issue.record("\(name): \(field) differs on \(count) of \(inputs.count) lines; first at \(first)",
                         sourceLocation: sourceLocation)
        }
    }

    private static func show<T>(_ value: T) -> String {
        let text = String(describing: value)
        return text.count > 400 ? String(text.prefix(400)) + "…" : text
    }
}

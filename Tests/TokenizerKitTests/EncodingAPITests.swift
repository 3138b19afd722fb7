import Foundation
import Testing
@testable import TokenizerKit

/// The encoding API against the reference library: `Tests/Reference/encoding_api.py` asks the reference
/// (tokenizers 0.23.3) for every truncation strategy × direction × stride, every padding mode, pairs with
/// every post-processor type, pre-split words and the errors of impossible requests, on tokenizers from
/// `../shared/vocab` and two component fixtures; each case is replayed here and every field of every
/// encoding, overflowing parts included, must be equal.
@Suite struct EncodingAPITests {
    @Test(.enabled(if: ConformanceEnvironment.isCI || ReferenceCases.problem == nil, ReferenceCases.skipReason),
          .timeLimit(.minutes(30)))
    func matchesTheReferenceOnEveryTruncationAndPaddingCase() throws {
        if let problem = ReferenceCases.problem {
            Issue.record("the reference cases cannot be generated under CI: \(problem)")
            return
        }
        let cases = try ReferenceCases.load()
        #expect(cases.count > 1000, "only \(cases.count) cases")
        var tokenizers: [String: Tokenizer] = [:]
        var mismatches: [String] = []
        var checked = (encodings: 0, errors: 0)
        for (index, testCase) in cases.enumerated() {
            let path = testCase["path"] as! String
            if tokenizers[path] == nil { tokenizers[path] = try Tokenizer(contentsOfFile: path) }
            let label = "case \(index) (\(testCase["tokenizer"]!), truncation \(describe(testCase["truncation"])), padding \(describe(testCase["padding"])), special \(testCase["add_special_tokens"]!), batch \(testCase["batch"]!), pretokenized \(testCase["pretokenized"]!))"
            let result = Result { try encode(testCase, with: tokenizers[path]!) }
            switch (result, testCase["error"] as? String) {
            case let (.success(got), nil):
                let want = testCase["expected"] as! [[String: Any]]
                guard got.count == want.count else {
                    mismatches.append("\(label): \(got.count) encodings, reference \(want.count)")
                    continue
                }
                for (i, (encoding, expected)) in zip(got, want).enumerated() {
                    if let difference = compare(encoding, expected, at: "encodings[\(i)]") {
                        mismatches.append("\(label): \(difference)")
                    }
                }
                checked.encodings += got.count
            case let (.success, message?):
                mismatches.append("\(label): encoded, but the reference raised \(message)")
            case let (.failure(error), nil):
                mismatches.append("\(label): threw \(error), but the reference encoded")
            case let (.failure(error), _?):
                #expect(error is TokenizerError, "\(label): \(error)")
                checked.errors += 1
            }
        }
        print("encoding API: \(cases.count) cases, \(checked.encodings) encodings equal, \(checked.errors) errors as the reference, \(mismatches.count) mismatches")
        #expect(mismatches.isEmpty, "\(mismatches.count) cases differ from the reference:\n\(mismatches.prefix(15).joined(separator: "\n"))")
    }

    /// A max length that cannot even hold the special tokens: the reference wraps around and silently
    /// skips truncation; TokenizerKit refuses, both when it is set and when a file brings it.
    @Test func refusesAMaximumLengthBelowTheSpecialTokens() throws {
        var tokenizer = try Tokenizer(contentsOfFile: GoldenFixtures.path(of: "components/PostProcessor.BertProcessing-default.tokenizer.json"))
        #expect(throws: TokenizerError.self) { try tokenizer.setTruncation(TruncationParameters(maximumLength: 1)) }
        #expect(throws: TokenizerError.self) { try tokenizer.setTruncation(TruncationParameters(maximumLength: 10, stride: 9)) }
        // Room for the 2 special tokens of a single text, not for the 3 of a pair.
        try tokenizer.setTruncation(TruncationParameters(maximumLength: 2))
        #expect(throws: TokenizerError.self) { try tokenizer.encode("a b c", pair: "d e f") }
        let single = try tokenizer.encode("a b c")
        #expect(single.tokens == ["[CLS]", "[SEP]"] && single.overflowing.count == 1)
        #expect(try tokenizer.encode("a b c", pair: "d e f", addingSpecialTokens: false).count == 2)
        try tokenizer.setTruncation(nil)
        #expect(tokenizer.truncation == nil)
    }

    private func encode(_ testCase: [String: Any], with base: Tokenizer) throws -> [Encoding] {
        var tokenizer = base
        if let truncation = testCase["truncation"] as? [String: Any] {
            try tokenizer.setTruncation(TruncationParameters(
                maximumLength: truncation["max_length"] as! Int, stride: truncation["stride"] as! Int,
                strategy: TruncationParameters.Strategy(name: truncation["strategy"] as! String)!,
                direction: truncation["direction"] as! String == "left" ? .left : .right))
        } else if testCase["truncation"] as? String != "file" {
            try tokenizer.setTruncation(nil)
        }
        if let padding = testCase["padding"] as? [String: Any] {
            tokenizer.padding = PaddingParameters(
                strategy: (padding["length"] as? Int).map { .fixed($0) } ?? .batchLongest,
                direction: padding["direction"] as! String == "left" ? .left : .right,
                padToMultipleOf: padding["pad_to_multiple_of"] as? Int,
                padID: UInt32(padding["pad_id"] as! Int), padTypeID: UInt32(padding["pad_type_id"] as! Int),
                padToken: padding["pad_token"] as! String)
        } else if testCase["padding"] as? String != "file" {
            tokenizer.padding = nil
        }
        let inputs = testCase["inputs"] as! [[Any]]
        let special = testCase["add_special_tokens"] as! Bool
        if testCase["pretokenized"] as! Bool {
            let words = inputs.map { $0[0] as! [String] }
            let pairs = inputs.map { $0[1] as? [String] }
            if testCase["batch"] as! Bool {
                return try tokenizer.encode(batchOfWords: words, pairs: pairs, addingSpecialTokens: special)
            }
            return try zip(words, pairs).map { try tokenizer.encode(words: $0, pair: $1, addingSpecialTokens: special) }
        }
        let texts = inputs.map { $0[0] as! String }
        let pairs = inputs.map { $0[1] as? String }
        if testCase["batch"] as! Bool {
            return try tokenizer.encode(batch: texts, pairs: pairs, addingSpecialTokens: special)
        }
        return try zip(texts, pairs).map { try tokenizer.encode($0, pair: $1, addingSpecialTokens: special) }
    }

    /// The first field that differs, with its path (`encodings[0].overflowing[2].offsets`), or nil.
    private func compare(_ encoding: Encoding, _ expected: [String: Any], at path: String) -> String? {
        func ints(_ key: String) -> [Int?] { (expected[key] as! [Any]).map { $0 as? Int } }
        let fields: [(String, [Int?], [Int?])] = [
            ("ids", encoding.ids.map { Int($0) }, ints("ids")),
            ("type_ids", encoding.typeIDs.map { Int($0) }, ints("type_ids")),
            ("special_tokens_mask", encoding.specialTokensMask.map { Int($0) }, ints("special_tokens_mask")),
            ("attention_mask", encoding.attentionMask.map { Int($0) }, ints("attention_mask")),
            ("word_ids", encoding.wordIDs, ints("word_ids")),
            ("sequence_ids", encoding.sequenceIDs, ints("sequence_ids")),
        ]
        for (name, got, want) in fields where got != want {
            return "\(path).\(name): got \(got.map { $0.map(String.init) ?? "nil" }), reference \(want.map { $0.map(String.init) ?? "nil" })"
        }
        let tokens = expected["tokens"] as! [String]
        if encoding.tokens != tokens { return "\(path).tokens: got \(encoding.tokens), reference \(tokens)" }
        let offsets = (expected["offsets"] as! [[Int]]).map { $0[0]..<$0[1] }
        if encoding.offsets != offsets { return "\(path).offsets: got \(encoding.offsets), reference \(offsets)" }
        let overflowing = expected["overflowing"] as! [[String: Any]]
        guard encoding.overflowing.count == overflowing.count else {
            return "\(path).overflowing: \(encoding.overflowing.count) parts, reference \(overflowing.count)"
        }
        for (i, (part, want)) in zip(encoding.overflowing, overflowing).enumerated() {
            if let difference = compare(part, want, at: "\(path).overflowing[\(i)]") { return difference }
        }
        return nil
    }

    private func describe(_ value: Any?) -> String {
        guard let value, !(value is NSNull) else { return "none" }
        if let dictionary = value as? [String: Any] {
            return dictionary.keys.sorted().map { "\($0)=\(dictionary[$0] is NSNull ? "none" : "\(dictionary[$0]!)")" }.joined(separator: ",")
        }
        return "\(value)"
    }
}

/// Runs `Tests/Reference/encoding_api.py` once and keeps its cases.
enum ReferenceCases {
    static let script = RepositoryPaths.root.appendingPathComponent("Tests/Reference/encoding_api.py")
    static let shared = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")

    /// Why the cases cannot be generated, or nil.
    static let problem: String? = {
        if !FileManager.default.fileExists(atPath: shared.appendingPathComponent("vocab").path) {
            return "\(shared.path)/vocab not found (../shared beside the repository)"
        }
        if (try? ConformanceEnvironment.run("python3", ["-c", "import tokenizers"]))?.status != 0 {
            return "python3 cannot import tokenizers (pip install tokenizers==0.23.3)"
        }
        return nil
    }()

    static var skipReason: Comment { "reference cases skipped: \(problem ?? "")" }

    static func load() throws -> [[String: Any]] {
        try withTemporaryDirectory { directory in
            let output = directory.appendingPathComponent("cases.json")
            let fixtures = RepositoryPaths.root.appendingPathComponent("Tests/TokenizerKitTests/Fixtures/components")
            let run = try ConformanceEnvironment.run("python3", [script.path, "--shared", shared.path,
                                                                 "--fixtures", fixtures.path, "--output", output.path])
            try #require(run.status == 0, "encoding_api.py failed:\n\(run.output.suffix(2000))")
            let document = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as! [String: Any]
            return document["cases"] as! [[String: Any]]
        }
    }
}

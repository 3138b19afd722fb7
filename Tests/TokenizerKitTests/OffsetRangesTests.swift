import Foundation
import Testing
import TokenizerKit

/// Offsets as Swift and Foundation take them: `OffsetUnit.utf16`, `Encoding.ranges(in:pair:)` and
/// `nsRanges(in:pair:)`, on corpus lines of `../shared` (many scripts, emoji, the edge cases) and several
/// tokenizers: every way of asking selects the same text as the scalar offsets.
@Suite struct OffsetRangesTests {
    static let tokenizerNames = ["gpt2", "llama", "t5-small", "bert-base-uncased", "cl100k-base", "whisper-tiny", "roberta-base"]
        .filter { _ in SharedTestData.available || SharedTestData.isCI }

    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          arguments: tokenizerNames)
    func rangesSelectWhatTheScalarOffsetsSelect(_ name: String) throws {
        let tokenizer = try SharedTestData.tokenizer(name)
        var lines = try SharedTestData.sampleLines()
        lines += ["Zoe\u{308} cafe\u{301} 🇫🇷🇩🇪 👨‍👩‍👧 e\u{301}\u{301}", "Việt Nam".decomposedStringWithCanonicalMapping]
        var problems: [String] = []
        var checked = 0
        for (number, line) in lines.enumerated() {
            let pair = lines[(number + 7) % lines.count]
            for pairText in [nil, pair] {
                let scalar = try tokenizer.encode(line, pair: pairText)
                let bytes = try tokenizer.encode(line, pair: pairText, offsets: .bytes)
                let utf16 = try tokenizer.encode(line, pair: pairText, offsets: .utf16)
                #expect(bytes.ids == scalar.ids && utf16.ids == scalar.ids && utf16.offsetUnit == .utf16)
                let ranges = scalar.ranges(in: line, pair: pairText)
                let nsRanges = scalar.nsRanges(in: line, pair: pairText)
                // The same String ranges from every unit.
                if bytes.ranges(in: line, pair: pairText) != ranges || utf16.ranges(in: line, pair: pairText) != ranges {
                    problems.append("\(name) line \(number + 1): ranges differ between offset units")
                }
                let sequences = scalar.sequenceIDs
                for i in scalar.offsets.indices {
                    let label = "\(name) line \(number + 1) \(line.prefix(30).debugDescription) pair \(pairText != nil) token \(i) \(scalar.tokens[i].debugDescription)"
                    guard let sequence = sequences[i] else {
                        if ranges[i] != nil || nsRanges[i] != nil { problems.append("\(label): a range for a token of no sequence") }
                        continue
                    }
                    let source = sequence == 0 ? line : pairText!
                    guard let range = ranges[i], let nsRange = nsRanges[i] else {
                        problems.append("\(label): no range")
                        continue
                    }
                    // The scalars the scalar offsets name (clamped as ranges(in:) clamps them).
                    let scalars = Array(source.unicodeScalars)
                    let offsets = scalar.offsets[i].clamped(to: 0..<scalars.count)
                    let selected = String(String.UnicodeScalarView(scalars[offsets]))
                    if !source[range].unicodeScalars.elementsEqual(selected.unicodeScalars) {
                        problems.append("\(label): text[range] is \(String(source[range]).debugDescription), the scalar offsets select \(selected.debugDescription)")
                    }
                    // UTF-16: what NSRange(_:in:) gives, what encode(offsets: .utf16) gives, what NSString selects.
                    let expected = NSRange(range, in: source)
                    if nsRange != expected { problems.append("\(label): nsRange \(nsRange), NSRange(range, in:) \(expected)") }
                    if utf16.offsets[i] != expected.lowerBound..<expected.upperBound {
                        problems.append("\(label): utf16 offsets \(utf16.offsets[i]), NSRange(range, in:) \(expected)")
                    }
                    if !NSString(string: source).substring(with: nsRange).unicodeScalars.elementsEqual(selected.unicodeScalars) {
                        problems.append("\(label): NSString selects another text")
                    }
                    checked += 1
                }
            }
        }
        #expect(checked > 1000)
        #expect(problems.isEmpty, "\(problems.count) problems:\n\(problems.prefix(8).joined(separator: "\n"))")
    }

    /// A token that splits a grapheme: the range is scalar-aligned inside the `Character`, and selects
    /// exactly the token's scalars.
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"))
    func aTokenMaySplitACharacter() throws {
        let tokenizer = try SharedTestData.tokenizer("gpt2")
        let text = "cafe\u{301}"
        let encoding = try tokenizer.encode(text)
        // U+0301 is two byte-level tokens here, both with the whole scalar's range: taken once.
        var ranges: [Range<String.Index>] = []
        for case let range? in encoding.ranges(in: text) where range != ranges.last { ranges.append(range) }
        let pieces = ranges.map { String(text[$0]) }
        #expect(pieces.joined().unicodeScalars.elementsEqual(text.unicodeScalars))
        // "e" and U+0301 are one Character but come in different tokens here.
        #expect(pieces.contains { $0.unicodeScalars.first == "\u{301}" } || pieces.contains { $0.unicodeScalars.last == "\u{301}" })
        #expect(encoding.nsRanges(in: text).compactMap { $0 }.last.map(NSMaxRange) == (text as NSString).length)
    }

    /// The second sequence's offsets refer to the pair text; post-processor tokens have no range; without
    /// the pair text, the second sequence's tokens have none either.
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"))
    func pairsAndSpecialTokens() throws {
        let tokenizer = try SharedTestData.tokenizer("bert-base-uncased")
        let text = "Héllo wörld", pair = "Ça va?"
        let encoding = try tokenizer.encode(text, pair: pair, offsets: .utf16)
        let ranges = encoding.ranges(in: text, pair: pair)
        #expect(encoding.tokens.first == "[CLS]" && ranges.first! == nil)
        let second = encoding.sequenceIDs.indices.filter { encoding.sequenceIDs[$0] == 1 }
        #expect(second.map { String(pair[ranges[$0]!]) } == ["Ça", "va", "?"])
        #expect(second.allSatisfy { encoding.ranges(in: text)[$0] == nil })
        #expect(encoding.nsRanges(in: text, pair: pair)[second[1]] == NSRange(location: 3, length: 2))
    }
}

/// Public errors describe themselves as `LocalizedError`s: what went wrong and where.
@Suite struct LocalizedErrorTests {
    @Test func tokenizerErrorsHaveLocalizedDescriptions() throws {
        let missing = #expect(throws: TokenizerError.self) { try Tokenizer(contentsOfFile: "/nonexistent/tokenizer.json") }
        #expect(missing?.errorDescription == "/nonexistent/tokenizer.json: cannot read: no such file")
        #expect(missing?.localizedDescription == "/nonexistent/tokenizer.json: cannot read: no such file")

        let malformed = #expect(throws: TokenizerError.self) { try Tokenizer(json: Array("{\"model\": ".utf8), source: "broken.json") }
        #expect(malformed?.localizedDescription.hasPrefix("broken.json:1:") == true)

        let unknownType = #expect(throws: TokenizerError.self) {
            try Tokenizer(json: Array(#"{"model": {"type": "Nope"}}"#.utf8), source: "odd.json")
        }
        let message = unknownType?.localizedDescription ?? ""
        #expect(message.contains("odd.json") && message.contains("model") && message.contains("Nope"), "\(message)")

        let tokenizer = try Tokenizer(json: Array(#"{"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"}}"#.utf8))
        let unknownID = #expect(throws: TokenizerError.self) { try tokenizer.decode([7]) }
        #expect(unknownID?.localizedDescription == "id 7 is not in the vocabulary")
        var stream = tokenizer.decodeStream(prompt: [0])
        #expect((#expect(throws: TokenizerError.self) { try stream.step(9) })?.errorDescription == "id 9 is not in the vocabulary")
    }

    @Test func everyPublicErrorTypeIsALocalizedError() {
        #expect(TokenizerError.self is LocalizedError.Type)
        #expect(ModelFolderError.self is LocalizedError.Type)
        #expect(TemplateError.self is LocalizedError.Type)
        let template = TemplateError(.syntax, line: 3, "unexpected end of template")
        #expect(template.localizedDescription == "line 3: unexpected end of template")
    }
}

import Foundation
import Testing
import TokenizerKit

/// `DecodeStream` for generation: starting from a prompt's ids, fed one id or several at a time, on real
/// tokenizers from `../shared/vocab` and real text (corpus lines, NFD text whose accents are separate
/// combining marks). What a stream yields, concatenated, must be `decode(prompt + generated)` with the
/// prompt's text removed from its front.
@Suite struct GenerationDecodingTests {
    static let tokenizerNames = ["gpt2", "llama", "t5-small", "bert-base-uncased", "cl100k-base", "whisper-tiny", "roberta-base"]
        .filter { _ in SharedTestData.available || SharedTestData.isCI }

    /// Texts where ids add combining marks to letters: decomposed (NFD) accents, stacked marks, a mark after a
    /// space, and Vietnamese corpus lines in NFD (two marks on one letter: "ệ" is e + U+0323 + U+0302).
    static func combiningTexts() throws -> [String] {
        var texts = [
            "He said cafe\u{301} and nai\u{308}ve.",
            "Ça va? Ελληνικά résumé Việt Nam".decomposedStringWithCanonicalMapping,
            "e\u{301}\u{301}x",
            " \u{301}a",
            "Zoe\u{308} \u{915}\u{94d}\u{937} a\u{20d7}",
        ]
        let vietnamese = try String(contentsOf: SharedTestData.corpus.appendingPathComponent("multilingual/vi.txt"), encoding: .utf8)
        texts += vietnamese.split(separator: "\n").dropFirst(3).prefix(2).map { String($0.prefix(120)).decomposedStringWithCanonicalMapping }
        return texts
    }

    /// Every cut of every combining-mark text into prompt and generated ids, the generated ids fed one at a
    /// time: no piece repeats or loses a character, whatever id the cut falls after (between a letter and its
    /// mark, or between the two bytes of a mark that a byte-level tokenizer splits).
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          arguments: tokenizerNames)
    func combiningMarksAreNeitherDoubledNorDropped(_ name: String) throws {
        let tokenizer = try SharedTestData.tokenizer(name)
        var failures: [String] = []
        var checked = 0
        for text in try Self.combiningTexts() {
            let ids = try tokenizer.encode(text, addingSpecialTokens: false).ids
            for cut in 0...ids.count {
                let prompt = Array(ids[..<cut]), generated = Array(ids[cut...])
                if let problem = try Self.checkStream(tokenizer, prompt: prompt, groups: generated.map { [$0] }) {
                    failures.append("\(name) \(text.debugDescription) cut \(cut): \(problem)")
                }
                checked += 1
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(checked) streams wrong:\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    /// The reference's own example of why a stream needs the prompt: the first generated word after a prompt
    /// is spaced as in the full text.
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          arguments: ["llama", "t5-small", "gpt2", "bert-base-uncased"])
    func theFirstPieceAfterAPromptIsSpacedAsInTheFullText(_ name: String) throws {
        let tokenizer = try SharedTestData.tokenizer(name)
        let prompt = try tokenizer.encode("The capital of France is", addingSpecialTokens: false).ids
        let all = try tokenizer.encode("The capital of France is Paris", addingSpecialTokens: false).ids
        try #require(all.starts(with: prompt) && all.count > prompt.count)
        var stream = tokenizer.decodeStream(prompt: prompt)
        var pieces = ""
        for id in all[prompt.count...] { pieces += try stream.step(id) ?? "" }
        #expect(pieces.unicodeScalars.elementsEqual(" paris".unicodeScalars) || pieces.unicodeScalars.elementsEqual(" Paris".unicodeScalars),
                "\(name): \(pieces.debugDescription)")
    }

    /// Corpus lines (prose, code, many scripts, the edge cases) on several tokenizers: each line's ids cut at
    /// seeded random points into prompt and generated ids, fed one at a time and in random groups of 1 to 5.
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          .timeLimit(.minutes(10)), arguments: tokenizerNames)
    func piecesAddUpToTheTextAfterThePrompt(_ name: String) throws {
        let tokenizer = try SharedTestData.tokenizer(name)
        var random = SplitMix64(seed: 0x5EED)
        var failures: [String] = []
        var streams = 0
        for (number, line) in try SharedTestData.sampleLines().enumerated() {
            for addingSpecialTokens in [false, true] {
                let ids = try tokenizer.encode(line, addingSpecialTokens: addingSpecialTokens).ids
                for skipping in [false, true] {
                    for _ in 0..<2 {
                        let cut = Int(random.next() % UInt64(ids.count + 1))
                        let prompt = Array(ids[..<cut]), generated = Array(ids[cut...])
                        var groups: [[UInt32]] = []
                        var start = 0
                        while start < generated.count {
                            let end = min(generated.count, start + 1 + Int(random.next() % 5))
                            groups.append(Array(generated[start..<end]))
                            start = end
                        }
                        for grouping in [generated.map { [$0] }, groups] {
                            if let problem = try Self.checkStream(tokenizer, prompt: prompt, groups: grouping, skippingSpecialTokens: skipping) {
                                failures.append("\(name) line \(number + 1) \(line.prefix(40).debugDescription) special \(addingSpecialTokens) skip \(skipping) cut \(cut): \(problem)")
                            }
                            streams += 1
                        }
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(streams) streams wrong:\n\(failures.prefix(5).joined(separator: "\n"))")
    }

    /// The reference's own `DecodeStream(ids=prompt)` (Tests/Reference/decode_stream.py): the same pieces, and
    /// nil where it returned None, step by step. Where the prompt's text ends in U+FFFD the reference repeats
    /// the prompt in its first piece; there this stream must instead yield the text after the prompt's
    /// (`checkStream`), and the reference's pieces after the first must still be equal.
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"))
    func matchesTheReferenceStream() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: GoldenFixtures.path(of: "decode_stream.json")))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        let cases = root["cases"] as! [[String: Any]]
        #expect(cases.count > 200)
        var tokenizers: [String: Tokenizer] = [:]
        var mismatches: [String] = []
        var compared = (exact: 0, incompletePrompt: 0)
        for (index, testCase) in cases.enumerated() {
            let name = testCase["tokenizer"] as! String
            if tokenizers[name] == nil { tokenizers[name] = try SharedTestData.tokenizer(name) }
            let tokenizer = tokenizers[name]!
            let skipping = testCase["skip_special_tokens"] as! Bool
            let prompt = (testCase["prompt"] as! [Int]).map(UInt32.init)
            let groups = (testCase["groups"] as! [[Int]]).map { $0.map(UInt32.init) }
            let expected = (testCase["pieces"] as! [Any]).map { $0 as? String }
            var stream = tokenizer.decodeStream(prompt: prompt, skippingSpecialTokens: skipping)
            let got = try groups.map { try stream.step($0) }
            let label = "case \(index) (\(name), skip \(skipping), prompt of \(prompt.count) ids)"
            if testCase["prompt_text_incomplete"] as! Bool {
                if let problem = try Self.checkStream(tokenizer, prompt: prompt, groups: groups, skippingSpecialTokens: skipping) {
                    mismatches.append("\(label): \(problem)")
                }
                // After the first piece both streams hold the same window.
                if let first = expected.firstIndex(where: { $0 != nil }), got.firstIndex(where: { $0 != nil }) == first {
                    if !Self.scalarsEqual(Array(got[(first + 1)...]), Array(expected[(first + 1)...])) {
                        mismatches.append("\(label): after the first piece \(got) differ from the reference's \(expected)")
                    }
                }
                compared.incompletePrompt += 1
            } else {
                if !Self.scalarsEqual(got, expected) { mismatches.append("\(label): \(got) but the reference gives \(expected)") }
                compared.exact += 1
            }
        }
        print("decode stream: \(compared.exact) cases equal to the reference's, \(compared.incompletePrompt) with an incomplete prompt checked against one-shot decoding")
        #expect(mismatches.isEmpty, "\(mismatches.count) cases differ:\n\(mismatches.prefix(8).joined(separator: "\n"))")
    }

    /// Pieces compared by their scalars (`String`'s `==` would call "é" and "e\u{301}" equal).
    static func scalarsEqual(_ a: [String?], _ b: [String?]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            switch (x, y) {
            case (nil, nil): true
            case let (x?, y?): x.unicodeScalars.elementsEqual(y.unicodeScalars)
            default: false
            }
        }
    }

    /// CTC's de-duplication compares tokens by bytes, as the reference does: "é" then "e\u{301}" are two
    /// tokens (`String`'s `==` calls them equal and dropped one). Expected from tokenizers 0.23.3.
    @Test func ctcKeepsCanonicallyEquivalentNeighbours() throws {
        let json = #"{"version": "1.0", "model": {"type": "WordLevel", "vocab": {"e\u0301": 0, "\u00e9": 1, "<pad>": 2}, "unk_token": "<pad>"}, "decoder": {"type": "CTC", "pad_token": "<pad>", "word_delimiter_token": "|", "cleanup": true}}"#
        let tokenizer = try Tokenizer(json: Array(json.utf8))
        let text = try tokenizer.decode([1, 0, 0, 2, 1])
        #expect(text.unicodeScalars.elementsEqual("\u{E9}e\u{301}\u{E9}".unicodeScalars), "\(text.debugDescription)")
    }

    /// Streams `groups` after `prompt` and compares with one-shot decoding; returns what went wrong, or nil.
    ///
    /// The expected text is `decode(prompt + generated)` after the prompt's text, where the prompt's text is the
    /// decoding of its longest run of leading ids that does not end in U+FFFD (all of it, unless its last ids
    /// are the first bytes of a character). When the whole decoding ends in U+FFFD, text is still held back at
    /// the end: the stream's text must then be a prefix of the expected one.
    static func checkStream(_ tokenizer: Tokenizer, prompt: [UInt32], groups: [[UInt32]],
                            skippingSpecialTokens: Bool = true) throws -> String? {
        func decode(_ ids: [UInt32]) throws -> [UInt8] { Array(try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens).utf8) }
        let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]
        var promptCount = prompt.count
        var promptText = try decode(prompt)
        while promptCount > 0 && promptText.ends(with: replacement) {
            promptCount -= 1
            promptText = try decode(Array(prompt[..<promptCount]))
        }
        let whole = try decode(prompt + groups.joined())
        guard whole.starts(with: promptText) else { return nil } // the decoder rewrites the prompt's text: not a stream's case
        let expected = Array(whole[promptText.count...])
        var stream = tokenizer.decodeStream(prompt: prompt, skippingSpecialTokens: skippingSpecialTokens)
        var yielded: [UInt8] = []
        for (index, group) in groups.enumerated() {
            let piece: String?
            do {
                piece = try stream.step(group)
            } catch {
                return "step \(index) (\(group)) threw \(error)"
            }
            guard let piece else { continue }
            if piece.isEmpty { return "step \(index) yielded an empty piece" }
            yielded += piece.utf8
            guard expected.starts(with: yielded) else {
                return "after step \(index) (\(group)) the stream has yielded \(String(decoding: yielded, as: UTF8.self).debugDescription), not a prefix of \(String(decoding: expected, as: UTF8.self).debugDescription)"
            }
        }
        if let rest = try stream.finish() { yielded += rest.utf8 }
        guard yielded == expected else {
            return "the stream yielded \(String(decoding: yielded, as: UTF8.self).debugDescription); expected \(String(decoding: expected, as: UTF8.self).debugDescription)"
        }
        return nil
    }
}

extension Array where Element == UInt8 {
    fileprivate func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}


import Testing
@testable import TokenizerKit

/// The WordPiece, WordLevel and Unigram models against the reference (tokenizers 0.23.3): tiny models
/// built from the JSON below, wrapped in a tokenizer with no normalizer or pre-tokenizer (so the text
/// is one word), and the reference's ids, tokens and offsets (in Unicode scalars) recorded literally.
/// The real vocabularies (bert-base-uncased, t5-small, …) are checked by `../shared/tools/conformance.py`.
@Suite struct ModelTests {
    @Test(arguments: ModelCase.all)
    func tokenizesLikeTheReference(_ c: ModelCase) throws {
        let tokenizer = try c.model.tokenizer()
        let encoding = try tokenizer.encode(c.word, addingSpecialTokens: false)
        #expect(encoding.ids == c.expected.map(\.id))
        #expect(encoding.tokens == c.expected.map(\.token))
        #expect(encoding.offsets == c.expected.map(\.offsets))
    }

    /// A word's tokens are the same from the word cache, from a fresh workspace, and (for words too long
    /// to cache) every time.
    @Test(arguments: ModelCase.all.filter { $0.model.rawValue.hasPrefix("unigram") })
    func cachedWordsGiveTheSameTokens(_ c: ModelCase) throws {
        let tokenizer = try c.model.tokenizer()
        var workspace = EncodingWorkspace()
        let long = String(repeating: c.word, count: 300 / c.word.utf8.count + 1)
        for word in [c.word, long] {
            let fresh = try tokenizer.encode(word, addingSpecialTokens: false)
            let first = try tokenizer.encode(word, addingSpecialTokens: false, using: &workspace)
            let second = try tokenizer.encode(word, addingSpecialTokens: false, using: &workspace)
            #expect(first == fresh)
            #expect(second == fresh)
        }
    }

    /// Scores are read as the reference's JSON reader reads them (serde_json without
    /// `float_roundtrip`), not always the nearest double; the bits are those of the reference's model
    /// (loaded, then written back with `Tokenizer.to_str`).
    @Test(arguments: [
        ("-3.9598512649536133", 0xC00F_ADC6_8000_0001 as UInt64),
        ("-2.0122928619384766", 0xC000_192D_0000_0001),
        ("-9.032341957092285", 0xC022_108F_1FFF_FFFF),
        ("-7.4370903968811035", 0xC01D_BF94_A000_0001),
        ("0", 0x0000_0000_0000_0000),
        ("-0", 0x8000_0000_0000_0000),
        ("5", 0x4014_0000_0000_0000),
        ("-7", 0xC01C_0000_0000_0000),
        ("0.1", 0x3FB9_9999_9999_999A),
        ("1e3", 0x408F_4000_0000_0000),
        ("1.5E-3", 0x3F58_9374_BC6A_7EFA),
        ("2.5e+2", 0x406F_4000_0000_0000),
        ("-1.7976931348623157e308", 0xFFEF_FFFF_FFFF_FFFF),
        ("12345678901234567890123", 0x4484_EA15_B273_B38A),
        ("0.000000000000000000000000001", 0x3A53_CE9A_36F2_3C10),
        ("1e-400", 0x0000_0000_0000_0000),
        ("123456789012345678901.5", 0x441A_C53A_7E04_BCD9),
        ("18446744073709551616.5", 0x43F0_0000_0000_0000),
        ("0.1234567890123456789012345", 0x3FBF_9ADD_3746_F65F),
        ("-12.000000000000000000001", 0xC028_0000_0000_0000),
        ("4.9e-324", 0x0000_0000_0000_0001),
        ("1e-320", 0x0000_0000_0000_07E8),
        ("99999999999999999999e-5", 0x430C_6BF5_2634_0000),
    ])
    func readsScoresLikeTheReference(_ literal: String, _ bits: UInt64) throws {
        let value = try #require(UnigramModel.parseReferenceDouble(ArraySlice(literal.utf8)))
        #expect(value.bitPattern == bits, "\(literal): got \(value), want \(Double(bitPattern: bits))")
    }

    @Test func refusesScoresOutOfRange() {
        #expect(UnigramModel.parseReferenceDouble(ArraySlice("1e309".utf8)) == nil)
        #expect(UnigramModel.parseReferenceDouble(ArraySlice("1e99999999999".utf8)) == nil)
        #expect(UnigramModel.parseReferenceDouble(ArraySlice("-1e-99999999999".utf8))?.bitPattern == (-0.0).bitPattern)
    }

    /// Files the reference refuses (its message in the comment); the error names the field.
    @Test(arguments: [
        // missing field `max_input_chars_per_word`
        (###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "vocab": {"a": 0}}"###, "max_input_chars_per_word"),
        // missing field `unk_token`
        (###"{"type": "WordPiece", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"a": 0}}"###, "unk_token"),
        // invalid value: integer `-1`, expected usize
        (###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": -1, "vocab": {"a": 0}}"###, "max_input_chars_per_word"),
        // missing field `unk_token`
        (###"{"type": "WordLevel", "vocab": {"a": 0}}"###, "unk_token"),
        // Unable to load vocab UnkIdNotInVocabulary
        (###"{"type": "Unigram", "unk_id": 2, "vocab": [["a", 0], ["b", 0]]}"###, "unk_id"),
        // Unable to load vocab EmptyVocabulary
        (###"{"type": "Unigram", "unk_id": 0, "vocab": []}"###, "empty"),
        // invalid length 3, expected fewer elements in array
        (###"{"type": "Unigram", "vocab": [["a", 0, 1]]}"###, "vocab[0]"),
        // Missing vocab
        (###"{"type": "Unigram", "unk_id": 0}"###, "vocab"),
    ])
    func refusesWhatTheReferenceRefuses(_ model: String, _ mention: String) {
        let error = #expect(throws: TokenizerError.self) { _ = try TinyModel.tokenizer(model: model) }
        #expect(error?.description.contains(mention) == true, "\(error?.description ?? "")")
    }

    /// Models without a `type`, told apart the way the reference's untagged decoding does.
    @Test(arguments: [
        (###"{"vocab": {"a": 0}, "unk_token": "a"}"###, "WordLevel"),
        (###"{"vocab": {"a": 0}, "unk_token": "a", "continuing_subword_prefix": "##", "max_input_chars_per_word": 3}"###, "WordPiece"),
        (###"{"vocab": [["a", 0]], "unk_id": 0}"###, "Unigram"),
        (###"{"vocab": [], "unk_id": null}"###, "Unigram"),
    ])
    func recognisesLegacyModels(_ model: String, _ kind: String) throws {
        let tokenizer = try TinyModel.tokenizer(model: model)
        let found = switch tokenizer.model {
        case .bpe: "BPE"
        case .wordPiece: "WordPiece"
        case .wordLevel: "WordLevel"
        case .unigram: "Unigram"
        }
        #expect(found == kind)
    }

    /// Where the reference fails the whole `encode` (an unknown word or character and no unknown token
    /// in the vocabulary), the word (WordPiece, WordLevel) or the character (Unigram) is left out.
    /// Where the reference fails the whole encode (an unknown piece and no usable unknown token), so
    /// does TokenizerKit, with the same outcome on the inputs it can encode.
    @Test func failsWhereTheReferenceCannotEncode() throws {
        let wordPiece = try TinyModel.tokenizer(model: ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"a": 0, "##b": 1}}"###)
        #expect(try wordPiece.encode("ab", addingSpecialTokens: false).ids == [0, 1])
        #expect(throws: TokenizerError.missingUnknownToken(model: "WordPiece", token: "[UNK]")) {
            try wordPiece.encode("abc", addingSpecialTokens: false)
        }
        let wordLevel = try TinyModel.tokenizer(model: ###"{"type": "WordLevel", "unk_token": "<unk>", "vocab": {"a": 0}}"###)
        #expect(try wordLevel.encode("a", addingSpecialTokens: false).ids == [0])
        #expect(throws: TokenizerError.missingUnknownToken(model: "WordLevel", token: "<unk>")) {
            try wordLevel.encode("b", addingSpecialTokens: false)
        }
        let unigram = try TinyModel.tokenizer(model: ###"{"type": "Unigram", "unk_id": null, "vocab": [["a", -1], ["b", -2], ["ab", -9]]}"###)
        // The reference encodes this one (no unknown node is ever the best)…
        #expect(try unigram.encode("ab", addingSpecialTokens: false).tokens == ["a", "b"])
        // …and fails on this one.
        #expect(throws: TokenizerError.missingUnknownToken(model: "Unigram", token: nil)) {
            try unigram.encode("axb", addingSpecialTokens: false)
        }
        // BPE: an unk_token missing from the vocabulary fails; no unk_token at all drops the character.
        let bpeMissingUnknown = try TinyModel.tokenizer(model: ###"{"type": "BPE", "unk_token": "<unk>", "vocab": {"a": 0, "b": 1}, "merges": []}"###)
        #expect(try bpeMissingUnknown.encode("ab", addingSpecialTokens: false).tokens == ["a", "b"])
        #expect(throws: TokenizerError.missingUnknownToken(model: "BPE", token: "<unk>")) {
            try bpeMissingUnknown.encode("ac", addingSpecialTokens: false)
        }
        // Twice with one workspace: a failed word must not be cached as if it had been encoded.
        var workspace = EncodingWorkspace()
        for _ in 0..<2 {
            #expect(throws: TokenizerError.self) {
                try bpeMissingUnknown.encode("ac", addingSpecialTokens: false, using: &workspace)
            }
        }
        let bpeWithoutUnknown = try TinyModel.tokenizer(model: ###"{"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": []}"###)
        #expect(try bpeWithoutUnknown.encode("ac", addingSpecialTokens: false).tokens == ["a"])
    }

    /// WordPiece probes only ends within the longest vocabulary entry; on random words this gives what
    /// the reference's unbounded search (written out naively here) gives.
    @Test(arguments: [TinyModel.wordPiece, .wordPieceNoSuffixC, .wordPieceMax5, .wordPieceAtPrefix, .wordPieceEmptyPrefix])
    func wordPieceMatchesTheUnboundedSearch(_ model: TinyModel) throws {
        let tokenizer = try model.tokenizer()
        guard case let .wordPiece(wordPiece) = tokenizer.model else { Issue.record("not WordPiece"); return }
        var random = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "b", "c", "u", "n", "f", "l", "e", "h", "o", "x", "\u{E9}", "\u{65E5}", "\u{672C}", "\u{8A9E}", "@", "#"]
        for _ in 0..<1000 {
            let word = String((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let got = try tokenizer.encode(word, addingSpecialTokens: false)
            let want = Self.naiveWordPiece(word, wordPiece)
            #expect(got.ids == want.map(\.id) && got.offsets == want.map(\.offsets), "\(word.debugDescription)")
        }
    }

    /// Unigram's trie finds what a search over every substring finds, on random words.
    @Test(arguments: ModelCase.all.map(\.model).filter { $0.rawValue.hasPrefix("unigram") }.uniqued())
    func unigramMatchesASearchOverEverySubstring(_ model: TinyModel) throws {
        let tokenizer = try model.tokenizer()
        guard case let .unigram(unigram) = tokenizer.model else { Issue.record("not Unigram"); return }
        var random = SplitMix64(seed: 11)
        let alphabet: [Character] = ["a", "b", "c", "d", "x", "y", "z", "<", "u", "n", "k", ">", "\u{2581}", "\u{E9}", "\u{65E5}", "\u{672C}", "\u{8A9E}", "\u{20AC}"]
        for _ in 0..<1000 {
            let word = String((0..<Int.random(in: 1...10, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let got = try tokenizer.encode(word, addingSpecialTokens: false)
            let want = Self.naiveUnigramPath(word, unigram)
            #expect(got.offsets.uniqued() == want, "\(word.debugDescription)")
        }
    }

    /// The same on a random vocabulary large enough to make the double array grow and its search
    /// window move (the tiny models above fit in its first block).
    @Test func unigramMatchesASearchOverEverySubstringOnALargeVocabulary() throws {
        var random = SplitMix64(seed: 5)
        let alphabet: [Character] = Array("abcdefghijklmnopqrstuvwxyz\u{2581}\u{E9}\u{FC}\u{65E5}\u{672C}\u{8A9E}\u{1F600}")
        var pieces = Set<String>()
        while pieces.count < 6000 {
            pieces.insert(String((0..<Int.random(in: 1...12, using: &random)).map { _ in alphabet.randomElement(using: &random)! }))
        }
        let entries = pieces.sorted().map { #"["\#($0)", -\#(Int.random(in: 100...1200, using: &random)).\#(Int.random(in: 0...99, using: &random))]"# }
        let tokenizer = try TinyModel.tokenizer(model: #"{"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0], \#(entries.joined(separator: ", "))]}"#)
        guard case let .unigram(unigram) = tokenizer.model else { Issue.record("not Unigram"); return }
        #expect(unigram.trie.unitCount > 24_000) // past its first allocation (4 units per piece)
        for _ in 0..<500 {
            let word = String((0..<Int.random(in: 1...24, using: &random)).map { _ in alphabet.randomElement(using: &random)! })
            let got = try tokenizer.encode(word, addingSpecialTokens: false)
            #expect(got.offsets == Self.naiveUnigramPath(word, unigram), "\(word.debugDescription)")
        }
    }

    // MARK: Oracles

    /// The reference's WordPiece loop, on `String`s: every end from the end of the word down.
    static func naiveWordPiece(_ word: String, _ model: WordPieceModel) -> [(id: UInt32, offsets: Range<Int>)] {
        let scalars = Array(word.unicodeScalars)
        let unknown = [(id: model.unknownID!, offsets: 0..<scalars.count)]
        if scalars.count > model.maximumCharactersPerWord { return unknown }
        var result: [(id: UInt32, offsets: Range<Int>)] = []
        var start = 0
        while start < scalars.count {
            var end = scalars.count
            var found: UInt32? = nil
            while start < end {
                var piece = String(String.UnicodeScalarView(scalars[start..<end]))
                if start > 0 { piece = String(validUTF8: model.continuingSubwordPrefix) + piece }
                if let id = model.vocabulary.id(for: Array(piece.utf8)) { found = id; break }
                end -= 1
            }
            guard let id = found else { return unknown }
            result.append((id, start..<end))
            start = end
        }
        return result
    }

    /// The best path's pieces (scalar offsets, unknown runs fused), by looking up every substring.
    static func naiveUnigramPath(_ word: String, _ model: UnigramModel) -> [Range<Int>] {
        let scalars = Array(word.unicodeScalars)
        let n = scalars.count
        var best: [(score: Double, start: Int, id: UInt32)?] = Array(repeating: nil, count: n + 1)
        best[0] = (0, -1, 0)
        for start in 0..<n {
            let here = best[start]!.score
            var single = false
            for end in (start + 1)...n {
                let piece = Array(String(String.UnicodeScalarView(scalars[start..<end])).utf8)
                guard let id = model.id(for: piece) else { continue }
                let candidate = model.scores[Int(id)] + here
                if best[end] == nil || candidate > best[end]!.score { best[end] = (candidate, start, id) }
                if end == start + 1 { single = true }
            }
            if !single {
                let candidate = model.unknownScore + here
                if best[start + 1] == nil || candidate > best[start + 1]!.score {
                    best[start + 1] = (candidate, start, model.unknownID ?? .max)
                }
            }
        }
        var path: [(range: Range<Int>, id: UInt32)] = []
        var end = n
        while end > 0 {
            let node = best[end]!
            if let last = path.last, last.id == node.id, node.id == model.unknownID {
                path[path.count - 1].range = node.start..<last.range.upperBound
            } else {
                path.append((node.start..<end, node.id))
            }
            end = node.start
        }
        return path.reversed().map(\.range)
    }
}

// MARK: Cases

/// One word, and the reference's tokens for it.
struct ModelCase: Sendable, CustomTestStringConvertible {
    let model: TinyModel
    let word: String
    let expected: [ExpectedToken]

    init(_ model: TinyModel, _ word: String, _ expected: [ExpectedToken]) {
        self.model = model
        self.word = word
        self.expected = expected
    }

    var testDescription: String { "\(model.rawValue) \(word.debugDescription)" }

    /// Generated by running the reference on each `TinyModel` (ids, tokens, scalar offsets).
    static let all: [ModelCase] = [
        ModelCase(.wordPiece, "unaffable", [.t(1, "un", 0..<2), .t(2, "##aff", 2..<5), .t(3, "##able", 5..<9)]),
        ModelCase(.wordPiece, "ab", [.t(7, "ab", 0..<2)]),
        ModelCase(.wordPiece, "abc", [.t(8, "abc", 0..<3)]),
        ModelCase(.wordPiece, "abcd", [.t(0, "[UNK]", 0..<4)]),
        ModelCase(.wordPiece, "aab", [.t(4, "a", 0..<1), .t(5, "##a", 1..<2), .t(6, "##b", 2..<3)]),
        ModelCase(.wordPiece, "abab", [.t(7, "ab", 0..<2), .t(5, "##a", 2..<3), .t(6, "##b", 3..<4)]),
        ModelCase(.wordPiece, "\u{E9}\u{E9}\u{E9}", [.t(10, "\u{E9}", 0..<1), .t(11, "##\u{E9}", 1..<2), .t(11, "##\u{E9}", 2..<3)]),
        ModelCase(.wordPiece, "\u{65E5}\u{672C}\u{8A9E}", [.t(12, "\u{65E5}\u{672C}", 0..<2), .t(13, "##\u{8A9E}", 2..<3)]),
        ModelCase(.wordPiece, "\u{65E5}", [.t(15, "\u{65E5}", 0..<1)]),
        ModelCase(.wordPiece, "x", [.t(16, "x", 0..<1)]),
        ModelCase(.wordPiece, "a", [.t(4, "a", 0..<1)]),
        ModelCase(.wordPiece, "unx", [.t(0, "[UNK]", 0..<3)]),
        ModelCase(.wordPieceNoSuffixC, "abc", [.t(8, "abc", 0..<3)]),
        ModelCase(.wordPieceNoSuffixC, "ab", [.t(7, "ab", 0..<2)]),
        ModelCase(.wordPieceNoSuffixC, "abbc", [.t(7, "ab", 0..<2), .t(9, "##bc", 2..<4)]),
        ModelCase(.wordPieceMax5, "aaaaa", [.t(4, "a", 0..<1), .t(5, "##a", 1..<2), .t(5, "##a", 2..<3), .t(5, "##a", 3..<4), .t(5, "##a", 4..<5)]),
        ModelCase(.wordPieceMax5, "aaaaaa", [.t(0, "[UNK]", 0..<6)]),
        ModelCase(.wordPieceMax5, "\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}", [.t(10, "\u{E9}", 0..<1), .t(11, "##\u{E9}", 1..<2), .t(11, "##\u{E9}", 2..<3), .t(11, "##\u{E9}", 3..<4), .t(11, "##\u{E9}", 4..<5)]),
        ModelCase(.wordPieceMax5, "\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}\u{E9}", [.t(0, "[UNK]", 0..<6)]),
        ModelCase(.wordPieceMax5, "abcab", [.t(8, "abc", 0..<3), .t(5, "##a", 3..<4), .t(6, "##b", 4..<5)]),
        ModelCase(.wordPieceAtPrefix, "hello", [.t(1, "he", 0..<2), .t(2, "@@llo", 2..<5)]),
        ModelCase(.wordPieceAtPrefix, "hel", [.t(1, "he", 0..<2), .t(3, "@@l", 2..<3)]),
        ModelCase(.wordPieceAtPrefix, "helo", [.t(1, "he", 0..<2), .t(3, "@@l", 2..<3), .t(4, "@@o", 3..<4)]),
        ModelCase(.wordPieceAtPrefix, "hx", [.t(0, "<unk>", 0..<2)]),
        ModelCase(.wordPieceEmptyPrefix, "hello", [.t(1, "he", 0..<2), .t(2, "llo", 2..<5)]),
        ModelCase(.wordPieceEmptyPrefix, "helo", [.t(1, "he", 0..<2), .t(3, "l", 2..<3), .t(4, "o", 3..<4)]),
        ModelCase(.wordPieceEmptyPrefix, "hex", [.t(0, "[UNK]", 0..<3)]),
        ModelCase(.wordLevel, "hello", [.t(1, "hello", 0..<5)]),
        ModelCase(.wordLevel, "w\u{F6}rld", [.t(2, "w\u{F6}rld", 0..<5)]),
        ModelCase(.wordLevel, "\u{65E5}\u{672C}\u{8A9E}", [.t(3, "\u{65E5}\u{672C}\u{8A9E}", 0..<3)]),
        ModelCase(.wordLevel, "nope", [.t(0, "<unk>", 0..<4)]),
        ModelCase(.wordLevel, "hello world", [.t(0, "<unk>", 0..<11)]),
        ModelCase(.unigramDoc, "abcdacdxx", [.t(8, "abcd", 0..<4), .t(1, "a", 4..<5), .t(5, "cd", 5..<7), .t(0, "xx", 7..<9)]),
        ModelCase(.unigramDoc, "abc", [.t(7, "abc", 0..<3)]),
        ModelCase(.unigramDoc, "dcba", [.t(4, "d", 0..<1), .t(3, "c", 1..<2), .t(2, "b", 2..<3), .t(1, "a", 3..<4)]),
        ModelCase(.unigramDoc, "x", [.t(0, "x", 0..<1)]),
        ModelCase(.unigramDoc, "xyz", [.t(0, "xyz", 0..<3)]),
        ModelCase(.unigramTies, "ab", [.t(3, "ab", 0..<2)]),
        ModelCase(.unigramTies, "abc", [.t(1, "a", 0..<1), .t(4, "bc", 1..<3)]),
        ModelCase(.unigramTies, "bc", [.t(4, "bc", 0..<2)]),
        ModelCase(.unigramTies, "cab", [.t(5, "c", 0..<1), .t(3, "ab", 1..<3)]),
        ModelCase(.unigramUnknownTies, "xa", [.t(2, "xa", 0..<2)]),
        ModelCase(.unigramUnknownTies, "xay", [.t(2, "xa", 0..<2), .t(0, "y", 2..<3)]),
        ModelCase(.unigramUnknownTies, "ay", [.t(3, "ay", 0..<2)]),
        ModelCase(.unigramUnknownTies, "aa", [.t(1, "a", 0..<1), .t(1, "a", 1..<2)]),
        ModelCase(.unigramMultibyte, "\u{2581}\u{65E5}\u{672C}\u{8A9E}", [.t(2, "\u{2581}\u{65E5}\u{672C}", 0..<3), .t(5, "\u{8A9E}", 3..<4)]),
        ModelCase(.unigramMultibyte, "\u{65E5}\u{672C}", [.t(3, "\u{65E5}", 0..<1), .t(4, "\u{672C}", 1..<2)]),
        ModelCase(.unigramMultibyte, "\u{E9}x\u{E9}", [.t(6, "\u{E9}", 0..<1), .t(0, "x", 1..<2), .t(6, "\u{E9}", 2..<3)]),
        ModelCase(.unigramMultibyte, "\u{20AC}\u{20AC}", [.t(0, "\u{20AC}\u{20AC}", 0..<2)]),
        ModelCase(.unigramMultibyte, "\u{2581}", [.t(1, "\u{2581}", 0..<1)]),
        ModelCase(.unigramByteFallback, "\u{E9}", [.t(2, "<0xC3>", 0..<1), .t(3, "<0xA9>", 0..<1)]),
        ModelCase(.unigramByteFallback, "\u{E9}a", [.t(2, "<0xC3>", 0..<1), .t(3, "<0xA9>", 0..<1), .t(1, "a", 1..<2)]),
        ModelCase(.unigramByteFallback, "a\u{E9}\u{E9}", [.t(1, "a", 0..<1), .t(2, "<0xC3>", 1..<3), .t(3, "<0xA9>", 1..<3), .t(2, "<0xC3>", 1..<3), .t(3, "<0xA9>", 1..<3)]),
        ModelCase(.unigramByteFallback, "\u{20AC}", [.t(0, "\u{20AC}", 0..<1)]),
        ModelCase(.unigramByteFallback, "\u{E8}", [.t(0, "\u{E8}", 0..<1)]),
        ModelCase(.unigramByteFallback, "\u{20AC}\u{E9}", [.t(0, "\u{20AC}\u{E9}", 0..<2)]),
        ModelCase(.unigramByteFallback, "\u{E9}\u{20AC}", [.t(0, "\u{E9}\u{20AC}", 0..<2)]),
        ModelCase(.unigramDuplicates, "a", [.t(2, "a", 0..<1)]),
        ModelCase(.unigramDuplicates, "ab", [.t(2, "a", 0..<1), .t(3, "b", 1..<2)]),
        ModelCase(.unigramDuplicates, "c", [.t(1, "c", 0..<1)]),
        ModelCase(.unigramDuplicates, "<unk>", [.t(1, "<unk>", 0..<5)]),
        ModelCase(.unigramLiteralUnknown, "<unk>", [.t(0, "<unk>", 0..<5)]),
        ModelCase(.unigramLiteralUnknown, "x<unk>y", [.t(0, "x<unk>y", 0..<7)]),
        ModelCase(.unigramLiteralUnknown, "a<unk>", [.t(1, "a", 0..<1), .t(0, "<unk>", 1..<6)]),
        ModelCase(.unigramFusedPiece, "xy", [.t(1, "xy", 0..<2)]),
        ModelCase(.unigramFusedPiece, "xyz", [.t(1, "xy", 0..<2), .t(2, "z", 2..<3)]),
        ModelCase(.unigramFusedPiece, "zxy", [.t(2, "z", 0..<1), .t(1, "xy", 1..<3)]),
        ModelCase(.unigramPositiveScores, "abab", [.t(4, "abab", 0..<4)]),
        ModelCase(.unigramPositiveScores, "ababab", [.t(1, "ab", 0..<2), .t(4, "abab", 2..<6)]),
        ModelCase(.unigramPositiveScores, "aba", [.t(1, "ab", 0..<2), .t(2, "a", 2..<3)]),
    ]
}

/// An expected token: id, text, offsets in Unicode scalars.
struct ExpectedToken: Sendable {
    let id: UInt32
    let token: String
    let offsets: Range<Int>

    static func t(_ id: UInt32, _ token: String, _ offsets: Range<Int>) -> ExpectedToken {
        ExpectedToken(id: id, token: token, offsets: offsets)
    }
}

/// The tiny models the cases run on.
enum TinyModel: String, Sendable, CaseIterable {
    case wordPiece, wordPieceNoSuffixC, wordPieceMax5, wordPieceAtPrefix, wordPieceEmptyPrefix, wordLevel, unigramDoc, unigramTies, unigramUnknownTies, unigramMultibyte, unigramByteFallback, unigramDuplicates, unigramLiteralUnknown, unigramFusedPiece, unigramPositiveScores

    var json: String {
        switch self {
        case .wordPiece: ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "a": 4, "##a": 5, "##b": 6, "ab": 7, "abc": 8, "##bc": 9, "é": 10, "##é": 11, "日本": 12, "##語": 13, "##本語": 14, "日": 15, "x": 16, "##c": 17}}"###
        case .wordPieceNoSuffixC: ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "a": 4, "##a": 5, "##b": 6, "ab": 7, "abc": 8, "##bc": 9, "é": 10, "##é": 11, "日本": 12, "##語": 13, "##本語": 14, "日": 15, "x": 16}}"###
        case .wordPieceMax5: ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 5, "vocab": {"[UNK]": 0, "un": 1, "##aff": 2, "##able": 3, "a": 4, "##a": 5, "##b": 6, "ab": 7, "abc": 8, "##bc": 9, "é": 10, "##é": 11, "日本": 12, "##語": 13, "##本語": 14, "日": 15, "x": 16, "##c": 17}}"###
        case .wordPieceAtPrefix: ###"{"type": "WordPiece", "unk_token": "<unk>", "continuing_subword_prefix": "@@", "max_input_chars_per_word": 100, "vocab": {"<unk>": 0, "he": 1, "@@llo": 2, "@@l": 3, "@@o": 4, "h": 5}}"###
        case .wordPieceEmptyPrefix: ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "", "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0, "he": 1, "llo": 2, "l": 3, "o": 4}}"###
        case .wordLevel: ###"{"type": "WordLevel", "unk_token": "<unk>", "vocab": {"<unk>": 0, "hello": 1, "wörld": 2, "日本語": 3}}"###
        case .unigramDoc: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["a", 0.0], ["b", 0.0], ["c", 0.0], ["d", 0.0], ["cd", 1.0], ["ab", 2.0], ["abc", 5.0], ["abcd", 10.0]]}"###
        case .unigramTies: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["a", -1.0], ["b", -1.0], ["ab", -2.0], ["bc", -2.0], ["c", -1.0]]}"###
        case .unigramUnknownTies: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", -5.0], ["a", -1.0], ["xa", -6.0], ["ay", -11.0]]}"###
        case .unigramMultibyte: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["▁", -1.0], ["▁日本", -2.0], ["日", -3.0], ["本", -3.0], ["語", -4.0], ["é", -2.0]]}"###
        case .unigramByteFallback: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": true, "vocab": [["<unk>", 0.0], ["a", -1.0], ["<0xC3>", -1.0], ["<0xA9>", -1.0], ["<0xE2>", -1], ["<0x82>", -1]]}"###
        case .unigramDuplicates: ###"{"type": "Unigram", "unk_id": 1, "byte_fallback": false, "vocab": [["a", -1.0], ["<unk>", 0.0], ["a", -3.0], ["b", -2.0]]}"###
        case .unigramLiteralUnknown: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["a", 0.0], ["b", 0.0], ["c", 0.0], ["d", 0.0], ["cd", 1.0], ["ab", 2.0], ["abc", 5.0], ["abcd", 10.0]]}"###
        case .unigramFusedPiece: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 30.0], ["xy", 30.0], ["z", 31.0]]}"###
        case .unigramPositiveScores: ###"{"type": "Unigram", "unk_id": 0, "byte_fallback": false, "vocab": [["<unk>", 0.0], ["ab", 0.5], ["a", 0.2], ["b", 0.2], ["abab", 1.4]]}"###
        }
    }

    func tokenizer() throws -> Tokenizer { try Self.tokenizer(model: json) }

    static func tokenizer(model: String) throws -> Tokenizer {
        try Tokenizer(json: Array(#"{"version": "1.0", "model": \#(model)}"#.utf8), source: "test")
    }
}

/// A small deterministic random source for the property tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Sequence where Element: Equatable {
    /// Adjacent duplicates removed (byte-fallback tokens share their string's offsets).
    fileprivate func uniqued() -> [Element] {
        var result: [Element] = []
        for e in self where result.last != e { result.append(e) }
        return result
    }
}

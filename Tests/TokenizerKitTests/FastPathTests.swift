import Foundation
import Testing
@testable import TokenizerKit

/// The ids-only path (`encodeIDs`, with its byte-level fast plan and word caches) must give exactly the
/// ids of the full pipeline (`encode(...).ids`, which conformance checks against the reference), on
/// real tokenizers and real text.
@Suite struct FastPathTests {
    static let shared = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let available = FileManager.default.fileExists(atPath: shared.appendingPathComponent("vocab").path)

    /// One per scanner and post-processor shape, the SentencePiece-style ones, the WordPiece and Unigram plans
    /// (bert-base-uncased, t5-small), and some without a fast plan.
    static let tokenizers = [
        "gpt2", "cl100k-base", "o200k-base", "roberta-base", "qwen2-style-tiny-torchtune", "whisper-tiny", "clip", "llama",
        "phi-3-mini", "chatglm", "gemma-style-cropped-torchtune", "bert-base-uncased", "t5-small",
    ]

    /// Lines for the SentencePiece plan's edges: added tokens (llama's are matched on normalized text, with
    /// the marker in the pattern: "▁<s>"), literal "▁" next to spaces, runs of spaces, unknown characters,
    /// byte fallback, a word longer than the cache's limit.
    static let sentencePieceLines = [
        "", " ", "  ", "▁", " ▁", "▁ ", "a▁b", "a ▁b", "a▁ b", "a▁▁b  c   d", "▁▁▁", " a", "a ", "  a  ",
        "<s>", " <s>", "<s> ", "a<s>b", "a <s> b", "a  <s>  b", "<s><s>", "<s> <s>", "x</s>", "x </s> <unk> y",
        "<unk>", "▁<s>", "a▁<s>b", "< s>", "<", "a <", "<|user|>hi<|end|>\n<|assistant|>", "<|user|> hi <|end|> x",
        "hello <|endoftext|> world", "tab\there", "\u{10FFFF} \u{E000}\u{E001} 😀😀 a\u{0}b", "日本語のテキスト 日本",
        String(repeating: "long", count: 100), String(repeating: "x ", count: 300), "a\rb\r",
    ]

    @Test(.enabled(if: available || isCI, "../shared is not beside the repository"),
          arguments: ["llama", "phi-3-mini"])
    func sentencePieceEdgesMatchFullPipeline(name: String) throws {
        try #require(Self.available, "../shared/vocab is missing (CI must have it)")
        let tokenizer = try Tokenizer(contentsOfFile: Self.shared.appendingPathComponent("vocab/\(name)/tokenizer.json").path)
        #expect(tokenizer.sentencePiecePlan != nil)
        var fast = EncodingWorkspace()
        fast.includesTokenStrings = false
        for special in [false, true] {
            // Twice: the second pass answers from the word caches.
            for line in Self.sentencePieceLines + Self.sentencePieceLines {
                var ids: [UInt32] = []
                var text = line
                try text.withUTF8 { try tokenizer.encodeIDs(utf8: $0, addingSpecialTokens: special, using: &fast, into: &ids) }
                var full = EncodingWorkspace()
                let expected = try tokenizer.encode(line, addingSpecialTokens: special, using: &full).ids
                #expect(ids == expected, "\(name) special=\(special): \(line.prefix(60).debugDescription)")
            }
        }
    }

    /// Pipelines the SentencePiece plan must refuse: a vocabulary token with "▁" after another character
    /// (a merge could cross a cut), a pre-tokenizer, no "▁" in the vocabulary.
    @Test func sentencePiecePlanRefusesUnsafeVocabularies() throws {
        func tokenizer(vocab: String, merges: String, preTokenizer: String = "null") throws -> Tokenizer {
            let json = """
            {"version": "1.0", "added_tokens": [], "pre_tokenizer": \(preTokenizer), "post_processor": null, "decoder": null,
             "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                            {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
             "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "fuse_unk": true, "byte_fallback": true,
                       "vocab": {\(vocab)}, "merges": [\(merges)]}}
            """
            return try Tokenizer(json: Array(json.utf8))
        }
        let base = #""<unk>": 0, "▁": 1, "a": 2, "b": 3, "▁a": 4"#
        #expect(try tokenizer(vocab: base, merges: #"["▁", "a"]"#).sentencePiecePlan != nil)
        #expect(try tokenizer(vocab: base + #", "a▁": 5"#, merges: #"["▁", "a"], ["a", "▁"]"#).sentencePiecePlan == nil)
        #expect(try tokenizer(vocab: base + #", "b▁a": 5"#, merges: #"["▁", "a"], ["b", "▁a"]"#).sentencePiecePlan == nil)
        #expect(try tokenizer(vocab: base, merges: #"["▁", "a"]"#, preTokenizer: #"{"type": "WhitespaceSplit"}"#).sentencePiecePlan == nil)
        #expect(try tokenizer(vocab: #""<unk>": 0, "a": 2, "b": 3"#, merges: "").sentencePiecePlan == nil)
        let safe = try tokenizer(vocab: base + #", "▁▁": 5, "▁▁a": 6"#, merges: #"["▁", "a"], ["▁", "▁"], ["▁▁", "a"]"#)
        #expect(safe.sentencePiecePlan != nil)
        var workspace = EncodingWorkspace()
        for line in ["a", "a  a", " b ▁a", "ab  ▁ba", "c a"] {
            var ids: [UInt32] = []
            var text = line
            try text.withUTF8 { try safe.encodeIDs(utf8: $0, addingSpecialTokens: false, using: &workspace, into: &ids) }
            #expect(ids == (try safe.encode(line, addingSpecialTokens: false).ids), "\(line.debugDescription)")
        }
    }

    /// Lines where the plans' tables and cuts could go wrong: every ASCII byte, controls inside words,
    /// CR LF, runs of whitespace, combining marks and prepended marks next to spaces, non-ASCII spaces,
    /// words longer than WordPiece's limit, added tokens inside text.
    static let trickyLines: [String] = {
        let ascii = String(decoding: (1..<128).filter { $0 != 0x0A }.map { UInt8($0) }, as: UTF8.self)
        var lines = [ascii, String(ascii.reversed()), "tab\tsep\t\tx", "cr\rin\r\r line\r", "crlf\r\nnext\r\n",
                     "  lead and   trail  ", "\u{0}nul\u{0} x\u{7F}y \u{0B}v\u{0C}f a\u{1}\u{2}b \u{1}\u{1} c",
                     "e\u{301} cafe\u{301} caf\u{E9} \u{301}x a \u{301} b", "\u{600} a \u{600}a", "日本語 text 中文mixed 한국어",
                     "\u{A0}nbsp\u{A0}x \u{3000}ideo", "hello\u{2581}world \u{2581}x \u{2581}", "\u{200D} a\u{200D} \u{FEFF}bom 👍🏽 x",
                     String(repeating: "A", count: 150), String(repeating: "ab", count: 50) + " " + String(repeating: "y", count: 100)
                        + " " + String(repeating: "z", count: 101) + " x" + String(repeating: "\u{1}", count: 120) + "y",
                     "[CLS] [SEP] <extra_id_0> </s> <pad>x[MASK]y <unk>", "don't e-mail @user #tag 3.14 1,000 $+^`~|<>="]
        for scalar in ascii.unicodeScalars { lines.append("a\(scalar)b \(scalar)x\(scalar) \(scalar)\(scalar)The\(scalar)") }
        return lines
    }()

    /// A sample of every corpus file: its first lines, kept short so the test stays fast in debug builds.
    static func sampleLines() throws -> [String] {
        let corpus = shared.appendingPathComponent("corpus")
        var lines: [String] = []
        let files = FileManager.default.enumerator(at: corpus, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "txt" }.sorted { $0.path < $1.path } ?? []
        for file in files {
            let data = try Data(contentsOf: file).prefix(1 << 16)
            guard let text = String(data: data, encoding: .utf8) ?? String(validating: Array(data.dropLast(3)), as: UTF8.self) else { continue }
            lines += text.split(separator: "\n", omittingEmptySubsequences: false).prefix(12).map(String.init)
        }
        return lines + trickyLines
    }

    @Test(.enabled(if: available || isCI, "../shared is not beside the repository"), arguments: tokenizers)
    func idsOnlyPathMatchesFullPipeline(name: String) throws {
        try #require(Self.available, "../shared/vocab is missing (CI must have it)")
        let tokenizer = try Tokenizer(contentsOfFile: Self.shared.appendingPathComponent("vocab/\(name)/tokenizer.json").path)
        let lines = try Self.sampleLines()
        #expect(lines.count > 300)
        var fast = EncodingWorkspace()
        fast.includesTokenStrings = false
        var full = EncodingWorkspace()
        for special in [false, true] {
            for (n, line) in lines.enumerated() {
                var ids: [UInt32] = []
                var text = line
                try text.withUTF8 { try tokenizer.encodeIDs(utf8: $0, addingSpecialTokens: special, using: &fast, into: &ids) }
                let expected = try tokenizer.encode(line, addingSpecialTokens: special, using: &full).ids
                #expect(ids == expected, "\(name) line \(n) special=\(special): \(line.prefix(60).debugDescription)")
                if ids != expected { return }
            }
        }
    }

    /// One workspace used by several tokenizers in turn: its word caches must not hand one tokenizer the
    /// tokens another one cached (gpt2 and cl100k split the same words into different ids; llama goes
    /// through the general path's model cache).
    @Test(.enabled(if: available || isCI, "../shared is not beside the repository"))
    func workspaceSharedByTokenizersKeepsTheirResultsApart() throws {
        try #require(Self.available, "../shared/vocab is missing (CI must have it)")
        let tokenizers = try ["gpt2", "cl100k-base", "llama", "o200k-base"].map {
            try Tokenizer(contentsOfFile: Self.shared.appendingPathComponent("vocab/\($0)/tokenizer.json").path)
        }
        let lines = Array(try Self.sampleLines().prefix(120))
        var shared = EncodingWorkspace()
        shared.includesTokenStrings = false
        var differing = 0
        for (n, line) in lines.enumerated() {
            var previous: [UInt32]? = nil
            for (t, tokenizer) in tokenizers.enumerated() {
                var fresh = EncodingWorkspace()
                let expected = try tokenizer.encode(line, addingSpecialTokens: false, using: &fresh).ids
                var ids: [UInt32] = []
                var text = line
                try text.withUTF8 { try tokenizer.encodeIDs(utf8: $0, addingSpecialTokens: false, using: &shared, into: &ids) }
                #expect(ids == expected, "tokenizer \(t) line \(n): \(line.prefix(60).debugDescription)")
                #expect(try tokenizer.encode(line, addingSpecialTokens: false, using: &shared).ids == expected, "tokenizer \(t) line \(n), encode")
                if let previous, previous != expected { differing += 1 }
                previous = expected
            }
        }
        // The check means something only if the tokenizers disagree on many lines.
        #expect(differing > 100)
    }

    /// Whole encodings (`encode`, `encode(batch:)`): the fast plans must build exactly the `Encoding` the
    /// general path builds (every field: ids, tokens, offsets in both units, word ids, masks), with and
    /// without special tokens, for pairs too, and with token strings left out.
    @Test(.enabled(if: available || isCI, "../shared is not beside the repository"), arguments: tokenizers)
    func wholeEncodingsMatchTheGeneralPath(name: String) throws {
        try #require(Self.available, "../shared/vocab is missing (CI must have it)")
        let fast = try Tokenizer(contentsOfFile: Self.shared.appendingPathComponent("vocab/\(name)/tokenizer.json").path)
        var general = fast
        general.usesFastPlans = false
        let lines = try Self.sampleLines()
        var fastWorkspace = EncodingWorkspace()
        var generalWorkspace = EncodingWorkspace()
        var failures = 0
        // Every third line (a debug build runs the general path slowly), offsets in scalars and in bytes.
        for (n, line) in lines.enumerated() where n % 3 == 0 && failures < 3 {
            let pair = n % 7 == 0 ? lines[(n * 31) % lines.count] : nil
            for unit in [OffsetUnit.scalars, .bytes] {
                let special = n % 2 == 0
                let got = try fast.encode(line, pair: pair, addingSpecialTokens: special, offsets: unit, using: &fastWorkspace)
                let expected = try general.encode(line, pair: pair, addingSpecialTokens: special, offsets: unit, using: &generalWorkspace)
                if got != expected { failures += 1 }
                #expect(got == expected, "\(name) line \(n) \(unit): \(line.prefix(60).debugDescription)")
            }
        }
        // Without token strings (ByteLevel's offset trimming needs them, so both paths skip it).
        var fastWithoutStrings = EncodingWorkspace()
        fastWithoutStrings.includesTokenStrings = false
        var generalWithoutStrings = EncodingWorkspace()
        generalWithoutStrings.includesTokenStrings = false
        for line in lines.prefix(100) {
            let got = try fast.encode(line, addingSpecialTokens: true, using: &fastWithoutStrings)
            let expected = try general.encode(line, addingSpecialTokens: true, using: &generalWithoutStrings)
            #expect(got == expected, "\(name) without token strings: \(line.prefix(60).debugDescription)")
        }
        let batch = Array(lines.prefix(150))
        #expect(try fast.encode(batch: batch, threads: 2) == general.encode(batch: batch, threads: 2))
    }
}

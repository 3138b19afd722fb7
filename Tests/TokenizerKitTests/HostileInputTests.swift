import Foundation
import Testing
@testable import TokenizerKit

/// Hostile inputs (issue 14): each gets a clear error or the reference's result, in time and memory bounded
/// by its size. Nothing here measures time: the bounds come from the algorithms (a regex step budget linear
/// in the text, a JSON depth limit, linear merge and lattice passes).
@Suite struct HostileInputTests {
    /// A WordLevel tokenizer whose pre-tokenizer (or normalizer) is `component`.
    static func wordLevel(preTokenizer: String = "null", normalizer: String = "null") -> [UInt8] {
        Array("""
        {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
         "normalizer": \(normalizer), "pre_tokenizer": \(preTokenizer), "post_processor": null, "decoder": null,
         "model": {"type": "WordLevel", "vocab": {"[UNK]": 0, "a": 1, "b": 2}, "unk_token": "[UNK]"}}
        """.utf8)
    }

    static let catastrophicSplit = #"{"type": "Split", "pattern": {"Regex": "(a+)+b"}, "behavior": "Isolated", "invert": false}"#

    // MARK: 1. catastrophic backtracking

    @Test func catastrophicSplitRegexThrowsNamingThePattern() throws {
        let tokenizer = try Tokenizer(json: Self.wordLevel(preTokenizer: Self.catastrophicSplit))
        // 2^40 paths: without the step budget ICU runs for hours; the reference panics "retry-limit-in-match over".
        #expect(throws: TokenizerError.regexLimitExceeded(pattern: "(a+)+b")) {
            try tokenizer.encode(String(repeating: "a", count: 40))
        }
        // The ids-only path too, and the failure does not leak into the next encode on this thread.
        var workspace = EncodingWorkspace()
        var ids: [UInt32] = []
        var text = String(repeating: "a", count: 40)
        #expect(throws: TokenizerError.regexLimitExceeded(pattern: "(a+)+b")) {
            try text.withUTF8 { try tokenizer.encodeIDs(utf8: $0, using: &workspace, into: &ids) }
        }
        #expect(try tokenizer.encode("aab").ids == [0]) // "aab" is one piece, outside the vocabulary: [UNK]
    }

    @Test func catastrophicReplaceRegexThrows() throws {
        let replace = #"{"type": "Replace", "pattern": {"Regex": "(a|aa)+c"}, "content": "x"}"#
        let tokenizer = try Tokenizer(json: Self.wordLevel(normalizer: replace))
        #expect(throws: TokenizerError.regexLimitExceeded(pattern: "(a|aa)+c")) {
            try tokenizer.encode(String(repeating: "a", count: 60))
        }
    }

    /// The budget grows with the text: a legitimate pattern on a long text is never cut.
    @Test func legitimateRegexOnALongTextIsNotCut() throws {
        let split = #"{"type": "Split", "pattern": {"Regex": "a(?=a)|b+"}, "behavior": "Isolated", "invert": false}"#
        let tokenizer = try Tokenizer(json: Self.wordLevel(preTokenizer: split))
        let encoding = try tokenizer.encode(String(repeating: "a", count: 2_000_000))
        #expect(encoding.ids.count == 2_000_000)
        #expect(encoding.ids.allSatisfy { $0 == 1 })
    }

    /// ICU's backtrack stack grows with the text too: `(?:a|b)+` takes a frame per character, past ICU's
    /// default 8 MB on a 2 MB run, where the reference matches the whole run.
    @Test func legitimateLoopOnALongRunIsNotCut() throws {
        let split = #"{"type": "Split", "pattern": {"Regex": "(?:a|b)+"}, "behavior": "Removed", "invert": false}"#
        let tokenizer = try Tokenizer(json: Self.wordLevel(preTokenizer: split))
        #expect(try tokenizer.encode(String(repeating: "ab", count: 1_000_000)).ids == [])
    }

    /// The budget (10 million saved states plus 256 per byte) against the patterns tokenizers ship: every
    /// `Split` and `Replace` regex of the shared tokenizer.json files and gpt2's, searched by ICU (not the
    /// hand-written scanners) over 1 MB runs built to be hard for them and over 1 MB of real C source. The
    /// runs need up to 16 states per byte, so each search passes the 10 million and is held to the per-byte
    /// part of the budget; none may be cut.
    @Test(.enabled(if: SharedTestData.available, "needs ../shared/vocab and ../shared/corpus"))
    func shippedPatternsOnHardLongRunsAreNotCut() throws {
        var patterns: Set<String> = [ByteLevelPreTokenizer.gpt2Pattern]
        func collect(_ value: Any?) {
            if let object = value as? [String: Any] {
                if let type = object["type"] as? String, type == "Split" || type == "Replace",
                   let regex = (object["pattern"] as? [String: Any])?["Regex"] as? String {
                    patterns.insert(regex)
                }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        for name in SharedTestData.tokenizerNames {
            let data = try Data(contentsOf: URL(fileURLWithPath: SharedTestData.tokenizerPath(name)))
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            collect(json?["normalizer"])
            collect(json?["pre_tokenizer"])
        }
        #expect(patterns.count >= 6, "\(patterns)")
        let source = try Data(contentsOf: SharedTestData.corpus.appendingPathComponent("code/c.txt")).prefix(1_000_000)
        let texts: [(String, [UInt8])] = [
            ("' 1' × 500,000", Array(String(repeating: " 1", count: 500_000).utf8)),
            ("'7' × 1,000,000", Array(String(repeating: "7", count: 1_000_000).utf8)),
            ("'ABCdef ' × 140,000", Array(String(repeating: "ABCdef ", count: 140_000).utf8)),
            ("\" '\" × 500,000", Array(String(repeating: " '", count: 500_000).utf8)),
            ("'A' + 50 × U+0301, × 10,000", Array(String(repeating: "A" + String(repeating: "\u{301}", count: 50), count: 10_000).utf8)),
            ("c.txt, 1 MB", Array(source)),
        ]
        for pattern in patterns.sorted() {
            let regex = try ICURegex(RegexDialects.onigurumaForICU(pattern))
            for (label, text) in texts {
                var matches: [Range<Int>] = []
                text.withUnsafeBufferPointer { regex.appendMatches(in: $0, to: &matches) }
                #expect(ICURegex.takeFailure() == nil, "\(pattern) on \(label)")
            }
        }
    }

    @Test func tokEncodeNamesFileLineAndPattern() throws {
        try withTemporaryDirectory { directory in
            let tokenizer = directory.appendingPathComponent("tokenizer.json")
            try Data(Self.wordLevel(preTokenizer: Self.catastrophicSplit)).write(to: tokenizer)
            let input = directory.appendingPathComponent("in.txt")
            try Data("a b\n\(String(repeating: "a", count: 40))\n".utf8).write(to: input)
            let result = try Tok.run(["encode", "-t", tokenizer.path, input.path])
            #expect(result.status != 0)
            #expect(result.stderrText.contains("\(input.path):2"), "stderr: \(result.stderrText)")
            #expect(result.stderrText.contains("(a+)+b"), "stderr: \(result.stderrText)")
            #expect(result.stderrText.contains("step limit"), "stderr: \(result.stderrText)")
        }
    }

    /// Training stops at a line whose words a regex could not split, naming the input, the line and the
    /// pattern, instead of counting that line's words short.
    @Test func trainingNamesTheLineWhereARegexFailed() throws {
        let tokenizer = try Tokenizer(json: Self.wordLevel(preTokenizer: Self.catastrophicSplit))
        let counter = WordCounter(tokenizer: tokenizer, threads: 1)
        let text = "a b\nb a\n\(String(repeating: "a", count: 40))\nb\n"
        #expect(throws: TokenizerError.inInput(source: "corpus.txt", line: 3, underlying: .regexLimitExceeded(pattern: "(a+)+b"))) {
            try counter.count([TextChunk(lines: Array(text.utf8), source: "corpus.txt")])
        }
        try withTemporaryDirectory { directory in
            let base = directory.appendingPathComponent("tokenizer.json")
            try Data(Self.wordLevel(preTokenizer: Self.catastrophicSplit)).write(to: base)
            let input = directory.appendingPathComponent("in.txt")
            try Data(text.utf8).write(to: input)
            let output = directory.appendingPathComponent("out.json")
            let result = try Tok.run(["train", "-t", base.path, "--model", "wordlevel", "--vocab-size", "10", "--quiet",
                                      "-o", output.path, input.path])
            #expect(result.status != 0)
            #expect(result.stderrText.contains("\(input.path):3: regular expression (a+)+b"), "stderr: \(result.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: output.path))
        }
    }

    // MARK: 2 and 3. long words and long runs

    /// A million repetitions of one character, of `'s` and of U+0301, and one 8 MB line of letters without
    /// spaces (one word for gpt2's and BERT's pre-tokenizers and for t5's Metaspace), through byte-level BPE
    /// (gpt2), WordPiece (bert-base-uncased) and Unigram (t5-small): the number of ids and their FNV-1a
    /// digest, as the reference gives them (`scripts/hostile_expected.py` prints these rows).
    static let longInputs: [(name: String, input: String, ids: Int, digest: UInt64)] = [
        ("gpt2", "a", 250_000, 0x8846_a021_9ac2_1625),
        ("gpt2", "'s", 1_000_000, 0x3ab2_a2dc_6e6c_09a5),
        ("gpt2", "U+0301", 2_000_000, 0x7629_5121_1f5c_ff25),
        ("gpt2", "letters(8_000_000)", 4_768_696, 0x6072_c638_bd71_5664),
        ("bert-base-uncased", "a", 3, 0x9122_f295_7e12_1422),
        ("bert-base-uncased", "'s", 2_000_002, 0x83dd_3c26_f68f_0f06),
        ("bert-base-uncased", "U+0301", 2, 0xadc5_7d4d_8de1_e486),
        ("bert-base-uncased", "letters(8_000_000)", 3, 0x9122_f295_7e12_1422),
        ("t5-small", "a", 1_000_002, 0xf57c_fcc0_2efd_ea77),
        ("t5-small", "'s", 2_000_002, 0xbc50_e313_96dd_2077),
        ("t5-small", "U+0301", 3, 0xabb0_5270_b835_c595),
        ("t5-small", "letters(8_000_000)", 6_552_299, 0xea57_7811_6d30_165c),
    ]

    static func input(_ label: String) -> String {
        switch label {
        case "a": String(repeating: "a", count: 1_000_000)
        case "'s": String(repeating: "'s", count: 1_000_000)
        case "U+0301": String(repeating: "\u{301}", count: 1_000_000)
        default: letters(8_000_000)
        }
    }

    /// A 100 MB line without spaces through `tok encode` with bert-base-uncased: the reference's result (one
    /// word longer than `max_input_chars_per_word`, so one [UNK]; `tok encode` adds no special tokens unless
    /// asked) in memory bounded by the input's size (measured: 265 MB of peak resident memory; the bound
    /// checked is 10 bytes per input byte).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: SharedTestData.tokenizerPath("bert-base-uncased")), "needs ../shared/vocab"))
    func aHundredMegabyteLineInBoundedMemory() throws {
        let size = 100_000_000
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("line.txt")
            var line = Array(Self.letters(size).utf8)
            line.append(0x0A)
            try Data(line).write(to: input)
            line = []
            let output = directory.appendingPathComponent("ids.txt")
            let (status, peakBytes) = try Self.runMeasuringMemory(try Tok.executable.path, [
                "encode", "-t", SharedTestData.tokenizerPath("bert-base-uncased"), "-o", output.path, input.path])
            #expect(status == 0)
            #expect(try String(contentsOf: output, encoding: .utf8) == "100\n")
            #expect(peakBytes < 10 * size, "peak resident memory \(peakBytes / 1_000_000) MB for a \(size / 1_000_000) MB line")
        }
    }

    /// Runs a program (output to /dev/null) and returns its exit status and peak resident memory in bytes.
    /// A small python3 starts it and reads its children's peak: Linux carries the peak of the process that
    /// spawns a child into the child's own (posix_spawn shares the test process's memory until exec), so
    /// measured straight from this large test process the figure would be this process's, not tok's.
    static func runMeasuringMemory(_ program: String, _ arguments: [String]) throws -> (status: Int32, peakBytes: Int) {
        let script = "import resource, subprocess, sys; d = subprocess.DEVNULL; "
            + "s = subprocess.run(sys.argv[1:], stdin=d, stdout=d, stderr=d).returncode; "
            + "print(s, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
        let (status, output) = try ConformanceEnvironment.run("python3", ["-c", script, program] + arguments)
        let fields = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard status == 0, fields.count == 2 else { throw FixtureError("measuring \(program) failed: \(output)") }
        // Linux reports ru_maxrss in kilobytes.
        return (Int32(fields[0]), fields[1] * 1024)
    }

    /// `count` lowercase letters from a 64-bit LCG (Knuth's MMIX constants), as the script makes them.
    static func letters(_ count: Int) -> String {
        var x: UInt64 = 1
        var bytes = [UInt8](repeating: 0, count: count)
        for k in 0..<count {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes[k] = 97 + UInt8((x >> 33) % 26)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// FNV-1a 64 over the ids, each as 4 little-endian bytes.
    static func digest(_ ids: [UInt32]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for id in ids {
            for shift in stride(from: 0, to: 32, by: 8) { h = (h ^ UInt64((id >> UInt32(shift)) & 0xFF)) &* 0x100_0000_01B3 }
        }
        return h
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: SharedTestData.vocabulary.appendingPathComponent("gpt2/tokenizer.json").path), "needs ../shared/vocab"),
          arguments: 0..<12)
    func longInputsLikeTheReference(_ row: Int) throws {
        let (name, label, idCount, digest) = Self.longInputs[row]
        let tokenizer = try Tokenizer(contentsOfFile: SharedTestData.vocabulary.appendingPathComponent("\(name)/tokenizer.json").path)
        let ids = try tokenizer.encode(Self.input(label)).ids
        #expect(ids.count == idCount, "\(name), \(label)")
        #expect(Self.digest(ids) == digest, "\(name), \(label)")
    }

    // MARK: 4. deep JSON

    @Test(arguments: ["[", "{\"a\":"])
    func deeplyNestedJSONIsRefused(_ opener: String) throws {
        let depth = 100_000
        let closer = opener == "[" ? "]" : "}"
        let text = String(repeating: opener, count: depth) + "1" + String(repeating: closer, count: depth)
        do {
            _ = try Tokenizer(json: Array(text.utf8))
            Issue.record("a JSON document nested \(depth) deep was accepted")
        } catch let error as TokenizerError {
            #expect(error.description.contains("nest"), "\(error)")
        }
    }

    @Test func deeplyNestedJSONInTokDecodeAndVocabularyFiles() throws {
        try withTemporaryDirectory { directory in
            let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
            for name in ["tokenizer.json", "tekken.json", "vocab.json"] {
                let file = directory.appendingPathComponent(name)
                try Data(deep.utf8).write(to: file)
                let result = try Tok.run(["encode", "-t", file.path], standardInput: Data("hello\n".utf8))
                #expect(result.status != 0 && result.status < 128, "\(name): status \(result.status)")
                #expect(!result.stderrText.isEmpty, "\(name): no message")
            }
        }
    }

    @Test func deeplyNestedChatContextIsRefused() throws {
        try withTemporaryDirectory { directory in
            let template = directory.appendingPathComponent("t.jinja")
            try Data("{{ x }}".utf8).write(to: template)
            let context = directory.appendingPathComponent("context.json")
            try Data(("{\"x\": " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}").utf8)
                .write(to: context)
            let result = try Tok.run(["chat", "--template", template.path, "--context", context.path])
            #expect(result.status == 1)
            #expect(result.stderrText.contains("context.json:1:"), "\(result.stderrText)")
            #expect(result.stderrText.contains("nesting too deep"), "\(result.stderrText)")
        }
    }

    // MARK: 5. ids that are not token ids

    @Test(arguments: ["99999999999", "-1", "1.5", "4294967296", "1e3"])
    func tokDecodeRefusesANonID(_ field: String) throws {
        let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        let result = try Tok.run(["decode", "-t", tokenizer], standardInput: Data("1 \(field)\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderrText.contains(":1: `\(field)` (item 2) is not a token id"), "stderr: \(result.stderrText)")
    }

    @Test func decodeRefusesAnIDOutsideTheVocabulary() throws {
        let tokenizer = try Tokenizer(json: Self.wordLevel())
        #expect(throws: TokenizerError.unknownID(4_294_967_295)) { try tokenizer.decode([1, 4_294_967_295]) }
    }

    // MARK: 5 and 6. odd numbers, duplicates and gaps in vocabularies

    static func tokenizerJSON(model: String) -> [UInt8] {
        Array("""
        {"version": "1.0", "truncation": null, "padding": null, "added_tokens": [], "normalizer": null,
         "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null, "model": \(model)}
        """.utf8)
    }

    static func bpe(_ vocab: String, _ merges: String) -> String {
        #"{"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null, "end_of_word_suffix": null, "#
            + #""fuse_unk": false, "byte_fallback": false, "ignore_merges": false, "vocab": \#(vocab), "merges": \#(merges)}"#
    }

    static func wordPiece(_ vocab: String) -> String {
        ###"{"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100, "vocab": \###(vocab)}"###
    }

    static func unigram(_ vocab: String, unkID: String = "0") -> String {
        #"{"type": "Unigram", "unk_id": \#(unkID), "vocab": \#(vocab), "byte_fallback": false}"#
    }

    static func wordLevelModel(_ vocab: String) -> String {
        #"{"type": "WordLevel", "vocab": \#(vocab), "unk_token": "[UNK]"}"#
    }

    /// Each model as the reference (0.23.3) takes it: the ids of "a ab b ba", or the part of our error that
    /// names the JSON path (where the reference fails to load too). A later duplicate key wins; duplicate
    /// ids, gaps and ids up to 2^32-1 are accepted.
    enum Outcome: Sendable { case ids([UInt32]), error(String) }

    static let vocabularyCases: [(model: String, result: Outcome)] = [
        (wordLevelModel(#"{"[UNK]": 0, "a": 1, "a": 2, "b": 3}"#), .ids([2, 0, 3, 0])),
        (wordLevelModel(#"{"[UNK]": 0, "a": 1, "b": 1}"#), .ids([1, 0, 1, 0])),
        (wordLevelModel(#"{"[UNK]": 0, "a": 1, "b": 5}"#), .ids([1, 0, 5, 0])),
        (wordLevelModel(#"{"[UNK]": 0, "a": 4294967295}"#), .ids([4_294_967_295, 0, 0, 0])),
        (wordLevelModel(#"{"[UNK]": 0, "a": 99999999999}"#), .error("model.vocab.a: expected a non-negative 32-bit integer")),
        (wordLevelModel(#"{"[UNK]": 0, "a": -1}"#), .error("model.vocab.a: expected a non-negative 32-bit integer")),
        (wordLevelModel(#"{"[UNK]": 0, "a": 1.5}"#), .error("model.vocab.a: expected an integer")),
        (wordLevelModel(#"{"[UNK]": 0, "a": 1.0}"#), .error("model.vocab.a: expected an integer")),
        (bpe(#"{"a": 0, "b": 1, "ab": 2}"#, #"[["a", "c"]]"#), .error("model.merges[0]: merge token `c` is not in the vocabulary")),
        (bpe(#"{"a": 0, "b": 1}"#, #"[["a", "b"]]"#), .error("model.merges[0]: merge result `ab` is not in the vocabulary")),
        (bpe(#"{"a": 0, "b": 0, "ab": 2}"#, #"[["a", "b"]]"#), .ids([0, 2, 0, 2])),
        (bpe(#"{"a": 0, "b": 7, "ab": 2}"#, #"[["a", "b"]]"#), .ids([0, 2, 7, 7, 0])),
        (bpe(#"{"a": 0, "b": 1, "a": 2, "ab": 3}"#, #"[["a", "b"]]"#), .ids([2, 3, 1, 1, 2])),
        (bpe(#"{"a": 0, "b": 1, "ab": 2}"#, #"[["a", "b"], ["a", "b"]]"#), .ids([0, 2, 1, 1, 0])),
        (bpe(#"{"a": 0, "b": 1, "ab": 4294967295}"#, #"[["a", "b"]]"#), .ids([0, 4_294_967_295, 1, 1, 0])),
        (wordPiece(###"{"[UNK]": 0, "a": 1, "##b": 1}"###), .ids([1, 1, 1, 0, 0])),
        (wordPiece(###"{"[UNK]": 0, "a": 1, "##b": 9}"###), .ids([1, 1, 9, 0, 0])),
        (wordPiece(###"{"[UNK]": 0, "a": 1, "a": 2, "##b": 3}"###), .ids([2, 2, 3, 0, 0])),
        (wordPiece(###"{"[UNK]": 4294967295, "a": 1, "##b": 3}"###), .ids([1, 1, 3, 4_294_967_295, 4_294_967_295])),
        (wordPiece(###"{"a": 0, "##b": 1}"###), .error("the unknown token `[UNK]` is not in the vocabulary")),
        (unigram(#"[["<unk>", 0.0], ["a", -1.0], ["a", -2.0], ["b", -1.5]]"#), .ids([2, 2, 3, 3, 3, 2])),
        (unigram(#"[["<unk>", 0.0], ["a", -1.0]]"#, unkID: "5"), .error("model.unk_id: unk_id 5 is not smaller than the vocabulary size 2")),
        (unigram(#"[["<unk>", 0.0], ["a", -1.0]]"#, unkID: "-1"), .error("model.unk_id: expected a non-negative integer")),
        (unigram(#"[["<unk>", 0.0], ["a", "x"]]"#), .error("model.vocab[1][1]: expected a number")),
        (unigram("[]", unkID: "null"), .error("the model has no unknown token")),
    ]

    @Test(arguments: 0..<25)
    func vocabularyLikeTheReference(_ row: Int) throws {
        let (model, expected) = Self.vocabularyCases[row]
        let result = Result { try Tokenizer(json: Self.tokenizerJSON(model: model)).encode("a ab b ba").ids }
        switch (result, expected) {
        case let (.success(ids), .ids(expectedIDs)):
            #expect(ids == expectedIDs, "\(model)")
        case let (.failure(error), .error(fragment)):
            #expect("\(error)".contains(fragment), "\(model): \(error)")
        default:
            Issue.record("\(model): \(result), expected \(expected)")
        }
    }

    /// Huge, negative, fractional, zero and duplicated numbers in `truncation`, `padding`, `added_tokens`
    /// and a `TemplateProcessing`, as the reference takes them (Fixtures/hostile_numbers.json, made by
    /// Fixtures/make_hostile_numbers.py): the same encodings of a batch, or an error where the reference
    /// refuses the file (naming the field) or fails the encode (a stride not below max_length panics there).
    struct NumberCase: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            let ids: [UInt32]
            let attention_mask: [UInt32]
            let type_ids: [UInt32]
            let overflowing: [[UInt32]]
        }
        let field: String
        let value: String
        let json: String
        let outcome: String
        let message: String?
        let encodings: [Expected]?
        let decoded: String?
        let divergence: String?
        var testDescription: String { "\(field): \(value)" }
    }

    struct NumberCases: Decodable { let texts: [String]; let cases: [NumberCase] }

    static let numberCases: NumberCases? = {
        guard let url = try? GoldenFixtures.directory.appendingPathComponent("hostile_numbers.json"),
              let data = try? Data(contentsOf: url) else { return nil }
        return try? JSONDecoder().decode(NumberCases.self, from: data)
    }()

    @Test func numberCasesAreThere() throws {
        let cases = try #require(Self.numberCases, "Fixtures/hostile_numbers.json is missing or unreadable")
        #expect(cases.cases.count >= 40)
    }

    @Test(arguments: numberCases?.cases ?? [])
    func oddNumbersLikeTheReference(_ number: NumberCase) throws {
        let texts = try #require(Self.numberCases).texts
        let loaded = Result { try Tokenizer(json: Array(number.json.utf8)) }
        if let divergence = number.divergence {
            // Refused on purpose where the reference loads a file it then encodes inconsistently.
            guard case let .failure(error) = loaded else { Issue.record("loaded; expected an error: \(divergence)"); return }
            #expect("\(error)".contains(divergence), "\(error)")
            return
        }
        switch (number.outcome, loaded) {
        case let ("load error", .failure(error)):
            #expect("\(error)".contains(number.field), "\(error); the reference: \(number.message ?? "")")
        case let ("load error", .success(tokenizer)):
            Issue.record("loaded (\(tokenizer.summary)); the reference refuses it: \(number.message ?? "")")
        case let ("encode error", .success(tokenizer)):
            #expect(throws: TokenizerError.self, "the reference: \(number.message ?? "")") {
                try tokenizer.encode(batch: texts)
            }
        case let ("ok", .success(tokenizer)):
            let encodings = try tokenizer.encode(batch: texts)
            let expected = try #require(number.encodings)
            #expect(encodings.map(\.ids) == expected.map(\.ids))
            #expect(encodings.map(\.attentionMask) == expected.map(\.attention_mask))
            #expect(encodings.map(\.typeIDs) == expected.map(\.type_ids))
            #expect(encodings.map { $0.overflowing.map(\.ids) } == expected.map(\.overflowing))
            // The reference's decode drops ids outside the vocabulary; ours refuses them (never loses data).
            if let unknown = encodings[0].ids.first(where: { tokenizer.token(forID: $0) == nil }) {
                #expect(throws: TokenizerError.unknownID(unknown)) {
                    try tokenizer.decode(encodings[0].ids, skippingSpecialTokens: false)
                }
            } else {
                #expect(try tokenizer.decode(encodings[0].ids, skippingSpecialTokens: false) == number.decoded)
            }
        case let (_, .failure(error)):
            Issue.record("refused (\(error)); the reference: \(number.outcome)")
        default:
            Issue.record("unknown outcome \(number.outcome)")
        }
    }

    /// Ids far beyond the number of tokens are stored apart; they stay found when later ids grow the dense
    /// table past them, and a token inserted again loses its old id wherever that was stored.
    @Test func outlyingIDsStayFoundWhenTheDenseTableGrows() {
        var vocabulary = Vocabulary(capacity: 4)  // dense below 2 * 16 + 1024 = 1056 at first
        vocabulary.insert(Array("far".utf8), id: 1100)
        for k in 0..<100 { vocabulary.insert(Array("t\(k)".utf8), id: UInt32(1101 + k)) }
        #expect(vocabulary.token(for: 1100) == Array("far".utf8))
        #expect(vocabulary.id(for: Array("far".utf8)) == 1100)
        #expect((0..<100).allSatisfy { vocabulary.token(for: UInt32(1101 + $0)) == Array("t\($0)".utf8) })
        vocabulary.insert(Array("far".utf8), id: 7)
        #expect(vocabulary.token(for: 1100) == nil)
        #expect(vocabulary.token(for: 7) == Array("far".utf8))
        #expect(vocabulary.count == 101)
    }

    // MARK: 7. truncated, empty and invalid files

    @Test(arguments: ["", "{", "{\"model\": {\"type\": \"BPE\", \"vocab\": {\"a\": 0", "\u{FEFF}", "null"])
    func truncatedOrEmptyTokenizerJSONThrows(_ text: String) throws {
        #expect(throws: TokenizerError.self) { try Tokenizer(json: Array(text.utf8)) }
    }

    /// Every loader of `tok -t`, given a truncated file, an empty one or one with invalid UTF-8: a non-zero
    /// exit (never a crash) and a message naming the file and, where there is one, its line.
    @Test func everyLoaderRefusesBrokenFilesNamingFileAndLine() throws {
        try withTemporaryDirectory { directory in
            func write(_ name: String, _ bytes: [UInt8]) throws -> String {
                let url = directory.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(bytes).write(to: url)
                return url.path
            }
            let gpt2 = try Data(contentsOf: URL(fileURLWithPath: try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")))
            let tiktoken = Array("IQ== 0\nIg== 1\nIw== 2\nJA== 3\n".utf8)
            let vocabTXT = Array("[PAD]\n[UNK]\nhello\nworld\n".utf8)
            var cases: [(path: String, expected: String)] = [
                (try write("cut/tokenizer.json", Array(gpt2.prefix(gpt2.count / 2))), "invalid JSON"),
                (try write("empty/tokenizer.json", []), "empty/tokenizer.json"),
                (try write("utf8/tokenizer.json", Array(#"{"model": {"type": "WordLevel", "vocab": {""#.utf8) + [0xFF] + Array(#"": 0}}}"#.utf8)),
                 "tokenizer.json:1:"),
                (try write("cut.tiktoken", tiktoken + Array("JQ".utf8)), "cut.tiktoken:5"),
                (try write("utf8.tiktoken", tiktoken + [0x4A, 0x51, 0x3D, 0x3D, 0x20, 0xFF, 0x0A]), "utf8.tiktoken:5"),
                (try write("utf8/vocab.txt", vocabTXT + [0x61, 0xFF, 0x0A]), "vocab.txt:5: not a valid vocab.txt: not valid UTF-8"),
                (try write("vj/vocab.json", Array(#"{"a": 0, "b": 1, "ab": 2"#.utf8)), "vj/vocab.json:1:"),
            ]
            _ = try write("vj/merges.txt", Array("#version: 0.2\na b\n".utf8))
            _ = try write("vjm/merges.txt", Array("#version: 0.2\na b\n".utf8) + [0x61, 0x20, 0xFF, 0x0A])
            cases.append((try write("vjm/vocab.json", Array(#"{"a": 0, "b": 1, "ab": 2}"#.utf8)), "merges.txt:3"))
            let sentencePiece = SharedTestData.vocabulary.appendingPathComponent("sentencepiece/llama2.model")
            if let model = try? Data(contentsOf: sentencePiece) {
                cases.append((try write("cut.model", Array(model.prefix(5000))), "cut.model: not a valid SentencePiece model"))
            }
            for (path, expected) in cases {
                let result = try Tok.run(["encode", "-t", path], standardInput: Data("hello world\n".utf8))
                #expect(result.status == 1, "\(path): status \(result.status), \(result.stderrText)")
                #expect(result.stderrText.contains(expected), "\(path): \(result.stderrText)")
            }
        }
    }

    @Test func invalidUTF8InTokenizerJSONThrows() throws {
        var bytes = Self.wordLevel()
        let index = bytes.firstIndex(of: UInt8(ascii: "a"))! // in "[UNK]"'s neighbour key "a"
        bytes[index] = 0xFF
        #expect(throws: TokenizerError.self) { try Tokenizer(json: bytes) }
    }

    @Test func tokEncodeOfInvalidUTF8FollowsThePolicy() throws {
        let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        let input = Data("ok\n".utf8) + Data([0x61, 0xC3, 0x28, 0x0A]) + Data("end\n".utf8)
        let failed = try Tok.run(["encode", "-t", tokenizer, "--on-invalid-utf8", "error", "-"], standardInput: input)
        #expect(failed.status != 0)
        #expect(failed.stderrText.contains(":2"), "stderr: \(failed.stderrText)")
        let skipped = try Tok.run(["encode", "-t", tokenizer, "--on-invalid-utf8", "skip", "-"], standardInput: input)
        #expect(skipped.status == 0, "\(skipped.stderrText)")
        let replaced = try Tok.run(["encode", "-t", tokenizer, "--on-invalid-utf8", "replace", "-"], standardInput: input)
        #expect(replaced.status == 0, "\(replaced.stderrText)")
        #expect(GoldenFixtures.lines(of: replaced.stdout).count == 3)
    }

    // MARK: 8. output that cannot be written

    /// `-o` on a 1 MB tmpfs: ENOSPC fails the run at once with the reason, the earlier file stays as it was
    /// and no temporary file is left. Mounting needs root (the /dev/full test below always runs).
    @Test(.enabled(if: geteuid() == 0, "mounting a tmpfs needs root"))
    func tokEncodeToAFullFileSystemLeavesNothing() throws {
        let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        try withTemporaryDirectory { directory in
            let mountPoint = directory.appendingPathComponent("tiny")
            try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
            let mount = try ConformanceEnvironment.run("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint.path])
            guard mount.status == 0 else {
                // Root without the right to mount (a container): reported as not run, never as passed.
                try Test.cancel("not run: mounting a 1 MB tmpfs failed: \(mount.output)")
            }
            defer { _ = try? ConformanceEnvironment.run("umount", [mountPoint.path]) }
            let input = directory.appendingPathComponent("in.txt")
            try Data(String(repeating: "hello world this is a line of text\n", count: 200_000).utf8).write(to: input)
            let output = mountPoint.appendingPathComponent("out.txt")
            try Data("previous\n".utf8).write(to: output)
            let result = try Tok.run(["encode", "-t", tokenizer, "-o", output.path, input.path])
            #expect(result.status == 1)
            #expect(result.stderrText.contains("out.txt: write failed: No space left on device"), "\(result.stderrText)")
            #expect(try Data(contentsOf: output) == Data("previous\n".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint.path) == ["out.txt"])
        }
    }

    /// Standard output on a full device: tok fails at once, with a message, instead of dropping ids.
    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full"), "needs /dev/full"))
    func tokEncodeToAFullDeviceFails() throws {
        let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Data(String(repeating: "hello world\n", count: 100_000).utf8).write(to: input)
            let errors = directory.appendingPathComponent("stderr")
            FileManager.default.createFile(atPath: errors.path, contents: nil)
            let process = Process()
            process.executableURL = try Tok.executable
            process.arguments = ["encode", "-t", tokenizer, input.path]
            let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            let errorHandle = try FileHandle(forWritingTo: errors)
            defer { try? full.close(); try? errorHandle.close() }
            process.standardOutput = full
            process.standardError = errorHandle
            process.standardInput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            let message = String(decoding: try Data(contentsOf: errors), as: UTF8.self)
            #expect(process.terminationStatus != 0, "stderr: \(message)")
            #expect(!message.isEmpty)
        }
    }
}

import Foundation
import Testing
@testable import TokenizerKit

/// tiktoken rank files and tekken.json: recognition by content, encodings against ids from the `tiktoken`
/// package (recorded), errors, and the conformance script against tiktoken itself on a corpus sample.
@Suite struct TiktokenFormatTests {
    static let folder = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/vocab/tiktoken")
    static var hasSharedFiles: Bool { FileManager.default.fileExists(atPath: folder.appendingPathComponent("gpt2.tiktoken").path) }

    /// (file, recognised as, model vocabulary size, special tokens, text, tiktoken's encode(allowed_special="all"),
    /// tiktoken's encode_ordinary) — ids recorded with tiktoken 0.14.0 and scripts/tiktoken_conformance.py's encodings.
    static let cases: [(String, String, Int, Int, String, [UInt32], [UInt32])] = [
        ("gpt2", "r50k_base", 50256, 1, "Hello world", [15496, 995], [15496, 995]),
        ("gpt2", "r50k_base", 50256, 1, "<|endoftext|>x", [50256, 87], [27, 91, 437, 1659, 5239, 91, 29, 87]),
        ("gpt2", "r50k_base", 50256, 1, "a\r\n  ", [64, 201, 198, 220, 220], [64, 201, 198, 220, 220]),
        ("cl100k_base", "cl100k_base", 100256, 5, "你好、世界 don't", [57668, 53901, 5486, 3574, 244, 98220, 1541, 956],
         [57668, 53901, 5486, 3574, 244, 98220, 1541, 956]),
        ("cl100k_base", "cl100k_base", 100256, 5, "<|endoftext|>x", [100257, 87], [27, 91, 8862, 728, 428, 91, 29, 87]),
        ("whisper-multilingual", "whisper multilingual", 50257, 1608, "<|endoftext|>x", [50257, 87], [27, 91, 3999, 844, 3828, 91, 29, 87]),
        ("whisper-multilingual", "whisper multilingual", 50257, 1608, "你好、世界 don't", [26410, 1231, 24486, 500, 380],
         [26410, 1231, 24486, 500, 380]),
        ("llama3-8b-instruct", "llama3", 128000, 256, "你好、世界 don't", [57668, 53901, 5486, 102616, 1541, 956],
         [57668, 53901, 5486, 102616, 1541, 956]),
        ("kimi-k2-instruct", "kimi_k2", 163584, 256, "你好、世界 don't", [33845, 343, 2243, 4536], [33845, 343, 2243, 4536]),
        ("kimi-k2-instruct", "kimi_k2", 163584, 256, "a\r\n  ", [64, 462, 256], [64, 462, 256]),
    ]

    @Test(.enabled(if: TiktokenFormatTests.hasSharedFiles, "../shared/vocab/tiktoken not found"), arguments: TiktokenFormatTests.cases)
    func encodesAsTiktoken(_ testCase: (String, String, Int, Int, String, [UInt32], [UInt32])) throws {
        let (file, name, size, specials, text, allowed, ordinary) = testCase
        let path = Self.folder.appendingPathComponent("\(file).tiktoken").path
        let tokenizer = try Tokenizer.loading(contentsOfFileOrDirectory: path)
        #expect(tokenizer.sourceFormat?.encoding == name)
        #expect(tokenizer.addedTokens.count == specials)
        #expect(tokenizer.vocabularySize == size + specials)
        #expect(try tokenizer.encode(text).ids == allowed)
        #expect(try Tokenizer(contentsOfFile: path).encode(text).ids == allowed)
        let plain = try Tokenizer(tiktokenFile: path, specialTokens: .none)
        #expect(try plain.encode(text).ids == ordinary)
        #expect(try plain.decode(ordinary) == text)
        // The general pipeline (offsets, token strings) agrees with the fast plan.
        var general = tokenizer
        general.usesFastPlans = false
        #expect(try general.encode(text).ids == allowed)
    }

    @Test(.enabled(if: TiktokenFormatTests.hasSharedFiles, "../shared/vocab/tiktoken not found"))
    func llama3SpecialTokensAndInfo() throws {
        let tokenizer = try Tokenizer(tiktokenFile: Self.folder.appendingPathComponent("llama3-8b-instruct.tiktoken").path)
        #expect(tokenizer.id(forToken: "<|begin_of_text|>") == 128000)
        #expect(tokenizer.id(forToken: "<|eot_id|>") == 128009)
        #expect(tokenizer.id(forToken: "<|reserved_special_token_250|>") == 128255)
        #expect(try tokenizer.encode("<|start_header_id|>user<|end_header_id|>").ids == [128006, 882, 128007])
        #expect(tokenizer.summary.contains("format:         tiktoken, recognised as llama3"))
        #expect(tokenizer.summary.contains("tokenizer_config.json"))
        #expect(tokenizer.conversionDifferences.isEmpty)
        #expect(try Tokenizer(json: try tokenizer.jsonData(), source: "converted").id(forToken: "<|eot_id|>") == 128009)
    }

    @Test func recognisesFormatsByContent() {
        #expect(Tokenizer.kind(ofFile: Array("IQ== 0\nIg== 1\n".utf8)) == .tiktoken)
        #expect(Tokenizer.kind(ofFile: Array("\n= 5\n".utf8)) == .tiktoken)
        #expect(Tokenizer.kind(ofFile: Array(" {\"version\": \"1.0\", \"model\": {}}".utf8)) == .tokenizerJSON)
        #expect(Tokenizer.kind(ofFile: Array("{\"config\": {\"pattern\": \"x\", \"default_vocab_size\": 5}}".utf8)) == .tekken)
        #expect(Tokenizer.kind(ofFile: Array("hello world\n".utf8)) == .unknown)
        #expect(Tokenizer.kind(ofFile: Array("IQ== 0x\n".utf8)) == .unknown)
    }

    @Test(arguments: [
        ("IQ==\n", 1, "expected `BASE64 RANK`"),
        ("IQ== 0\nIg== 1\nIw 2\n", 3, "not valid base64"),
        ("IQ== 0\nIg== one\n", 2, "not a decimal number"),
        ("IQ== 0\n\nIg== 0\n", 3, "rank 0 is given again (first on line 1)"),
        ("IQ== 0\nI*== 1\n", 2, "not valid base64"),
        ("hello world\n", 1, "the rank `world` is not a decimal number"),
        ("", 0, "no `BASE64 RANK` lines"),
    ])
    func namesTheLineThatIsWrong(_ testCase: (String, Int, String)) throws {
        let (text, line, message) = testCase
        do {
            _ = try Tokenizer(tiktoken: Array(text.utf8), source: "t.tiktoken", pattern: .named("gpt2"))
            Issue.record("loaded \(text.debugDescription)")
        } catch let TokenizerError.invalidVocabularyFile(path, format, errorLine, errorMessage) {
            #expect(path == "t.tiktoken")
            #expect(format == "tiktoken rank file")
            #expect(errorLine == line)
            #expect(errorMessage.contains(message), "\(errorMessage)")
        }
    }

    @Test func refusesRepeatedTokensAndAnUnknownFileWithoutPattern() throws {
        #expect(throws: TokenizerError.self) {
            try Tokenizer(tiktoken: Array("IQ== 0\nIQ== 1\n".utf8), pattern: .named("gpt2"))
        }
        do {
            _ = try Tokenizer(tiktoken: Array("IQ== 0\nIg== 1\n".utf8), source: "small.tiktoken")
            Issue.record("loaded a file no encoding matches without a pattern")
        } catch let TokenizerError.unsupported(message) {
            #expect(message.contains("small.tiktoken") && message.contains("--pattern"))
        }
        #expect(throws: TokenizerError.self) {
            try Tokenizer(tiktoken: Array("IQ== 0\nIg== 1\n".utf8), pattern: .named("no-such-pattern"))
        }
    }

    /// A file recognised by nothing, with a given pattern and special tokens: the lowest-ranked
    /// concatenation of two neighbours merges first.
    @Test func mergesByTheRankOfTheConcatenation() throws {
        var lines: [String] = []
        for b in 0..<256 { lines.append("\(Data([UInt8(b)]).base64EncodedString()) \(b)") }
        for (i, token) in ["bc", "ab", "abc", "xa"].enumerated() {
            lines.append("\(Data(token.utf8).base64EncodedString()) \(256 + i)")
        }
        let tokenizer = try Tokenizer(tiktoken: Array(lines.joined(separator: "\n").utf8), pattern: .regex(#"\S+|\s+"#),
                                      specialTokens: .tokens(["<end>": 300]))
        #expect(tokenizer.sourceFormat?.encoding == nil)
        // "xabc": bc (256) first, then a+bc = abc (258) before x+a = xa (259); "xabc" is no token.
        #expect(try tokenizer.encode("xabc").ids == [UInt32(UInt8(ascii: "x")), 258])
        #expect(try tokenizer.encode("ab<end>").ids == [257, 300])
    }

    @Test func tiktokenScannerTakesTrailingWhitespaceWhole() {
        func matches(_ scanner: PatternScanner, _ text: String) -> [Range<Int>] {
            var result: [Range<Int>] = []
            Array(text.utf8).withUnsafeBufferPointer { scanner.appendMatches(in: $0, to: &result) }
            return result
        }
        #expect(PatternScanner(pattern: PatternScanner.cl100kTiktokenPattern) == .cl100kTiktoken)
        #expect(PatternScanner(pattern: PatternScanner.r50kTiktokenPattern) == .r50kTiktoken)
        #expect(matches(.cl100k, "a\n ") == [0..<1, 1..<2, 2..<3])
        #expect(matches(.cl100kTiktoken, "a\n ") == [0..<1, 1..<3])
        #expect(matches(.cl100kTiktoken, "a\n b") == [0..<1, 1..<2, 2..<4])
    }

    // MARK: tok

    @Test(.enabled(if: TiktokenFormatTests.hasSharedFiles, "../shared/vocab/tiktoken not found"))
    func tokInfoNamesTheFormatAndWhatWasInferred() throws {
        let path = Self.folder.appendingPathComponent("cl100k_base.tiktoken").path
        let result = try Tok.run(["info", "-t", path])
        try #require(result.status == 0, "\(result.stderrText)")
        #expect(result.stdoutText.contains("format:         tiktoken, recognised as cl100k_base"))
        #expect(result.stdoutText.contains(#"\s++$"#))
        #expect(result.stdoutText.contains("<|endofprompt|>"))
        let ordinary = try Tok.run(["encode", "-t", path, "--format", "ids", "--special-tokens", "none", "--quiet"],
                                   standardInput: Data("<|endoftext|>\n".utf8))
        #expect(ordinary.stdoutText == "27 91 8862 728 428 91 29\n", "\(ordinary.stderrText)")
    }

    @Test func tokReportsACorruptFileWithItsLine() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("broken.tiktoken")
            try Data("IQ== 0\nIg== 1\nIw= 2\n".utf8).write(to: file)
            let result = try Tok.run(["info", "-t", file.path])
            #expect(result.status != 0)
            #expect(result.stderrText.contains("broken.tiktoken:3: not a valid tiktoken rank file"), "\(result.stderrText)")
            let custom = try Tok.run(["encode", "-t", file.path, "--pattern", "gpt2"], standardInput: Data("!\n".utf8))
            #expect(custom.status != 0)
        }
    }

    // MARK: Conformance

    /// scripts/tiktoken_conformance.py on a small sample of every corpus file, for every shared tiktoken file:
    /// `tok encode` (specials allowed and encode_ordinary) and `tok decode` against tiktoken itself.
    @Test(.enabled(if: TiktokenConformance.shouldRun, TiktokenConformance.skipReason), .timeLimit(.minutes(20)))
    func matchesTiktokenOnTheCorpus() throws {
        if let problem = TiktokenConformance.problem {
            Issue.record("tiktoken conformance cannot run under CI: \(problem)")
            return
        }
        let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_TIKTOKEN_CONFORMANCE_LINES"] ?? "20"
        let result = try ConformanceEnvironment.run("python3", [
            RepositoryPaths.root.appendingPathComponent("scripts/tiktoken_conformance.py").path,
            "--tok", try Tok.executable.path, "--lines", lines,
        ])
        print("tiktoken conformance:\n\(result.output)")
        #expect(result.status == 0, "tiktoken conformance failed (exit \(result.status)):\n\(result.output)")
        for file in ["gpt2", "cl100k_base", "whisper-multilingual", "llama3-8b-instruct", "kimi-k2-instruct"] {
            #expect(result.output.contains("\(file).tiktoken"), "no row for \(file)")
        }
    }
}

/// What the tiktoken conformance check needs: ../shared and python3 with tiktoken.
enum TiktokenConformance {
    static let problem: String? = {
        if !TiktokenFormatTests.hasSharedFiles { return "\(TiktokenFormatTests.folder.path) not found (../shared beside the repository)" }
        if (try? ConformanceEnvironment.run("python3", ["-c", "import tiktoken"]))?.status != 0 {
            return "python3 cannot import tiktoken (pip install tiktoken)"
        }
        return nil
    }()

    /// Runs when everything is there, and always under CI (where a missing piece fails the test).
    static var shouldRun: Bool { ConformanceEnvironment.isCI || problem == nil }

    static var skipReason: Comment { "tiktoken conformance skipped: \(problem ?? "")" }
}

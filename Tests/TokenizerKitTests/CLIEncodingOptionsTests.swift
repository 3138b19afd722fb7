import Foundation
import Testing
import TokenizerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `tok encode`'s truncation and padding options and `tok decode --stream`, end to end on the built `tok`.
///
/// The comparisons with the reference need `../shared` beside the repository and python3 with
/// `tokenizers==0.23.3` (`Tests/Reference/cli_encoding_options.py` computes what each run should write);
/// without them those tests are skipped, except under CI (`CI=true`), where that is a failure.
@Suite struct CLIEncodingOptionsTests {
    // MARK: truncation and padding against the reference

    /// Tokenizers of `../shared/vocab` and the padding token to name where one is needed (llama's
    /// vocabulary has none of the conventional ones).
    static let referenceTokenizers = ["bert-base-uncased", "roberta-base", "gpt2", "t5-small", "llama",
                                      "all-minilm-l6-v2", "all-minilm-l6-v2-padvariant"]

    /// Every truncation strategy × direction with strides, every padding mode, on single lines and pairs,
    /// at 1–3 threads: `tok encode --format jsonl` writes what the reference writes for every line, overflowing
    /// parts included, or stops at the same line when the reference cannot encode it.
    @Test(.enabled(if: OptionsReference.shouldRun, OptionsReference.skipReason), .timeLimit(.minutes(30)),
          arguments: referenceTokenizers)
    func truncatesAndPadsLikeTheReference(_ name: String) throws {
        if let problem = OptionsReference.problem {
            Issue.record("cannot compare with the reference under CI: \(problem)")
            return
        }
        let cases = name.hasPrefix("all-minilm") ? EncodeCase.fileSettingsCases(name) : EncodeCase.standardCases(name)
        let outcome = try OptionsReference.compare(tokenizer: name, cases: cases)
        print("tok encode options, \(name): \(cases.count) runs, \(outcome.lines) lines equal, \(outcome.errors) runs failing as the reference does")
        for run in outcome.failedRuns { print("  fails as the reference: \(run)") }
        #expect(outcome.mismatches.isEmpty, "\(name): \(outcome.mismatches.count) runs differ:\n\(outcome.mismatches.prefix(8).joined(separator: "\n"))")
        // Most runs must encode (a run that fails everywhere would test little).
        #expect(outcome.lines > cases.count * 10, "\(name): only \(outcome.lines) lines compared")
    }

    /// Lines the reference cannot encode, and settings it refuses: `tok` stops with `FILE:LINE: truncation: …`
    /// (or names the setting), exits 1 and leaves no output file.
    @Test(.enabled(if: OptionsReference.shouldRun, OptionsReference.skipReason), .timeLimit(.minutes(30)))
    func stopsWhereTheReferenceFails() throws {
        if let problem = OptionsReference.problem {
            Issue.record("cannot compare with the reference under CI: \(problem)")
            return
        }
        let name = "bert-base-uncased"
        let cases = [
            // only_second without a pair: the first line longer than 8 tokens.
            EncodeCase(input: .mixed, special: true, options: .init(maxLength: 8, truncation: "only_second")),
            // only_first on pairs whose first sequence is too short to lose enough tokens.
            EncodeCase(input: .short, pairs: .long, special: true, options: .init(maxLength: 20, truncation: "only_first")),
            // A stride as long as what each part keeps: accepted when set, refused on the first line that needs it.
            EncodeCase(input: .mixed, special: true, options: .init(maxLength: 8, stride: 6)),
            // ... and a stride longer than that: refused when set.
            EncodeCase(input: .mixed, special: true, options: .init(maxLength: 8, stride: 7)),
            // The same failures inside a batch padded to its longest.
            EncodeCase(input: .mixed, special: true, options: .init(maxLength: 8, truncation: "only_second", padding: "longest", batchSize: 4)),
        ]
        let outcome = try OptionsReference.compare(tokenizer: name, cases: cases, expectingErrors: true)
        #expect(outcome.mismatches.isEmpty, "\(outcome.mismatches.joined(separator: "\n"))")
        #expect(outcome.errors == cases.count, "\(outcome.errors) of \(cases.count) runs failed as the reference does")
    }

    /// Options that contradict each other or lack what they need are refused before anything is read.
    @Test(arguments: [
        (["--truncation", "only_first"], "--max-length"),
        (["--stride", "2"], "--max-length"),
        (["--truncation-direction", "left"], "--max-length"),
        (["--padding", "max_length"], "--max-length"),
        (["--pad-to-multiple-of", "8"], "--padding"),
        (["--padding-direction", "left"], "--padding"),
        (["--pad-token", "<pad>"], "--padding"),
        (["--batch-size", "4"], "--padding longest"),
        (["--padding", "max_length", "--max-length", "8", "--batch-size", "4"], "--padding longest"),
        (["--no-truncation", "--max-length", "8"], "--no-truncation"),
        (["--no-padding", "--padding", "longest"], "--no-padding"),
        (["--max-length", "-1"], "--max-length"),
        (["--padding", "longest", "--batch-size", "0"], "--batch-size"),
        (["--truncation", "middle_out", "--max-length", "8"], "middle_out"),
    ])
    func refusesIncompleteOrContradictoryOptions(_ options: [String], mentioning: String) throws {
        let result = try Tok.run(["encode", "-t", try GoldenFixtures.path(of: "roberta-style.tokenizer.json")] + options,
                                 standardInput: Data("hello world\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderrText.contains(mentioning), "stderr: \(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    /// No padding token anywhere: a clear error asking for --pad-token; an unknown --pad-token is named.
    @Test func asksForAPaddingTokenWhenThereIsNone() throws {
        try withTemporaryDirectory { directory in
            // A tokenizer with no padding section and none of the conventional padding tokens.
            var json = try String(decoding: GoldenFixtures.data(of: "roberta-style.tokenizer.json"), as: UTF8.self)
            json = json.replacingOccurrences(of: "<pad>", with: "<filler>")
            let path = directory.appendingPathComponent("no-pad.tokenizer.json")
            try Data(json.utf8).write(to: path)
            let tokenizer = try Tokenizer(contentsOfFile: path.path)
            try #require(tokenizer.padding == nil)
            for token in ["[PAD]", "<pad>", "<|padding|>", "<|endoftext|>"] { try #require(tokenizer.id(forToken: token) == nil) }

            let output = directory.appendingPathComponent("out.jsonl")
            let missing = try Tok.run(["encode", "-t", path.path, "--padding", "longest", "-o", output.path],
                                      standardInput: Data("hello world\n".utf8))
            #expect(missing.status == 1)
            #expect(missing.stderrText.contains("--pad-token"), "stderr: \(missing.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: output.path))

            let unknown = try Tok.run(["encode", "-t", path.path, "--padding", "longest", "--pad-token", "<nothing>"],
                                      standardInput: Data("hello world\n".utf8))
            #expect(unknown.status == 1)
            #expect(unknown.stderrText.contains("<nothing>"), "stderr: \(unknown.stderrText)")

            let named = try Tok.run(["encode", "-t", path.path, "--padding", "max_length", "--max-length", "12",
                                     "--pad-token", "<filler>"], standardInput: Data("hello world\n".utf8))
            try #require(named.status == 0, "\(named.stderrText)")
            let filler = try #require(tokenizer.id(forToken: "<filler>"))
            let ids = named.stdoutText.split(whereSeparator: \.isWhitespace).compactMap { UInt32($0) }
            #expect(ids.count == 12)
            #expect(ids.last == filler)
        }
    }

    /// `--format ids` and `bin` write the main encodings only (no overflowing parts), the same ids as
    /// `--format jsonl`; batches of `--padding longest` do not depend on `--threads`.
    @Test func writesOnlyTheMainEncodingAsIDsWhateverTheThreads() throws {
        let tokenizer = try GoldenFixtures.path(of: "roberta-style.tokenizer.json")
        let input = try GoldenFixtures.path(of: "inputs.txt")
        let options = ["--add-special-tokens", "--max-length", "12", "--stride", "3", "--padding", "longest",
                       "--batch-size", "5", "--pad-to-multiple-of", "4"]
        var jsonl: [Data] = []
        for threads in ["1", "2", "3"] {
            let run = try Tok.run(["encode", "-t", tokenizer, "--format", "jsonl", "--fields", "ids,overflowing",
                                   "--threads", threads, input] + options)
            try #require(run.status == 0, "\(run.stderrText)")
            jsonl.append(run.stdout)
        }
        #expect(jsonl[0] == jsonl[1] && jsonl[1] == jsonl[2], "--threads 1, 2 and 3 write different encodings")

        struct Row: Decodable { let ids: [UInt32]; let overflowing: [Row] }
        let rows = try GoldenFixtures.lines(of: jsonl[0]).map { try JSONDecoder().decode(Row.self, from: $0) }
        let inputLines = try GoldenFixtures.inputLines()
        try #require(rows.count == inputLines.count)
        #expect(rows.contains { !$0.overflowing.isEmpty }, "nothing was truncated: the test would not see overflowing parts")
        // Within each batch of 5 lines every encoding has the batch's padded length (a multiple of 4).
        for start in stride(from: 0, to: rows.count, by: 5) {
            let batch = rows[start..<min(start + 5, rows.count)]
            let lengths = Set(batch.map(\.ids.count))
            #expect(lengths.count == 1 && lengths.first! % 4 == 0, "batch at line \(start + 1): lengths \(lengths.sorted())")
        }

        let ids = try Tok.run(["encode", "-t", tokenizer, "--format", "ids", "--threads", "2", input] + options)
        try #require(ids.status == 0, "\(ids.stderrText)")
        let idLines = GoldenFixtures.lines(of: ids.stdout).map {
            String(decoding: $0, as: UTF8.self).split(separator: " ").compactMap { UInt32($0) }
        }
        #expect(idLines == rows.map(\.ids))

        let bin = try Tok.run(["encode", "-t", tokenizer, "--format", "bin", input] + options)
        try #require(bin.status == 0, "\(bin.stderrText)")
        let words = stride(from: 0, to: bin.stdout.count - 1, by: 2).map {
            UInt32(bin.stdout[bin.stdout.startIndex + $0]) | UInt32(bin.stdout[bin.stdout.startIndex + $0 + 1]) << 8
        }
        #expect(words == rows.flatMap(\.ids))
    }

    /// A line that cannot be truncated stops the run with its file and line, exit status 1, and `-o` is
    /// left as it was.
    @Test func namesTheLineThatCannotBeTruncated() throws {
        try withTemporaryDirectory { directory in
            let input = directory.appendingPathComponent("in.txt")
            try Data("short\nalso short\nthis line is long enough to need more than eight tokens in any vocabulary at all\nshort\n".utf8)
                .write(to: input)
            let output = directory.appendingPathComponent("out.jsonl")
            for extra in [[], ["--padding", "longest", "--batch-size", "2"]] {
                let result = try Tok.run(["encode", "-t", try GoldenFixtures.path(of: "roberta-style.tokenizer.json"),
                                          "--max-length", "8", "--truncation", "only_second", "--format", "jsonl",
                                          "-o", output.path, input.path] + extra)
                #expect(result.status == 1)
                #expect(result.stderrText.contains("\(input.path):3: truncation:"), "stderr: \(result.stderrText)")
                #expect(!FileManager.default.fileExists(atPath: output.path))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["in.txt"])
        }
    }

    // MARK: decode --stream

    /// For every tokenizer of `../shared/vocab`: `tok decode --stream` on the ids of a corpus sample (one
    /// stream, spread over many lines) writes exactly what one-shot `tok decode` writes for all of them on
    /// one line, without its newline. The ids include the special tokens; every other tokenizer (by name)
    /// decodes with `--skip-special-tokens` (each `tok` run loads the tokenizer: both ways for all would
    /// double the runtime).
    @Test(.enabled(if: OptionsReference.sharedProblem == nil || ConformanceEnvironment.isCI, "../shared is not beside the repository"),
          .timeLimit(.minutes(30)),
          arguments: OptionsReference.sharedTokenizerNames)
    func streamsWhatOneShotDecodingWrites(_ name: String) throws {
        if let problem = OptionsReference.sharedProblem {
            Issue.record("cannot run under CI: \(problem)")
            return
        }
        try withTemporaryDirectory { directory in
            let path = OptionsReference.vocabulary.appendingPathComponent("\(name)/tokenizer.json").path
            let sample = directory.appendingPathComponent("sample.txt")
            try Data(OptionsReference.streamSample.map { $0 + "\n" }.joined().utf8).write(to: sample)
            let encoded = try Tok.run(["encode", "-t", path, "--add-special-tokens", sample.path])
            try #require(encoded.status == 0, "\(encoded.stderrText)")
            let idLines = GoldenFixtures.lines(of: encoded.stdout).map { String(decoding: $0, as: UTF8.self) }
            try #require(idLines.count == OptionsReference.streamSample.count)
            let streamInput = directory.appendingPathComponent("stream.txt")
            // The stream's separators: newlines between lines, spaces and tabs within.
            try Data(idLines.map { $0.replacingOccurrences(of: " ", with: $0.count % 2 == 0 ? " " : "\t") }
                .joined(separator: "\n").utf8).write(to: streamInput)
            let oneLine = directory.appendingPathComponent("one-line.txt")
            try Data((idLines.filter { !$0.isEmpty }.joined(separator: " ") + "\n").utf8).write(to: oneLine)

            let index = OptionsReference.sharedTokenizerNames.firstIndex(of: name) ?? 0
            for skip in [index % 2 == 0 ? [] : ["--skip-special-tokens"]] {
                let streamed = try Tok.run(["decode", "--stream", "-t", path, streamInput.path] + skip)
                try #require(streamed.status == 0, "\(name) \(skip): \(streamed.stderrText)")
                let oneShot = try Tok.run(["decode", "-t", path, oneLine.path] + skip)
                try #require(oneShot.status == 0, "\(name) \(skip): \(oneShot.stderrText)")
                #expect(oneShot.stdout.count > 20, "\(name) \(skip): one-shot decoding wrote only \(oneShot.stdoutText.debugDescription)")
                if streamed.stdout + Data("\n".utf8) != oneShot.stdout {
                    let got = [UInt8](streamed.stdout), want = [UInt8](oneShot.stdout.dropLast())
                    let common = zip(got, want).prefix { $0 == $1 }.count
                    Issue.record("""
                        \(name) \(skip): the stream differs from one-shot decoding at byte \(common) of \(want.count) \
                        (stream \(got.count) bytes): stream …\(String(decoding: got[max(0, common - 30)..<min(got.count, common + 30)], as: UTF8.self).debugDescription) \
                        one-shot …\(String(decoding: want[max(0, common - 30)..<min(want.count, common + 30)], as: UTF8.self).debugDescription)
                        """)
                }
            }
        }
    }

    /// `model | tok decode --stream`: text comes out while the writer still holds the pipe open, each piece as
    /// soon as the separator after its last id arrives.
    @Test(.timeLimit(.minutes(30)))
    func streamsThroughAnOpenPipe() throws {
        let path = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        let tokenizer = try Tokenizer(contentsOfFile: path)
        let parts = ["Hello world, this is", " a stream of ids", " arriving bit by bit."]
        let ids = try parts.map { try tokenizer.encode($0, addingSpecialTokens: false).ids }

        signal(SIGPIPE, SIG_IGN) // a tok that dies early must fail the test, not kill it
        let process = Process()
        process.executableURL = try Tok.executable
        process.arguments = ["decode", "--stream", "-t", path]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        let reader = output.fileHandleForReading.fileDescriptor

        var received: [UInt8] = []
        for (part, partIDs) in zip(parts, ids) {
            // The ids of one part, the last followed by its separator; the pipe stays open.
            try input.fileHandleForWriting.write(contentsOf: Data((partIDs.map(String.init).joined(separator: " ") + "\n").utf8))
            let expected = received + Array(part.utf8)
            try readPipe(reader, into: &received, until: { $0.count >= expected.count }, seconds: 20)
            #expect(received == expected, "after writing the ids of \(part.debugDescription)")
        }
        try input.fileHandleForWriting.close()
        try readPipe(reader, into: &received, until: { _ in false }, seconds: 20)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(received == Array(parts.joined().utf8))
    }

    /// Ids that end inside a character: at the end of the input the stream writes what one-shot decoding
    /// writes (U+FFFD for the incomplete bytes), not less.
    @Test func writesHeldBackTextAtTheEnd() throws {
        let path = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        let tokenizer = try Tokenizer(contentsOfFile: path)
        let ids = try tokenizer.encode("ok 🙂", addingSpecialTokens: false).ids
        // The ids up to inside the emoji's bytes.
        let cuts = try (1..<ids.count).filter { try tokenizer.decode(Array(ids[..<$0])).hasSuffix("\u{FFFD}") }
        let cut = try #require(cuts.last, "no id of \(ids) ends inside the emoji")
        let text = ids[..<cut].map(String.init).joined(separator: " ")
        let streamed = try Tok.run(["decode", "--stream", "-t", path], standardInput: Data(text.utf8))
        let oneShot = try Tok.run(["decode", "-t", path], standardInput: Data((text + "\n").utf8))
        try #require(streamed.status == 0 && oneShot.status == 0, "\(streamed.stderrText)\(oneShot.stderrText)")
        #expect(streamed.stdout + Data("\n".utf8) == oneShot.stdout)
        #expect(streamed.stdoutText.hasPrefix("ok "))
        #expect(streamed.stdoutText.hasSuffix("\u{FFFD}"))
    }

    /// A bad item names its line and its place in the line; an unknown id names the id. The text before
    /// it is still written, and the exit status is 1.
    @Test(arguments: [
        ("1 2\n3 x4 5\n", ":2: `x4` (item 2)"),
        ("1 2\n\n  3 -4\n", ":3: `-4` (item 2)"),
        ("1 2\n3 99999999999999\n", ":2: `99999999999…` (item 2)"),
        ("1 2\n3 4000000000\n", ":2: item 2: id 4000000000 is not in the vocabulary"),
    ])
    func namesTheLineAndItemOfABadID(_ input: String, mentioning: String) throws {
        let path = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
        let result = try Tok.run(["decode", "--stream", "-t", path], standardInput: Data(input.utf8))
        #expect(result.status == 1)
        #expect(result.stderrText.contains("<stdin>\(mentioning)"), "stderr: \(result.stderrText)")
        let tokenizer = try Tokenizer(contentsOfFile: path)
        #expect(result.stdoutText == (try tokenizer.decode([1, 2, 3])))
    }

    @Test func refusesStreamWithJSONLines() throws {
        let result = try Tok.run(["decode", "--stream", "--format", "jsonl", "-t", try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")],
                                 standardInput: Data("1 2\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderrText.contains("--stream"))
    }

    /// Reads from `fd` until `done` holds for what was read (or end of file); fails after `seconds`.
    private func readPipe(_ fd: Int32, into received: inout [UInt8], until done: ([UInt8]) -> Bool, seconds: Double) throws {
        let deadline = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !done(received) {
            let remaining = Int32(max(0, deadline.timeIntervalSinceNow) * 1000)
            guard remaining > 0 else { throw FixtureError("no output from tok decode --stream within \(seconds) s (got \(received.count) bytes)") }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, remaining)
            if ready < 0 && errno == EINTR { continue }
            guard ready > 0 else { continue }
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return } // end of file
            received += buffer[..<count]
        }
    }
}

// MARK: - Cases and the reference

/// `tok encode`'s truncation and padding options, as the reference script names them.
private struct EncodeOptions: Encodable {
    var maxLength: Int?
    var truncation: String?
    var stride: Int?
    var truncationDirection: String?
    var noTruncation: Bool?
    var padding: String?
    var padToMultipleOf: Int?
    var paddingDirection: String?
    var padToken: String?
    var noPadding: Bool?
    var batchSize: Int?

    enum CodingKeys: String, CodingKey {
        case maxLength = "max_length", truncation, stride, truncationDirection = "truncation_direction"
        case noTruncation = "no_truncation", padding, padToMultipleOf = "pad_to_multiple_of"
        case paddingDirection = "padding_direction", padToken = "pad_token", noPadding = "no_padding"
        case batchSize = "batch_size"
    }

    /// The same options on `tok`'s command line.
    var arguments: [String] {
        var out: [String] = []
        func add(_ flag: String, _ value: CustomStringConvertible?) { if let value { out += ["--\(flag)", "\(value)"] } }
        add("max-length", maxLength)
        add("truncation", truncation)
        add("stride", stride)
        add("truncation-direction", truncationDirection)
        if noTruncation == true { out.append("--no-truncation") }
        add("padding", padding)
        add("pad-to-multiple-of", padToMultipleOf)
        add("padding-direction", paddingDirection)
        add("pad-token", padToken)
        if noPadding == true { out.append("--no-padding") }
        add("batch-size", batchSize)
        return out
    }

    var summary: String { arguments.isEmpty ? "(no options)" : arguments.joined(separator: " ") }
}

/// The line sets the runs encode (picked from `../shared/corpus` by fixed rules).
private enum SampleFile: String {
    /// Short and long lines of several scripts, an empty line and one very long line.
    case mixed
    /// `mixed` in reverse order (second sequences of pairs with `mixed`).
    case mixedReversed
    /// Short English lines (10–40 characters; with the "\r" of the file's CRLF line ends, which stays).
    case short
    /// Long lines (80–300 characters), as many as `short`.
    case long
}

/// One run of `tok encode`.
private struct EncodeCase {
    var input: SampleFile
    var pairs: SampleFile? = nil
    var special: Bool
    var options: EncodeOptions
    var threads = 2

    /// Truncation (each strategy × direction, strides 0–4) and padding (each mode and direction, multiples,
    /// batch sizes, an explicit token) on singles and pairs.
    static func standardCases(_ name: String) -> [EncodeCase] {
        // llama's vocabulary has no conventional padding token: name one.
        let padToken: String? = name == "llama" ? "<unk>" : nil
        var cases: [EncodeCase] = [
            .init(input: .mixed, special: true, options: .init(maxLength: 16)),
            .init(input: .mixed, special: true, options: .init(maxLength: 16, stride: 3, truncationDirection: "left"), threads: 1),
            .init(input: .mixed, special: false, options: .init(maxLength: 12, truncation: "only_first", stride: 2), threads: 3),
            .init(input: .mixed, pairs: .mixedReversed, special: true, options: .init(maxLength: 24)),
            .init(input: .mixed, pairs: .mixedReversed, special: true,
                  options: .init(maxLength: 20, truncation: "longest_first", stride: 2, truncationDirection: "left")),
            .init(input: .short, pairs: .long, special: true, options: .init(maxLength: 24, truncation: "only_second", stride: 4)),
            .init(input: .short, pairs: .long, special: true,
                  options: .init(maxLength: 24, truncation: "only_second", truncationDirection: "left"), threads: 1),
            .init(input: .long, pairs: .short, special: true, options: .init(maxLength: 24, truncation: "only_first")),
            .init(input: .long, pairs: .short, special: false,
                  options: .init(maxLength: 24, truncation: "only_first", stride: 3, truncationDirection: "left"), threads: 3),
            .init(input: .mixed, special: true, options: .init(padding: "longest", padToken: padToken, batchSize: 8)),
            .init(input: .mixed, special: true,
                  options: .init(padding: "longest", padToMultipleOf: 8, paddingDirection: "left", padToken: padToken), threads: 1),
            .init(input: .mixed, special: false, options: .init(maxLength: 20, padding: "max_length", padToken: padToken)),
            .init(input: .mixed, pairs: .mixedReversed, special: true,
                  options: .init(maxLength: 24, stride: 2, padding: "longest", paddingDirection: "left", padToken: padToken, batchSize: 5),
                  threads: 3),
            .init(input: .short, pairs: .long, special: true,
                  options: .init(maxLength: 32, truncation: "only_second", stride: 4, padding: "max_length", padToMultipleOf: 6,
                                 padToken: padToken)),
        ]
        // An explicit padding token other than the default one.
        let explicit = ["bert-base-uncased": "[UNK]", "roberta-base": "<unk>", "gpt2": "<|endoftext|>", "t5-small": "<unk>",
                        "llama": "</s>"][name]
        cases.append(.init(input: .mixed, special: true, options: .init(padding: "longest", padToken: explicit, batchSize: 6)))
        return cases
    }

    /// Tokenizers whose file has its own truncation and padding: kept without options, replaced or removed
    /// with them.
    static func fileSettingsCases(_ name: String) -> [EncodeCase] {
        [
            .init(input: .mixed, special: true, options: .init()),
            .init(input: .mixed, pairs: .mixedReversed, special: true, options: .init()),
            .init(input: .mixed, special: true, options: .init(noPadding: true)),
            .init(input: .mixed, special: true, options: .init(noTruncation: true)),
            .init(input: .mixed, special: true, options: .init(noTruncation: true, noPadding: true)),
            .init(input: .mixed, special: true, options: .init(maxLength: 10, stride: 2)),
            .init(input: .mixed, special: true, options: .init(padding: "longest", batchSize: 4)),
            .init(input: .short, pairs: .long, special: true,
                  options: .init(maxLength: 20, truncation: "only_second", padding: "max_length", paddingDirection: "left")),
        ]
    }
}

/// One encoding as `tok encode --format jsonl` and the reference script write it.
private struct WrittenEncoding: Decodable {
    let ids: [UInt32]
    let typeIDs: [UInt32]
    let tokens: [String]
    let offsets: [[Int]]
    let attentionMask: [UInt32]
    let specialTokensMask: [UInt32]
    let wordIDs: [Int?]
    let overflowing: [WrittenEncoding]

    enum CodingKeys: String, CodingKey {
        case ids, typeIDs = "type_ids", tokens, offsets, attentionMask = "attention_mask"
        case specialTokensMask = "special_tokens_mask", wordIDs = "word_ids", overflowing
    }

    static let fields = "ids,type_ids,tokens,offsets,attention_mask,special_tokens_mask,word_ids,overflowing"

    /// The first field that differs from `reference` (tokens compared scalar by scalar), or nil.
    func firstDifference(from reference: WrittenEncoding, at path: String = "") -> String? {
        func show<T>(_ name: String, _ got: T, _ want: T) -> String { "\(path)\(name): \(got), reference \(want)" }
        if ids != reference.ids { return show("ids", ids, reference.ids) }
        if typeIDs != reference.typeIDs { return show("type_ids", typeIDs, reference.typeIDs) }
        if !tokens.elementsEqual(reference.tokens, by: { $0.unicodeScalars.elementsEqual($1.unicodeScalars) }) {
            return show("tokens", tokens, reference.tokens)
        }
        if offsets != reference.offsets { return show("offsets", offsets, reference.offsets) }
        if attentionMask != reference.attentionMask { return show("attention_mask", attentionMask, reference.attentionMask) }
        if specialTokensMask != reference.specialTokensMask {
            return show("special_tokens_mask", specialTokensMask, reference.specialTokensMask)
        }
        if wordIDs != reference.wordIDs { return show("word_ids", wordIDs, reference.wordIDs) }
        if overflowing.count != reference.overflowing.count {
            return show("overflowing.count", overflowing.count, reference.overflowing.count)
        }
        for (i, (part, want)) in zip(overflowing, reference.overflowing).enumerated() {
            if let difference = part.firstDifference(from: want, at: "\(path)overflowing[\(i)].") { return difference }
        }
        return nil
    }
}

/// What the reference script says of one run.
private struct ReferenceOutcome: Decodable {
    struct LineError: Decodable { let line: Int; let message: String }
    let lines: [WrittenEncoding]?
    let error: LineError?
    let setupError: String?

    enum CodingKeys: String, CodingKey { case lines, error, setupError = "setup_error" }
}

/// The reference script, the shared corpus sample, and the comparison of `tok` runs with them.
private enum OptionsReference {
    static let shared = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")
    static let vocabulary = shared.appendingPathComponent("vocab")
    static let corpus = shared.appendingPathComponent("corpus")
    static let script = RepositoryPaths.root.appendingPathComponent("Tests/Reference/cli_encoding_options.py")

    /// Why `../shared` cannot be used, or nil.
    static let sharedProblem: String? = {
        for directory in [vocabulary, corpus] where !FileManager.default.fileExists(atPath: directory.path) {
            return "\(directory.path) not found (../shared beside the repository)"
        }
        return nil
    }()

    /// Why the reference comparisons cannot run, or nil.
    static let problem: String? = {
        if let sharedProblem { return sharedProblem }
        if (try? ConformanceEnvironment.run("python3", ["-c", "import tokenizers"]))?.status != 0 {
            return "python3 cannot import tokenizers (pip install tokenizers==0.23.3)"
        }
        return nil
    }()

    static var shouldRun: Bool { ConformanceEnvironment.isCI || problem == nil }
    static var skipReason: Comment { "reference comparison skipped: \(problem ?? "")" }

    /// Every tokenizer of `../shared/vocab` (directories holding a tokenizer.json).
    /// The tokenizers of ../shared/vocab; when there are none, one placeholder name, so that the tests taking
    /// these as arguments run once and report the missing folder instead of running zero cases.
    static let sharedTokenizerNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: vocabulary.path)) ?? []
        let found = names.filter { FileManager.default.fileExists(atPath: vocabulary.appendingPathComponent("\($0)/tokenizer.json").path) }
            .sorted()
        return found.isEmpty ? ["(no tokenizer.json under \(vocabulary.path))"] : found
    }()

    /// The lines of a corpus file (split on "\n" only).
    static func corpusLines(_ path: String) -> [String] {
        guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(path).path) else { return [] }
        // Split on the byte: "\r\n" is a single Character, so String.split(separator: "\n") would miss it.
        var lines = data.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The first `count` lines of `path` whose length in scalars is within `lengths` and that start with a
    /// letter (prose, not rows of asterisks).
    static func pick(_ path: String, _ lengths: ClosedRange<Int>, _ count: Int) -> [String] {
        Array(corpusLines(path).filter {
            lengths.contains($0.unicodeScalars.count) && $0.first?.isLetter == true
        }.prefix(count))
    }

    static let short: [String] = pick("english/gutenberg_alice_in_wonderland.txt", 10...40, 14)
    static let long: [String] = pick("multilingual/en.txt", 80...300, 9) + pick("multilingual/de.txt", 80...300, 3)
        + pick("multilingual/emoji.txt", 80...300, 2)
    static let mixed: [String] = {
        var lines: [String] = []
        for (s, l) in zip(short.prefix(7), long.prefix(7)) { lines += [s, l] }
        lines.append("")
        lines += pick("multilingual/ru.txt", 40...120, 2)
        lines += pick("multilingual/ja.txt", 1200...3000, 1)
        lines += short.suffix(4)
        return lines
    }()

    /// Lines for the streaming decode: English, several scripts and emoji (incomplete characters mid-stream).
    static let streamSample: [String] = pick("english/gutenberg_alice_in_wonderland.txt", 20...80, 6)
        + pick("multilingual/ja.txt", 10...60, 3) + pick("multilingual/ru.txt", 20...80, 3)
        + pick("multilingual/hi.txt", 20...80, 2) + pick("multilingual/emoji.txt", 20...120, 4)

    static func lines(of sample: SampleFile) -> [String] {
        switch sample {
        case .mixed: mixed
        case .mixedReversed: mixed.reversed()
        case .short: Array(short.prefix(long.count))
        case .long: long
        }
    }

    struct Outcome {
        var lines = 0
        var errors = 0
        var mismatches: [String] = []
        /// The runs that failed as the reference does, and why.
        var failedRuns: [String] = []
    }

    /// Runs every case through `tok` and through the reference script, and compares.
    static func compare(tokenizer name: String, cases: [EncodeCase], expectingErrors: Bool = false) throws -> Outcome {
        try withTemporaryDirectory { directory in
            let tokenizerPath = vocabulary.appendingPathComponent("\(name)/tokenizer.json").path
            var files: [SampleFile: String] = [:]
            for sample in [SampleFile.mixed, .mixedReversed, .short, .long] {
                let lines = lines(of: sample)
                guard lines.count >= 10 else { throw FixtureError("the corpus sample \(sample) has only \(lines.count) lines") }
                let url = directory.appendingPathComponent("\(sample.rawValue).txt")
                try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: url)
                files[sample] = url.path
            }
            struct ScriptCase: Encodable {
                let tokenizer: String, input: String, pairs: String?, add_special_tokens: Bool, options: EncodeOptions
            }
            let scriptCases = cases.map {
                ScriptCase(tokenizer: tokenizerPath, input: files[$0.input]!, pairs: $0.pairs.map { files[$0]! },
                           add_special_tokens: $0.special, options: $0.options)
            }
            let casesFile = directory.appendingPathComponent("cases.json")
            try JSONEncoder().encode(scriptCases).write(to: casesFile)
            let resultsFile = directory.appendingPathComponent("results.json")
            let script = try ConformanceEnvironment.run("sh", ["-c", "python3 \"$0\" \"$1\" > \"$2\"", self.script.path, casesFile.path, resultsFile.path])
            guard script.status == 0 else { throw FixtureError("\(self.script.lastPathComponent) failed: \(script.output)") }
            let references = try JSONDecoder().decode([ReferenceOutcome].self, from: Data(contentsOf: resultsFile))
            guard references.count == cases.count else { throw FixtureError("\(references.count) results for \(cases.count) cases") }

            var outcome = Outcome()
            for (testCase, reference) in zip(cases, references) {
                let input = files[testCase.input]!
                var arguments = ["encode", "-t", tokenizerPath, "--format", "jsonl", "--fields", WrittenEncoding.fields,
                                 "--threads", String(testCase.threads)]
                if testCase.special { arguments.append("--add-special-tokens") }
                if let pairs = testCase.pairs { arguments += ["--pairs", files[pairs]!] }
                arguments += testCase.options.arguments
                arguments.append(input)
                let label = "\(name) \(testCase.input)\(testCase.pairs.map { "+\($0)" } ?? "")\(testCase.special ? " special" : "") \(testCase.options.summary) threads \(testCase.threads)"
                let run = try Tok.run(arguments)
                if let expected = reference.lines {
                    if expectingErrors { outcome.mismatches.append("\(label): the reference encodes every line") }
                    guard run.status == 0 else {
                        outcome.mismatches.append("\(label): exit \(run.status), the reference encodes: \(run.stderrText)")
                        continue
                    }
                    let written = try GoldenFixtures.lines(of: run.stdout).map { try JSONDecoder().decode(WrittenEncoding.self, from: $0) }
                    guard written.count == expected.count else {
                        outcome.mismatches.append("\(label): \(written.count) lines, reference \(expected.count)")
                        continue
                    }
                    var differs = false
                    for (line, (got, want)) in zip(written, expected).enumerated() {
                        if let difference = got.firstDifference(from: want) {
                            outcome.mismatches.append("\(label): line \(line + 1): \(difference)")
                            differs = true
                            break
                        }
                    }
                    if !differs { outcome.lines += written.count }
                } else if let error = reference.error {
                    let wanted = "\(input):\(error.line): truncation:"
                    if run.status != 1 || !run.stderrText.contains(wanted) {
                        outcome.mismatches.append("\(label): exit \(run.status), stderr \(run.stderrText.debugDescription); the reference fails at line \(error.line) (\(error.message)), so `\(wanted)` was wanted")
                    } else {
                        outcome.errors += 1
                        outcome.failedRuns.append("\(label): line \(error.line): \(error.message)")
                    }
                } else if let refusal = reference.setupError {
                    if run.status != 1 || !run.stderrText.contains("truncation:") || !run.stdout.isEmpty {
                        outcome.mismatches.append("\(label): exit \(run.status), stderr \(run.stderrText.debugDescription); the reference refuses the options (\(refusal))")
                    } else {
                        outcome.errors += 1
                        outcome.failedRuns.append("\(label): \(refusal)")
                    }
                }
            }
            return outcome
        }
    }
}

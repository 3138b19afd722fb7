import Foundation
import Testing
@testable import TokenizerKit

/// End-to-end tests of the built `tok` binary against the golden files of `Fixtures/`.
@Suite struct CLITests {
    // MARK: encode

    @Test(arguments: GoldenFixtures.tokenizers, [false, true])
    func encodesIDsLikeTheReference(_ name: String, addingSpecialTokens: Bool) throws {
        var arguments = ["encode", "-t", try GoldenFixtures.path(of: "\(name).tokenizer.json"), "--format", "ids",
                         try GoldenFixtures.path(of: "inputs.txt")]
        if addingSpecialTokens { arguments.append("--add-special-tokens") }
        let result = try Tok.run(arguments)
        try #require(result.status == 0, "\(result.stderrText)")
        let got = GoldenFixtures.lines(of: result.stdout).map { String(decoding: $0, as: UTF8.self) }
        let want = try GoldenFixtures.expected(name, special: addingSpecialTokens).map {
            $0.ids.map(String.init).joined(separator: " ")
        }
        try #require(got.count == want.count, "\(got.count) output lines for \(want.count) input lines")
        let inputs = try GoldenFixtures.inputLines()
        var report = GoldenReport(name: "tok encode --format ids \(name)", inputs: inputs)
        for (line, (g, w)) in zip(got, want).enumerated() {
            report.compare(line: line, field: "ids", got: .success(g), want: w)
        }
        report.recordIssues()
    }

    @Test(arguments: GoldenFixtures.tokenizers, [false, true])
    func encodesJSONLinesLikeTheReference(_ name: String, addingSpecialTokens: Bool) throws {
        var arguments = ["encode", "-t", try GoldenFixtures.path(of: "\(name).tokenizer.json"), "--format", "jsonl",
                         "--fields", "ids,tokens,offsets,type_ids,special_tokens_mask,attention_mask,word_ids,decoded",
                         try GoldenFixtures.path(of: "inputs.txt")]
        if addingSpecialTokens { arguments.append("--add-special-tokens") }
        let result = try Tok.run(arguments)
        try #require(result.status == 0, "\(result.stderrText)")
        let lines = GoldenFixtures.lines(of: result.stdout)
        let want = try GoldenFixtures.expected(name, special: addingSpecialTokens)
        try #require(lines.count == want.count, "\(lines.count) output lines for \(want.count) input lines")
        let inputs = try GoldenFixtures.inputLines()
        var report = GoldenReport(name: "tok encode --format jsonl \(name)\(addingSpecialTokens ? " --add-special-tokens" : "")",
                                  inputs: inputs)
        for (line, (data, w)) in zip(lines, want).enumerated() {
            let got = try JSONDecoder().decode(ExpectedEncoding.self, from: data)
            report.compare(line: line, got: got, want: w)
            report.compare(line: line, field: "decoded", got: .success(ScalarString(got.decoded)), want: ScalarString(w.decoded))
        }
        report.recordIssues()
    }

    /// Without `-t`, `tok` uses the built-in vocabulary (Sources/TokenizerKit/Resources/tokenizerkit-default.json).
    @Test func encodesWithTheBuiltInVocabulary() throws {
        let text = "Hello world, this is the built-in vocabulary.\n"
        let result = try Tok.run(["encode"], standardInput: Data(text.utf8))
        try #require(result.status == 0, "\(result.stderrText)")
        let tokenizer = try Tokenizer(contentsOfFile: RepositoryPaths.defaultVocabulary.path)
        let want = try tokenizer.encode(String(text.dropLast()), addingSpecialTokens: false).ids.map(String.init).joined(separator: " ")
        #expect(result.stdoutText == want + "\n")
        #expect(!want.isEmpty)
    }

    // MARK: output files

    @Test func writesTheOutputFileOnlyOnSuccess() throws {
        try withTemporaryDirectory { directory in
            let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
            let input = try GoldenFixtures.path(of: "inputs.txt")
            let output = directory.appendingPathComponent("out.txt")

            // Success: the file holds exactly what standard output would have.
            let toStdout = try Tok.run(["encode", "-t", tokenizer, input])
            try #require(toStdout.status == 0, "\(toStdout.stderrText)")
            let toFile = try Tok.run(["encode", "-t", tokenizer, "-o", output.path, input])
            try #require(toFile.status == 0, "\(toFile.stderrText)")
            #expect(toFile.stdout.isEmpty)
            #expect(try Data(contentsOf: output) == toStdout.stdout)

            // Failure on a later input: the earlier file stays as it was, and nothing else is left behind.
            let bad = directory.appendingPathComponent("bad.txt")
            try (Data("a fine line\nanother fine line\n".utf8) + Data([0x62, 0x61, 0x64, 0x20, 0xFF, 0x0A])).write(to: bad)
            try Data("previous\n".utf8).write(to: output)
            let failed = try Tok.run(["encode", "-t", tokenizer, "-o", output.path, input, bad.path])
            #expect(failed.status != 0)
            #expect(try Data(contentsOf: output) == Data("previous\n".utf8))

            // Failure with no earlier file: no file appears.
            let fresh = directory.appendingPathComponent("fresh.txt")
            let failedFresh = try Tok.run(["encode", "-t", tokenizer, "-o", fresh.path, bad.path])
            #expect(failedFresh.status != 0)
            #expect(!FileManager.default.fileExists(atPath: fresh.path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["bad.txt", "out.txt"])
        }
    }

    // MARK: errors

    @Test func namesFileAndLineOfInvalidUTF8() throws {
        try withTemporaryDirectory { directory in
            let bad = directory.appendingPathComponent("latin1.txt")
            // Line 3 holds "café" in Latin-1.
            try (Data("first\nsecond\n".utf8) + Data([0x63, 0x61, 0x66, 0xE9, 0x0A]) + Data("fourth\n".utf8)).write(to: bad)
            let result = try Tok.run(["encode", "-t", try GoldenFixtures.path(of: "gpt2-style.tokenizer.json"), bad.path])
            #expect(result.status != 0)
            #expect(result.stderrText.contains("\(bad.path):3"), "stderr: \(result.stderrText)")
            // Inputs are streamed: standard output holds the lines before the bad one, nothing from it on.
            #expect(GoldenFixtures.lines(of: result.stdout).count == 2, "stdout: \(result.stdoutText)")
        }
    }

    @Test func namesAMissingTokenizerFile() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appendingPathComponent("no-such-tokenizer.json").path
            let result = try Tok.run(["encode", "-t", missing], standardInput: Data("hello\n".utf8))
            #expect(result.status != 0)
            #expect(result.stderrText.contains(missing), "stderr: \(result.stderrText)")
            #expect(result.stdout.isEmpty)
        }
    }

    @Test(arguments: GoldenFixtures.negatives)
    func namesTheJSONPathOfABrokenTokenizerFile(_ file: String) throws {
        let row = try #require(try GoldenFixtures.negativeRows().first(where: { $0.file == file }))
        let result = try Tok.run(["encode", "-t", try GoldenFixtures.path(of: file)], standardInput: Data("hello\n".utf8))
        #expect(result.status != 0)
        #expect(result.stderrText.contains(file), "stderr: \(result.stderrText)")
        #expect(result.stderrText.contains(row.errorContains), "stderr: \(result.stderrText)")
        #expect(result.stdout.isEmpty)
    }

    // MARK: decode, info

    /// `tok decode --skip-special-tokens` on the reference's ids gives the reference's decoded text.
    @Test(arguments: GoldenFixtures.tokenizers)
    func decodesLikeTheReference(_ name: String) throws {
        try withTemporaryDirectory { directory in
            let expected = try GoldenFixtures.expected(name, special: true)
            let ids = directory.appendingPathComponent("ids.txt")
            try Data(expected.map { $0.ids.map(String.init).joined(separator: " ") + "\n" }.joined().utf8).write(to: ids)
            let result = try Tok.run(["decode", "-t", try GoldenFixtures.path(of: "\(name).tokenizer.json"),
                                      "--skip-special-tokens", "--format", "jsonl", ids.path])
            try #require(result.status == 0, "\(result.stderrText)")
            let lines = GoldenFixtures.lines(of: result.stdout)
            try #require(lines.count == expected.count)
            var report = GoldenReport(name: "tok decode \(name)", inputs: try GoldenFixtures.inputLines())
            for (line, (data, want)) in zip(lines, expected).enumerated() {
                let got = try JSONDecoder().decode(String.self, from: data)
                report.compare(line: line, field: "decoded", got: .success(ScalarString(got)), want: ScalarString(want.decoded))
            }
            report.recordIssues()
        }
    }

    /// Byte-level BPE loses nothing: `tok encode` then `tok decode` gives back every input line.
    @Test func encodeThenDecodeRoundTrips() throws {
        try withTemporaryDirectory { directory in
            let tokenizer = try GoldenFixtures.path(of: "gpt2-style.tokenizer.json")
            let encoded = try Tok.run(["encode", "-t", tokenizer, "-o", directory.appendingPathComponent("ids.txt").path,
                                       try GoldenFixtures.path(of: "inputs.txt")])
            try #require(encoded.status == 0, "\(encoded.stderrText)")
            let decoded = try Tok.run(["decode", "-t", tokenizer, "--format", "jsonl",
                                       directory.appendingPathComponent("ids.txt").path])
            try #require(decoded.status == 0, "\(decoded.stderrText)")
            let got = try GoldenFixtures.lines(of: decoded.stdout).map { try JSONDecoder().decode(String.self, from: $0) }
            let inputs = try GoldenFixtures.inputLines()
            try #require(got.count == inputs.count)
            for (line, (g, want)) in zip(got, inputs).enumerated() {
                #expect(ScalarString(g) == ScalarString(want), "line \(line + 1)")
            }
        }
    }

    /// `tok info` names every component type of the file (as the file spells it, less a "Processing" or
    /// "Decoder" suffix), the vocabulary size and every added token.
    @Test(arguments: GoldenFixtures.tokenizers)
    func describesTheComponents(_ name: String) throws {
        let result = try Tok.run(["info", "-t", try GoldenFixtures.path(of: "\(name).tokenizer.json")])
        try #require(result.status == 0, "\(result.stderrText)")
        let info = result.stdoutText
        let json = try JSONSerialization.jsonObject(with: GoldenFixtures.data(of: "\(name).tokenizer.json")) as? [String: Any] ?? [:]
        var types: [String] = []
        for key in ["normalizer", "pre_tokenizer", "post_processor", "decoder"] {
            collectTypes(json[key], into: &types)
        }
        for type in types {
            var wanted = type
            for suffix in ["Processing", "Decoder"] where wanted.hasSuffix(suffix) && wanted != suffix {
                wanted.removeLast(suffix.count)
            }
            #expect(info.lowercased().contains(wanted.lowercased()), "\(name): `tok info` does not name \(type):\n\(info)")
        }
        #expect(info.contains("BPE"))
        let size = try #require(try GoldenFixtures.manifest().tokenizers.first(where: { $0.name == name })).vocabularySize
        #expect(info.contains(String(size)), "\(name): vocabulary size \(size) missing:\n\(info)")
        for token in (json["added_tokens"] as? [[String: Any]] ?? []).compactMap({ $0["content"] as? String }) {
            #expect(info.contains(token), "\(name): added token \(token) missing:\n\(info)")
        }
    }

    private func collectTypes(_ value: Any?, into types: inout [String]) {
        if let object = value as? [String: Any] {
            if let type = object["type"] as? String { types.append(type) }
            for (_, child) in object { collectTypes(child, into: &types) }
        } else if let array = value as? [Any] {
            for child in array { collectTypes(child, into: &types) }
        }
    }

    // MARK: threads and order

    /// 5,000 distinct lines: one thread and two give the same bytes, and line i of the output is the
    /// encoding of input line i.
    @Test func keepsInputOrderWithAnyNumberOfThreads() throws {
        try withTemporaryDirectory { directory in
            let inputs = try GoldenFixtures.inputLines()
            let lines = (0..<5_000).map { "\($0) \(inputs[$0 % inputs.count])" }
            let input = directory.appendingPathComponent("5000.txt")
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: input)
            let path = try GoldenFixtures.path(of: "roberta-style.tokenizer.json")
            var outputs: [Data] = []
            for threads in ["1", "2"] {
                let result = try Tok.run(["encode", "-t", path, "--threads", threads, "--add-special-tokens",
                                          "--format", "jsonl", "--fields", "ids,offsets", input.path])
                try #require(result.status == 0, "\(result.stderrText)")
                outputs.append(result.stdout)
            }
            #expect(outputs[0] == outputs[1], "--threads 1 and --threads 2 differ")

            let tokenizer = try Tokenizer(contentsOfFile: path)
            let got = GoldenFixtures.lines(of: outputs[1])
            try #require(got.count == lines.count)
            struct Row: Decodable { let ids: [UInt32] }
            var misplaced = 0
            for (line, data) in got.enumerated() {
                let row = try JSONDecoder().decode(Row.self, from: data)
                if try row.ids != tokenizer.encode(lines[line], addingSpecialTokens: true).ids {
                    misplaced += 1
                    if misplaced == 1 { Issue.record("output line \(line + 1) is not the encoding of input line \(line + 1)") }
                }
            }
            #expect(misplaced == 0)
        }
    }
}

// MARK: - Running tok

/// The `tok` binary built beside the tests.
enum Tok {
    struct Result {
        let status: Int32
        let stdout: Data
        let stderr: Data
        var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
        var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    }

    /// The debug `tok` in the build directory of this test bundle, else `.build/debug/tok`.
    static var executable: URL {
        get throws {
            // The tok built with these tests, in the same build directory (never one left elsewhere).
            let built = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("tok")
            guard FileManager.default.isExecutableFile(atPath: built.path) else {
                throw FixtureError("no tok built beside the tests at \(built.path): run the tests with `swift test`, which builds it")
            }
            return built
        }
    }

    /// Runs `tok` with `arguments`; standard output and error go to files, so any amount of output is fine.
    static func run(_ arguments: [String], standardInput: Data? = nil) throws -> Result {
        try withTemporaryDirectory { directory in
            let out = directory.appendingPathComponent("stdout")
            let err = directory.appendingPathComponent("stderr")
            FileManager.default.createFile(atPath: out.path, contents: nil)
            FileManager.default.createFile(atPath: err.path, contents: nil)
            let process = Process()
            process.executableURL = try executable
            process.arguments = arguments
            let outHandle = try FileHandle(forWritingTo: out)
            let errHandle = try FileHandle(forWritingTo: err)
            defer { try? outHandle.close(); try? errHandle.close() }
            process.standardOutput = outHandle
            process.standardError = errHandle
            if let standardInput {
                let input = directory.appendingPathComponent("stdin")
                try standardInput.write(to: input)
                process.standardInput = try FileHandle(forReadingFrom: input)
            } else {
                process.standardInput = FileHandle.nullDevice
            }
            try process.run()
            process.waitUntilExit()
            return Result(status: process.terminationStatus, stdout: try Data(contentsOf: out), stderr: try Data(contentsOf: err))
        }
    }
}

/// Paths of the checkout these tests were compiled from.
enum RepositoryPaths {
    /// The package root: three levels above this file (Tests/TokenizerKitTests/CLITests.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static var defaultVocabulary: URL { root.appendingPathComponent("Sources/TokenizerKit/Resources/tokenizerkit-default.json") }
}

/// Calls `body` with a new empty directory and removes it afterwards.
func withTemporaryDirectory<T>(_ body: (URL) throws -> T) throws -> T {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizerkit-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    return try body(directory)
}

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

    /// One per scanner and post-processor shape, plus two without the fast plan (a normalizer).
    static let tokenizers = [
        "gpt2", "cl100k-base", "o200k-base", "roberta-base", "qwen2-style-tiny-torchtune", "whisper-tiny", "clip", "llama",
    ]

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
        return lines
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

import Foundation
import Testing
import TokenizerKit

/// Streaming decode (`Tokenizer.decodeStream`) on every tokenizer of `../shared/vocab`: fed the ids of a line one
/// at a time, it yields exactly what decoding them at once gives, and never a broken UTF-8 fragment.
///
/// Needs `../shared` beside the repository; without it the test is skipped, except under CI (`CI=true`).
@Suite struct DecodeStreamTests {
    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          .timeLimit(.minutes(30)),
          arguments: SharedTestData.tokenizerNames)
    func streamingYieldsWhatOneShotDecodingGives(_ name: String) throws {
        try #require(SharedTestData.available, "\(SharedTestData.vocabulary.path) is missing (CI must have it)")
        let tokenizer = try SharedTestData.tokenizer(name)
        let lines = try SharedTestData.sampleLines()
        var checkedIDs = 0
        var failures = 0
        for (number, line) in lines.enumerated() {
            for addingSpecialTokens in [false, true] {
                let ids = try tokenizer.encode(line, addingSpecialTokens: addingSpecialTokens).ids
                for skippingSpecialTokens in [false, true] {
                    let context = "\(name) sample line \(number + 1) addingSpecialTokens: \(addingSpecialTokens) skippingSpecialTokens: \(skippingSpecialTokens) \(line.prefix(50).debugDescription)"
                    if let problem = try Self.checkStream(tokenizer, ids: ids, skippingSpecialTokens: skippingSpecialTokens) {
                        failures += 1
                        // The first few in full; the count says how many more.
                        if failures <= 5 { Issue.record("\(context): \(problem)") }
                    }
                    checkedIDs += ids.count
                }
            }
        }
        #expect(failures == 0, "\(name): \(failures) streams differ from one-shot decoding")
        #expect(checkedIDs > 0)
    }

    /// Streams `ids` and compares with one-shot decoding; returns what went wrong, or nil.
    ///
    /// In all, the stream must yield the one-shot decode of the ids, with one exception that the reference's
    /// stream shares: text ending in U+FFFD is held back (the next id may complete its bytes), so when the ids
    /// end there, the stream has yielded the decode of the longest run of leading ids whose decode does not end
    /// in U+FFFD. That happens only when the text itself ends in "�" (a line of edge_cases.txt does).
    static func checkStream(_ tokenizer: Tokenizer, ids: [UInt32], skippingSpecialTokens: Bool) throws -> String? {
        let whole = try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens)
        var expected = whole
        var completeCount = ids.count
        while completeCount > 0 && expected.unicodeScalars.last == "\u{FFFD}" {
            completeCount -= 1
            expected = try tokenizer.decode(Array(ids[..<completeCount]), skippingSpecialTokens: skippingSpecialTokens)
        }
        let expectedBytes = Array(expected.utf8)

        var stream = tokenizer.decodeStream(skippingSpecialTokens: skippingSpecialTokens)
        var yielded: [UInt8] = []
        for (index, id) in ids.enumerated() {
            let chunk: String?
            do {
                chunk = try stream.step(id)
            } catch {
                return "step \(index) (id \(id)) threw \(error); one-shot decode: \(whole.debugDescription)"
            }
            guard let chunk else { continue }
            // A U+FFFD in a chunk is fine only where the one-shot decode has one too (a "�" of the text itself).
            var at = yielded.count
            for scalar in chunk.unicodeScalars {
                if scalar == "\u{FFFD}" && !expectedBytes.dropFirst(at).starts(with: [0xEF, 0xBF, 0xBD]) {
                    return "step \(index) (id \(id)) yielded U+FFFD at byte \(at) where one-shot decoding has none: chunk \(chunk.debugDescription)"
                }
                at += UTF8.width(scalar)
            }
            yielded += chunk.utf8
            guard expectedBytes.starts(with: yielded) else {
                return "after step \(index) (id \(id)) the stream has yielded \(String(decoding: yielded, as: UTF8.self).debugDescription), not a prefix of \(expected.debugDescription)"
            }
        }
        guard yielded == expectedBytes else {
            return "the stream yielded \(String(decoding: yielded, as: UTF8.self).debugDescription); one-shot decoding gives \(expected.debugDescription)"
                + (completeCount < ids.count ? " (of the first \(completeCount) of \(ids.count) ids: the rest ends in U+FFFD)" : "")
        }
        return nil
    }
}

// MARK: - ../shared

/// The tokenizers and the corpus of `../shared`, beside the repository.
enum SharedTestData {
    static let root = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")
    static let vocabulary = root.appendingPathComponent("vocab")
    static let corpus = root.appendingPathComponent("corpus")
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let available = FileManager.default.fileExists(atPath: vocabulary.path)
        && FileManager.default.fileExists(atPath: corpus.path)

    /// Every `vocab/NAME/tokenizer.json` (except the `_unloadable` folder), by NAME. Without `../shared`: nothing,
    /// or under CI one placeholder so that the tests run and fail on the missing folder.
    static let tokenizerNames: [String] = {
        guard available else { return isCI ? ["(../shared is missing)"] : [] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: vocabulary.path)) ?? []
        return names.filter { name in
            name != "_unloadable"
                && FileManager.default.fileExists(atPath: vocabulary.appendingPathComponent("\(name)/tokenizer.json").path)
        }.sorted()
    }()

    static func tokenizerPath(_ name: String) -> String {
        vocabulary.appendingPathComponent("\(name)/tokenizer.json").path
    }

    static func tokenizer(_ name: String) throws -> Tokenizer {
        try Tokenizer(contentsOfFile: tokenizerPath(name))
    }

    /// Lines of the shared corpus that exercise decoding: prose, code, many scripts (CJK and emoji split into
    /// byte-fallback and byte-level pieces) and every line of `edge/edge_cases.txt`, each at most 200
    /// characters. The same list every run.
    static func sampleLines() throws -> [String] { try sample.get() }

    private static let sample = Result { try readSample() }

    private static func readSample() throws -> [String] {
        var lines: [String] = []
        func take(_ file: String, count: Int, from start: Int) throws {
            let nonEmpty = try linesOf(file).filter { !$0.allSatisfy(\.isWhitespace) }
            lines += nonEmpty.dropFirst(start).prefix(count).map { String($0.prefix(200)) }
        }
        try take("english/gutenberg_alice_in_wonderland.txt", count: 3, from: 100)
        try take("english/gutenberg_moby_dick.txt", count: 3, from: 400)
        for language in ["zh", "ja", "ko", "ar", "hi", "th", "ru", "el", "he", "am", "ta", "ka", "vi", "emoji"] {
            try take("multilingual/\(language).txt", count: 1, from: 3)
        }
        for language in ["python", "swift", "c", "javascript"] {
            try take("code/\(language).txt", count: 2, from: 50)
        }
        lines += try linesOf("edge/edge_cases.txt").map { String($0.prefix(200)) }
        return lines
    }

    /// The complete lines in the first 256 KB of a corpus file, split at "\n" bytes only (a "\r" stays in its line).
    private static func linesOf(_ file: String) throws -> [String] {
        let handle = try FileHandle(forReadingFrom: corpus.appendingPathComponent(file))
        defer { try? handle.close() }
        let limit = 1 << 18
        var data = try handle.read(upToCount: limit) ?? Data()
        // Drop the line cut off at the limit, and the empty "line" after a final "\n".
        if data.count == limit, let end = data.lastIndex(of: 0x0A) { data = data[...end] }
        if data.last == 0x0A { data.removeLast() }
        guard let text = String(validating: data, as: UTF8.self) else { throw FixtureError("\(file) is not UTF-8") }
        return text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}

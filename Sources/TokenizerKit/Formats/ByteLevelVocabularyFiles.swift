import Foundation

/// GPT-2's `vocab.json` (token → id) and `merges.txt` (`LEFT RIGHT` per line, by priority), read as
/// transformers 5.25 reads them: `GPT2Tokenizer` hands both paths to `tokenizers`' `BPE`, which parses the
/// JSON into a dictionary of 32-bit ids and takes every line of merges.txt but those starting `#version`.
///
/// ```swift
/// let files = try ByteLevelVocabularyFiles(
///     vocabulary: Array(#"{"a": 0, "b": 1, "ab": 2}"#.utf8), vocabularyPath: "vocab.json",
///     merges: Array("#version: 0.2\na b\n".utf8), mergesPath: "merges.txt")
/// files.merges   // [("a", "b")]
/// ```
///
/// Where the reference fails, this fails too, naming the file and line: a merges line that does not split
/// into exactly two tokens on single spaces (an empty line, a trailing space), a merge whose halves or whose
/// result are not in vocab.json, a vocab.json that is not an object of non-negative 32-bit integers, text
/// that is not UTF-8. Two things the reference leaves to chance fail here too: a token given twice in
/// vocab.json (the reference keeps the last) and an id given to two tokens (the reference keeps one of them
/// at random).
struct ByteLevelVocabularyFiles {
    static let vocabularyFormat = "vocab.json"
    static let mergesFormat = "merges.txt"

    /// The tokens with their ids, in id order.
    var vocabulary: [(token: String, id: UInt32)]
    /// The merges by priority.
    var merges: [(left: String, right: String)]
    /// Whether merges.txt opens with a `#version` line.
    var hasVersionHeader: Bool

    /// - Throws: `TokenizerError.invalidVocabularyFile` naming the file and the line at fault, or
    ///   `.malformedJSON` for a vocab.json that is not JSON.
    init(vocabulary vocabularyBytes: [UInt8], vocabularyPath: String, merges mergesBytes: [UInt8], mergesPath: String) throws {
        func vocabularyError(_ line: Int, _ message: String) -> TokenizerError {
            .invalidVocabularyFile(path: vocabularyPath, format: Self.vocabularyFormat, line: line, message: message)
        }
        let document = try JSONDocument(parsing: vocabularyBytes, source: vocabularyPath)
        let root = document.root
        guard root.kind == .object else {
            throw vocabularyError(Int(root.node.line), "expected a JSON object of token → id, found \(root.kind.description)")
        }
        var idOf: [[UInt8]: UInt32] = [:] // by bytes: String's == takes canonically equivalent tokens as one
        var tokenOf: [UInt32: String] = [:]
        idOf.reserveCapacity(root.count)
        tokenOf.reserveCapacity(root.count)
        try root.forEachEntry { key, value in
            let line = Int(value.node.line)
            guard let token = String(validatingUTF8Bytes: key) else { throw vocabularyError(line, "a token is not valid UTF-8") }
            guard value.kind == .number, let id = try? value.uint32() else {
                throw vocabularyError(line, "the id of \(token.debugDescription) is not a non-negative 32-bit integer")
            }
            guard idOf.updateValue(id, forKey: key) == nil else {
                throw vocabularyError(line, "the token \(token.debugDescription) is given twice")
            }
            if let other = tokenOf.updateValue(token, forKey: id) {
                throw vocabularyError(line, "the id \(id) is given to both \(other.debugDescription) and \(token.debugDescription)")
            }
        }
        vocabulary = idOf.map { (String(validUTF8: $0.key), $0.value) }.sorted { $0.id < $1.id }

        func mergesError(_ line: Int, _ message: String) -> TokenizerError {
            .invalidVocabularyFile(path: mergesPath, format: Self.mergesFormat, line: line, message: message)
        }
        merges = []
        hasVersionHeader = false
        var line = 0
        var start = 0
        while start < mergesBytes.count {
            var end = mergesBytes[start...].firstIndex(of: 0x0A) ?? mergesBytes.count
            let next = end + 1
            line += 1
            if end < mergesBytes.count, end > start, mergesBytes[end - 1] == 0x0D { end -= 1 } // a `\r\n` line end
            defer { start = next }
            let bytes = mergesBytes[start..<end]
            guard let text = String(validatingUTF8Bytes: bytes) else {
                throw mergesError(line, "not valid UTF-8")
            }
            if bytes.starts(with: Self.versionPrefix) {
                if line == 1 { hasVersionHeader = true }
                continue
            }
            // Split on the bytes, as Rust's `split(' ')`: a String sees a space and a combining mark as one character.
            let parts = bytes.split(separator: 0x20, omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw mergesError(line, "expected two tokens separated by one space, found \(text.debugDescription)")
            }
            for token in [Array(parts[0]), Array(parts[1]), Array(parts[0]) + parts[1]] where idOf[token] == nil {
                throw mergesError(line, "the token \(String(validUTF8: token).debugDescription) is not in \(vocabularyPath)")
            }
            merges.append((String(validUTF8: parts[0]), String(validUTF8: parts[1])))
        }
    }

    /// The merges.txt of a vocab.json: `PREFIXmerges.txt` beside `PREFIXvocab.json` (`gpt2-vocab.json` →
    /// `gpt2-merges.txt`), `STEM.merges.txt` beside `STEM.json`, else `merges.txt` in its folder; nil when
    /// there is none.
    static func mergesPath(besideVocabularyFile path: String) -> String? {
        let folder = (path as NSString).deletingLastPathComponent // as given: relative stays relative
        let name = (path as NSString).lastPathComponent
        var candidates: [String] = []
        if name.hasSuffix("vocab.json") { candidates.append(String(name.dropLast("vocab.json".count)) + "merges.txt") }
        candidates.append((name as NSString).deletingPathExtension + ".merges.txt")
        candidates.append("merges.txt")
        for candidate in candidates {
            let merges = (folder as NSString).appendingPathComponent(candidate)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: merges, isDirectory: &isDirectory), !isDirectory.boolValue { return merges }
        }
        return nil
    }

    /// Whether a JSON document (opening with `{` at `start`) is a vocab.json: its first member's value is a
    /// number (a tokenizer.json opens with `"version": "1.0"` or another component, a tekken.json with its
    /// `config`). An empty object counts as a vocab.json.
    static func looksLikeVocabularyJSON(_ bytes: [UInt8], objectStart start: Int) -> Bool {
        var i = start + 1
        func skipSpace() { while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 } }
        skipSpace()
        guard i < bytes.count else { return false }
        if bytes[i] == UInt8(ascii: "}") { return true }
        guard bytes[i] == UInt8(ascii: "\"") else { return false }
        i += 1
        while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
        i += 1
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
        i += 1
        skipSpace()
        return i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] &- UInt8(ascii: "0") < 10)
    }

    /// Whether `bytes` open as a merges.txt: a `#version` first line.
    static func looksLikeMergesFile(_ bytes: [UInt8]) -> Bool {
        bytes.starts(with: versionPrefix)
    }

    /// The start of the lines the reference skips.
    static let versionPrefix = Array("#version".utf8)
}

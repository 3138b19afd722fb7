/// The ranks of a tiktoken BPE file (`tiktoken.load.load_tiktoken_bpe`): one `BASE64 RANK` per line.
///
/// ```text
/// IQ== 0
/// Ig== 1
/// ```
///
/// A token's rank is both its id and its merge priority. Read exactly as tiktoken reads it: lines split on
/// `\n` (a trailing `\r` is dropped), empty lines skipped, two fields separated by spaces or tabs, the
/// token in standard base64 with padding (`=` alone is the empty token, as in Whisper's files). Unlike
/// tiktoken, which keeps the last of two equal tokens and fails later on two equal ranks, a repeated
/// token or rank is an error that names both lines.
struct TiktokenRankFile: Sendable {
    /// Each token's bytes and rank, in file order.
    var tokens: [[UInt8]] = []
    var ranks: [UInt32] = []

    var count: Int { ranks.count }

    /// Ranks read elsewhere (a tekken.json's vocabulary).
    init(tokens: [[UInt8]], ranks: [UInt32]) {
        self.tokens = tokens
        self.ranks = ranks
    }

    /// Parses `bytes`; `path` names the file in errors.
    /// - Throws: `TokenizerError.invalidVocabularyFile` with the 1-based line that is wrong.
    init(parsing bytes: [UInt8], path: String) throws {
        func failure(_ line: Int, _ message: String) -> TokenizerError {
            .invalidVocabularyFile(path: path, format: "tiktoken rank file", line: line, message: message)
        }
        tokens.reserveCapacity(bytes.count / 12)
        ranks.reserveCapacity(bytes.count / 12)
        // Rank → line, to name both lines of a repeated rank.
        var lineOfRank: [UInt32: Int] = [:]
        try bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            var lineNumber = 0
            var decoded: [UInt8] = []
            while start < buffer.count {
                lineNumber += 1
                var end = start
                while end < buffer.count && buffer[end] != 0x0A { end += 1 }
                var last = end
                if last > start && buffer[last - 1] == 0x0D { last -= 1 }
                defer { start = end + 1 }
                if last == start { continue }
                // Two fields separated by blanks.
                var i = start
                while i < last && Self.isBlank(buffer[i]) { i += 1 }
                let tokenStart = i
                while i < last && !Self.isBlank(buffer[i]) { i += 1 }
                let tokenEnd = i
                while i < last && Self.isBlank(buffer[i]) { i += 1 }
                let rankStart = i
                while i < last && !Self.isBlank(buffer[i]) { i += 1 }
                let rankEnd = i
                while i < last && Self.isBlank(buffer[i]) { i += 1 }
                guard tokenStart < tokenEnd, rankStart < rankEnd, i == last else {
                    if tokenStart == tokenEnd { continue } // blanks only
                    throw failure(lineNumber, "expected `BASE64 RANK` (a base64 token, a space, a decimal rank), found `\(Self.excerpt(buffer[start..<last]))`")
                }
                var rank: Int64 = 0
                for j in rankStart..<rankEnd {
                    let digit = buffer[j] &- UInt8(ascii: "0")
                    guard digit < 10 else {
                        throw failure(lineNumber, "the rank `\(Self.excerpt(buffer[rankStart..<rankEnd]))` is not a decimal number")
                    }
                    rank = rank * 10 + Int64(digit)
                    guard rank < Int64(UInt32.max) else {
                        throw failure(lineNumber, "the rank `\(Self.excerpt(buffer[rankStart..<rankEnd]))` is too large")
                    }
                }
                decoded.removeAll(keepingCapacity: true)
                guard TiktokenBase64.decode(UnsafeBufferPointer(rebasing: buffer[tokenStart..<tokenEnd]), into: &decoded) else {
                    throw failure(lineNumber, "`\(Self.excerpt(buffer[tokenStart..<tokenEnd]))` is not valid base64 (the token of rank \(rank))")
                }
                let value = UInt32(rank)
                if let previous = lineOfRank.updateValue(lineNumber, forKey: value) {
                    throw failure(lineNumber, "rank \(rank) is given again (first on line \(previous))")
                }
                tokens.append(decoded)
                ranks.append(value)
            }
        }
        guard !ranks.isEmpty else { throw failure(0, "the file has no `BASE64 RANK` lines") }
    }

    @inline(__always)
    private static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// At most 40 bytes of a line, for error messages.
    private static func excerpt(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> String {
        let text = String(decoding: bytes.prefix(40), as: UTF8.self)
        return bytes.count > 40 ? text + "…" : text
    }

    /// Whether `bytes` start like a rank file: the first non-empty line is `BASE64 RANK`.
    static func looksLikeRankFile(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count && (bytes[i] == 0x0A || bytes[i] == 0x0D) { i += 1 }
        var sawToken = false
        var sawSpace = false
        var sawDigit = false
        while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D {
            let b = bytes[i]
            if isBlank(b) {
                if sawDigit || !sawToken { return false }
                sawSpace = true
            } else if sawSpace {
                guard b &- UInt8(ascii: "0") < 10 else { return false }
                sawDigit = true
            } else {
                guard TiktokenBase64.value(of: b) != nil || b == UInt8(ascii: "=") else { return false }
                sawToken = true
            }
            i += 1
        }
        return sawToken && sawDigit
    }
}

/// Standard base64 (RFC 4648 alphabet, `=` padding), as Python's `base64.b64decode` reads it.
enum TiktokenBase64 {
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(c)] = UInt8(i)
        }
        return table
    }()

    @inline(__always)
    static func value(of byte: UInt8) -> UInt8? {
        let v = values[Int(byte)]
        return v == 0xFF ? nil : v
    }

    /// Appends the bytes `text` encodes; false when it is not base64 (a wrong character, length or padding).
    /// As Python's decoder, the padding may be left out only when nothing is missing (`=` alone decodes to
    /// nothing).
    static func decode(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8]) -> Bool {
        var end = text.count
        var padding = 0
        while end > 0 && text[end - 1] == UInt8(ascii: "=") && padding < 2 {
            end -= 1
            padding += 1
        }
        // Python accepts excess padding only as a whole group; `=` alone (Whisper) decodes to b"".
        if end == 0 { return padding > 0 }
        // Python requires the padding: the length with it is a multiple of 4.
        guard (end + padding) % 4 == 0 else { return false }
        var accumulator: UInt32 = 0
        var bits = 0
        for i in 0..<end {
            guard let v = value(of: text[i]) else { return false }
            accumulator = accumulator << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
                accumulator &= (1 << UInt32(bits)) - 1
            }
        }
        return true
    }
}

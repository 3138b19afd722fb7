/// A BERT `vocab.txt`, one token per line, read as transformers 5.25 reads it: `BertTokenizer` hands the
/// path to `tokenizers`' `WordPiece`, whose `read_file` takes each line (`\n` or `\r\n` ended), drops its
/// trailing whitespace (Rust's `trim_end`, the Unicode White_Space characters) and gives it the line's
/// 0-based number as id.
///
/// ```swift
/// let file = try WordPieceVocabularyFile(parsing: Array("[PAD]\n[UNK]\nhello\n".utf8), path: "vocab.txt")
/// file.entries   // [("[PAD]", 0), ("[UNK]", 1), ("hello", 2)]
/// ```
///
/// A token that appears on several lines keeps the id of its last line, and the earlier lines' ids stay
/// unused, as in the reference (its vocabulary is a dictionary filled line by line). Empty lines are the
/// empty token. A byte order mark is part of the first token, as there.
struct WordPieceVocabularyFile {
    static let format = "vocab.txt"

    /// The tokens with their ids, in id order.
    var entries: [(token: String, id: UInt32)]
    /// The number of lines, the ids given out.
    var lineCount: Int
    /// Lines whose token a later line gives again (their ids are unused).
    var repeatedLines: Int

    /// - Throws: `TokenizerError.invalidVocabularyFile` naming the line that is not valid UTF-8.
    init(parsing bytes: [UInt8], path: String) throws {
        var idOf: [[UInt8]: UInt32] = [:] // by bytes: String's == takes canonically equivalent tokens as one
        var line = 0
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 0x0A) ?? bytes.count
            line += 1
            guard let text = String(validatingUTF8Bytes: bytes[start..<end]) else {
                throw TokenizerError.invalidVocabularyFile(path: path, format: Self.format, line: line, message: "not valid UTF-8")
            }
            idOf[Array(Self.trimmingTrailingWhitespace(text).utf8)] = UInt32(line - 1)
            start = end + 1
        }
        lineCount = line
        repeatedLines = line - idOf.count
        entries = idOf.map { (String(validUTF8: $0.key), $0.value) }.sorted { $0.id < $1.id }
    }

    /// The text without its trailing White_Space characters (Rust's `str::trim_end`; this also drops the `\r`
    /// of a `\r\n` line end).
    static func trimmingTrailingWhitespace(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    /// Whether `bytes` read as a vocab.txt: UTF-8 lines, at least one token, and no token with whitespace
    /// inside (BERT's pre-tokenizer splits on whitespace, so its vocabularies never have any). A tiktoken rank
    /// file (`BASE64 RANK`) and a merges.txt (`LEFT RIGHT`) have a space on every line.
    static func looksLikeVocabularyFile(_ bytes: [UInt8]) -> Bool {
        guard String(validatingUTF8Bytes: bytes) != nil else { return false }
        // Two tokens at least, and no control characters (a binary or one-word file is not a vocabulary;
        // a file named vocab.txt is read as one whatever it holds).
        var tokens = 0
        // Split on the bytes: a String sees `\r\n` as one character.
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let token = trimmingTrailingWhitespace(String(validUTF8: line))
            if token.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
                return false
            }
            if !token.isEmpty { tokens += 1 }
        }
        return tokens >= 2
    }
}

import Foundation

/// Everything that can go wrong in TokenizerKit, each with the context a user needs to fix it.
///
/// As a `LocalizedError`, its `errorDescription` (and so `localizedDescription`) is `description`:
/// ```swift
/// do { _ = try tokenizer.decode([999_999]) } catch { print(error.localizedDescription) }
/// // id 999999 is not in the vocabulary
/// ```
public enum TokenizerError: Error, Sendable, Equatable, CustomStringConvertible, LocalizedError {
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file is not valid JSON.
    case malformedJSON(file: String, line: Int, column: Int, message: String)
    /// The JSON is valid but a field is wrong: `path` is the JSON path (`model.merges[1041]`).
    case invalidConfiguration(path: String, message: String)
    /// A regular expression in the configuration could not be compiled.
    case invalidPattern(pattern: String, message: String)
    /// A regular expression (a `Split` pre-tokenizer's or a `Replace` normalizer's) backtracked past its step
    /// budget on the text being encoded, as `(a+)+b` does on a long run of `a`: the reference (Oniguruma)
    /// fails such an encode too, with "retry-limit-in-match over". The budget grows with the text's length,
    /// so only a pattern that backtracks catastrophically reaches it.
    case regexLimitExceeded(pattern: String)
    /// An id outside the vocabulary was given to `decode` or `token(forID:)`.
    case unknownID(UInt32)
    /// Input text that is not valid UTF-8.
    case invalidUTF8(source: String, line: Int)
    /// Truncation that cannot be done: `onlySecond` without a pair, a sequence too short to cut, a
    /// `stride` not less than what each part keeps, a `maximumLength` below the special tokens' count.
    case impossibleTruncation(String)
    /// The model met a word or character it has no token for, and its unknown token is missing from
    /// the vocabulary (or, for Unigram, `unk_id` is null): the reference fails the encode the same way.
    case missingUnknownToken(model: String, token: String?)
    /// Anything else the pipeline refuses, with a message.
    case unsupported(String)
    /// A vocabulary file in another format than tokenizer.json (`format`: "tiktoken rank file", "tekken.json") that is
    /// not valid: `line` is its 1-based line (0 when the problem is not on one line).
    case invalidVocabularyFile(path: String, format: String, line: Int, message: String)
    /// An error that one line (or JSON Lines record) of an input raised, as `regexLimitExceeded` while
    /// counting the words of a training corpus: `source` names the input, `line` is 1-based.
    indirect case inInput(source: String, line: Int, underlying: TokenizerError)

    /// A one-line message for people: what went wrong and where.
    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): "\(path): cannot read: \(reason)"
        case let .malformedJSON(file, line, column, message): "\(file):\(line):\(column): invalid JSON: \(message)"
        case let .invalidConfiguration(path, message): "\(path): \(message)"
        case let .invalidPattern(pattern, message): "invalid regular expression \(pattern): \(message)"
        case let .regexLimitExceeded(pattern):
            "regular expression \(pattern) backtracked past its step limit on this text (the reference fails too: retry-limit-in-match over)"
        case let .unknownID(id): "id \(id) is not in the vocabulary"
        case let .invalidUTF8(source, line): "\(source):\(line): invalid UTF-8"
        case let .impossibleTruncation(message): "truncation: \(message)"
        case let .missingUnknownToken(model, token?):
            "\(model): the text has a piece outside the vocabulary and the unknown token `\(token)` is not in the vocabulary"
        case let .missingUnknownToken(model, nil):
            "\(model): the text has a piece outside the vocabulary and the model has no unknown token (unk_id is null)"
        case let .unsupported(message): message
        case let .invalidVocabularyFile(path, format, line, message):
            line > 0 ? "\(path):\(line): not a valid \(format): \(message)" : "\(path): not a valid \(format): \(message)"
        case let .inInput(source, line, underlying): "\(source):\(line): \(underlying)"
        }
    }

    /// The same message as `description`, for `localizedDescription` and error alerts.
    public var errorDescription: String? { description }
}

/// Decodes generated ids one at a time, yielding text as soon as it is complete.
///
/// It never yields a broken UTF-8 sequence or a half-decoded byte-fallback run: text is held back while
/// the decoding of the ids so far ends in U+FFFD. Everything it yields, concatenated, is what decoding all
/// the ids at once gives (the reference's `DecodeStream`, same algorithm: it re-decodes a short window of
/// recent ids, so the cost per id stays constant).
///
/// ```swift
/// var stream = tokenizer.decodeStream(skippingSpecialTokens: true)
/// for id in generatedIDs {
///     if let text = try stream.step(id) { print(text, terminator: "") }
/// }
/// ```
public struct DecodeStream: Sendable {
    private let tokenizer: Tokenizer
    private let skippingSpecialTokens: Bool
    private var ids: [UInt32] = []
    private var prefix = ""
    private var prefixIndex = 0

    init(tokenizer: Tokenizer, skippingSpecialTokens: Bool) {
        self.tokenizer = tokenizer
        self.skippingSpecialTokens = skippingSpecialTokens
    }

    /// Adds one id; returns the newly completed text, or nil when nothing is complete yet.
    /// - Throws: `TokenizerError.unknownID` for an id outside the vocabulary, or `.unsupported` when the
    ///   decoder rewrites earlier text (the reference's "invalid prefix").
    public mutating func step(_ id: UInt32) throws -> String? {
        if prefix.isEmpty && !ids.isEmpty {
            let newPrefix = try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens)
            if !newPrefix.unicodeScalars.last.map({ $0 == "\u{FFFD}" }).isTrue {
                prefix = newPrefix
                prefixIndex = ids.count
            }
        }
        ids.append(id)
        let string = try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens)
        let stringBytes = Array(string.utf8)
        let prefixBytes = Array(prefix.utf8)
        guard stringBytes.count > prefixBytes.count, string.unicodeScalars.last != "\u{FFFD}" else { return nil }
        guard stringBytes.starts(with: prefixBytes) else {
            throw TokenizerError.unsupported("decode stream: after id \(id) the text no longer starts with \(prefix.debugDescription) (got \(string.debugDescription))")
        }
        let newText = String(decoding: stringBytes[prefixBytes.count...], as: UTF8.self)
        let newPrefixIndex = ids.count - prefixIndex
        ids.removeFirst(prefixIndex)
        prefix = try tokenizer.decode(ids, skippingSpecialTokens: skippingSpecialTokens)
        prefixIndex = newPrefixIndex
        return newText
    }
}

extension Optional where Wrapped == Bool {
    fileprivate var isTrue: Bool { self ?? false }
}

extension Tokenizer {
    /// A streaming decoder for ids that arrive one at a time (generation).
    public func decodeStream(skippingSpecialTokens: Bool = true) -> DecodeStream {
        DecodeStream(tokenizer: self, skippingSpecialTokens: skippingSpecialTokens)
    }

    /// Decodes several id sequences, in order.
    public func decode(batch: [[UInt32]], skippingSpecialTokens: Bool = true) throws -> [String] {
        try batch.map { try decode($0, skippingSpecialTokens: skippingSpecialTokens) }
    }
}

/// Decodes generated ids as they arrive, yielding text as soon as it is complete.
///
/// ```swift
/// var stream = tokenizer.decodeStream(prompt: promptIDs, skippingSpecialTokens: true)
/// for id in generatedIDs {
///     if let text = try stream.step(id) { print(text, terminator: "") }
/// }
/// ```
///
/// What it yields, concatenated, is the text the generated ids add to the prompt's: `decode(prompt + generated)`
/// with `decode(prompt)` removed from its front. So the first piece is spaced as in the full text (" Paris" after
/// "The capital of France is", where a stream without the prompt yields "Paris", as `decode` of that id alone).
///
/// It never yields a broken UTF-8 sequence or a half-decoded byte-fallback run: text is held back while the
/// decoding of the ids so far ends in U+FFFD, and comes out with the id that completes it. Pieces are cut
/// at UTF-8 scalar boundaries, never at grapheme boundaries: when an id adds a combining mark (U+0301) to a
/// letter already yielded, the next piece starts with the mark alone. Appending pieces to a `String` joins
/// them correctly; counting `Character`s per piece does not add up (the mark joins the previous piece's last
/// character).
///
/// The algorithm is the reference's `DecodeStream` (tokenizers 0.23.3, `step_decode_stream`): it re-decodes
/// a short window of recent ids (the ids of the last piece and those after it), so the cost per id stays
/// constant, and each result equals the reference's — with one exception: when the prompt's decoding ends
/// in U+FFFD (its last ids are the first bytes of a character), the reference yields the whole prompt's text
/// again in its first piece; this stream yields only what follows the prompt's last complete character.
/// Until the first piece, the window holds the whole prompt (as in the reference).
public struct DecodeStream: Sendable {
    private let tokenizer: Tokenizer
    private let skippingSpecialTokens: Bool
    /// The window: ids already covered by `prefix` (the first `prefixIndex`), then the ids not yet yielded.
    private var ids: [UInt32]
    /// The decoding of `ids[..<prefixIndex]`, already yielded (or the prompt's text).
    private var prefix = ""
    private var prefixIndex = 0
    /// True until the first step of a stream that starts from a prompt.
    private var settlesPrompt: Bool

    init(tokenizer: Tokenizer, prompt: [UInt32], skippingSpecialTokens: Bool) {
        self.tokenizer = tokenizer
        self.skippingSpecialTokens = skippingSpecialTokens
        ids = prompt
        settlesPrompt = !prompt.isEmpty
    }

    /// Adds one id; returns the newly completed text, or nil when nothing is complete yet.
    /// - Throws: `TokenizerError.unknownID` for an id outside the vocabulary, or `.unsupported` when the
    ///   decoder rewrites text already yielded (the reference's "invalid prefix").
    public mutating func step(_ id: UInt32) throws -> String? {
        try step(CollectionOfOne(id))
    }

    /// Adds several ids at once; returns the text they complete (together with ids held back before), or
    /// nil when nothing is complete yet. The same as the reference's `step` with a list of ids: text is
    /// held back only when the decoding of all the ids so far ends in U+FFFD.
    ///
    /// ```swift
    /// if let text = try stream.step(acceptedDraftIDs) { print(text, terminator: "") }
    /// ```
    /// - Throws: as `step(_:)` for one id; an empty collection returns nil.
    public mutating func step(_ newIDs: some Collection<UInt32>) throws -> String? {
        if settlesPrompt {
            settlesPrompt = false
            try settlePrompt()
        } else if prefix.isEmpty && !ids.isEmpty {
            let newPrefix = try decode(ids[...])
            if !newPrefix.endsInReplacementCharacter {
                prefix = newPrefix
                prefixIndex = ids.count
            }
        }
        ids.append(contentsOf: newIDs)
        let string = try decode(ids[...])
        let stringBytes = string.utf8
        let prefixBytes = prefix.utf8
        guard stringBytes.count > prefixBytes.count, !string.endsInReplacementCharacter else { return nil }
        // Bytes, not `String.hasPrefix`: that compares characters, and "é" (e + U+0301) does not start with "e".
        guard stringBytes.starts(with: prefixBytes) else {
            throw TokenizerError.unsupported("decode stream: after id \(ids.last ?? 0) the text no longer starts with the text already yielded, \(prefix.debugDescription) (it is \(string.debugDescription))")
        }
        let newText = String(decoding: stringBytes.dropFirst(prefixBytes.count), as: UTF8.self)
        let newPrefixIndex = ids.count - prefixIndex
        ids.removeFirst(prefixIndex)
        prefix = try decode(ids[...])
        prefixIndex = newPrefixIndex
        return newText
    }

    /// The text still held back, for the end of generation: what the last ids add after the last piece
    /// even though it ends in U+FFFD (their bytes never completed a character); nil when nothing is held
    /// back. With it, the pieces add up to the whole text after the prompt's in every case. The stream then
    /// starts over, like a new stream without a prompt.
    ///
    /// ```swift
    /// if let rest = try stream.finish() { print(rest) }
    /// ```
    public mutating func finish() throws -> String? {
        if settlesPrompt {
            settlesPrompt = false
            try settlePrompt()
        }
        let string = try decode(ids[...])
        let prefixBytes = prefix.utf8
        ids = []
        prefix = ""
        prefixIndex = 0
        guard string.utf8.count > prefixBytes.count, string.utf8.starts(with: prefixBytes) else { return nil }
        return String(decoding: string.utf8.dropFirst(prefixBytes.count), as: UTF8.self)
    }

    /// Before the first step from a prompt: the prompt's text becomes the prefix. When it ends in U+FFFD
    /// (its last ids hold the first bytes of a character), the prefix is the text of the longest run of
    /// leading prompt ids whose decoding does not, so that the character comes out whole in the first piece
    /// (the reference leaves the prefix empty there and yields the whole prompt again).
    private mutating func settlePrompt() throws {
        var count = ids.count
        while count > 0 {
            let text = try decode(ids[..<count])
            if !text.endsInReplacementCharacter {
                prefix = text
                prefixIndex = count
                return
            }
            count -= 1
        }
    }

    private func decode(_ ids: ArraySlice<UInt32>) throws -> String {
        try tokenizer.decode(Array(ids), skippingSpecialTokens: skippingSpecialTokens)
    }
}

extension String {
    fileprivate var endsInReplacementCharacter: Bool { unicodeScalars.last == "\u{FFFD}" }
}

extension Tokenizer {
    /// A streaming decoder for ids that arrive one at a time or a few at a time (generation).
    ///
    /// Give it the prompt's ids so that the first generated piece is spaced and joined as in the full
    /// text; it yields only the text after the prompt's. The reference's Python
    /// `DecodeStream(ids=prompt, skip_special_tokens=...)`.
    ///
    /// ```swift
    /// let prompt = try tokenizer.encode("The capital of France is").ids
    /// var stream = tokenizer.decodeStream(prompt: prompt)
    /// try stream.step(parisID) // " Paris", with its space
    /// ```
    public func decodeStream(prompt: [UInt32] = [], skippingSpecialTokens: Bool = true) -> DecodeStream {
        DecodeStream(tokenizer: self, prompt: prompt, skippingSpecialTokens: skippingSpecialTokens)
    }

    /// Decodes several id sequences, in order.
    public func decode(batch: [[UInt32]], skippingSpecialTokens: Bool = true) throws -> [String] {
        try batch.map { try decode($0, skippingSpecialTokens: skippingSpecialTokens) }
    }
}

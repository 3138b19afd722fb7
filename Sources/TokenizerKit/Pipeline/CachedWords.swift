/// The step every fast plan takes for one word: its ids from the word caches (keyed on the word's raw
/// bytes), or, for a word never seen, from the plan's own normalizing and model step, then cached.
extension EncodingWorkspace {
    /// The longest word (raw bytes, exclusive) the fast plans keep in `rawWordCache`; longer words are rare
    /// and would crowd the cache's arena.
    static let maximumCachedWordLength = 256

    /// Appends the ids of `word` (raw bytes, inside a buffer readable up to `readable`) from `hotWords` or
    /// `rawWordCache` and returns true, or returns false when neither holds it.
    @inline(__always)
    mutating func appendCachedIDs(ofWord word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                                  to ids: inout [UInt32]) -> Bool {
        if hotWords.appendIDs(of: word, readable: readable, to: &ids) { return true }
        guard word.count < Self.maximumCachedWordLength, let cached = rawWordCache.lookup(word) else { return false }
        for token in cached { ids.append(token.id) }
        hotWords.insert(word, cached)
        return true
    }

    /// Appends the ids of `word` to `ids`: from `hotWords`, else from `rawWordCache`, else from `tokenize`,
    /// which appends the word's tokens to the array it is handed (empty) or sets `model.failure`.
    ///
    /// `word` lies in a buffer readable up to `readable` (the hot-word cache reads whole machine words).
    /// Tokens of a word the model could not encode are neither appended nor cached: the caller stops and
    /// throws the failure.
    @inline(__always)
    mutating func appendIDs(ofWord word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>, to ids: inout [UInt32],
                            tokenize: (UnsafeBufferPointer<UInt8>, inout EncodingWorkspace, inout [ModelToken]) -> Void) {
        if appendCachedIDs(ofWord: word, readable: readable, to: &ids) { return }
        // Taken out of the workspace while in use, so that `tokenize` may use the rest of it without a copy.
        var tokens = modelTokens
        modelTokens = []
        tokens.removeAll(keepingCapacity: true)
        tokenize(word, &self, &tokens)
        if model.failure == nil {
            for token in tokens { ids.append(token.id) }
            if word.count < Self.maximumCachedWordLength { rawWordCache.insert(word, tokens[...]) }
            hotWords.insert(word, tokens[...])
        }
        modelTokens = tokens
    }
}

/// WordPiece: each word is cut greedily from the left into the longest pieces found in the vocabulary;
/// every piece after the first is looked up with `continuing_subword_prefix` in front of it.
///
/// ```
/// vocab: un, ##aff, ##able, ##a     "unaffable" → un ##aff ##able
/// ```
///
/// As in the reference, a word is all-or-nothing: if some part of it matches no piece, or the word has
/// more than `max_input_chars_per_word` characters, the whole word becomes one `unk_token`.
///
/// - Complexity: O(n · L) lookups for a word of n bytes, where L is the longest vocabulary entry in
///   bytes. The reference probes every shorter end from the end of the word (quadratic in the word's
///   length); ends further than L bytes away cannot match, so skipping them changes nothing.
struct WordPieceModel: Sendable {
    let vocabulary: Vocabulary
    let unknownToken: [UInt8]
    let continuingSubwordPrefix: [UInt8]
    let maximumCharactersPerWord: Int
    /// The id of `unknownToken`, or nil when the vocabulary lacks it (see `tokenize`).
    let unknownID: UInt32?
    /// The length in bytes of the longest vocabulary entry.
    let longestEntry: Int

    /// Decodes `model` of type WordPiece. Like the reference, every field is required (its defaults —
    /// "[UNK]", "##", 100 — are only those of its builder).
    init(json: JSONValue) throws {
        let vocabJSON = try json.required("vocab")
        guard vocabJSON.kind == .object else { throw vocabJSON.error("expected a map from token to id") }
        var vocabulary = Vocabulary(capacity: vocabJSON.count)
        var longest = 0
        try vocabJSON.forEachEntry { key, value in
            vocabulary.insert(key, id: try value.uint32())
            longest = max(longest, key.count)
        }
        let unknownToken = try json.required("unk_token").stringBytes()
        let prefix = try json.required("continuing_subword_prefix").stringBytes()
        let maximum = try json.required("max_input_chars_per_word").int()
        guard maximum >= 0 else {
            throw json.at("max_input_chars_per_word").error("expected a non-negative integer, found \(maximum)")
        }
        self.init(vocabulary: vocabulary, unknownToken: unknownToken,
                  continuingSubwordPrefix: prefix, maximumCharactersPerWord: maximum,
                  longestEntry: longest)
    }

    private init(vocabulary: Vocabulary, unknownToken: [UInt8], continuingSubwordPrefix: [UInt8],
                 maximumCharactersPerWord: Int, longestEntry: Int) {
        self.vocabulary = vocabulary
        self.unknownToken = unknownToken
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.maximumCharactersPerWord = maximumCharactersPerWord
        self.longestEntry = longestEntry
        unknownID = vocabulary.id(for: unknownToken)
    }

    /// Tokenizes one word (its normalized UTF-8 bytes), appending tokens with offsets relative to the word.
    ///
    /// An unknown word while `unk_token` is not in the vocabulary sets `failure` (the reference fails the
    /// whole encode).
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, into output: inout [ModelToken], failure: inout TokenizerError?) {
        let n = word.count
        if n == 0 { return }
        // Bytes ≥ characters, so only a word with more bytes than the limit needs counting.
        if n > maximumCharactersPerWord && Self.characterCount(word) > maximumCharactersPerWord {
            appendUnknown(length: n, into: &output, failure: &failure)
            return
        }
        // Fast path: the whole word is an entry (most words of natural text).
        if let id = vocabulary.id(for: word) {
            output.append(ModelToken(id: id, start: 0, end: Int32(n)))
            return
        }
        let first = output.count
        let prefixLength = continuingSubwordPrefix.count
        let matched = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(longestEntry, prefixLength) + 1) { key in
            // key = prefix + the candidate piece, rebuilt for each piece after the first.
            _ = key.initialize(from: continuingSubwordPrefix)
            var start = 0
            while start < n {
                let budget = start == 0 ? longestEntry : longestEntry - prefixLength
                guard budget > 0 else { return false }
                var end = min(n, start + budget)
                while end < n && end > start && word[end] & 0xC0 == 0x80 { end -= 1 }
                if end == n && start == 0 {
                    // The whole word was probed above.
                    end -= 1
                    while end > 0 && word[end] & 0xC0 == 0x80 { end -= 1 }
                }
                if start > 0 {
                    for i in start..<end { key[prefixLength + i - start] = word[i] }
                }
                var found: UInt32? = nil
                while end > start {
                    let candidate = start == 0
                        ? UnsafeBufferPointer(rebasing: word[0..<end])
                        : UnsafeBufferPointer(start: key.baseAddress, count: prefixLength + end - start)
                    if let id = vocabulary.id(for: candidate) {
                        found = id
                        break
                    }
                    end -= 1
                    while end > start && word[end] & 0xC0 == 0x80 { end -= 1 }
                }
                guard let id = found else { return false }
                output.append(ModelToken(id: id, start: Int32(start), end: Int32(end)))
                start = end
            }
            return true
        }
        if !matched {
            output.removeSubrange(first...)
            appendUnknown(length: n, into: &output, failure: &failure)
        }
    }

    @inline(__always)
    private func appendUnknown(length: Int, into output: inout [ModelToken], failure: inout TokenizerError?) {
        guard let unknownID else {
            failure = .missingUnknownToken(model: "WordPiece", token: String(validUTF8: unknownToken))
            return
        }
        output.append(ModelToken(id: unknownID, start: 0, end: Int32(length)))
    }

    /// The number of Unicode scalars in valid UTF-8 (what Rust's `chars().count()` counts).
    static func characterCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for b in bytes where b & 0xC0 != 0x80 { count += 1 }
        return count
    }
}

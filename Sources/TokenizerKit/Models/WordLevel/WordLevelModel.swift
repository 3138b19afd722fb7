/// WordLevel: each word is one token, looked up whole in the vocabulary; a word not in it becomes
/// `unk_token`.
///
/// ```
/// vocab: the, cat, <unk>     "the" → the     "dog" → <unk>
/// ```
struct WordLevelModel: Sendable {
    let vocabulary: Vocabulary
    let unknownToken: [UInt8]
    /// The id of `unknownToken`, or nil when the vocabulary lacks it (see `tokenize`).
    let unknownID: UInt32?

    /// Decodes `model` of type WordLevel. Like the reference, `vocab` and `unk_token` are required.
    init(json: JSONValue) throws {
        let vocabJSON = try json.required("vocab")
        guard vocabJSON.kind == .object else { throw vocabJSON.error("expected a map from token to id") }
        var vocabulary = Vocabulary(capacity: vocabJSON.count)
        try vocabJSON.forEachEntry { key, value in
            vocabulary.insert(key, id: try value.uint32())
        }
        self.vocabulary = vocabulary
        unknownToken = try json.required("unk_token").stringBytes()
        unknownID = vocabulary.id(for: unknownToken)
    }

    /// Appends the word's one token (offsets relative to the word).
    ///
    /// A word outside the vocabulary while `unk_token` is not in it either sets `failure` (the reference
    /// fails the whole encode).
    @inline(__always)
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, into output: inout [ModelToken], failure: inout TokenizerError?) {
        // The reference looks up even an empty word; the pipeline never passes one.
        guard let id = vocabulary.id(for: word) ?? unknownID else {
            failure = .missingUnknownToken(model: "WordLevel", token: String(validUTF8: unknownToken))
            return
        }
        output.append(ModelToken(id: id, start: 0, end: Int32(word.count)))
    }
}

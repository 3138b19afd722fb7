extension Tokenizer {
    /// Adds tokens (matched before anything else, never split); returns how many were new.
    /// A token already in the vocabulary keeps its id; new ones get ids after the largest in use.
    @discardableResult
    public mutating func addTokens(_ tokens: [AddedToken]) -> Int {
        let before = addedVocabulary.tokens.count
        let model = self.model
        let normalizer = self.normalizer
        addedVocabulary.add(tokens, modelID: { model.id(for: Array($0.utf8)) }, modelVocabularySize: model.vocabularySize,
                            normalize: normalizer.map { n in
                                { text in
                                    var s = NormalizedString(text)
                                    n.normalize(&s)
                                    return s.bytes
                                }
                            })
        if sentencePiecePlan != nil {
            normalizedTokenTriggers = NormalizedTokenTriggers(patterns: addedVocabulary.normalizedPatterns)
        }
        return addedVocabulary.tokens.count - before
    }

    /// Adds special tokens (skipped by `decode(_:skippingSpecialTokens: true)`, matched on the raw text).
    @discardableResult
    public mutating func addSpecialTokens(_ contents: [String]) -> Int {
        addTokens(contents.map { AddedToken(content: $0, special: true) })
    }

    /// The vocabulary: token → id, with or without the added tokens.
    public func vocabulary(includingAddedTokens: Bool = true) -> [String: UInt32] {
        var result: [String: UInt32] = [:]
        var id: UInt32 = 0
        var remaining = model.vocabularySize
        while remaining > 0 && id < UInt32.max {
            if let token = model.token(for: id) {
                result[String(validUTF8: token)] = id
                remaining -= 1
            }
            id += 1
        }
        if includingAddedTokens {
            for (id, token) in addedVocabulary.tokens { result[token.content] = id }
        }
        return result
    }

    /// Encodes text that is already split into words (the reference's `is_pretokenized=True`): each word
    /// is encoded on its own, word ids are the positions in `words`, offsets are relative to each word.
    public func encode(words: [String], pair: [String]? = nil, addingSpecialTokens: Bool = true,
                       offsets unit: OffsetUnit = .scalars) throws -> Encoding {
        var workspace = EncodingWorkspace()
        func sequence(_ words: [String], typeID: UInt32) throws -> Encoding {
            var merged = Encoding()
            for (index, word) in words.enumerated() {
                var word = word
                var e = try word.withUTF8 { try encodeSequence($0, typeID: typeID, unit: unit, workspace: &workspace) }
                e.wordIDs = Array(repeating: index, count: e.count)
                merged.appendTokens(of: e)
            }
            return merged
        }
        let first = try sequence(words, typeID: 0)
        let second = try pair.map { try sequence($0, typeID: 1) }
        var result = try postProcess(first, pair: second, addingSpecialTokens: addingSpecialTokens)
        if unit != .scalars { result.setOffsetUnit(unit) }
        return result
    }
}

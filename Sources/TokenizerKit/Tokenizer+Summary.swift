extension Tokenizer {
    /// A human-readable description of the pipeline, for `tok info`.
    public var summary: String {
        var lines: [String] = []
        lines.append("normalizer:     \(normalizer.map(ComponentName.describe) ?? "none")")
        lines.append("pre-tokenizer:  \(preTokenizer.map(ComponentName.describe) ?? "none")")
        lines.append("model:          \(modelSummary)")
        lines.append("post-processor: \(postProcessor.map(ComponentName.describe) ?? "none")")
        lines.append("decoder:        \(decoder.map(ComponentName.describe) ?? "none")")
        if let truncation { lines.append("truncation:     max_length \(truncation.maximumLength), stride \(truncation.stride), \(truncation.strategy.rawValue), \(truncation.direction.rawValue)") }
        if let padding { lines.append("padding:        \(padding.strategy), \(padding.direction.rawValue), pad token \(padding.padToken) (\(padding.padID))") }
        lines.append("vocabulary:     \(vocabularySize) tokens (model \(model.vocabularySize), added \(addedVocabulary.tokens.count))")
        for (id, token) in addedVocabulary.tokens.sorted(by: { $0.key < $1.key }) {
            var flags: [String] = []
            if token.special { flags.append("special") }
            if token.normalized { flags.append("normalized") }
            if token.singleWord { flags.append("single_word") }
            if token.leftStrip { flags.append("lstrip") }
            if token.rightStrip { flags.append("rstrip") }
            lines.append("  added \(id): \(token.content.debugDescription)\(flags.isEmpty ? "" : " (" + flags.joined(separator: ", ") + ")")")
        }
        return lines.joined(separator: "\n")
    }

    private var modelSummary: String {
        switch model {
        case let .bpe(m):
            var options: [String] = []
            if m.byteFallback { options.append("byte_fallback") }
            if m.fuseUnknown { options.append("fuse_unk") }
            if m.ignoreMerges { options.append("ignore_merges") }
            if let d = m.dropout, d > 0 { options.append("dropout \(d)") }
            if let u = m.unknownToken { options.append("unk \(String(validUTF8: u).debugDescription)") }
            if let p = m.continuingSubwordPrefix { options.append("prefix \(String(validUTF8: p).debugDescription)") }
            if let s = m.endOfWordSuffix { options.append("suffix \(String(validUTF8: s).debugDescription)") }
            return "BPE, \(m.vocabulary.count) tokens, \(m.merges.count) merges" + (options.isEmpty ? "" : " (" + options.joined(separator: ", ") + ")")
        case let .wordPiece(m):
            return "WordPiece, \(m.vocabulary.count) tokens (unk \(String(validUTF8: m.unknownToken).debugDescription), prefix \(String(validUTF8: m.continuingSubwordPrefix).debugDescription), max \(m.maximumCharactersPerWord) chars per word)"
        case let .wordLevel(m):
            return "WordLevel, \(m.vocabulary.count) tokens (unk \(String(validUTF8: m.unknownToken).debugDescription))"
        case let .unigram(m):
            return "Unigram, \(m.vocabularySize) pieces (unk_id \(m.unknownID.map { String($0) } ?? "none")\(m.byteFallback ? ", byte_fallback" : ""))"
        }
    }
}

/// Names a component from its enum case, recursing into sequences.
enum ComponentName {
    static func describe(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .enum, let child = mirror.children.first, let label = child.label else {
            return "\(value)"
        }
        let name = label.prefix(1).uppercased() + label.dropFirst()
        if label == "sequence", let items = child.value as? [Any] {
            return "Sequence[" + items.map(describe).joined(separator: ", ") + "]"
        }
        let payload = Mirror(reflecting: child.value)
        if payload.displayStyle == .collection {
            return name + "[" + payload.children.map { describe($0.value) }.joined(separator: ", ") + "]"
        }
        return name
    }
}

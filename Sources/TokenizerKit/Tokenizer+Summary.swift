extension Tokenizer {
    /// A human-readable description of the pipeline, for `tok info`.
    public var summary: String {
        var lines: [String] = []
        if let sourceFormat, sourceFormat.format == "sentencepiece" {
            lines.append("format:         sentencepiece (\(sourceFormat.encoding ?? "model"))")
            lines += sourceFormat.details
        } else if let sourceFormat {
            // Vocabulary files (vocab.txt, vocab.json) have no encoding to recognise and no pattern.
            let recognition = sourceFormat.encoding.map { ", recognised as \($0)" } ?? (sourceFormat.pattern.isEmpty ? "" : ", not a known encoding")
            lines.append("format:         \(sourceFormat.format)\(recognition)")
            if !sourceFormat.pattern.isEmpty {
                lines.append("pattern:        \(sourceFormat.pattern.debugDescription) (\(sourceFormat.patternSource))")
            }
            lines.append("special tokens: \(sourceFormat.specialTokensSource)")
            for detail in sourceFormat.details { lines.append("inferred:       \(detail)") }
        }
        if sentencePieceModel == nil { // a SentencePiece model's details above say what runs
            lines.append("normalizer:     \(normalizer.map(ComponentName.describe) ?? "none")")
            lines.append("pre-tokenizer:  \(preTokenizer.map(ComponentName.describe) ?? "none")")
            lines.append("model:          \(modelSummary)")
            lines.append("post-processor: \(postProcessor.map(ComponentName.describe) ?? "none")")
            lines.append("decoder:        \(decoder.map(ComponentName.describe) ?? "none")")
        }
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

/// Describes a component from its enum case and settings, recursing into sequences: `Split(pattern:
/// regex("…"), behavior: isolated, invert: false)`. Large values (vocabularies, tables) are left out.
enum ComponentName {
    static func describe(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .enum else { return settingValue(value) }
        guard let child = mirror.children.first, let label = child.label else {
            return typeName("\(value)")
        }
        let name = typeName(label)
        if label == "sequence", let items = child.value as? [Any] {
            return "Sequence[" + items.map(describe).joined(separator: ", ") + "]"
        }
        let settings = describeSettings(child.value)
        return settings.isEmpty ? name : "\(name)(\(settings))"
    }

    /// lowerCamel case names as the reference's type names (`byteLevel` → `ByteLevel`).
    private static func typeName(_ label: String) -> String {
        label.prefix(1).uppercased() + label.dropFirst()
    }

    private static func describeSettings(_ payload: Any) -> String {
        let mirror = Mirror(reflecting: payload)
        switch mirror.displayStyle {
        case .tuple:
            return mirror.children.map { child in
                let value = settingValue(child.value)
                if let label = child.label, !label.hasPrefix(".") { return "\(label): \(value)" }
                return value
            }.joined(separator: ", ")
        case .struct:
            return mirror.children.compactMap { child -> String? in
                guard let label = child.label else { return nil }
                let value = settingValue(child.value)
                return value.isEmpty ? nil : "\(label): \(value)"
            }.joined(separator: ", ")
        default:
            return settingValue(payload)
        }
    }

    private static func shortened(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 60 else { return text.debugDescription }
        var head = String.UnicodeScalarView()
        head.append(contentsOf: scalars.prefix(40))
        return String(head).debugDescription + "…(\(text.utf8.count) bytes)"
    }

    private static func settingValue(_ value: Any) -> String {
        switch value {
        case let bytes as [UInt8]: return shortened(String(validUTF8: bytes))
        case let string as String: return shortened(string)
        case let number as any BinaryInteger: return "\(number)"
        case let number as Double: return "\(number)"
        case let flag as Bool: return "\(flag)"
        case let regex as ICURegex: return "regex(\(regex.pattern.debugDescription))"
        case is Vocabulary, is MergeTable, is ByteStringTable: return ""
        default: break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let inner = mirror.children.first?.value else { return "nil" }
            return settingValue(inner)
        case .enum:
            guard let child = mirror.children.first, let label = child.label else { return "\(value)" }
            let inner = describeSettings(child.value)
            return inner.isEmpty ? label : "\(label)(\(inner))"
        case .collection, .dictionary, .set:
            let count = mirror.children.count
            if count > 8 { return "[\(count) items]" }
            return "[" + mirror.children.map { settingValue($0.value) }.joined(separator: ", ") + "]"
        case .struct, .tuple:
            let inner = describeSettings(value)
            return inner.isEmpty ? "" : "(\(inner))"
        default:
            return "\(value)"
        }
    }
}

/// Every post-processor a tokenizer.json can name: adds special tokens, sets type ids, trims offsets.
enum AnyPostProcessor: Sendable {
    case byteLevel(trimOffsets: Bool, addPrefixSpace: Bool)
    case roberta(RobertaProcessing)
    case bert(BertProcessing)
    case template(TemplateProcessing)
    case sequence([AnyPostProcessor])

    init(json: JSONValue) throws {
        guard let type = try json.typeTag() else { throw json.error("missing field `type`") }
        switch type {
        case "ByteLevel":
            self = .byteLevel(trimOffsets: try json.bool("trim_offsets") ?? true,
                              addPrefixSpace: try json.bool("add_prefix_space") ?? true)
        case "RobertaProcessing": self = .roberta(try RobertaProcessing(json: json))
        case "BertProcessing": self = .bert(try BertProcessing(json: json))
        case "TemplateProcessing": self = .template(try TemplateProcessing(json: json))
        case "Sequence":
            self = .sequence(try json.required("processors").arrayElements().map(AnyPostProcessor.init(json:)))
        default:
            throw json.at("type").error("unknown post-processor type `\(type)`")
        }
    }

    /// The number of special tokens it adds to a single sequence or a pair.
    func addedTokenCount(isPair: Bool) -> Int {
        switch self {
        case .byteLevel: 0
        case .roberta: isPair ? 4 : 2
        case .bert: isPair ? 3 : 2
        case let .template(t): t.addedTokenCount(isPair: isPair)
        case let .sequence(steps): steps.reduce(0) { $0 + $1.addedTokenCount(isPair: isPair) }
        }
    }

    /// For a single sequence, the ids it puts before and after the sequence's own ids — enough to
    /// produce `ids` without building an `Encoding`; nil when the layout is not a plain wrap.
    func singleSequenceWrap(addSpecialTokens: Bool) -> (prefix: [UInt32], suffix: [UInt32])? {
        switch self {
        case .byteLevel:
            return ([], [])
        case let .roberta(p):
            return addSpecialTokens ? ([p.classifier.id], [p.separator.id]) : ([], [])
        case let .bert(p):
            return addSpecialTokens ? ([p.classifier.id], [p.separator.id]) : ([], [])
        case let .template(t):
            var prefix: [UInt32] = []
            var suffix: [UInt32] = []
            var sequences = 0
            for piece in t.single {
                switch piece {
                case let .sequence(isSecond, _):
                    if isSecond { return nil }
                    sequences += 1
                case let .specialToken(name, _):
                    guard addSpecialTokens else { continue }
                    guard let special = t.specialTokens[name] else { return nil }
                    if sequences == 0 { prefix += special.ids } else { suffix += special.ids }
                }
            }
            return sequences == 1 ? (prefix, suffix) : nil
        case let .sequence(steps):
            var prefix: [UInt32] = []
            var suffix: [UInt32] = []
            for step in steps {
                guard let wrap = step.singleSequenceWrap(addSpecialTokens: addSpecialTokens) else { return nil }
                prefix = wrap.prefix + prefix
                suffix += wrap.suffix
            }
            return (prefix, suffix)
        }
    }

    /// True when processing one sequence changes nothing but its sequence id (recorded as 0): a ByteLevel
    /// step that does not trim offsets, alone or in a sequence of such steps.
    var isIdentityOnOneSequence: Bool {
        switch self {
        case let .byteLevel(trimOffsets, _): !trimOffsets
        case let .sequence(steps): steps.allSatisfy(\.isIdentityOnOneSequence)
        case .roberta, .bert, .template: false
        }
    }

    /// Processes the encodings of one or two sequences (the reference's `process_encodings`).
    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        switch self {
        case let .byteLevel(trimOffsets, addPrefixSpace):
            var result = encodings
            if trimOffsets {
                for i in result.indices { ByteLevelOffsetTrimming.trim(&result[i], addPrefixSpace: addPrefixSpace) }
            }
            for i in result.indices { result[i].setSequenceID(i) }
            return result
        case let .roberta(p): return p.process(encodings, addSpecialTokens: addSpecialTokens)
        case let .bert(p): return p.process(encodings, addSpecialTokens: addSpecialTokens)
        case let .template(p): return p.process(encodings, addSpecialTokens: addSpecialTokens)
        case let .sequence(steps):
            var result = encodings
            for step in steps { result = step.process(result, addSpecialTokens: addSpecialTokens) }
            return result
        }
    }

}

/// `trim_offsets` of ByteLevel: offsets shrink to exclude the spaces (`Ġ` or whitespace) a token
/// starts or ends with.
enum ByteLevelOffsetTrimming {
    static func trim(_ encoding: inout Encoding, addPrefixSpace: Bool) {
        // Without token strings (an ids-only encode) there is nothing to trim, and no offsets are wanted.
        guard encoding.tokens.count == encoding.ids.count else { return }
        for i in encoding.ids.indices {
            let scalars = encoding.tokens[i].unicodeScalars
            let isSpace: (Unicode.Scalar) -> Bool = { $0.value == 0x120 || UnicodeClass.isWhitespace($0.value) }
            var leading = 0
            for s in scalars { if isSpace(s) { leading += 1 } else { break } }
            var trailing = 0
            for s in scalars.reversed() { if isSpace(s) { trailing += 1 } else { break } }
            guard leading > 0 || trailing > 0 else { continue }
            var range = encoding.offsets[i]
            if leading > 0 {
                let isFirst = i == 0 || range.lowerBound == 0
                if isFirst && addPrefixSpace && leading == 1 { leading = 0 }
                let start = min(range.lowerBound + leading, range.upperBound)
                range = start..<range.upperBound
            }
            if trailing > 0 && range.upperBound >= trailing {
                let end = max(range.upperBound - trailing, range.lowerBound)
                range = range.lowerBound..<end
            }
            encoding.offsets[i] = range
        }
        for j in encoding.overflowing.indices { trim(&encoding.overflowing[j], addPrefixSpace: addPrefixSpace) }
    }
}

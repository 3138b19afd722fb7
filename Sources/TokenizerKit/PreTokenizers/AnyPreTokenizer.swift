/// Every pre-tokenizer a tokenizer.json can name; decodes the `type` tag and dispatches with a switch.
enum AnyPreTokenizer: Sendable {
    case byteLevel(ByteLevelPreTokenizer)
    case split(SplitPreTokenizer)
    case whitespace
    case whitespaceSplit
    case bert
    case punctuation(SplitDelimiterBehavior)
    case digits(individual: Bool)
    case metaspace(MetaspacePreTokenizer)
    case charDelimiterSplit(UInt32)
    case fixedLength(Int)
    case unicodeScripts
    case sequence([AnyPreTokenizer])

    init(json: JSONValue) throws {
        guard let type = try json.typeTag() else { throw json.error("missing field `type`") }
        switch type {
        case "ByteLevel": self = .byteLevel(try ByteLevelPreTokenizer(json: json))
        case "Split": self = .split(try SplitPreTokenizer(json: json))
        case "Whitespace": self = .whitespace
        case "WhitespaceSplit": self = .whitespaceSplit
        case "BertPreTokenizer": self = .bert
        case "Punctuation":
            self = .punctuation(try json.optional("behavior").map(SplitDelimiterBehavior.init(json:)) ?? .isolated)
        case "Digits": self = .digits(individual: try json.bool("individual_digits") ?? false)
        case "Metaspace": self = .metaspace(try MetaspacePreTokenizer(json: json))
        case "CharDelimiterSplit":
            let delimiter = try json.required("delimiter")
            let scalars = UTF8Scalar.scalars(of: try delimiter.stringBytes())
            guard scalars.count == 1 else { throw delimiter.error("expected a single character") }
            self = .charDelimiterSplit(scalars[0])
        case "FixedLength":
            let length = try json.int("length") ?? 5
            guard length > 0 else { throw json.at("length").error("length must be positive") }
            self = .fixedLength(length)
        case "UnicodeScripts": self = .unicodeScripts
        case "Sequence":
            self = .sequence(try json.required("pretokenizers").arrayElements().map(AnyPreTokenizer.init(json:)))
        default:
            throw json.at("type").error("unknown pre-tokenizer type `\(type)`")
        }
    }

    /// Cuts (and for some types rewrites) every split that is not an added token.
    func preTokenize(_ text: inout PreTokenizedString, scratch: inout [Range<Int>]) {
        switch self {
        case let .byteLevel(pre):
            pre.preTokenize(&text, scratch: &scratch)
        case let .split(pre):
            pre.preTokenize(&text, scratch: &scratch)
        case .whitespace:
            // `\w+|[^\w\s]+`, inverted and removed: keeps runs of word characters and runs of other
            // non-space characters.
            text.split { bytes, pieces in
                var i = 0
                while i < bytes.count {
                    let (value, length) = UTF8Scalar.decode(bytes, at: i)
                    if UnicodeClass.isWhitespace(value) { i += length; continue }
                    let word = UnicodeClass.isWordCharacter(value)
                    let start = i
                    i += length
                    while i < bytes.count {
                        let (next, nextLength) = UTF8Scalar.decode(bytes, at: i)
                        if UnicodeClass.isWhitespace(next) || UnicodeClass.isWordCharacter(next) != word { break }
                        i += nextLength
                    }
                    pieces.append(start..<i)
                }
            }
        case .whitespaceSplit:
            splitOnScalars(&text, scratch: &scratch, behavior: .removed, where: UnicodeProperties.isWhitespace)
        case .bert:
            splitOnScalars(&text, scratch: &scratch, behavior: .removed, where: UnicodeProperties.isWhitespace)
            splitOnScalars(&text, scratch: &scratch, behavior: .isolated, where: UnicodeProperties.isPunctuation)
        case let .punctuation(behavior):
            splitOnScalars(&text, scratch: &scratch, behavior: behavior, where: UnicodeProperties.isPunctuation)
        case let .digits(individual):
            splitOnScalars(&text, scratch: &scratch, behavior: individual ? .isolated : .contiguous, where: UnicodeProperties.isNumeric)
        case let .metaspace(pre):
            pre.preTokenize(&text, scratch: &scratch)
        case let .charDelimiterSplit(delimiter):
            splitOnScalars(&text, scratch: &scratch, behavior: .removed) { $0 == delimiter }
        case let .fixedLength(length):
            text.split { bytes, pieces in
                var i = 0
                while i < bytes.count {
                    let start = i
                    var n = 0
                    while i < bytes.count && n < length {
                        i += UTF8Scalar.length(lead: bytes[i])
                        n += 1
                    }
                    pieces.append(start..<i)
                }
            }
        case .unicodeScripts:
            text.split { bytes, pieces in UnicodeScriptsPreTokenizer.appendPieces(in: bytes, to: &pieces) }
        case let .sequence(steps):
            for step in steps { step.preTokenize(&text, scratch: &scratch) }
        }
    }

    /// Splits on every scalar matching `predicate`, each one a delimiter handled by `behavior`.
    private func splitOnScalars(_ text: inout PreTokenizedString, scratch: inout [Range<Int>],
                                behavior: SplitDelimiterBehavior, where predicate: (UInt32) -> Bool) {
        var matches = scratch
        text.split { bytes, pieces in
            matches.removeAll(keepingCapacity: true)
            UnicodeProperties.appendScalarMatches(in: bytes, to: &matches, where: predicate)
            behavior.appendPieces(matches: matches, length: bytes.count, to: &pieces)
        }
        scratch = matches
    }
}

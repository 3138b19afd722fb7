/// Every normalizer a tokenizer.json can name; decodes the `type` tag and dispatches with a switch.
///
/// ```swift
/// let normalizer = try AnyNormalizer(json: document.root["normalizer"]!)
/// var text = NormalizedString("Ｈéllo")
/// normalizer.normalize(&text)   // NFKC: "Héllo", each scalar still pointing at its original bytes
/// ```
enum AnyNormalizer: Sendable {
    case nfc, nfd, nfkc, nfkd
    case lowercase
    case strip(Strip)
    case stripAccents
    case replace(Replace)
    case prepend(Prepend)
    case bert(BertNormalizer)
    case byteLevel
    case precompiled(Precompiled)
    case nmt
    case sequence([AnyNormalizer])

    /// Decodes one normalizer object; an unknown `type` or a bad field throws an error naming the JSON path.
    ///
    /// As in the reference, extra fields are ignored and the `type` tags it knows are matched exactly; its tag
    /// list names BertNormalizer `Bert`, so the usual `"type": "BertNormalizer"`, like a missing or unknown
    /// `type`, goes the legacy way: the object is recognised by its fields, trying BertNormalizer
    /// (`clean_text`, `handle_chinese_chars`, `lowercase`), Strip (`strip_left`, `strip_right`), Sequence
    /// (`normalizers`), Replace (`pattern`, `content`), then Prepend (`prepend`).
    init(json: JSONValue) throws {
        guard json.kind == .object else { throw json.error("expected a normalizer object, found \(json.kind)") }
        let tag = json["type"].flatMap { $0.kind == .string ? try? $0.string() : nil }
        switch tag {
        case "NFC": self = .nfc
        case "NFD": self = .nfd
        case "NFKC": self = .nfkc
        case "NFKD": self = .nfkd
        case "Lowercase": self = .lowercase
        case "StripAccents": self = .stripAccents
        case "ByteLevel": self = .byteLevel
        case "Nmt": self = .nmt
        case "Bert":
            self = .bert(try BertNormalizer(json: json))
        case "Strip":
            self = .strip(try Self.strip(json))
        case "Sequence":
            self = .sequence(try Self.sequence(json))
        case "Replace":
            self = .replace(try Replace(json: json))
        case "Prepend":
            self = .prepend(try Self.prepend(json))
        case "Precompiled":
            self = .precompiled(try Precompiled(json: json))
        default:
            self = try Self.legacy(json, tag: tag)
        }
    }

    /// An object whose `type` is missing or not a known tag: the reference tries each normalizer's fields in
    /// turn (BertNormalizer, Strip, Sequence, Replace, Prepend) and keeps the first that fits.
    private static func legacy(_ json: JSONValue, tag: String?) throws -> AnyNormalizer {
        if let bert = try? BertNormalizer(json: json) { return .bert(bert) }
        if let strip = try? Self.strip(json) { return .strip(strip) }
        if let normalizers = try? Self.sequence(json) { return .sequence(normalizers) }
        if let replace = try? Replace(json: json) { return .replace(replace) }
        if let prepend = try? Self.prepend(json) { return .prepend(prepend) }
        if let tag {
            throw json.error("unknown normalizer type `\(tag)`")
        }
        throw json.error("normalizer without a `type` that matches no known normalizer")
    }

    private static func strip(_ json: JSONValue) throws -> Strip {
        Strip(stripsLeft: try json.required("strip_left").bool(), stripsRight: try json.required("strip_right").bool())
    }

    private static func prepend(_ json: JSONValue) throws -> Prepend {
        Prepend(prefix: UTF8Scalar.scalars(of: try json.required("prepend").stringBytes()))
    }

    private static func sequence(_ json: JSONValue) throws -> [AnyNormalizer] {
        try json.required("normalizers").arrayElements().map(AnyNormalizer.init(json:))
    }

    /// Normalizes in place, keeping alignments exactly as the reference does.
    func normalize(_ string: inout NormalizedString) {
        switch self {
        case .nfc: UnicodeNormalizer(form: .nfc).normalize(&string)
        case .nfd: UnicodeNormalizer(form: .nfd).normalize(&string)
        case .nfkc: UnicodeNormalizer(form: .nfkc).normalize(&string)
        case .nfkd: UnicodeNormalizer(form: .nfkd).normalize(&string)
        case .lowercase: Lowercase.normalize(&string)
        case let .strip(strip): strip.normalize(&string)
        case .stripAccents: StripAccents.normalize(&string)
        case let .replace(replace): replace.normalize(&string)
        case let .prepend(prepend): prepend.normalize(&string)
        case let .bert(bert): bert.normalize(&string)
        case .byteLevel: ByteLevelNormalizer.normalize(&string)
        case let .precompiled(precompiled): precompiled.normalize(&string)
        case .nmt: Nmt.normalize(&string)
        case let .sequence(normalizers):
            for normalizer in normalizers { normalizer.normalize(&string) }
        }
    }
}

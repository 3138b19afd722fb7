/// `TemplateProcessing`: lays out sequences and special tokens by a template such as
/// `[CLS]:0 $A:0 [SEP]:0` / `$B:1 [SEP]:1`.
struct TemplateProcessing: Sendable {
    enum Piece: Sendable {
        case sequence(isSecond: Bool, typeID: UInt32)
        case specialToken(name: String, typeID: UInt32)
    }

    struct SpecialToken: Sendable {
        var ids: [UInt32]
        var tokens: [String]
    }

    let single: [Piece]
    let pair: [Piece]
    let specialTokens: [String: SpecialToken]

    init(json: JSONValue) throws {
        var specials: [String: SpecialToken] = [:]
        if let map = json.optional("special_tokens") {
            try map.forEachEntry { key, value in
                let ids = try value.required("ids").arrayElements().map { try $0.uint32() }
                let tokens = try value.required("tokens").arrayElements().map { try $0.string() }
                guard ids.count == tokens.count else {
                    throw value.error("`ids` and `tokens` must have the same length")
                }
                specials[String(validUTF8: key)] = SpecialToken(ids: ids, tokens: tokens)
            }
        }
        specialTokens = specials
        single = try TemplateProcessing.pieces(json.required("single"))
        pair = try TemplateProcessing.pieces(json.required("pair"))
        for piece in single + pair {
            if case let .specialToken(name, _) = piece, specials[name] == nil {
                throw json.error("template uses special token `\(name)` that `special_tokens` does not define")
            }
        }
    }

    /// Pieces from the list form (`[{"SpecialToken": {...}}, {"Sequence": {...}}]`) or the string form.
    private static func pieces(_ json: JSONValue) throws -> [Piece] {
        if json.kind == .string {
            return try json.string().split(separator: " ").map { try piece(fromString: String($0), json) }
        }
        return try json.arrayElements().map { element in
            if let sequence = element["Sequence"] {
                let id = try sequence.required("id").string()
                guard id == "A" || id == "B" else { throw sequence.error("sequence id must be A or B") }
                return .sequence(isSecond: id == "B", typeID: try sequence.required("type_id").uint32())
            }
            if let special = element["SpecialToken"] {
                return .specialToken(name: try special.required("id").string(),
                                     typeID: try special.required("type_id").uint32())
            }
            if element.kind == .string { return try piece(fromString: element.string(), element) }
            throw element.error("expected {\"Sequence\": …} or {\"SpecialToken\": …}")
        }
    }

    /// `$A`, `$B:1`, `[CLS]`, `[SEP]:1`.
    private static func piece(fromString text: String, _ json: JSONValue) throws -> Piece {
        var name = text
        var typeID: UInt32 = 0
        if let colon = text.lastIndex(of: ":"), let parsed = UInt32(text[text.index(after: colon)...]) {
            name = String(text[..<colon])
            typeID = parsed
        }
        if name.hasPrefix("$") {
            switch name {
            case "$", "$A", "$a": return .sequence(isSecond: false, typeID: typeID)
            case "$B", "$b": return .sequence(isSecond: true, typeID: typeID)
            default:
                if let n = UInt32(name.dropFirst()) { return .sequence(isSecond: false, typeID: n) }
                throw json.error("invalid template piece `\(text)`")
            }
        }
        return .specialToken(name: name, typeID: typeID)
    }

    func addedTokenCount(isPair: Bool) -> Int {
        (isPair ? pair : single).reduce(0) { count, piece in
            if case let .specialToken(name, _) = piece { return count + (specialTokens[name]?.ids.count ?? 0) }
            return count
        }
    }

    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        let template = encodings.count == 2 ? pair : single
        var pieces: [Encoding] = []
        for piece in template {
            switch piece {
            case let .sequence(isSecond, typeID):
                let i = isSecond ? 1 : 0
                guard i < encodings.count else { continue }
                // The sequence with its overflowing parts; only the main part gets the template's type id
                // (as in the reference).
                var e = encodings[i]
                e.typeIDs = Array(repeating: typeID, count: e.count)
                e.setSequenceID(i)
                pieces.append(e)
            case let .specialToken(name, typeID):
                if addSpecialTokens, let special = specialTokens[name] {
                    pieces.append(Encoding.special(ids: special.ids, tokens: special.tokens, typeID: typeID))
                }
            }
        }
        return pieces
    }
}

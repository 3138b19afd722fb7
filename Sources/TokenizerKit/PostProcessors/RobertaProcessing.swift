/// `RobertaProcessing`: `<s> A </s>` or `<s> A </s> </s> B </s>`, all type ids 0, optional offset trimming.
struct RobertaProcessing: Sendable {
    let separator: (token: String, id: UInt32)
    let classifier: (token: String, id: UInt32)
    let trimOffsets: Bool
    let addPrefixSpace: Bool

    init(json: JSONValue) throws {
        separator = try SpecialTokenPair.decode(json.required("sep"))
        classifier = try SpecialTokenPair.decode(json.required("cls"))
        trimOffsets = try json.bool("trim_offsets") ?? true
        addPrefixSpace = try json.bool("add_prefix_space") ?? true
    }

    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        var result = encodings
        if trimOffsets {
            for i in result.indices { ByteLevelOffsetTrimming.trim(&result[i], addPrefixSpace: addPrefixSpace) }
        }
        for i in result.indices {
            result[i].typeIDs = Array(repeating: 0, count: result[i].count)
        }
        guard addSpecialTokens else { return result }
        return result.enumerated().map { i, e in
            let first = i == 0 ? classifier : separator
            return SpecialTokenPair.wrap(e, sequenceID: i, before: [(first, 0)], after: [(separator, 0)], typeID: 0)
        }
    }
}

/// `BertProcessing`: `[CLS] A [SEP]` or `[CLS] A [SEP] B [SEP]`, type ids 0 then 1.
struct BertProcessing: Sendable {
    let separator: (token: String, id: UInt32)
    let classifier: (token: String, id: UInt32)

    init(json: JSONValue) throws {
        separator = try SpecialTokenPair.decode(json.required("sep"))
        classifier = try SpecialTokenPair.decode(json.required("cls"))
    }

    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        guard addSpecialTokens else { return encodings }
        return encodings.enumerated().map { i, e in
            if i == 0 {
                var copy = e
                copy.typeIDs = Array(repeating: 0, count: e.count)
                return SpecialTokenPair.wrap(copy, sequenceID: 0, before: [(classifier, 0)], after: [(separator, 0)], typeID: 0)
            }
            var copy = e
            copy.typeIDs = Array(repeating: 1, count: e.count)
            return SpecialTokenPair.wrap(copy, sequenceID: 1, before: [], after: [(separator, 1)], typeID: 1)
        }
    }
}

/// Helpers for the `["token", id]` pairs of Roberta and Bert processing.
enum SpecialTokenPair {
    static func decode(_ json: JSONValue) throws -> (token: String, id: UInt32) {
        let parts = try json.arrayElements()
        guard parts.count == 2 else { throw json.error("expected [token, id]") }
        return (try parts[0].string(), try parts[1].uint32())
    }

    /// Surrounds `encoding` (and each of its overflowing parts) with special tokens.
    static func wrap(_ encoding: Encoding, sequenceID: Int, before: [((token: String, id: UInt32), UInt32)],
                     after: [((token: String, id: UInt32), UInt32)], typeID: UInt32) -> Encoding {
        var result = Encoding()
        result.reserveCapacity(encoding.count + before.count + after.count)
        for (special, type) in before {
            result.append(id: special.id, token: special.token, offsets: 0..<0, typeID: type, wordID: nil, sequenceID: nil, special: true)
        }
        var body = encoding
        body.overflowing = []
        body.sequenceIDs = Array(repeating: sequenceID, count: body.count)
        body.specialTokensMask = Array(repeating: 0, count: body.count)
        body.attentionMask = Array(repeating: 1, count: body.count)
        result.append(contentsOf: body)
        for (special, type) in after {
            result.append(id: special.id, token: special.token, offsets: 0..<0, typeID: type, wordID: nil, sequenceID: nil, special: true)
        }
        result.overflowing = encoding.overflowing.map {
            wrap($0, sequenceID: sequenceID, before: before, after: after, typeID: typeID)
        }
        return result
    }
}

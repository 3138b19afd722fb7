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

    /// `<s> A </s>` and `</s> B </s>`, all type ids 0, overflowing parts wrapped the same way
    /// (the reference's `RobertaProcessing::process_encodings`).
    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        var result = encodings
        if trimOffsets {
            for i in result.indices { ByteLevelOffsetTrimming.trim(&result[i], addPrefixSpace: addPrefixSpace) }
        }
        for i in result.indices { result[i].typeIDs = Array(repeating: 0, count: result[i].count) }
        guard addSpecialTokens else { return result }
        return result.enumerated().map { i, e in
            let opening = i == 0 ? classifier : separator
            func wrap(_ part: Encoding) -> Encoding {
                SpecialTokenPair.wrap(part, before: opening, after: separator,
                                      typeIDs: Array(repeating: 0, count: part.count + 2), sequence: i)
            }
            var wrapped = wrap(e)
            wrapped.overflowing = e.overflowing.map(wrap)
            return wrapped
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

    /// `[CLS] A [SEP]` and `B [SEP]`; the type ids of A and B are kept (the caller set them to 0 and 1),
    /// each `[SEP]` takes its sequence's (the reference's `BertProcessing::process_encodings`).
    func process(_ encodings: [Encoding], addSpecialTokens: Bool) -> [Encoding] {
        guard addSpecialTokens else { return encodings }
        return encodings.enumerated().map { i, e in
            func wrap(_ part: Encoding) -> Encoding {
                if i == 0 {
                    return SpecialTokenPair.wrap(part, before: classifier, after: separator,
                                                 typeIDs: [0] + part.typeIDs + [0], sequence: 0)
                }
                return SpecialTokenPair.wrap(part, before: nil, after: separator, typeIDs: part.typeIDs + [1], sequence: 1)
            }
            var wrapped = wrap(e)
            wrapped.overflowing = e.overflowing.map(wrap)
            return wrapped
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

    /// `before`, the tokens of `encoding`, `after`: the body's special mask cleared, attention 1, and the
    /// body recorded as sequence `sequence`. Overflowing parts are not carried over.
    static func wrap(_ encoding: Encoding, before: (token: String, id: UInt32)?, after: (token: String, id: UInt32),
                     typeIDs: [UInt32], sequence: Int) -> Encoding {
        var result = Encoding()
        result.reserveCapacity(encoding.count + 2)
        if let before {
            result.append(id: before.id, token: before.token, offsets: 0..<0, typeID: 0, wordID: nil, special: true)
        }
        let start = result.count
        result.ids += encoding.ids
        result.tokens += encoding.tokens
        result.offsets += encoding.offsets
        result.wordIDs += encoding.wordIDs
        result.typeIDs += encoding.typeIDs
        result.specialTokensMask += repeatElement(0, count: encoding.count)
        result.attentionMask += repeatElement(1, count: encoding.count)
        result.append(id: after.id, token: after.token, offsets: 0..<0, typeID: 0, wordID: nil, special: true)
        result.typeIDs = typeIDs
        result.recordSequence(sequence, range: start..<(start + encoding.count))
        return result
    }
}

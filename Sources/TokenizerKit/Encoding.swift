/// The result of encoding one text (or one pair of texts): ids and everything aligned with them.
///
/// All arrays have one element per token. Offsets are ranges of the input text in Unicode scalars by
/// default (what the reference's Python package reports), in UTF-8 bytes or in UTF-16 code units when
/// asked for (`OffsetUnit.bytes`, `.utf16`); a token of the second text of a pair has offsets into that
/// second text. `ranges(in:pair:)` and `nsRanges(in:pair:)` turn them into `String` and `NSString` ranges.
///
/// ```swift
/// let encoding = try tokenizer.encode("Hello world", pair: "How are you?")
/// for (token, range) in zip(encoding.tokens, encoding.offsets) { print(token, range) }
/// ```
public struct Encoding: Sendable, Equatable {
    /// Token ids.
    public var ids: [UInt32]
    /// Segment ids: 0 for the first sequence, 1 for the second (as set by the post-processor).
    public var typeIDs: [UInt32]
    /// Token strings.
    public var tokens: [String]
    /// For each token, the range of the input it covers (special tokens: 0..<0).
    public var offsets: [Range<Int>]
    /// 1 for tokens added by the post-processor (and padding), 0 for the others.
    public var specialTokensMask: [UInt32]
    /// 1 for real tokens, 0 for padding.
    public var attentionMask: [UInt32]
    /// For each token, the index of the word (pre-tokenizer split) it comes from; nil for special tokens.
    public var wordIDs: [Int?]
    /// The parts cut off by truncation, each encoded like the main part (with its own special tokens and
    /// padding). For a pair, every combination of the first sequence's parts with the second's.
    public var overflowing: [Encoding]
    /// The unit of `offsets`: what the `encode` call that made this encoding was asked for (`.scalars`
    /// for an encoding made with `init`). Not compared by `==`.
    public var offsetUnit: OffsetUnit = .scalars
    /// Which tokens belong to which input sequence: the reference keeps a map from sequence id to token
    /// range, where setting an id again replaces its range. `sequenceIDs` is derived from it the way the
    /// reference derives it.
    var sequenceRanges: [SequenceRange] = []

    struct SequenceRange: Sendable, Equatable {
        var sequence: Int
        var range: Range<Int>
    }

    /// An encoding made of the given fields (each with one element per token).
    public init(ids: [UInt32] = [], typeIDs: [UInt32] = [], tokens: [String] = [], offsets: [Range<Int>] = [],
                specialTokensMask: [UInt32] = [], attentionMask: [UInt32] = [], wordIDs: [Int?] = [],
                overflowing: [Encoding] = []) {
        self.ids = ids
        self.typeIDs = typeIDs
        self.tokens = tokens
        self.offsets = offsets
        self.specialTokensMask = specialTokensMask
        self.attentionMask = attentionMask
        self.wordIDs = wordIDs
        self.overflowing = overflowing
    }

    /// Records `unit` as the unit of the offsets, here and in the overflowing parts.
    mutating func setOffsetUnit(_ unit: OffsetUnit) {
        offsetUnit = unit
        for i in overflowing.indices { overflowing[i].setOffsetUnit(unit) }
    }

    /// The number of tokens.
    public var count: Int { ids.count }
    /// True when there are no tokens.
    public var isEmpty: Bool { ids.isEmpty }

    /// For each token, which input sequence it comes from (0 or 1); nil for tokens the post-processor
    /// added. Without any recorded sequence, every token belongs to sequence 0 (as in the reference).
    public var sequenceIDs: [Int?] {
        var result = [Int?](repeating: nil, count: count)
        // The reference walks ids 0..<n (n = number of recorded sequences, at least 1); an id without a
        // recorded range covers every token.
        let recorded = sequenceRanges.count
        for sequence in 0..<max(recorded, 1) {
            let range = sequenceRanges.first(where: { $0.sequence == sequence })?.range ?? 0..<count
            for i in range.clamped(to: 0..<count) { result[i] = sequence }
        }
        return result
    }

    /// Tokens of sequence `sequence`, as a range of token indices (nil when the encoding does not record it).
    public func tokenRange(ofSequence sequence: Int) -> Range<Int>? {
        if sequenceRanges.isEmpty { return sequence == 0 ? 0..<count : nil }
        return sequenceRanges.first(where: { $0.sequence == sequence })?.range
    }

    mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n); typeIDs.reserveCapacity(n); tokens.reserveCapacity(n); offsets.reserveCapacity(n)
        specialTokensMask.reserveCapacity(n); attentionMask.reserveCapacity(n); wordIDs.reserveCapacity(n)
    }

    /// Appends one token.
    mutating func append(id: UInt32, token: String, offsets range: Range<Int>, typeID: UInt32, wordID: Int?,
                         special: Bool, attention: UInt32 = 1) {
        ids.append(id)
        tokens.append(token)
        offsets.append(range)
        typeIDs.append(typeID)
        wordIDs.append(wordID)
        specialTokensMask.append(special ? 1 : 0)
        attentionMask.append(attention)
    }

    /// Appends the tokens of `other`, without its overflowing parts; its sequence ranges are shifted
    /// and recorded (replacing ours for the same sequence id).
    mutating func appendTokens(of other: Encoding, offsetShift: Int = 0) {
        let base = count
        for entry in other.sequenceRanges {
            recordSequence(entry.sequence, range: (entry.range.lowerBound + base)..<(entry.range.upperBound + base))
        }
        ids += other.ids; typeIDs += other.typeIDs; tokens += other.tokens
        if offsetShift == 0 {
            offsets += other.offsets
        } else {
            offsets += other.offsets.map { ($0.lowerBound + offsetShift)..<($0.upperBound + offsetShift) }
        }
        specialTokensMask += other.specialTokensMask; attentionMask += other.attentionMask
        wordIDs += other.wordIDs
    }

    /// Records that `range` holds sequence `sequence` (the reference's `sequence_ranges.insert`).
    mutating func recordSequence(_ sequence: Int, range: Range<Int>) {
        if let i = sequenceRanges.firstIndex(where: { $0.sequence == sequence }) {
            sequenceRanges[i].range = range
        } else {
            sequenceRanges.append(SequenceRange(sequence: sequence, range: range))
        }
    }

    /// Marks every token as belonging to sequence `id` (the reference's `set_sequence_id`; overflowing
    /// parts are left alone).
    mutating func setSequenceID(_ id: Int) {
        recordSequence(id, range: 0..<count)
    }

    /// Merges `other` after this encoding (the reference's `merge_with`). Overflowing parts combine:
    /// each of ours with `other` and with each of its parts, then ours as a whole with each of its parts.
    mutating func merge(with other: Encoding, growingOffsets: Bool = false) {
        // Into an empty encoding, a merge without overflowing parts is `other` itself (no offsets to
        // shift, its sequence ranges recorded as they are): taken whole instead of copied token by token.
        if ids.isEmpty && overflowing.isEmpty && sequenceRanges.isEmpty && other.overflowing.isEmpty {
            self = other
            return
        }
        var combined: [Encoding] = []
        combined.reserveCapacity((overflowing.count + 1) * (other.overflowing.count + 1))
        for mine in overflowing {
            var part = mine
            part.merge(with: other, growingOffsets: growingOffsets)
            combined.append(part)
            for theirs in other.overflowing {
                var part = mine
                part.merge(with: theirs, growingOffsets: growingOffsets)
                combined.append(part)
            }
        }
        for theirs in other.overflowing {
            var part = self
            part.merge(with: theirs, growingOffsets: growingOffsets)
            combined.append(part)
        }
        let shift = growingOffsets ? (offsets.last?.upperBound ?? 0) : 0
        appendTokens(of: other, offsetShift: shift)
        overflowing = combined
    }

    /// Several encodings merged in order (the reference's `Encoding::merge`).
    static func merging(_ encodings: [Encoding], growingOffsets: Bool = false) -> Encoding {
        var result = Encoding()
        for encoding in encodings { result.merge(with: encoding, growingOffsets: growingOffsets) }
        return result
    }

    /// Special tokens laid out by a post-processor.
    static func special(ids: [UInt32], tokens: [String], typeID: UInt32) -> Encoding {
        var e = Encoding()
        for (id, token) in zip(ids, tokens) {
            e.append(id: id, token: token, offsets: 0..<0, typeID: typeID, wordID: nil, special: true)
        }
        return e
    }

    /// The tokens in `range`, as a new encoding without sequence ranges or overflowing parts.
    func slice(_ range: Range<Int>) -> Encoding {
        Encoding(ids: Array(ids[range]), typeIDs: Array(typeIDs[range]), tokens: Array(tokens[range]),
                 offsets: Array(offsets[range]), specialTokensMask: Array(specialTokensMask[range]),
                 attentionMask: Array(attentionMask[range]), wordIDs: Array(wordIDs[range]))
    }

    /// Equal when every public field is, `sequenceIDs` and the overflowing parts included.
    public static func == (lhs: Encoding, rhs: Encoding) -> Bool {
        lhs.ids == rhs.ids && lhs.typeIDs == rhs.typeIDs && lhs.tokens == rhs.tokens && lhs.offsets == rhs.offsets
            && lhs.specialTokensMask == rhs.specialTokensMask && lhs.attentionMask == rhs.attentionMask
            && lhs.wordIDs == rhs.wordIDs && lhs.sequenceIDs == rhs.sequenceIDs && lhs.overflowing == rhs.overflowing
    }
}

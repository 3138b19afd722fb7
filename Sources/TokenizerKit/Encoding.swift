/// The result of encoding one text (or one pair of texts): ids and everything aligned with them.
///
/// All arrays have one element per token. Offsets are ranges of the input text in Unicode scalars by
/// default (what the reference's Python package reports), or in UTF-8 bytes when asked for.
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
    /// For each token, which input sequence it comes from (0 or 1); nil for special tokens.
    public var sequenceIDs: [Int?]
    /// The parts cut off by truncation, each encoded like the main part.
    public var overflowing: [Encoding]

    public init(ids: [UInt32] = [], typeIDs: [UInt32] = [], tokens: [String] = [], offsets: [Range<Int>] = [],
                specialTokensMask: [UInt32] = [], attentionMask: [UInt32] = [], wordIDs: [Int?] = [],
                sequenceIDs: [Int?] = [], overflowing: [Encoding] = []) {
        self.ids = ids
        self.typeIDs = typeIDs
        self.tokens = tokens
        self.offsets = offsets
        self.specialTokensMask = specialTokensMask
        self.attentionMask = attentionMask
        self.wordIDs = wordIDs
        self.sequenceIDs = sequenceIDs
        self.overflowing = overflowing
    }

    /// The number of tokens.
    public var count: Int { ids.count }
    public var isEmpty: Bool { ids.isEmpty }

    mutating func reserveCapacity(_ n: Int) {
        ids.reserveCapacity(n); typeIDs.reserveCapacity(n); tokens.reserveCapacity(n); offsets.reserveCapacity(n)
        specialTokensMask.reserveCapacity(n); attentionMask.reserveCapacity(n); wordIDs.reserveCapacity(n)
        sequenceIDs.reserveCapacity(n)
    }

    /// Appends one token.
    mutating func append(id: UInt32, token: String, offsets range: Range<Int>, typeID: UInt32, wordID: Int?,
                         sequenceID: Int?, special: Bool, attention: UInt32 = 1) {
        ids.append(id)
        tokens.append(token)
        offsets.append(range)
        typeIDs.append(typeID)
        wordIDs.append(wordID)
        sequenceIDs.append(sequenceID)
        specialTokensMask.append(special ? 1 : 0)
        attentionMask.append(attention)
    }

    /// Appends all of `other` (the reference's `merge_with` without growing offsets).
    mutating func append(contentsOf other: Encoding) {
        ids += other.ids; typeIDs += other.typeIDs; tokens += other.tokens; offsets += other.offsets
        specialTokensMask += other.specialTokensMask; attentionMask += other.attentionMask
        wordIDs += other.wordIDs; sequenceIDs += other.sequenceIDs
    }

    /// Sets every token's sequence id (as the reference's `set_sequence_id`).
    mutating func setSequenceID(_ id: Int) {
        sequenceIDs = Array(repeating: id, count: ids.count)
        for i in overflowing.indices { overflowing[i].setSequenceID(id) }
    }

    /// Special tokens added around sequences carry no sequence id: recomputes them from the special mask
    /// positions given by the post-processor.
    static func special(ids: [UInt32], tokens: [String], typeID: UInt32) -> Encoding {
        var e = Encoding()
        for (id, token) in zip(ids, tokens) {
            e.append(id: id, token: token, offsets: 0..<0, typeID: typeID, wordID: nil, sequenceID: nil, special: true)
        }
        return e
    }
}

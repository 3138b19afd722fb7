/// The text of one sequence cut into words, as the pre-tokenizers and the model see it.
///
/// Unlike the reference, which gives every word its own `NormalizedString`, all words live in one flat
/// byte buffer with one flat alignment array; a word is a range of that buffer. Splitting a word only
/// rewrites the (small) list of ranges; a pre-tokenizer that changes bytes (ByteLevel, Metaspace) writes
/// a new buffer once. Nothing is allocated per word.
struct PreTokenizedString {
    /// One word: a byte range of `bytes`, and the id of the added token it is, if it is one.
    struct Split {
        var start: Int32
        var end: Int32
        /// The added token this split already is (added tokens are never pre-tokenized), or -1.
        var addedTokenID: Int32

        var range: Range<Int> { Int(start)..<Int(end) }
        var isAddedToken: Bool { addedTokenID >= 0 }
    }

    var bytes: [UInt8] = []
    var alignments: [Alignment] = []
    var splits: [Split] = []
    // Second buffers: a stage writes into these and swaps them in, so a worker allocates nothing per text.
    var spareBytes: [UInt8] = []
    var spareAlignments: [Alignment] = []
    var spareSplits: [Split] = []

    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        alignments.removeAll(keepingCapacity: true)
        splits.removeAll(keepingCapacity: true)
    }

    /// Appends original text (its own alignments: every byte of a scalar maps to that scalar) as one split.
    mutating func appendOriginal(_ text: UnsafeBufferPointer<UInt8>, at offset: Int, addedTokenID: Int32 = -1) {
        guard !text.isEmpty else { return }
        let start = Int32(bytes.count)
        bytes.append(contentsOf: text)
        var i = 0
        while i < text.count {
            let length = UTF8Scalar.length(lead: text[i])
            let alignment = Alignment(start: Int32(offset + i), end: Int32(offset + i + length))
            alignments.append(alignment)
            for _ in 1..<max(length, 1) { alignments.append(alignment) }
            i += length
        }
        splits.append(Split(start: start, end: Int32(bytes.count), addedTokenID: addedTokenID))
    }

    /// Appends a normalized piece of text as one split (nothing when it is empty, as the reference drops empty splits).
    mutating func append(_ string: NormalizedString, addedTokenID: Int32 = -1) {
        guard !string.bytes.isEmpty else { return }
        let start = Int32(bytes.count)
        bytes.append(contentsOf: string.bytes)
        alignments.append(contentsOf: string.alignments)
        splits.append(Split(start: start, end: Int32(bytes.count), addedTokenID: addedTokenID))
    }

    /// The normalized string of one split (a copy), for pre-tokenizers that edit text.
    func normalizedString(of split: Split) -> NormalizedString {
        let range = split.range
        let original = Int(alignments[range.lowerBound].start)..<Int(alignments[range.upperBound - 1].end)
        return NormalizedString(bytes: Array(bytes[range]), alignments: Array(alignments[range]), originalRange: original)
    }

    /// Re-cuts every split that is not an added token. `cut` receives the split's bytes and appends the
    /// pieces to keep as ranges relative to those bytes; empty pieces are dropped.
    mutating func split(_ cut: (UnsafeBufferPointer<UInt8>, inout [Range<Int>]) -> Void) {
        var newSplits = spareSplits
        newSplits.removeAll(keepingCapacity: true)
        var pieces: [Range<Int>] = []
        bytes.withUnsafeBufferPointer { buffer in
            for split in splits {
                if split.isAddedToken {
                    newSplits.append(split)
                    continue
                }
                pieces.removeAll(keepingCapacity: true)
                let base = split.range.lowerBound
                cut(UnsafeBufferPointer(rebasing: buffer[split.range]), &pieces)
                for piece in pieces where !piece.isEmpty {
                    newSplits.append(Split(start: Int32(base + piece.lowerBound), end: Int32(base + piece.upperBound), addedTokenID: -1))
                }
            }
        }
        spareSplits = splits
        splits = newSplits
    }

    /// Rewrites every split that is not an added token through `edit`, which may change its text
    /// (alignments follow). Splits that come out empty are dropped.
    mutating func edit(_ edit: (inout NormalizedString) -> Void) {
        var result = PreTokenizedString()
        result.bytes.reserveCapacity(bytes.count + bytes.count / 4)
        result.alignments.reserveCapacity(bytes.count + bytes.count / 4)
        for split in splits {
            var string = normalizedString(of: split)
            if !split.isAddedToken { edit(&string) }
            result.append(string, addedTokenID: split.addedTokenID)
        }
        self = result
    }
}

/// What becomes of the delimiters a pattern matches when a pre-tokenizer splits on it.
enum SplitDelimiterBehavior: String, Sendable {
    case removed = "Removed"
    case isolated = "Isolated"
    case mergedWithPrevious = "MergedWithPrevious"
    case mergedWithNext = "MergedWithNext"
    case contiguous = "Contiguous"

    init(json: JSONValue) throws {
        let name = try json.string()
        guard let behavior = SplitDelimiterBehavior(rawValue: name) else {
            throw json.error("unknown split behavior `\(name)` (expected Removed, Isolated, MergedWithPrevious, MergedWithNext or Contiguous)")
        }
        self = behavior
    }

    /// Turns the `matches` of a pattern in a text of `length` bytes into the pieces to keep, appended to
    /// `pieces`, exactly as the reference's `NormalizedString::split`. With `invert`, the pattern's
    /// matches and gaps swap roles.
    func appendPieces(matches: [Range<Int>], length: Int, invert: Bool = false, to pieces: inout [Range<Int>]) {
        // The reference first lists every match and every gap between matches, in order, each flagged.
        if length == 0 { return }
        var flagged: [(range: Range<Int>, isMatch: Bool)] = []
        flagged.reserveCapacity(matches.count * 2 + 1)
        var previous = 0
        for match in matches {
            if previous != match.lowerBound { flagged.append((previous..<match.lowerBound, invert)) }
            flagged.append((match, !invert))
            previous = match.upperBound
        }
        if previous != length { flagged.append((previous..<length, invert)) }

        switch self {
        case .isolated:
            for piece in flagged { pieces.append(piece.range) }
        case .removed:
            for piece in flagged where !piece.isMatch { pieces.append(piece.range) }
        case .contiguous:
            var previousMatch = false
            var first = true
            for piece in flagged {
                if piece.isMatch == previousMatch && !first {
                    pieces[pieces.count - 1] = pieces[pieces.count - 1].lowerBound..<piece.range.upperBound
                } else {
                    pieces.append(piece.range)
                }
                first = false
                previousMatch = piece.isMatch
            }
        case .mergedWithPrevious:
            var previousMatch = false
            var first = true
            for piece in flagged {
                if piece.isMatch && !previousMatch && !first {
                    pieces[pieces.count - 1] = pieces[pieces.count - 1].lowerBound..<piece.range.upperBound
                } else {
                    pieces.append(piece.range)
                }
                first = false
                previousMatch = piece.isMatch
            }
        case .mergedWithNext:
            var reversed: [Range<Int>] = []
            var previousMatch = false
            for piece in flagged.reversed() {
                if piece.isMatch && !previousMatch && !reversed.isEmpty {
                    reversed[reversed.count - 1] = piece.range.lowerBound..<reversed[reversed.count - 1].upperBound
                } else {
                    reversed.append(piece.range)
                }
                previousMatch = piece.isMatch
            }
            pieces.append(contentsOf: reversed.reversed())
        }
    }
}

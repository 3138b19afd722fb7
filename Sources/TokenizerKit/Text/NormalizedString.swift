/// The original byte range of the input that one normalized byte came from.
///
/// Offsets are absolute: they count UTF-8 bytes from the start of the text given to `encode`,
/// so no stage ever has to shift them.
public struct Alignment: Hashable, Sendable {
    /// The first original byte.
    public var start: Int32
    /// The original byte after the last one.
    public var end: Int32

    /// The alignment of one normalized byte to original bytes `start..<end`.
    @inline(__always)
    public init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }
}

/// A piece of text as the normalizers see it: its current (normalized) UTF-8 bytes, and for every
/// one of them the range of the original input it came from.
///
/// This mirrors the reference's `NormalizedString`: every byte of a scalar shares that scalar's
/// alignment, and the edit primitive `transform(_:initialOffset:)` follows the reference's rules for
/// replaced, inserted and removed scalars exactly, so offsets survive every normalizer.
public struct NormalizedString: Sendable {
    /// The normalized text, UTF-8.
    public internal(set) var bytes: [UInt8]
    /// One alignment per byte of `bytes`.
    public internal(set) var alignments: [Alignment]
    /// The range of the original input this string covers (absolute byte offsets).
    public let originalRange: Range<Int>

    /// A string that is its own original: `bytes` taken from `text` at `originalOffset`.
    init(original text: UnsafeBufferPointer<UInt8>, at originalOffset: Int) {
        bytes = Array(text)
        alignments = []
        alignments.reserveCapacity(text.count)
        var i = 0
        while i < text.count {
            let length = UTF8Scalar.length(lead: text[i])
            let alignment = Alignment(start: Int32(originalOffset + i), end: Int32(originalOffset + i + length))
            for _ in 0..<length { alignments.append(alignment) }
            i += length
        }
        originalRange = originalOffset..<(originalOffset + text.count)
    }

    /// A string from already computed parts.
    init(bytes: [UInt8], alignments: [Alignment], originalRange: Range<Int>) {
        assert(bytes.count == alignments.count)
        self.bytes = bytes
        self.alignments = alignments
        self.originalRange = originalRange
    }

    /// A string that is its own original.
    public init(_ text: String) {
        var text = text
        let copy = text.withUTF8 { Array($0) }
        self = copy.withUnsafeBufferPointer { NormalizedString(original: $0, at: 0) }
    }

    /// The normalized text.
    public var string: String { String(validUTF8: bytes) }

    /// True when the normalized text is empty.
    public var isEmpty: Bool { bytes.isEmpty }

    /// The scalars of the normalized text.
    var scalars: [UInt32] { UTF8Scalar.scalars(of: bytes) }

    /// Replaces the whole normalized text by `replacement`, following the reference's transform rules.
    ///
    /// Each element is a scalar of the new text and a change:
    /// - `0`: it replaces the next scalar of the current text (and takes its alignment);
    /// - `1` (any positive value): it is inserted (and takes the alignment of the scalar before it);
    /// - `-n`: it replaces the next scalar and the `n` scalars after it are removed.
    ///
    /// `initialOffset` scalars are removed from the very beginning before anything else.
    mutating func transform(_ replacement: some Sequence<(UInt32, Int)>, initialOffset: Int = 0) {
        transform(range: 0..<bytes.count, replacement, initialOffset: initialOffset)
    }

    /// Like `transform(_:initialOffset:)` on the normalized byte range `range` only.
    mutating func transform(range: Range<Int>, _ replacement: some Sequence<(UInt32, Int)>, initialOffset: Int = 0) {
        var newBytes: [UInt8] = []
        var newAlignments: [Alignment] = []
        newBytes.reserveCapacity(range.count + 8)
        newAlignments.reserveCapacity(range.count + 8)
        bytes.withUnsafeBufferPointer { old in
            var offset = range.lowerBound
            // Skip the initially removed scalars.
            for _ in 0..<initialOffset where offset < range.upperBound {
                offset += UTF8Scalar.length(lead: old[offset])
            }
            for (scalar, change) in replacement {
                let alignment: Alignment
                if change > 0 {
                    alignment = offset < 1 ? Alignment(start: Int32(originalRange.lowerBound), end: Int32(originalRange.lowerBound))
                        : alignments[offset - 1]
                } else {
                    alignment = alignments[offset]
                    offset += UTF8Scalar.length(lead: old[offset])
                    if change < 0 {
                        for _ in 0..<(-change) where offset < range.upperBound {
                            offset += UTF8Scalar.length(lead: old[offset])
                        }
                    }
                }
                let before = newBytes.count
                UTF8Scalar.append(scalar, to: &newBytes)
                for _ in before..<newBytes.count { newAlignments.append(alignment) }
            }
        }
        bytes.replaceSubrange(range, with: newBytes)
        alignments.replaceSubrange(range, with: newAlignments)
    }

    /// Maps every scalar to exactly one scalar (lowercasing without expansion, byte remapping, …).
    mutating func mapScalars(_ transform: (UInt32) -> UInt32) {
        let mapped = scalars.map { (transform($0), 0) }
        self.transform(mapped)
    }

    /// Keeps only the scalars for which `keep` is true (the reference's `filter`).
    mutating func filterScalars(_ keep: (UInt32) -> Bool) {
        let old = scalars
        var removed = 0
        var removedAtStart = 0
        var pending: UInt32? = nil
        var result: [(UInt32, Int)] = []
        result.reserveCapacity(old.count)
        for scalar in old {
            if keep(scalar) {
                if let last = pending {
                    result.append((last, -removed))
                } else {
                    removedAtStart = removed
                }
                pending = scalar
                removed = 0
            } else {
                removed += 1
            }
        }
        if let last = pending {
            result.append((last, -removed))
        } else {
            removedAtStart = removed
        }
        self.transform(result, initialOffset: removedAtStart)
    }

    /// Inserts `prefix` before the first scalar (nothing when the string is empty), as the reference's `prepend`.
    mutating func prepend(_ prefix: [UInt32]) {
        guard !bytes.isEmpty else { return }
        let firstLength = UTF8Scalar.length(lead: bytes[0])
        let first = bytes.withUnsafeBufferPointer { UTF8Scalar.decode($0, at: 0).value }
        var replacement: [(UInt32, Int)] = prefix.enumerated().map { ($1, $0 == 0 ? 0 : 1) }
        replacement.append((first, 1))
        transform(range: 0..<firstLength, replacement)
    }

    /// Appends `suffix` after the last scalar (nothing when the string is empty), as the reference's `append`.
    mutating func append(_ suffix: [UInt32]) {
        guard !bytes.isEmpty else { return }
        let lastStart = bytes.withUnsafeBufferPointer { UTF8Scalar.previousStart($0, before: $0.count) }
        let last = bytes.withUnsafeBufferPointer { UTF8Scalar.decode($0, at: lastStart).value }
        var replacement: [(UInt32, Int)] = [(last, 0)]
        replacement.append(contentsOf: suffix.map { ($0, 1) })
        transform(range: lastStart..<bytes.count, replacement)
    }

    /// The original range covered by the normalized byte range `range` (first alignment's start to
    /// last alignment's end, as the reference computes it), or nil for an out-of-bounds range.
    func originalRange(ofNormalized range: Range<Int>) -> Range<Int>? {
        if range.isEmpty { return range }
        guard range.upperBound <= alignments.count else { return nil }
        return Int(alignments[range.lowerBound].start)..<Int(alignments[range.upperBound - 1].end)
    }
}

extension NormalizedString {
    /// Replaces every match by `content`, as the reference's `replace`: the matched scalars are removed
    /// and each scalar of `content` takes the alignment of the match's last byte.
    mutating func replace(matches: [Range<Int>], with content: [UInt8]) {
        guard !matches.isEmpty else { return }
        var newBytes: [UInt8] = []
        var newAlignments: [Alignment] = []
        newBytes.reserveCapacity(bytes.count)
        newAlignments.reserveCapacity(bytes.count)
        var last = 0
        let atStart = Alignment(start: Int32(originalRange.lowerBound), end: Int32(originalRange.lowerBound))
        for match in matches {
            newBytes.append(contentsOf: bytes[last..<match.lowerBound])
            newAlignments.append(contentsOf: alignments[last..<match.lowerBound])
            let alignment = match.upperBound < 1 ? atStart : alignments[match.upperBound - 1]
            newBytes.append(contentsOf: content)
            newAlignments.append(contentsOf: repeatElement(alignment, count: content.count))
            last = match.upperBound
        }
        newBytes.append(contentsOf: bytes[last...])
        newAlignments.append(contentsOf: alignments[last...])
        bytes = newBytes
        alignments = newAlignments
    }
}

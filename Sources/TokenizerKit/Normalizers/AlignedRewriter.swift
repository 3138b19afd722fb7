/// Rebuilds a `NormalizedString` left to right, following the reference's `transform` rules, while copying
/// unchanged runs in bulk.
///
/// The reference describes every edit as a list of `(char, change)` pairs applied to the whole string.
/// A normalizer that changes a few scalars of a long text would pay for one pair per scalar; this type
/// lets it copy the untouched stretches (bytes and alignments together) and replay the rules only where
/// something changes. Feeding it `copyUnchanged(upTo: count)` plus `emit` for every changed scalar gives
/// exactly what the reference's `transform` gives.
///
/// ```swift
/// var rewriter = AlignedRewriter(string)
/// rewriter.copyUnchanged(upTo: 3)
/// rewriter.emit(0x61, change: 0)      // replaces the scalar at byte 3
/// rewriter.copyUnchanged(upTo: string.bytes.count)
/// rewriter.finish(&string)
/// ```
struct AlignedRewriter {
    private let oldBytes: [UInt8]
    private let oldAlignments: [Alignment]
    /// Where an insertion at the very beginning points: the reference uses `(0, 0)` of its own original.
    private let origin: Alignment
    private var newBytes: [UInt8] = []
    private var newAlignments: [Alignment] = []
    /// The read position in the old bytes.
    private(set) var offset = 0

    init(_ string: NormalizedString, extraCapacity: Int = 16) {
        oldBytes = string.bytes
        oldAlignments = string.alignments
        let start = Int32(string.originalRange.lowerBound)
        origin = Alignment(start: start, end: start)
        newBytes.reserveCapacity(oldBytes.count + extraCapacity)
        newAlignments.reserveCapacity(oldBytes.count + extraCapacity)
    }

    /// The number of bytes of the old text.
    var oldCount: Int { oldBytes.count }

    /// Copies the old bytes from the read position up to `end` (a scalar boundary) unchanged.
    @inline(__always)
    mutating func copyUnchanged(upTo end: Int) {
        guard end > offset else { return }
        newBytes.append(contentsOf: oldBytes[offset..<end])
        newAlignments.append(contentsOf: oldAlignments[offset..<end])
        offset = end
    }

    /// Skips `count` old scalars (the reference's `initial_offset`, or a filtered-out scalar).
    @inline(__always)
    mutating func skip(scalars count: Int = 1) {
        var remaining = count
        while remaining > 0 && offset < oldBytes.count {
            offset += UTF8Scalar.length(lead: oldBytes[offset])
            remaining -= 1
        }
    }

    /// Skips the old bytes up to `end` (a scalar boundary).
    @inline(__always)
    mutating func skip(upTo end: Int) {
        if end > offset { offset = end }
    }

    /// Applies one `(char, change)` pair of the reference's `transform`:
    /// `change > 0` inserts `scalar` with the alignment of the scalar read last; otherwise `scalar` replaces
    /// the next old scalar (taking its alignment) and `-change` more old scalars are removed.
    @inline(__always)
    mutating func emit(_ scalar: UInt32, change: Int) {
        let alignment: Alignment
        if change > 0 || offset >= oldBytes.count {
            // (The reference would index out of bounds on a replacement past the end; never produced.)
            alignment = offset < 1 ? origin : oldAlignments[offset - 1]
        } else {
            alignment = oldAlignments[offset]
            offset += UTF8Scalar.length(lead: oldBytes[offset])
            if change < 0 { skip(scalars: -change) }
        }
        append(scalar, alignment)
    }

    /// Appends `scalar` with an explicit alignment, reading nothing.
    @inline(__always)
    mutating func append(_ scalar: UInt32, _ alignment: Alignment) {
        if scalar < 0x80 {
            newBytes.append(UInt8(truncatingIfNeeded: scalar))
            newAlignments.append(alignment)
        } else {
            let before = newBytes.count
            UTF8Scalar.append(scalar, to: &newBytes)
            for _ in before..<newBytes.count { newAlignments.append(alignment) }
        }
    }

    /// The alignment of the old byte at `index`.
    @inline(__always)
    func oldAlignment(at index: Int) -> Alignment { oldAlignments[index] }

    /// Replaces the string's text and alignments by what was written; old bytes never read are dropped,
    /// as the reference's `transform` drops them.
    consuming func finish(_ string: inout NormalizedString) {
        string.bytes = newBytes
        string.alignments = newAlignments
    }
}

/// What a per-scalar normalizer does with one scalar.
enum ScalarEdit {
    /// Leaves it as is.
    case keep
    /// Removes it (the reference's `filter`: the scalar's bytes and alignments disappear).
    case remove
    /// Replaces it by one scalar with the same alignment (the reference's `map`, or a change of 0).
    case replace(UInt32)
    /// Anything else: the `rewrite` closure emits the replacement.
    case rewrite
}

extension NormalizedString {
    /// Rewrites the text scalar by scalar. `edit` says what happens to each scalar; for `.rewrite`, `rewrite`
    /// gets the scalar and must consume exactly it (one `emit` with change 0, or `skip()`), plus any number of
    /// insertions (change 1).
    ///
    /// Nothing is copied while every scalar is kept or replaced by one of the same UTF-8 length (those are
    /// patched in place); the first other edit starts an `AlignedRewriter`.
    @inline(__always)
    mutating func rewriteScalars(_ edit: (UInt32) -> ScalarEdit,
                                 rewrite: (UInt32, inout AlignedRewriter) -> Void = { _, _ in }) {
        var rewriter: AlignedRewriter? = nil
        let count = bytes.count
        var i = 0
        while i < count {
            let lead = bytes[i]
            var value = UInt32(lead)
            var length = 1
            if lead >= 0x80 {
                (value, length) = bytes.withUnsafeBufferPointer { UTF8Scalar.decode($0, at: i) }
            }
            let action = edit(value)
            if case .keep = action {
                i += length
                continue
            }
            if rewriter == nil {
                if case let .replace(new) = action, UTF8Scalar.encodedLength(new) == length {
                    // Same length: patch the bytes in place; the alignments stay.
                    Self.store(new, length: length, into: &bytes, at: i)
                    i += length
                    continue
                }
                rewriter = AlignedRewriter(self)
            }
            rewriter!.copyUnchanged(upTo: i)
            switch action {
            case .keep: break
            case .remove: rewriter!.skip(upTo: i + length)
            case let .replace(new): rewriter!.emit(new, change: 0)
            case .rewrite: rewrite(value, &rewriter!)
            }
            i += length
        }
        if var rewriter {
            rewriter.copyUnchanged(upTo: count)
            rewriter.finish(&self)
        }
    }

    /// Overwrites the `length`-byte UTF-8 encoding at `index` with `value`'s encoding of the same length.
    @inline(__always)
    static func store(_ value: UInt32, length: Int, into bytes: inout [UInt8], at index: Int) {
        switch length {
        case 1:
            bytes[index] = UInt8(truncatingIfNeeded: value)
        case 2:
            bytes[index] = UInt8(truncatingIfNeeded: 0xC0 | value >> 6)
            bytes[index + 1] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        case 3:
            bytes[index] = UInt8(truncatingIfNeeded: 0xE0 | value >> 12)
            bytes[index + 1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
            bytes[index + 2] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        default:
            bytes[index] = UInt8(truncatingIfNeeded: 0xF0 | value >> 18)
            bytes[index + 1] = UInt8(truncatingIfNeeded: 0x80 | (value >> 12) & 0x3F)
            bytes[index + 2] = UInt8(truncatingIfNeeded: 0x80 | (value >> 6) & 0x3F)
            bytes[index + 3] = UInt8(truncatingIfNeeded: 0x80 | value & 0x3F)
        }
    }

    /// True when every byte is ASCII (checked eight bytes at a time).
    static func isASCII(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            let count = raw.count
            var i = 0
            while i + 8 <= count {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
            while i < count {
                if raw[i] >= 0x80 { return false }
                i += 1
            }
            return true
        }
    }
}

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

    /// Copies the old bytes from the read position up to `end` (a scalar boundary) unchanged.
    @inline(__always)
    mutating func copyUnchanged(upTo end: Int) {
        guard end > offset else { return }
        let start = offset
        oldBytes.withUnsafeBufferPointer { newBytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
        oldAlignments.withUnsafeBufferPointer {
            newAlignments.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end]))
        }
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
    /// Anything else: the editor's `rewrite` emits the replacement.
    case rewrite
}

/// A normalizer that works scalar by scalar (the reference's `map`, `filter`, and `transform` with
/// per-character changes).
protocol ScalarEditor {
    /// The ASCII bytes `edit` may change: bit `b` of `asciiMask.0` for bytes 0–63, of `asciiMask.1` for
    /// 64–127. Other ASCII bytes are skipped without calling `edit`.
    var asciiMask: (UInt64, UInt64) { get }
    /// What happens to `scalar`.
    func edit(_ scalar: UInt32) -> ScalarEdit
    /// For `.rewrite`: emits the replacement of `scalar`, consuming exactly it (one `emit` with change 0, or
    /// `skip()`), plus any number of insertions (change 1).
    func rewrite(_ scalar: UInt32, into rewriter: inout AlignedRewriter)
    /// Eight ASCII bytes at once (a little-endian word): true when `edit` would keep all of them.
    func keepsAll(asciiWord: UInt64) -> Bool
    /// Eight ASCII bytes at once: the word with every byte edited in place, or nil when some byte needs more
    /// than a same-length replacement.
    func editedInPlace(asciiWord: UInt64) -> UInt64?
}

/// Word-at-a-time byte tests (SWAR).
enum ByteWord {
    static let ones: UInt64 = 0x0101_0101_0101_0101
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// True when some byte of `word` (all ASCII) is below `limit` (≤ 128).
    @inline(__always)
    static func hasByte(_ word: UInt64, below limit: UInt64) -> Bool {
        (word &- ones &* limit) & ~word & highBits != 0
    }

    /// True when some byte of `word` equals `value`.
    @inline(__always)
    static func hasByte(_ word: UInt64, equalTo value: UInt64) -> Bool {
        hasByte(word ^ (ones &* value), below: 1)
    }

    /// The high bit of every byte of `word` (all ASCII) that lies in `low...high`; all other bits 0.
    @inline(__always)
    static func highBits(of word: UInt64, from low: UInt64, through high: UInt64) -> UInt64 {
        let a = word &+ ones &* (0x80 - low)          // high bit set when byte >= low
        let b = word &+ ones &* (0x7F - high)         // high bit set when byte > high
        return a & ~b & highBits
    }
}

extension ScalarEditor {
    func rewrite(_ scalar: UInt32, into rewriter: inout AlignedRewriter) {}

    /// By default, from `asciiMask`: only the masks for "nothing", "C0 controls and DEL" are recognised.
    @inline(__always)
    func keepsAll(asciiWord word: UInt64) -> Bool {
        let mask = asciiMask
        if mask == (0, 0) { return true }
        if mask == (0xFFFF_FFFF, 1 << 63) {
            return !ByteWord.hasByte(word, below: 0x20) && !ByteWord.hasByte(word, equalTo: 0x7F)
        }
        return false
    }

    @inline(__always)
    func editedInPlace(asciiWord word: UInt64) -> UInt64? {
        keepsAll(asciiWord: word) ? word : nil
    }

    /// A mask with the bits of `bytes` set.
    static func mask(_ bytes: some Sequence<UInt8>) -> (UInt64, UInt64) {
        var mask: (UInt64, UInt64) = (0, 0)
        for b in bytes where b < 0x80 {
            if b < 64 { mask.0 |= 1 << UInt64(b) } else { mask.1 |= 1 << UInt64(b - 64) }
        }
        return mask
    }
}

extension NormalizedString {
    /// Applies `editor` to every scalar.
    ///
    /// First in place, while every edit keeps or replaces a scalar by one of the same UTF-8 length (the
    /// alignments stay); from the first other edit on, an `AlignedRewriter` rebuilds the rest. A text that
    /// needs no change costs one read.
    @inline(__always)
    mutating func rewriteScalars<Editor: ScalarEditor>(with editor: Editor) {
        let mask = editor.asciiMask
        let count = bytes.count
        // In place.
        let stop = bytes.withUnsafeMutableBufferPointer { text -> Int in
            let raw = UnsafeMutableRawPointer(text.baseAddress!)
            var i = 0
            while i < count {
                // Eight ASCII bytes at a time while the editor can take them whole.
                while i + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    guard word & ByteWord.highBits == 0, let edited = editor.editedInPlace(asciiWord: word) else { break }
                    if edited != word { raw.storeBytes(of: edited, toByteOffset: i, as: UInt64.self) }
                    i += 8
                }
                if i >= count { break }
                let lead = text[i]
                if lead < 0x80 {
                    let bit = lead < 64 ? (mask.0 >> UInt64(lead)) & 1 : (mask.1 >> UInt64(lead - 64)) & 1
                    if bit == 0 { i += 1; continue }
                }
                let (value, length) = UTF8Scalar.decode(UnsafeBufferPointer(text), at: i)
                switch editor.edit(value) {
                case .keep:
                    break
                case let .replace(new) where UTF8Scalar.encodedLength(new) == length:
                    Self.store(new, length: length, into: text, at: i)
                default:
                    return i
                }
                i += length
            }
            return count
        }
        if stop == count { return }
        // Rebuilt from the first edit that changes the length.
        var rewriter = AlignedRewriter(self)
        rewriter.copyUnchanged(upTo: stop)
        bytes.withUnsafeBufferPointer { text in
            let raw = UnsafeRawPointer(text.baseAddress!)
            var i = stop
            while i < count {
                while i + 8 <= count {
                    let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    guard word & ByteWord.highBits == 0, editor.keepsAll(asciiWord: word) else { break }
                    i += 8
                }
                if i >= count { break }
                let lead = text[i]
                if lead < 0x80 {
                    let bit = lead < 64 ? (mask.0 >> UInt64(lead)) & 1 : (mask.1 >> UInt64(lead - 64)) & 1
                    if bit == 0 { i += 1; continue }
                }
                let (value, length) = UTF8Scalar.decode(text, at: i)
                let action = editor.edit(value)
                if case .keep = action {
                    i += length
                    continue
                }
                rewriter.copyUnchanged(upTo: i)
                switch action {
                case .keep: break
                case .remove: rewriter.skip(upTo: i + length)
                case let .replace(new): rewriter.emit(new, change: 0)
                case .rewrite: editor.rewrite(value, into: &rewriter)
                }
                i += length
            }
        }
        rewriter.copyUnchanged(upTo: count)
        rewriter.finish(&self)
    }

    /// Overwrites the `length`-byte UTF-8 encoding at `index` with `value`'s encoding of the same length.
    @inline(__always)
    static func store(_ value: UInt32, length: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, at index: Int) {
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

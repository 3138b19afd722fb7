import CICU

/// The `NFC`, `NFD`, `NFKC` and `NFKD` normalizers, with the reference's exact alignments.
///
/// The reference normalizes with the `unicode-normalization-alignments` crate (0.1.12), which streams
/// `(char, change)` pairs: a character's decomposition yields its first piece with change 0 and the
/// others with 1; canonical reordering moves pieces together with their changes; composing two pieces
/// gives the composite the change `first + second - 1`. Offsets follow those pairs positionally, so they
/// can only come out identical by replaying that bookkeeping; this type replays it with ICU's data.
///
/// The crate's tables are Unicode 9.0. Characters assigned later have, for it, no decomposition,
/// combining class 0 and no compositions: `UnicodeNormalizer` gives them the same treatment, so text
/// with recent combining marks (and compositions among them) is normalized as the reference does,
/// not as ICU 72 would.
///
/// Speed: an ASCII text is returned at once; otherwise `cicu_normalized_prefix` (a per-code-point quick-check
/// table, and ICU normalizing any doubtful segment to confirm it) skips every stretch already in the form, and
/// only the segments between two normalization boundaries that would change are replayed. Text already in
/// the form costs no allocation.
struct UnicodeNormalizer: Sendable, Equatable {
    /// The values are CICU's `CICU_NFC` … `CICU_NFKD`.
    enum Form: Int32, Sendable {
        case nfc = 0, nfd = 1, nfkc = 2, nfkd = 3
    }

    let form: Form

    var composes: Bool { form == .nfc || form == .nfkc }
    var isCompatibility: Bool { form == .nfkc || form == .nfkd }

    func normalize(_ string: inout NormalizedString) {
        if NormalizedString.isASCII(string.bytes) { return }
        let count = string.bytes.count
        var segmentEnd: Int64 = 0
        let prefix = string.bytes.withUnsafeBufferPointer { text in
            Int(cicu_normalized_prefix(form.rawValue, text.baseAddress!, Int64(count), &segmentEnd))
        }
        if prefix < count { replay(&string, from: prefix..<Int(segmentEnd)) }
    }

    /// Replays the crate on `first` and every later segment that may change.
    private func replay(_ string: inout NormalizedString, from first: Range<Int>) {
        var replay = NormalizationReplay(form: self)
        var rewriter: AlignedRewriter? = nil
        let count = string.bytes.count
        string.bytes.withUnsafeBufferPointer { text in
            var segment = first
            while true {
                replay.run(UnsafeBufferPointer(rebasing: text[segment]))
                if replay.changed {
                    if rewriter == nil { rewriter = AlignedRewriter(string) }
                    rewriter!.copyUnchanged(upTo: segment.lowerBound)
                    for item in replay.output { rewriter!.emit(item.scalar, change: Int(item.change)) }
                    rewriter!.skip(upTo: segment.upperBound)
                }
                let position = segment.upperBound
                if position >= count { break }
                var end: Int64 = 0
                let prefix = Int(cicu_normalized_prefix(form.rawValue, text.baseAddress! + position, Int64(count - position), &end))
                if position + prefix >= count { break }
                segment = (position + prefix)..<(position + Int(end))
            }
        }
        if var rewriter {
            rewriter.copyUnchanged(upTo: count)
            rewriter.finish(&string)
        }
    }
}

/// The Unicode data the reference's normalization crate sees: Unicode 9.0, taken from ICU.
enum NormalizationData {
    /// `cicu_age` of Unicode 9.0.
    static let crateVersion: Int32 = 9 << 8

    /// True for characters the crate's Unicode 9.0 tables know nothing about.
    @inline(__always)
    static func isNewerThanCrate(_ scalar: UInt32) -> Bool {
        scalar >= 0x80 && cicu_age(scalar) > crateVersion
    }

    /// The primary composite of `a` + `b` as the crate knows it.
    @inline(__always)
    static func compose(_ a: UInt32, _ b: UInt32) -> UInt32? {
        let composite = cicu_compose_pair(a, b)
        if composite == 0 { return nil }
        if isNewerThanCrate(a) || isNewerThanCrate(b) || isNewerThanCrate(composite) { return nil }
        return composite
    }
}

/// Replays the crate's decomposition, reordering and recomposition on one segment, producing its
/// `(char, change)` pairs. Buffers are kept between segments.
struct NormalizationReplay {
    struct Piece {
        var combiningClass: UInt8
        var scalar: UInt32
        var change: Int32
    }

    struct Item {
        var scalar: UInt32
        var change: Int32
    }

    let form: UnicodeNormalizer
    private var pieces: [Piece] = []
    private var blocked: [Item] = []
    private var decomposition = [UInt32](repeating: 0, count: 32)
    private var classes = [UInt8](repeating: 0, count: 32)
    private var order: [Int] = []
    /// The pairs of the last segment run.
    private(set) var output: [Item] = []
    /// Whether the last segment's pairs differ from "every scalar kept".
    private(set) var changed = false

    init(form: UnicodeNormalizer) {
        self.form = form
    }

    mutating func run(_ segment: UnsafeBufferPointer<UInt8>) {
        pieces.removeAll(keepingCapacity: true)
        output.removeAll(keepingCapacity: true)
        var pendingStart = 0
        var inputCount = 0
        var i = 0
        while i < segment.count {
            let (value, length) = UTF8Scalar.decode(segment, at: i)
            i += length
            inputCount += 1
            if value < 0x80 {
                push(value, combiningClass: 0, change: 0, pendingStart: &pendingStart)
                continue
            }
            let n = decompose(value)
            for k in 0..<n {
                push(decomposition[k], combiningClass: classes[k], change: k == 0 ? 0 : 1, pendingStart: &pendingStart)
            }
        }
        sortPending(from: pendingStart)
        if form.composes {
            recompose()
        } else {
            for piece in pieces { output.append(Item(scalar: piece.scalar, change: piece.change)) }
        }
        // Unchanged when every pair is the input scalar with change 0.
        changed = output.count != inputCount
        if !changed {
            var j = 0
            i = 0
            while i < segment.count {
                let (value, length) = UTF8Scalar.decode(segment, at: i)
                if output[j].scalar != value || output[j].change != 0 { changed = true; break }
                i += length
                j += 1
            }
        }
    }

    /// Writes the full decomposition of `scalar` (for the crate) and its pieces' combining classes into
    /// `decomposition` and `classes`; returns the number of pieces (1 when it does not decompose).
    private mutating func decompose(_ scalar: UInt32) -> Int {
        let compatibility: Int32 = form.isCompatibility ? 1 : 0
        var n = Int(cicu_crate_decomposition(compatibility, scalar, &decomposition, &classes, Int32(decomposition.count)))
        if n > decomposition.count {
            decomposition = [UInt32](repeating: 0, count: n)
            classes = [UInt8](repeating: 0, count: n)
            n = Int(cicu_crate_decomposition(compatibility, scalar, &decomposition, &classes, Int32(decomposition.count)))
        }
        return n
    }

    /// The crate's `push_back`: a starter first sorts the pending non-starters.
    @inline(__always)
    private mutating func push(_ scalar: UInt32, combiningClass ccc: UInt8, change: Int32, pendingStart: inout Int) {
        if ccc == 0 {
            sortPending(from: pendingStart)
            pendingStart = pieces.count
        }
        pieces.append(Piece(combiningClass: ccc, scalar: scalar, change: change))
    }

    /// Stable sort of `pieces[start...]` by combining class (the crate's `sort_by_key`).
    private mutating func sortPending(from start: Int) {
        let count = pieces.count - start
        if count < 2 { return }
        if count <= 32 {
            // Insertion sort: stable, and runs of marks are short.
            for i in (start + 1)..<pieces.count {
                let piece = pieces[i]
                var j = i
                while j > start && pieces[j - 1].combiningClass > piece.combiningClass {
                    pieces[j] = pieces[j - 1]
                    j -= 1
                }
                pieces[j] = piece
            }
            return
        }
        order.removeAll(keepingCapacity: true)
        order.append(contentsOf: start..<pieces.count)
        let snapshot = Array(pieces[start...])
        order.sort { a, b in
            let ca = snapshot[a - start].combiningClass, cb = snapshot[b - start].combiningClass
            return ca != cb ? ca < cb : a < b
        }
        for (k, index) in order.enumerated() { pieces[start + k] = snapshot[index - start] }
    }

    /// The crate's `Recompositions` state machine over `pieces`.
    private mutating func recompose() {
        var composee: Item? = nil
        var lastClass: UInt8? = nil
        blocked.removeAll(keepingCapacity: true)
        for piece in pieces {
            let item = Item(scalar: piece.scalar, change: piece.change)
            let ccc = piece.combiningClass
            guard let starter = composee else {
                if ccc != 0 {
                    output.append(item)
                } else {
                    composee = item
                }
                continue
            }
            if let last = lastClass {
                if last >= ccc {
                    // Blocked from the starter.
                    if ccc == 0 {
                        output.append(starter)
                        output.append(contentsOf: blocked)
                        blocked.removeAll(keepingCapacity: true)
                        composee = item
                        lastClass = nil
                    } else {
                        blocked.append(item)
                        lastClass = ccc
                    }
                    continue
                }
                if let composite = NormalizationData.compose(starter.scalar, item.scalar) {
                    composee = Item(scalar: composite, change: starter.change + item.change - 1)
                } else {
                    blocked.append(item)
                    lastClass = ccc
                }
            } else {
                if let composite = NormalizationData.compose(starter.scalar, item.scalar) {
                    composee = Item(scalar: composite, change: starter.change + item.change - 1)
                } else if ccc == 0 {
                    output.append(starter)
                    composee = item
                } else {
                    blocked.append(item)
                    lastClass = ccc
                }
            }
        }
        if let starter = composee { output.append(starter) }
        output.append(contentsOf: blocked)
    }
}

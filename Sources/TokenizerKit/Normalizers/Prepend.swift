/// The `Prepend` normalizer: puts `prefix` before a non-empty text; the prefix takes the first scalar's
/// alignment. (As in the reference, an empty prefix still re-inserts the first scalar, which then points
/// at the empty range at the start.)
struct Prepend: Sendable, Equatable {
    var prefix: [UInt32]

    func normalize(_ string: inout NormalizedString) {
        guard !string.bytes.isEmpty else { return }
        // The reference's `prepend`: the prefix's first scalar replaces the text's first scalar, the rest of
        // the prefix and then that first scalar are inserted after it.
        let (first, length) = string.bytes.withUnsafeBufferPointer { UTF8Scalar.decode($0, at: 0) }
        var rewriter = AlignedRewriter(string, extraCapacity: prefix.count * 4)
        for (k, scalar) in prefix.enumerated() { rewriter.emit(scalar, change: k == 0 ? 0 : 1) }
        rewriter.emit(first, change: 1)
        rewriter.skip(upTo: length)
        rewriter.copyUnchanged(upTo: string.bytes.count)
        rewriter.finish(&string)
    }
}

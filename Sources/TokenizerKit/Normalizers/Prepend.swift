/// The `Prepend` normalizer: puts `prefix` before a non-empty text; the prefix takes the first scalar's
/// alignment. (As in the reference, an empty prefix still re-inserts the first scalar, which then points
/// at the empty range at the start.)
struct Prepend: Sendable, Equatable {
    var prefix: [UInt32]

    func normalize(_ string: inout NormalizedString) {
        string.prepend(prefix)
    }
}

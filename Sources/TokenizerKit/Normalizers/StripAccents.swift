/// The `StripAccents` normalizer: removes every combining mark (general category M, as the reference's
/// normalization crate's Unicode 9.0 tables define it). Usually follows `NFD`.
struct StripAccents: ScalarEditor {
    var asciiMask: (UInt64, UInt64) { (0, 0) }
    private let categories = LegacyCategories.table

    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars(with: StripAccents())
    }

    @inline(__always)
    func edit(_ scalar: UInt32) -> ScalarEdit {
        categories.isMark(scalar) ? .remove : .keep
    }
}

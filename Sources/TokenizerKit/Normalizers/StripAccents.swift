/// The `StripAccents` normalizer: removes every combining mark (general category M, as the reference's
/// normalization crate's Unicode 9.0 tables define it). Usually follows `NFD`.
enum StripAccents {
    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars { scalar in
            LegacyCategories.isMark(scalar) ? .remove : .keep
        }
    }
}

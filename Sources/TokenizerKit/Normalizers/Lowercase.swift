import CICU

/// The `Lowercase` normalizer: Rust's `char::to_lowercase` on every scalar. A scalar whose lowercase is
/// several scalars (only `İ` → `i̇`) keeps its alignment on all of them, the extra ones counting as inserted.
enum Lowercase {
    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars { scalar in
            if scalar < 0x80 {
                return scalar >= 0x41 && scalar <= 0x5A ? .replace(scalar | 0x20) : .keep
            }
            if scalar == 0x130 { return .rewrite }
            let lower = simpleLowercase(scalar)
            return lower == scalar ? .keep : .replace(lower)
        } rewrite: { _, rewriter in
            // U+0130 → U+0069 U+0307, the only unconditional multi-scalar lowercase mapping.
            rewriter.emit(0x69, change: 0)
            rewriter.emit(0x307, change: 1)
        }
    }

    /// The single-scalar lowercase of `scalar` (all but U+0130), as Rust's tables give it.
    @inline(__always)
    static func simpleLowercase(_ scalar: UInt32) -> UInt32 {
        if scalar < 0x80 { return scalar >= 0x41 && scalar <= 0x5A ? scalar | 0x20 : scalar }
        return cicu_simple_lowercase(scalar)
    }
}

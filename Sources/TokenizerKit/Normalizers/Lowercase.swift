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
        let lower = cicu_simple_lowercase(scalar)
        if lower == scalar && scalar >= 0x1C89 { return newerLowercase(scalar) }
        return lower
    }

    /// Lowercase mappings of Unicode 16.0 and 17.0, which Rust's tables have and ICU 72 (Unicode 15.0) lacks
    /// (every code point compared with the reference).
    private static func newerLowercase(_ scalar: UInt32) -> UInt32 {
        switch scalar {
        case 0x1C89: return 0x1C8A
        case 0xA7CB: return 0x0264
        case 0xA7CC, 0xA7CE, 0xA7D2, 0xA7D4, 0xA7DA: return scalar + 1
        case 0xA7DC: return 0x019B
        case 0x10D50...0x10D65: return scalar + 0x20     // Garay
        case 0x16EA0...0x16EB8: return scalar + 0x1B     // Beria Erfe
        default: return scalar
        }
    }
}

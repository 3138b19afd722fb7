import CICU

/// The `Lowercase` normalizer: Rust's `char::to_lowercase` on every scalar. A scalar whose lowercase is
/// several scalars (only `İ` → `i̇`) keeps its alignment on all of them, the extra ones counting as inserted.
struct Lowercase: ScalarEditor {
    var asciiMask: (UInt64, UInt64) { (0, 0x07FF_FFFE) }   // A–Z
    /// Kept here so the lazy global is not checked once per scalar.
    private let bmp = Lowercase.bmpLowercase

    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars(with: Lowercase())
    }

    @inline(__always)
    func keepsAll(asciiWord word: UInt64) -> Bool {
        ByteWord.highBits(of: word, from: 0x41, through: 0x5A) == 0
    }

    /// A–Z to a–z, eight bytes at once.
    @inline(__always)
    func editedInPlace(asciiWord word: UInt64) -> UInt64? {
        word | ByteWord.highBits(of: word, from: 0x41, through: 0x5A) >> 2
    }

    @inline(__always)
    func edit(_ scalar: UInt32) -> ScalarEdit {
        if scalar < 0x80 {
            return scalar >= 0x41 && scalar <= 0x5A ? .replace(scalar | 0x20) : .keep
        }
        if scalar == 0x130 { return .rewrite }
        let lower = scalar < 0x10000 ? UInt32(bmp[Int(scalar)]) : Self.computeLowercase(scalar)
        return lower == scalar ? .keep : .replace(lower)
    }

    func rewrite(_ scalar: UInt32, into rewriter: inout AlignedRewriter) {
        // U+0130 → U+0069 U+0307, the only unconditional multi-scalar lowercase mapping.
        rewriter.emit(0x69, change: 0)
        rewriter.emit(0x307, change: 1)
    }

    /// The lowercase of every BMP code point (all stay in the BMP), built once: 128 KB, about 1 ms.
    private static let bmpLowercase: [UInt16] = (0..<0x10000).map { UInt16(truncatingIfNeeded: computeLowercase($0)) }

    /// The single-scalar lowercase of `scalar` (all but U+0130), as Rust's tables give it.
    private static func computeLowercase(_ scalar: UInt32) -> UInt32 {
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

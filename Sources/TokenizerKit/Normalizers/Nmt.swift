/// The `Nmt` normalizer (SentencePiece's NMT rules): removes most C0 controls and some C1, then maps
/// tabs, line breaks, zero-width characters, `▁`, the BOM and U+FFFD to a space.
struct Nmt: ScalarEditor {
    var asciiMask: (UInt64, UInt64) { (0xFFFF_FFFF, 1 << 63) }   // C0 controls, DEL

    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars(with: Nmt())
    }

    @inline(__always)
    func edit(_ scalar: UInt32) -> ScalarEdit {
        switch scalar {
        case 0x01...0x08, 0x0B, 0x0E...0x1F, 0x7F, 0x8F, 0x9F:
            return .remove
        case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B...0x200F, 0x2028, 0x2029, 0x2581, 0xFEFF, 0xFFFD:
            return .replace(0x20)
        default:
            return .keep
        }
    }
}

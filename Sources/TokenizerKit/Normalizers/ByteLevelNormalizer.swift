/// The `ByteLevel` normalizer: every byte of the text becomes its GPT-2 alphabet character
/// (`ByteLevelAlphabet`); the characters of one scalar's bytes all keep that scalar's alignment.
struct ByteLevelNormalizer: ScalarEditor {
    private let alphabet = ByteLevelAlphabet.characters

    // Printable ASCII (0x21–0x7E) maps to itself.
    var asciiMask: (UInt64, UInt64) { (0x0000_0001_FFFF_FFFF, 1 << 63) }

    static func normalize(_ string: inout NormalizedString) {
        string.rewriteScalars(with: ByteLevelNormalizer())
    }

    @inline(__always)
    func keepsAll(asciiWord word: UInt64) -> Bool {
        !ByteWord.hasByte(word, below: 0x21) && !ByteWord.hasByte(word, equalTo: 0x7F)
    }

    @inline(__always)
    func edit(_ scalar: UInt32) -> ScalarEdit {
        scalar > 0x20 && scalar < 0x7F ? .keep : .rewrite
    }

    func rewrite(_ scalar: UInt32, into rewriter: inout AlignedRewriter) {
        if scalar < 0x80 {
            rewriter.emit(alphabet[Int(scalar)], change: 0)
            return
        }
        let length = UTF8Scalar.encodedLength(scalar)
        // The scalar's UTF-8 bytes, lead first: the first replaces the scalar, the others are inserted.
        for k in 0..<length {
            let shift = UInt32(6 * (length - 1 - k))
            let byte: UInt32
            if k == 0 {
                let leadMarker: UInt32 = length == 2 ? 0xC0 : length == 3 ? 0xE0 : 0xF0
                byte = leadMarker | (scalar >> shift)
            } else {
                byte = 0x80 | ((scalar >> shift) & 0x3F)
            }
            rewriter.emit(alphabet[Int(byte & 0xFF)], change: k == 0 ? 0 : 1)
        }
    }
}

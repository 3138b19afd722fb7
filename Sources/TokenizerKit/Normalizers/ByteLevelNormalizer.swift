/// The `ByteLevel` normalizer: every byte of the text becomes its GPT-2 alphabet character
/// (`ByteLevelAlphabet`); the characters of one scalar's bytes all keep that scalar's alignment.
enum ByteLevelNormalizer {
    static func normalize(_ string: inout NormalizedString) {
        let alphabet = ByteLevelAlphabet.characters
        string.rewriteScalars { scalar in
            // Printable ASCII maps to itself.
            scalar > 0x20 && scalar < 0x7F ? .keep : .rewrite
        } rewrite: { scalar, rewriter in
            if scalar < 0x80 {
                rewriter.emit(alphabet[Int(scalar)], change: 0)
                return
            }
            let length = UTF8Scalar.encodedLength(scalar)
            // The scalar's UTF-8 bytes, lead first.
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
}

/// The `<0xNN>` tokens that BPE and Unigram fall back to for bytes of unknown characters.
enum ByteFallbackTokens {
    /// The id of each byte's `<0x00>`…`<0xFF>` token (uppercase hex), or `UInt32.max` where the
    /// vocabulary lacks it.
    static func ids(lookup: ([UInt8]) -> UInt32?) -> [UInt32] {
        (0..<256).map { b in
            lookup(Array("<0x\(String(b, radix: 16, uppercase: true).leftPadded(to: 2))>".utf8)) ?? .max
        }
    }
}

/// The `Strip` normalizer: removes leading and/or trailing whitespace (Rust's `char::is_whitespace`).
/// What remains keeps its alignments; a text of only whitespace becomes empty.
struct Strip: Sendable, Equatable {
    var stripsLeft: Bool
    var stripsRight: Bool

    func normalize(_ string: inout NormalizedString) {
        let bytes = string.bytes
        var start = 0
        var end = bytes.count
        bytes.withUnsafeBufferPointer { text in
            if stripsLeft {
                while start < end {
                    let (value, length) = UTF8Scalar.decode(text, at: start)
                    guard Whitespace.contains(value) else { break }
                    start += length
                }
            }
            if stripsRight {
                while end > start {
                    let previous = UTF8Scalar.previousStart(text, before: end)
                    guard Whitespace.contains(UTF8Scalar.decode(text, at: previous).value) else { break }
                    end = previous
                }
            }
        }
        if start == 0 && end == bytes.count { return }
        string.bytes = Array(bytes[start..<end])
        string.alignments = Array(string.alignments[start..<end])
    }
}

/// Rust's `char::is_whitespace`: the White_Space property (a fixed set since Unicode 6.3).
enum Whitespace {
    @inline(__always)
    static func contains(_ scalar: UInt32) -> Bool {
        if scalar < 0x80 { return scalar == 0x20 || (scalar >= 0x09 && scalar <= 0x0D) }
        switch scalar {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }
}

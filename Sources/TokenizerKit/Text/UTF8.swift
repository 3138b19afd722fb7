/// Small UTF-8 helpers shared by every stage. All of them assume valid UTF-8 (the pipeline only ever
/// holds bytes that came from a Swift `String` or that it wrote itself).
enum UTF8Scalar {
    /// The length in bytes of the scalar whose first byte is `lead`.
    @inline(__always)
    static func length(lead: UInt8) -> Int {
        if lead < 0x80 { return 1 }
        if lead < 0xE0 { return 2 }
        if lead < 0xF0 { return 3 }
        return 4
    }

    /// Decodes the scalar starting at `index`; returns its value and length.
    @inline(__always)
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, length: Int) {
        let b0 = UInt32(bytes[index])
        if b0 < 0x80 { return (b0, 1) }
        if b0 < 0xE0 {
            return ((b0 & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        }
        if b0 < 0xF0 {
            return ((b0 & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        }
        return ((b0 & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F), 4)
    }

    /// The start of the scalar that ends just before `index`.
    @inline(__always)
    static func previousStart(_ bytes: UnsafeBufferPointer<UInt8>, before index: Int) -> Int {
        var i = index - 1
        while i > 0 && bytes[i] & 0xC0 == 0x80 { i -= 1 }
        return i
    }

    /// Appends the UTF-8 encoding of `value` to `bytes`.
    @inline(__always)
    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        if value < 0x80 {
            bytes.append(UInt8(value))
        } else if value < 0x800 {
            bytes.append(UInt8(0xC0 | value >> 6))
            bytes.append(UInt8(0x80 | value & 0x3F))
        } else if value < 0x10000 {
            bytes.append(UInt8(0xE0 | value >> 12))
            bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        } else {
            bytes.append(UInt8(0xF0 | value >> 18))
            bytes.append(UInt8(0x80 | (value >> 12) & 0x3F))
            bytes.append(UInt8(0x80 | (value >> 6) & 0x3F))
            bytes.append(UInt8(0x80 | value & 0x3F))
        }
    }

    /// The number of UTF-8 bytes `value` takes.
    @inline(__always)
    static func encodedLength(_ value: UInt32) -> Int {
        value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
    }

    /// The scalars of a UTF-8 byte sequence.
    static func scalars(of bytes: some Collection<UInt8>) -> [UInt32] {
        Array(bytes).withUnsafeBufferPointer { buffer in
            var result: [UInt32] = []
            result.reserveCapacity(buffer.count)
            var i = 0
            while i < buffer.count {
                let (value, length) = decode(buffer, at: i)
                result.append(value)
                i += length
            }
            return result
        }
    }
}

extension String {
    /// A string from bytes known to be valid UTF-8, without replacement or canonical-equivalence surprises.
    init(validUTF8 bytes: some Collection<UInt8>) {
        self = String(decoding: bytes, as: UTF8.self)
    }

    /// The string of `bytes` when they are valid UTF-8, else nil: `String(validating:as:)` without its
    /// macOS 15 / iOS 18 floor.
    init?(validatingUTF8Bytes bytes: some Collection<UInt8>) {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        decoding: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: break decoding
            case .error: return nil
            }
        }
        self = String(decoding: bytes, as: Unicode.UTF8.self)
    }
}

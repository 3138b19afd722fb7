/// The `Precompiled` normalizer: SentencePiece's compiled normalization rules (`precompiled_charsmap`).
///
/// The charsmap is base64 of: a little-endian `u32` with the trie's size in bytes, the Darts double-array
/// trie (little-endian `u32` units), then the NUL-terminated replacement strings the trie's values point
/// into. As the reference does, the text is cut into extended grapheme clusters; a cluster shorter than
/// 6 bytes is looked up whole, anything else scalar by scalar. A lookup returns the replacement of the
/// *shortest* key that prefixes the looked-up text (Darts' first common-prefix result), and replaces all
/// of it.
///
/// Offsets follow the reference's bookkeeping: the replacement's scalars replace the old ones one for
/// one, extra ones count as inserted, and missing ones are removed by the last replacement scalar, or,
/// when the replacement is empty, by whatever scalar was written just before.
struct Precompiled: Sendable {
    /// The trie's units.
    private let units: [UInt32]
    /// The replacement strings, NUL-separated.
    private let replacements: [UInt8]

    init(json: JSONValue) throws {
        let field = try json.required("precompiled_charsmap")
        guard let data = Base64.decode(try field.stringBytes()) else {
            throw field.error("invalid base64 in precompiled_charsmap")
        }
        guard data.count >= 4 else { throw field.error("cannot parse precompiled_charsmap") }
        let trieSize = Int(UInt32(data[0]) | UInt32(data[1]) << 8 | UInt32(data[2]) << 16 | UInt32(data[3]) << 24)
        let unitCount = trieSize / 4
        guard 4 + unitCount * 4 <= data.count else { throw field.error("cannot parse precompiled_charsmap") }
        var units = [UInt32](repeating: 0, count: unitCount)
        for k in 0..<unitCount {
            let i = 4 + k * 4
            units[k] = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
        }
        let replacements = Array(data[(4 + unitCount * 4)...])
        guard String(validating: replacements, as: UTF8.self) != nil else {
            throw field.error("the replacement strings are not valid UTF-8")
        }
        self.units = units
        self.replacements = replacements
    }

    /// The replacement (a byte range of `replacements`) for the shortest trie key that prefixes `key`.
    @inline(__always)
    private func replacement(for key: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard !units.isEmpty else { return nil }
        // Darts-clone unit layout: bit 8 = has leaf, low 8 bits (and bit 31) = label,
        // bits 10… = offset (shifted 8 more when bit 9 is set), low 31 bits of a leaf = value.
        @inline(__always) func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }
        var node = offset(units[0])
        for byte in key {
            if byte == 0 { break }
            node ^= Int(byte)
            guard node < units.count else { return nil }
            let unit = units[node]
            if unit & 0x8000_00FF != UInt32(byte) { return nil }
            node ^= offset(unit)
            if (unit >> 8) & 1 == 1 {
                guard node < units.count else { return nil }
                let start = Int(units[node] & 0x7FFF_FFFF)
                guard start <= replacements.count else { return nil }
                var end = start
                while end < replacements.count && replacements[end] != 0 { end += 1 }
                return start..<end
            }
        }
        return nil
    }

    func normalize(_ string: inout NormalizedString) {
        let count = string.bytes.count
        guard count > 0 else { return }
        var writer: Writer? = nil
        string.bytes.withUnsafeBufferPointer { text in
            replacements.withUnsafeBufferPointer { table in
                var start = 0
                while start < count {
                    let end = GraphemeClusters.clusterEnd(in: text, from: start)
                    if end - start < 6, let found = replacement(for: UnsafeBufferPointer(rebasing: text[start..<end])) {
                        if writer == nil { writer = Writer(string, before: start, text: text) }
                        writer!.replace(oldScalars: Self.scalarCount(text, start..<end),
                                        with: UnsafeBufferPointer(rebasing: table[found]))
                    } else if end - start == UTF8Scalar.length(lead: text[start]) && end - start < 6 {
                        // A one-scalar cluster was just looked up: nothing to replace.
                        if writer != nil { writer!.keep(UTF8Scalar.decode(text, at: start).value) }
                    } else {
                        var i = start
                        while i < end {
                            let length = UTF8Scalar.length(lead: text[i])
                            if let found = replacement(for: UnsafeBufferPointer(rebasing: text[i..<(i + length)])) {
                                if writer == nil { writer = Writer(string, before: i, text: text) }
                                writer!.replace(oldScalars: 1, with: UnsafeBufferPointer(rebasing: table[found]))
                            } else if writer != nil {
                                writer!.keep(UTF8Scalar.decode(text, at: i).value)
                            }
                            i += length
                        }
                    }
                    start = end
                }
            }
        }
        if let writer {
            writer.finish(&string)
        }
    }

    private static func scalarCount(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var n = 0
        for i in range where text[i] & 0xC0 != 0x80 { n += 1 }
        return n
    }

    /// Streams the reference's `(char, change)` list into an `AlignedRewriter`, holding back the last pair
    /// because an empty replacement changes it.
    private struct Writer {
        var rewriter: AlignedRewriter
        var pending: (scalar: UInt32, change: Int)?
        var scalars: [UInt32] = []

        /// Starts at the first replacement, at byte `position`: everything before it is unchanged, its last
        /// scalar held back.
        init(_ string: NormalizedString, before position: Int, text: UnsafeBufferPointer<UInt8>) {
            rewriter = AlignedRewriter(string)
            if position > 0 {
                let last = UTF8Scalar.previousStart(text, before: position)
                rewriter.copyUnchanged(upTo: last)
                pending = (UTF8Scalar.decode(text, at: last).value, 0)
            }
        }

        mutating func push(_ scalar: UInt32, change: Int) {
            if let pending { rewriter.emit(pending.scalar, change: pending.change) }
            pending = (scalar, change)
        }

        mutating func keep(_ scalar: UInt32) { push(scalar, change: 0) }

        /// The reference's `replace(transformations, old_part, new_part)`.
        mutating func replace(oldScalars: Int, with replacement: UnsafeBufferPointer<UInt8>) {
            scalars.removeAll(keepingCapacity: true)
            var i = 0
            while i < replacement.count {
                let (value, length) = UTF8Scalar.decode(replacement, at: i)
                scalars.append(value)
                i += length
            }
            let difference = scalars.count - oldScalars
            if scalars.isEmpty {
                if pending != nil { pending!.change += difference }
                return
            }
            for (k, scalar) in scalars.enumerated() {
                var change = 0
                if difference > 0 && k >= scalars.count - difference { change = 1 }
                if difference < 0 && k == scalars.count - 1 { change = difference }
                push(scalar, change: change)
            }
        }

        consuming func finish(_ string: inout NormalizedString) {
            if let pending { rewriter.emit(pending.scalar, change: pending.change) }
            rewriter.finish(&string)
        }
    }
}

/// Standard base64 (RFC 4648 alphabet, canonical `=` padding), as the reference's `base64` crate decodes it.
enum Base64 {
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard text.count % 4 == 0 else { return nil }
        @inline(__always) func value(_ c: UInt8) -> UInt32? {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var i = 0
        while i < text.count {
            let last = i + 4 == text.count
            let padding = last ? (text[i + 3] == UInt8(ascii: "=") ? (text[i + 2] == UInt8(ascii: "=") ? 2 : 1) : 0) : 0
            var group: UInt32 = 0
            for k in 0..<(4 - padding) {
                guard let v = value(text[i + k]) else { return nil }
                group = group << 6 | v
            }
            switch padding {
            case 0:
                out.append(UInt8(truncatingIfNeeded: group >> 16))
                out.append(UInt8(truncatingIfNeeded: group >> 8))
                out.append(UInt8(truncatingIfNeeded: group))
            case 1:
                guard group & 0x3 == 0 else { return nil }
                out.append(UInt8(truncatingIfNeeded: group >> 10))
                out.append(UInt8(truncatingIfNeeded: group >> 2))
            default:
                guard group & 0xF == 0 else { return nil }
                out.append(UInt8(truncatingIfNeeded: group >> 4))
            }
            i += 4
        }
        return out
    }
}

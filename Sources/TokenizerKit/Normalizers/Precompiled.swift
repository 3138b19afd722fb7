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
    /// ASCII bytes that are keys themselves (bit `b` of `.0` for bytes 0–63, of `.1` for 64–127): a one-byte
    /// cluster of any other ASCII byte is never replaced, and is skipped without a lookup.
    private let asciiKeys: (UInt64, UInt64)

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
        guard String(validatingUTF8Bytes: replacements) != nil else {
            throw field.error("the replacement strings are not valid UTF-8")
        }
        self.units = units
        self.replacements = replacements
        var starts: (UInt64, UInt64) = (0, 0)
        if !units.isEmpty {
            let root = Self.offset(units[0])
            for byte in 1..<128 {
                let node = root ^ byte
                if node < units.count && units[node] & 0x8000_00FF == UInt32(byte) && (units[node] >> 8) & 1 == 1 {
                    if byte < 64 { starts.0 |= 1 << UInt64(byte) } else { starts.1 |= 1 << UInt64(byte - 64) }
                }
            }
        }
        asciiKeys = starts
    }

    /// Darts-clone unit layout: bit 8 = has leaf, low 8 bits (and bit 31) = label, bits 10… = offset (shifted
    /// 8 more when bit 9 is set), low 31 bits of a leaf = value.
    @inline(__always)
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }

    /// The replacement (a byte range of `replacements`) for the shortest trie key that prefixes `key`.
    @inline(__always)
    private func replacement(for key: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard !units.isEmpty else { return nil }
        var node = Self.offset(units[0])
        for byte in key {
            if byte == 0 { break }
            node ^= Int(byte)
            guard node < units.count else { return nil }
            let unit = units[node]
            if unit & 0x8000_00FF != UInt32(byte) { return nil }
            node ^= Self.offset(unit)
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
        guard !string.bytes.isEmpty else { return }
        // In place when every replacement is one scalar for one scalar of the same length (a tab or CR made a
        // space…): the alignments stay. Measured: allocating new arrays per line cost more than the lookups.
        var patches: [(at: Int, replacement: Range<Int>)] = []
        let inPlace = string.bytes.withUnsafeBufferPointer { text in
            forEachReplacement(in: text) { range, oldScalars, found in
                guard oldScalars == 1, found.count == range.count, found.count > 0,
                      UTF8Scalar.length(lead: replacements[found.lowerBound]) == found.count else { return false }
                patches.append((range.lowerBound, found))
                return true
            }
        }
        if inPlace {
            guard !patches.isEmpty else { return }
            string.bytes.withUnsafeMutableBufferPointer { text in
                for patch in patches {
                    for k in 0..<patch.replacement.count { text[patch.at + k] = replacements[patch.replacement.lowerBound + k] }
                }
            }
            return
        }
        var writer = Writer(string)
        string.bytes.withUnsafeBufferPointer { text in
            replacements.withUnsafeBufferPointer { table in
                // Scalars from `kept` on are unchanged and not yet handed to the writer.
                var kept = 0
                _ = forEachReplacement(in: text) { range, oldScalars, found in
                    writer.keep(kept..<range.lowerBound, in: text)
                    writer.replace(oldScalars: oldScalars, with: UnsafeBufferPointer(rebasing: table[found]))
                    kept = range.upperBound
                    return true
                }
                writer.keep(kept..<text.count, in: text)
            }
        }
        writer.finish(&string)
    }

    /// Finds the replacements in text order: calls `body` with the replaced byte range, its number of
    /// scalars and the replacement (a range of `replacements`), until `body` returns false. Returns false
    /// when stopped.
    private func forEachReplacement(in text: UnsafeBufferPointer<UInt8>,
                                    _ body: (Range<Int>, Int, Range<Int>) -> Bool) -> Bool {
        let count = text.count
        let keys = asciiKeys
        var start = 0
        while start < count {
            // ASCII followed by ASCII is a one-scalar cluster (but CR LF); skip those that are no key.
            while start + 1 < count {
                let byte = text[start], next = text[start + 1]
                guard byte | next < 0x80, !(byte == 0x0D && next == 0x0A) else { break }
                let bit = byte < 64 ? (keys.0 >> UInt64(byte)) & 1 : (keys.1 >> UInt64(byte - 64)) & 1
                if bit != 0 { break }
                start += 1
            }
            let end = GraphemeClusters.clusterEnd(in: text, from: start)
            if end - start < 6, let found = replacement(for: UnsafeBufferPointer(rebasing: text[start..<end])) {
                if !body(start..<end, Self.scalarCount(text, start..<end), found) { return false }
            } else if end - start >= 6 || end - start > UTF8Scalar.length(lead: text[start]) {
                // Scalar by scalar (a one-scalar cluster was just looked up).
                var i = start
                while i < end {
                    let length = UTF8Scalar.length(lead: text[i])
                    if let found = replacement(for: UnsafeBufferPointer(rebasing: text[i..<(i + length)])) {
                        if !body(i..<(i + length), 1, found) { return false }
                    }
                    i += length
                }
            }
            start = end
        }
        return true
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

        init(_ string: NormalizedString) {
            rewriter = AlignedRewriter(string)
        }

        mutating func push(_ scalar: UInt32, change: Int) {
            if let pending { rewriter.emit(pending.scalar, change: pending.change) }
            pending = (scalar, change)
        }

        /// The unchanged scalars of `range`: pairs `(scalar, 0)`. While the old text is read in step (the usual
        /// case) they are copied in bulk, the last one held back.
        mutating func keep(_ range: Range<Int>, in text: UnsafeBufferPointer<UInt8>) {
            guard !range.isEmpty else { return }
            if let pending { rewriter.emit(pending.scalar, change: pending.change) }
            pending = nil
            let last = UTF8Scalar.previousStart(text, before: range.upperBound)
            if rewriter.offset == range.lowerBound {
                rewriter.copyUnchanged(upTo: last)
            } else {
                var i = range.lowerBound
                while i < last {
                    let (value, length) = UTF8Scalar.decode(text, at: i)
                    rewriter.emit(value, change: 0)
                    i += length
                }
            }
            pending = (UTF8Scalar.decode(text, at: last).value, 0)
        }

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

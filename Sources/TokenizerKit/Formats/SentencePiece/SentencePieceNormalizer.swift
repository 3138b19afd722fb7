/// SentencePiece's normalizer (src/normalizer.cc) on UTF-8 bytes: user-defined symbols kept as they are,
/// the precompiled charsmap's longest rule otherwise, one replacement character per invalid byte; extra
/// whitespace removed, the dummy prefix added and spaces escaped to U+2581 as the spec says.
///
/// ```swift
/// var normalized: [UInt8] = [], map: [Int32] = []
/// normalizer.normalize(Array("  Hello   world ".utf8), into: &normalized, map: &map)
/// // normalized: "▁Hello▁world"; map[i]: the input offset that normalized byte i comes from
/// ```
struct SentencePieceNormalizer: Sendable {
    let spec: SentencePieceModelProto.NormalizerSpec
    let treatWhitespaceAsSuffix: Bool
    /// The charsmap's double-array trie and the NUL-separated replacements its values point into.
    private let units: [UInt32]
    private let replacements: [UInt8]
    /// User-defined symbols (the model's `PrefixMatcher`): matched longest first, copied unnormalized.
    private let userDefined: PieceTrie?
    /// For each ASCII byte: true when no charsmap rule and no user-defined symbol starts with it, so the
    /// byte normalizes to itself without a lookup.
    private let plainASCII: [Bool]

    static let spaceSymbol: [UInt8] = [0xE2, 0x96, 0x81]
    private static let replacementCharacter: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// - Throws: a message when the charsmap is broken (SentencePiece refuses to load it too).
    init(spec: SentencePieceModelProto.NormalizerSpec, treatWhitespaceAsSuffix: Bool,
         userDefinedSymbols: [[UInt8]]) throws(ProtobufReader.Failure) {
        self.spec = spec
        self.treatWhitespaceAsSuffix = treatWhitespaceAsSuffix
        let blob = spec.precompiledCharsmap
        var units: [UInt32] = []
        var replacements: [UInt8] = []
        if !blob.isEmpty {
            // <trie size: u32 little-endian><double array><NUL-terminated replacement strings>
            guard blob.count > 4 else {
                throw ProtobufReader.Failure(path: "precompiled_charsmap", message: "blob for normalization rule is broken")
            }
            let trieSize = Int(UInt32(blob[0]) | UInt32(blob[1]) << 8 | UInt32(blob[2]) << 16 | UInt32(blob[3]) << 24)
            guard trieSize < blob.count else {
                throw ProtobufReader.Failure(path: "precompiled_charsmap", message: "trie data size \(trieSize) exceeds the blob size \(blob.count)")
            }
            guard 4 + trieSize <= blob.count else {
                throw ProtobufReader.Failure(path: "precompiled_charsmap", message: "trie data size \(trieSize) exceeds the blob size \(blob.count)")
            }
            units = [UInt32](repeating: 0, count: trieSize / 4)
            for k in units.indices {
                let i = 4 + 4 * k
                units[k] = UInt32(blob[i]) | UInt32(blob[i + 1]) << 8 | UInt32(blob[i + 2]) << 16 | UInt32(blob[i + 3]) << 24
            }
            replacements = Array(blob[(4 + trieSize)...])
        }
        self.units = units
        self.replacements = replacements
        userDefined = userDefinedSymbols.isEmpty ? nil : PieceTrie(pieces: userDefinedSymbols)
        var plain = [Bool](repeating: true, count: 128)
        for byte in 0..<128 {
            if let trie = userDefined, trie.child(of: PieceTrie.root, UInt8(byte)) != nil { plain[byte] = false }
            if !units.isEmpty {
                let node = Self.offset(units[0]) ^ byte
                if node < units.count && units[node] & 0x8000_00FF == UInt32(byte) { plain[byte] = false }
            }
        }
        plainASCII = plain
    }

    /// Whether normalizing changes nothing but whitespace (no charsmap).
    var hasCharsmap: Bool { !units.isEmpty }

    /// Darts-clone unit layout: bit 8 = has leaf, low 8 bits (and bit 31) = label, bits 10… = offset
    /// (shifted 8 more when bit 9 is set), low 31 bits of a leaf = value.
    @inline(__always)
    private static func offset(_ unit: UInt32) -> Int { Int((unit >> 10) << ((unit & (1 << 9)) >> 6)) }

    /// Where a prefix's normalized form lives: in the input, in `replacements`, or U+FFFD.
    private enum Source { case input, table, replacementCharacter }

    /// `NormalizePrefix`: the normalized form of the longest rule (or user-defined symbol, or character)
    /// at `start`, and how many input bytes it consumes.
    @inline(__always)
    private func normalizePrefix(_ text: UnsafeBufferPointer<UInt8>, at start: Int) -> (Source, Range<Int>, consumed: Int) {
        let lead = text[start]
        if lead < 0x80 && plainASCII[Int(lead)] { return (.input, start..<(start + 1), 1) }
        if let trie = userDefined {
            var node = PieceTrie.root
            var i = start
            var longest = 0
            while i < text.count, let next = trie.child(of: node, text[i]) {
                node = next
                i += 1
                if trie.pieceID(at: node) != nil { longest = i - start }
            }
            if longest > 0 { return (.input, start..<(start + longest), longest) }
        }
        if !units.isEmpty {
            // Darts' commonPrefixSearch; the longest match wins.
            var node = Self.offset(units[0])
            var longest = 0
            var value = 0
            var i = start
            while i < text.count {
                let byte = text[i]
                node ^= Int(byte)
                guard node < units.count else { break }
                let unit = units[node]
                guard unit & 0x8000_00FF == UInt32(byte) else { break }
                node ^= Self.offset(unit)
                i += 1
                if (unit >> 8) & 1 == 1 {
                    guard node < units.count else { break }
                    longest = i - start
                    value = Int(units[node] & 0x7FFF_FFFF)
                }
            }
            if longest > 0 {
                var end = min(value, replacements.count)
                while end < replacements.count && replacements[end] != 0 { end += 1 }
                return (.table, min(value, replacements.count)..<end, longest)
            }
        }
        let length = Self.validCharacterLength(text, at: start)
        if length == 0 { return (.replacementCharacter, 0..<3, 1) }
        return (.input, start..<(start + length), length)
    }

    /// The length of the valid UTF-8 character at `i` (SentencePiece's `IsValidDecodeUTF8`: a literal U+FFFD
    /// counts as valid), or 0 when the byte there starts none.
    @inline(__always)
    static func validCharacterLength(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        let b0 = s[i]
        let left = s.count - i
        @inline(__always) func trail(_ k: Int) -> UInt32? {
            let b = s[i + k]
            return b & 0xC0 == 0x80 ? UInt32(b & 0x3F) : nil
        }
        if b0 < 0x80 { return 1 }
        if left >= 2 && b0 & 0xE0 == 0xC0 {
            guard let t1 = trail(1) else { return 0 }
            let cp = UInt32(b0 & 0x1F) << 6 | t1
            return cp >= 0x80 ? 2 : 0
        }
        if left >= 3 && b0 & 0xF0 == 0xE0 {
            guard let t1 = trail(1), let t2 = trail(2) else { return 0 }
            let cp = UInt32(b0 & 0x0F) << 12 | t1 << 6 | t2
            return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) ? 3 : 0
        }
        if left >= 4 && b0 & 0xF8 == 0xF0 {
            guard let t1 = trail(1), let t2 = trail(2), let t3 = trail(3) else { return 0 }
            let cp = UInt32(b0 & 0x07) << 18 | t1 << 12 | t2 << 6 | t3
            return cp >= 0x10000 && cp <= 0x10FFFF ? 4 : 0
        }
        return 0
    }

    /// Normalizes `text` into `output`; `map[i]` is the offset in `text` of the byte normalized byte `i`
    /// comes from, and `map` has one more entry than `output` (the end), as SentencePiece's `norm_to_orig`.
    func normalize(_ text: UnsafeBufferPointer<UInt8>, into output: inout [UInt8], map: inout [Int32]) {
        output.removeAll(keepingCapacity: true)
        map.removeAll(keepingCapacity: true)
        guard !text.isEmpty else { return }
        let removesExtra = spec.removeExtraWhitespaces
        let escapes = spec.escapeWhitespaces
        var position = 0
        var consumed = 0
        if removesExtra {
            // Leading spaces (after normalization) go.
            while position < text.count {
                let (source, range, length) = normalizePrefix(text, at: position)
                guard range.count == 1 && byte(source, range.lowerBound, text) == 0x20 else { break }
                position += length
                consumed += length
            }
        }
        guard position < text.count else { return }
        output.reserveCapacity(text.count * 3 / 2)
        map.reserveCapacity(text.count * 3 / 2)

        func addWhitespace() {
            if escapes {
                output.append(contentsOf: Self.spaceSymbol)
                for _ in 0..<3 { map.append(Int32(consumed)) }
            } else {
                output.append(0x20)
                map.append(Int32(consumed))
            }
        }
        if !treatWhitespaceAsSuffix && spec.addDummyPrefix { addWhitespace() }

        var previousIsSpace = removesExtra
        while position < text.count {
            let lead = text[position]
            if lead < 0x80 && lead != 0x20 && plainASCII[Int(lead)] {
                // Most bytes: an ASCII character no rule touches is itself, and is not a space.
                output.append(lead)
                map.append(Int32(consumed))
                previousIsSpace = false
                consumed += 1
                position += 1
                continue
            }
            let (source, range, length) = normalizePrefix(text, at: position)
            var from = range.lowerBound
            while previousIsSpace && from < range.upperBound && byte(source, from, text) == 0x20 { from += 1 }
            if from < range.upperBound {
                for i in from..<range.upperBound {
                    let b = byte(source, i, text)
                    if escapes && b == 0x20 {
                        output.append(contentsOf: Self.spaceSymbol)
                        for _ in 0..<3 { map.append(Int32(consumed)) }
                    } else {
                        output.append(b)
                        map.append(Int32(consumed))
                    }
                }
                previousIsSpace = byte(source, range.upperBound - 1, text) == 0x20
            }
            consumed += length
            position += length
            if !removesExtra { previousIsSpace = false }
        }

        if removesExtra {
            // Trailing spaces go.
            let space: [UInt8] = escapes ? Self.spaceSymbol : [0x20]
            while output.count >= space.count && output[(output.count - space.count)...].elementsEqual(space) {
                let length = output.count - space.count
                consumed = Int(map[length])
                output.removeLast(space.count)
                map.removeLast(space.count)
            }
        }
        if treatWhitespaceAsSuffix && spec.addDummyPrefix { addWhitespace() }
        map.append(Int32(consumed))
    }

    @inline(__always)
    private func byte(_ source: Source, _ i: Int, _ text: UnsafeBufferPointer<UInt8>) -> UInt8 {
        switch source {
        case .input: text[i]
        case .table: replacements[i]
        case .replacementCharacter: Self.replacementCharacter[i]
        }
    }
}

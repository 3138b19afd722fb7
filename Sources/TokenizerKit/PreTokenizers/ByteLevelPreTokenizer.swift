/// The GPT-2 byte-to-character alphabet: every byte gets a printable character, so any byte string is
/// a string of visible characters (space → `Ġ`, newline → `Ċ`).
enum ByteLevelAlphabet {
    /// The character for each byte.
    static let characters: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 256)
        var extra: UInt32 = 0
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable {
                table[b] = UInt32(b)
            } else {
                table[b] = 256 + extra
                extra += 1
            }
        }
        return table
    }()

    /// The UTF-8 encoding of each byte's character, packed (up to 2 bytes) with its length.
    static let encoded: [(bytes: (UInt8, UInt8), count: Int)] = characters.map { c in
        var out: [UInt8] = []
        UTF8Scalar.append(c, to: &out)
        return ((out[0], out.count > 1 ? out[1] : 0), out.count)
    }

    /// The byte for each character of the alphabet (keyed by scalar), or nil.
    static let bytesByCharacter: [UInt32: UInt8] = {
        var map: [UInt32: UInt8] = [:]
        for (b, c) in characters.enumerated() { map[c] = UInt8(b) }
        return map
    }()

    /// Appends the byte-level characters of `bytes` to `output`.
    static func appendMapped(_ bytes: some Sequence<UInt8>, to output: inout [UInt8]) {
        for b in bytes {
            let e = encoded[Int(b)]
            output.append(e.bytes.0)
            if e.count == 2 { output.append(e.bytes.1) }
        }
    }

    /// The bytes a string of byte-level characters stands for, or nil if it has other characters.
    static func unmapped(_ text: [UInt8]) -> [UInt8]? {
        var result: [UInt8] = []
        result.reserveCapacity(text.count)
        var ok = true
        text.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                let (value, length) = UTF8Scalar.decode(buffer, at: i)
                guard let b = bytesByCharacter[value] else { ok = false; return }
                result.append(b)
                i += length
            }
        }
        return ok ? result : nil
    }
}

/// `ByteLevel` as a pre-tokenizer: optionally prefixes a space, splits with the GPT-2 pattern
/// (`use_regex`), then rewrites every byte as its byte-level character.
struct ByteLevelPreTokenizer: Sendable {
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    let addPrefixSpace: Bool
    let trimOffsets: Bool
    let useRegex: Bool
    let pattern: SplitPattern

    init(json: JSONValue) throws {
        addPrefixSpace = try json.bool("add_prefix_space") ?? true
        trimOffsets = try json.bool("trim_offsets") ?? true
        useRegex = try json.bool("use_regex") ?? true
        pattern = .regex(try ICURegex(Self.gpt2Pattern), scanner: PatternScanner(pattern: Self.gpt2Pattern))
    }

    func preTokenize(_ text: inout PreTokenizedString, scratch: inout [Range<Int>]) {
        if addPrefixSpace {
            text.edit { string in
                if string.bytes.first != 0x20 { string.prepend([0x20]) }
            }
        }
        if useRegex {
            var matches = scratch
            text.split { bytes, pieces in
                matches.removeAll(keepingCapacity: true)
                pattern.appendMatches(in: bytes, to: &matches)
                SplitDelimiterBehavior.isolated.appendPieces(matches: matches, length: bytes.count, to: &pieces)
            }
            scratch = matches
        }
        ByteLevelPreTokenizer.mapBytes(&text)
    }

    /// Rewrites every split that is not an added token into byte-level characters; every character
    /// produced from one scalar keeps that scalar's alignment.
    static func mapBytes(_ text: inout PreTokenizedString) {
        var newBytes = text.spareBytes
        var newAlignments = text.spareAlignments
        var newSplits = text.spareSplits
        newBytes.removeAll(keepingCapacity: true)
        newAlignments.removeAll(keepingCapacity: true)
        newSplits.removeAll(keepingCapacity: true)
        newBytes.reserveCapacity(text.bytes.count * 2)
        newAlignments.reserveCapacity(text.bytes.count * 2)
        let table = ByteLevelAlphabet.encoded
        text.bytes.withUnsafeBufferPointer { bytes in
            text.alignments.withUnsafeBufferPointer { alignments in
                for split in text.splits {
                    let start = Int32(newBytes.count)
                    if split.isAddedToken {
                        newBytes.append(contentsOf: bytes[split.range])
                        newAlignments.append(contentsOf: alignments[split.range])
                    } else {
                        for i in split.range {
                            let e = table[Int(bytes[i])]
                            newBytes.append(e.bytes.0)
                            newAlignments.append(alignments[i])
                            if e.count == 2 {
                                newBytes.append(e.bytes.1)
                                newAlignments.append(alignments[i])
                            }
                        }
                    }
                    newSplits.append(.init(start: start, end: Int32(newBytes.count), addedTokenID: split.addedTokenID))
                }
            }
        }
        swap(&text.bytes, &newBytes)
        swap(&text.alignments, &newAlignments)
        swap(&text.splits, &newSplits)
        text.spareBytes = newBytes
        text.spareAlignments = newAlignments
        text.spareSplits = newSplits
    }
}

import CMemoryHints

/// A small direct-mapped cache for short, frequent words: word bytes (≤ 16) → up to 3 token ids.
///
/// Performance notes: the full word cache and the vocabulary are hash tables of megabytes, and on a
/// large corpus nearly every probe into them is a cache miss. This table is 16,384 entries of 32 bytes
/// (512 KB, resident in L2); a word is compared as two 64-bit words, no `memcmp`, no indirection. On
/// English the words that matter most are short and frequent, so most lookups end here.
struct HotWordCache {
    private struct Entry {
        var low: UInt64 = 0
        var high: UInt64 = 0
        /// Length (bits 0-7), token count (bits 8-15), the end of the first and second token in the word
        /// (bits 16-20, 21-25) and whether the tokens tile the word so that those ends give their spans
        /// (bit 26); 0 = empty.
        var shape: UInt32 = 0
        var id0: UInt32 = 0
        var id1: UInt32 = 0
        var id2: UInt32 = 0
    }

    static let maximumLength = 16
    static let maximumTokens = 3
    private static let size = 16384

    private var entries = [Entry](repeating: Entry(), count: HotWordCache.size)

    /// The word's bytes as two little-endian 64-bit integers, zero beyond its length. Bytes up to
    /// `readable` may be read past the word's end (two whole loads, masked), which the byte loop avoids.
    @inline(__always)
    private static func key(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>) -> (UInt64, UInt64) {
        let n = word.count
        let base = word.baseAddress!
        if base + 16 <= readable {
            let low = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            let high = UnsafeRawPointer(base + 8).loadUnaligned(as: UInt64.self)
            if n >= 16 { return (low, high) }
            if n > 8 { return (low, high & (~UInt64(0) >> UInt64(128 - 8 * n))) }
            if n == 8 { return (low, 0) }
            return (low & ((UInt64(1) << UInt64(8 * n)) &- 1), 0)
        }
        var low: UInt64 = 0
        var high: UInt64 = 0
        if n >= 8 {
            low = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
            if n == 16 {
                high = UnsafeRawPointer(base + 8).loadUnaligned(as: UInt64.self)
            } else {
                for i in 8..<n { high |= UInt64(base[i]) << (UInt64(i - 8) * 8) }
            }
        } else {
            for i in 0..<n { low |= UInt64(base[i]) << (UInt64(i) * 8) }
        }
        return (low, high)
    }

    @inline(__always)
    private static func slot(_ low: UInt64, _ high: UInt64, _ length: Int) -> Int {
        var h = (low ^ (high &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(length)) &* 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & (size - 1)
    }

    /// Starts loading the entries of the words of `text` at `ranges` into the processor's caches, so that
    /// the lookups that follow find them there (on a large corpus most of them would otherwise miss).
    @inline(__always)
    func prefetch(_ ranges: [Range<Int>], in text: UnsafeBufferPointer<UInt8>) {
        let readable = text.baseAddress! + text.count
        entries.withUnsafeBufferPointer { entries in
            let base = entries.baseAddress!
            var previous = 0
            for range in ranges {
                if previous < range.lowerBound {
                    Self.prefetch(UnsafeBufferPointer(rebasing: text[previous..<range.lowerBound]), readable: readable, base: base)
                }
                Self.prefetch(UnsafeBufferPointer(rebasing: text[range]), readable: readable, base: base)
                previous = range.upperBound
            }
        }
    }

    @inline(__always)
    private static func prefetch(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>, base: UnsafePointer<Entry>) {
        guard word.count <= maximumLength, !word.isEmpty else { return }
        let (low, high) = key(word, readable: readable)
        prefetch_for_reading(base + slot(low, high, word.count))
    }

    /// Appends the ids of `word` to `ids` and returns true when the word is here. Bytes up to `readable`
    /// may be read past the word's end.
    @inline(__always)
    func appendIDs(of word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>, to ids: inout [UInt32]) -> Bool {
        guard word.count <= HotWordCache.maximumLength, !word.isEmpty else { return false }
        let (low, high) = HotWordCache.key(word, readable: readable)
        return entries.withUnsafeBufferPointer { entries in
            let e = entries[HotWordCache.slot(low, high, word.count)]
            guard e.low == low, e.high == high, Int(e.shape & 0xFF) == word.count else { return false }
            let count = (e.shape >> 8) & 0xFF
            ids.append(e.id0)
            if count > 1 { ids.append(e.id1) }
            if count > 2 { ids.append(e.id2) }
            return true
        }
    }

    /// The tokens of `word` as ids and byte spans in the word, calling `body` once per token, and true;
    /// or false when the word is not here or its tokens do not tile it (byte-fallback pieces share their
    /// character's span). Bytes up to `readable` may be read past the word's end.
    @inline(__always)
    func forEachToken(of word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                      _ body: (_ id: UInt32, _ start: Int, _ end: Int) -> Void) -> Bool {
        guard word.count <= HotWordCache.maximumLength, !word.isEmpty else { return false }
        let (low, high) = HotWordCache.key(word, readable: readable)
        return entries.withUnsafeBufferPointer { entries in
            let e = entries[HotWordCache.slot(low, high, word.count)]
            guard e.low == low, e.high == high, e.shape & 0x400_00FF == 0x400_0000 | UInt32(word.count) else { return false }
            let count = (e.shape >> 8) & 0xFF
            let first = Int((e.shape >> 16) & 0x1F)
            let second = Int((e.shape >> 21) & 0x1F)
            switch count {
            case 1:
                body(e.id0, 0, word.count)
            case 2:
                body(e.id0, 0, first)
                body(e.id1, first, word.count)
            default:
                body(e.id0, 0, first)
                body(e.id1, first, second)
                body(e.id2, second, word.count)
            }
            return true
        }
    }

    /// Remembers the tokens of a word (when it is short and has at most three tokens).
    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, _ tokens: ArraySlice<ModelToken>) {
        guard word.count <= HotWordCache.maximumLength, !word.isEmpty,
              !tokens.isEmpty, tokens.count <= HotWordCache.maximumTokens else { return }
        let (low, high) = HotWordCache.key(word, readable: word.baseAddress! + word.count)
        var e = Entry(low: low, high: high, shape: UInt32(word.count) | UInt32(tokens.count) << 8)
        let first = tokens.startIndex
        var tiles = tokens[first].start == 0 && Int(tokens[tokens.endIndex - 1].end) == word.count
        for i in first..<(tokens.endIndex - 1) where tokens[i].end != tokens[i + 1].start || tokens[i].end <= tokens[i].start {
            tiles = false
        }
        if tiles {
            e.shape |= 1 << 26 | UInt32(tokens[first].end) << 16
            if tokens.count > 2 { e.shape |= UInt32(tokens[first + 1].end) << 21 }
        }
        e.id0 = tokens[first].id
        if tokens.count > 1 { e.id1 = tokens[first + 1].id }
        if tokens.count > 2 { e.id2 = tokens[first + 2].id }
        entries[HotWordCache.slot(low, high, word.count)] = e
    }
}

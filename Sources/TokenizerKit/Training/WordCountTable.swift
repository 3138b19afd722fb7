/// Counts of distinct byte strings (words), with open addressing over one key arena.
///
/// Memory is proportional to the distinct words: each holds its bytes once in the arena, one 24-byte
/// entry and about two 8-byte slots; a word seen a million times costs what a word seen once costs.
/// Keys are exact bytes (never `String`, whose equality is canonical equivalence).
struct WordCountTable: Sendable {
    struct Entry {
        var start: Int
        var length: UInt32
        var count: UInt64
    }

    private(set) var arena: [UInt8] = []
    private(set) var entries: [Entry] = []
    /// Per slot: the hash's high 32 bits, then entry index + 1 (0 = empty).
    private var slots: [UInt64]
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
    }

    /// The number of distinct words.
    var count: Int { entries.count }

    /// Adds `amount` to the count of `word` (inserting it with that count when new).
    @inline(__always)
    mutating func add(_ word: UnsafeBufferPointer<UInt8>, amount: UInt64 = 1) {
        let h = ByteStringTable.hash(word)
        let tag = h >> 32
        var slot = Int(truncatingIfNeeded: h) & mask
        let found: Int? = slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                arena.withUnsafeBufferPointer { arena in
                    while true {
                        let s = slots[slot]
                        if s == 0 { return nil }
                        if s >> 32 == tag {
                            let index = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1
                            let e = entries[index]
                            if Int(e.length) == word.count
                                && (word.isEmpty || memcmp(arena.baseAddress! + e.start, word.baseAddress!, word.count) == 0) {
                                return index
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        if let found {
            entries[found].count &+= amount
            return
        }
        entries.append(Entry(start: arena.count, length: UInt32(word.count), count: amount))
        arena.append(contentsOf: word)
        slots[slot] = tag << 32 | UInt64(entries.count)
        if entries.count * 2 > slots.count { grow() }
    }

    mutating func add(_ word: [UInt8], amount: UInt64 = 1) {
        word.withUnsafeBufferPointer { add($0, amount: amount) }
    }

    /// Adds every count of `other` to this table.
    mutating func add(contentsOf other: WordCountTable) {
        other.arena.withUnsafeBufferPointer { arena in
            for e in other.entries {
                add(UnsafeBufferPointer(rebasing: arena[e.start..<e.start + Int(e.length)]), amount: e.count)
            }
        }
    }

    /// The count of `word`, or 0.
    func count(of word: [UInt8]) -> UInt64 {
        word.withUnsafeBufferPointer { word in
            let h = ByteStringTable.hash(word)
            var slot = Int(truncatingIfNeeded: h) & mask
            while true {
                let s = slots[slot]
                if s == 0 { return 0 }
                if s >> 32 == h >> 32 {
                    let e = entries[Int(truncatingIfNeeded: s & 0xFFFF_FFFF) - 1]
                    if Int(e.length) == word.count && arena[e.start..<e.start + word.count].elementsEqual(word) {
                        return e.count
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = arena.withUnsafeBufferPointer { arena in
            entries.withUnsafeBufferPointer { entries in
                ByteStringTable.slots(size: size, keys: entries.count) { index in
                    let e = entries[index]
                    return UnsafeBufferPointer(rebasing: arena[e.start..<e.start + Int(e.length)])
                }
            }
        }
        mask = size - 1
    }

    /// Calls `body` with every word and its count, in insertion order.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) rethrows {
        try arena.withUnsafeBufferPointer { arena in
            for e in entries {
                try body(UnsafeBufferPointer(rebasing: arena[e.start..<e.start + Int(e.length)]), e.count)
            }
        }
    }

    /// Frees the lookup slots once no more words will be added (the words and counts stay).
    mutating func freeze() {
        slots = [0]
        mask = 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

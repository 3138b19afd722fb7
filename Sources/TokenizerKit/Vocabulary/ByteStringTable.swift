/// A hash table from byte strings to `UInt32` values, with open addressing over one key arena.
///
/// Vocabularies are keyed on exact bytes, never on `String` (whose equality is canonical equivalence
/// and would merge distinct tokens). Lookups take a buffer pointer, so a hot loop never builds an array
/// to ask a question. Measured (DESIGN.md): ≈18 ns per lookup on a 50k vocabulary, against ≈90 ns for
/// `Dictionary<[UInt8], Int>` with a fresh array per lookup.
struct ByteStringTable: Sendable {
    private var arena: [UInt8] = []
    private var keyStarts: [UInt32] = []
    private var keyLengths: [UInt32] = []
    private var values: [UInt32] = []
    private var hashes: [UInt64] = []
    /// Entry index + 1 per slot; 0 is empty.
    private var slots: [UInt32]
    private var mask: Int

    init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        keyStarts.reserveCapacity(capacity)
        keyLengths.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    var count: Int { values.count }

    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        let n = key.count
        guard let base = key.baseAddress else { return h }
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        if i < n {
            var word: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                word |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
            h = (h ^ word) &* 0xC4CE_B9FE_1A85_EC53
        }
        h ^= h >> 29
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 32
        return h
    }

    /// The value for `key`, or nil.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let h = ByteStringTable.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        return arena.withUnsafeBufferPointer { arena in
            while true {
                let entry = Int(slots[slot])
                if entry == 0 { return nil }
                let e = entry - 1
                if hashes[e] == h && Int(keyLengths[e]) == key.count {
                    let start = Int(keyStarts[e])
                    if key.count == 0 || memcmp(arena.baseAddress! + start, key.baseAddress!, key.count) == 0 {
                        return values[e]
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    func value(for key: [UInt8]) -> UInt32? {
        key.withUnsafeBufferPointer { value(for: $0) }
    }

    /// Sets the value for `key` (replacing an existing one).
    mutating func set(_ value: UInt32, for key: UnsafeBufferPointer<UInt8>) {
        if (values.count + 1) * 2 > slots.count { grow() }
        let h = ByteStringTable.hash(key)
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = Int(slots[slot])
            if entry == 0 { break }
            let e = entry - 1
            if hashes[e] == h && Int(keyLengths[e]) == key.count
                && arena[Int(keyStarts[e])..<Int(keyStarts[e]) + key.count].elementsEqual(key) {
                values[e] = value
                return
            }
            slot = (slot + 1) & mask
        }
        keyStarts.append(UInt32(arena.count))
        keyLengths.append(UInt32(key.count))
        arena.append(contentsOf: key)
        values.append(value)
        hashes.append(h)
        slots[slot] = UInt32(values.count)
    }

    mutating func set(_ value: UInt32, for key: [UInt8]) {
        key.withUnsafeBufferPointer { set(value, for: $0) }
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: 0, count: size)
        mask = size - 1
        for e in 0..<values.count {
            var slot = Int(truncatingIfNeeded: hashes[e]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = UInt32(e + 1)
        }
    }

    /// Every key and value, in insertion order.
    func forEach(_ body: (ArraySlice<UInt8>, UInt32) -> Void) {
        for e in 0..<values.count {
            let start = Int(keyStarts[e])
            body(arena[start..<start + Int(keyLengths[e])], values[e])
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Symbol pairs (`UInt64(left) << 32 | right`) → a dense index, with open addressing. The BPE trainer
/// keeps each pair's count and bookkeeping in arrays under that index, so a pair is hashed once per
/// change and everything else is array access (multiplicative hash, linear probing, no deletion:
/// a pair whose count falls to zero keeps its index).
struct PairCountTable {
    private var keys: [UInt64]
    /// Index + 1 per slot (0 = empty).
    private var values: [Int32]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int) {
        var size = 1024
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The index of `key`, or nil.
    @inline(__always)
    func index(of key: UInt64) -> Int? {
        var slot = Self.slot(key, mask)
        while true {
            let v = values[slot]
            if v == 0 { return nil }
            if keys[slot] == key { return Int(v) - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The index of `key`; a new key gets the next index (`count` before the call), and `isNew` is true.
    @inline(__always)
    mutating func insert(_ key: UInt64) -> (index: Int, isNew: Bool) {
        var slot = Self.slot(key, mask)
        let found: Int? = keys.withUnsafeBufferPointer { keys in
            values.withUnsafeBufferPointer { values in
                while true {
                    let v = values[slot]
                    if v == 0 { return nil }
                    if keys[slot] == key { return Int(v) - 1 }
                    slot = (slot + 1) & mask
                }
            }
        }
        if let found { return (found, false) }
        let index = count
        keys[slot] = key
        values[slot] = Int32(index + 1)
        count += 1
        if count * 2 > keys.count { grow() }
        return (index, true)
    }

    private mutating func grow() {
        let size = keys.count * 2
        var newKeys = [UInt64](repeating: 0, count: size)
        var newValues = [Int32](repeating: 0, count: size)
        let newMask = size - 1
        for slot in 0..<keys.count where values[slot] != 0 {
            var s = Self.slot(keys[slot], newMask)
            while newValues[s] != 0 { s = (s + 1) & newMask }
            newKeys[s] = keys[slot]
            newValues[s] = values[slot]
        }
        keys = newKeys
        values = newValues
        mask = newMask
    }
}

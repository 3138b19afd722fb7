/// BPE merges keyed by the pair of ids: `UInt64(left) << 32 | UInt64(right)` → (rank, merged id).
///
/// Open addressing over two flat arrays; a lookup is one multiply, one probe in the common case.
struct MergeTable: Sendable {
    private var keys: [UInt64]
    /// `UInt64(rank) << 32 | UInt64(mergedID)`
    private var values: [UInt64]
    private var mask: Int
    private(set) var count = 0
    private static let empty = UInt64.max

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: MergeTable.empty, count: size)
        values = Array(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    static func key(_ left: UInt32, _ right: UInt32) -> UInt64 { UInt64(left) << 32 | UInt64(right) }

    @inline(__always)
    private func slot(for key: UInt64) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    /// Sets the merge for a pair; a later merge of the same pair replaces an earlier one (as the reference's map does).
    mutating func set(left: UInt32, right: UInt32, rank: UInt32, merged: UInt32) {
        let key = MergeTable.key(left, right)
        var i = slot(for: key)
        while keys[i] != MergeTable.empty && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == MergeTable.empty { count += 1 }
        keys[i] = key
        values[i] = UInt64(rank) << 32 | UInt64(merged)
    }

    /// The rank and merged id of a pair, packed (`rank << 32 | merged`), or `UInt64.max` when the pair never merges.
    @inline(__always)
    func lookup(_ left: UInt32, _ right: UInt32) -> UInt64 {
        let key = MergeTable.key(left, right)
        var i = slot(for: key)
        return keys.withUnsafeBufferPointer { keys in
            while true {
                let k = keys[i]
                if k == key { return values[i] }
                if k == MergeTable.empty { return UInt64.max }
                i = (i + 1) & mask
            }
        }
    }
}

/// The BPE merge loop.
///
/// Performance notes (measured on English, cl100k): words are short (median ≈5 symbols), so the common
/// case keeps the symbols in a small flat array and scans it linearly for the lowest-ranked adjacent
/// pair, like tiktoken; no heap, no linked list, nothing allocated (the scratch arrays live in the
/// worker's `BPEScratch`). Past `heapCutoff` symbols the scan would be quadratic, so long words switch
/// to a binary heap of (rank, position) with a doubly linked symbol list — the reference's algorithm.
///
/// Both give the reference's result: it pops the lowest (rank, position) pair first and skips stale
/// entries; a stale entry can never carry the same merged id as the pair now at its position (the
/// merged token would have to be the same string with a different length), so "lowest rank, leftmost
/// first" over the current pairs is exactly its order.
struct BPESymbols {
    var ids: [UInt32] = []
    var starts: [Int32] = []
    var ends: [Int32] = []
    // Heap-path state.
    var previous: [Int32] = []
    var next: [Int32] = []
    var heap: [UInt64] = []

    mutating func removeAll() {
        ids.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    @inline(__always)
    mutating func append(id: UInt32, start: Int32, end: Int32) {
        ids.append(id)
        starts.append(start)
        ends.append(end)
    }
}

extension BPEModel {
    static let heapCutoff = 64

    /// Merges `symbols` in place (no dropout).
    func merge(_ symbols: inout BPESymbols) {
        if symbols.ids.count < 2 { return }
        if symbols.ids.count > BPEModel.heapCutoff {
            mergeWithHeap(&symbols, dropout: 0)
            return
        }
        var count = symbols.ids.count
        symbols.ids.withUnsafeMutableBufferPointer { ids in
            symbols.ends.withUnsafeMutableBufferPointer { ends in
                symbols.starts.withUnsafeMutableBufferPointer { starts in
                    // pairs[i] = packed (rank, merged) of the pair (i, i+1); UInt64.max when it never merges.
                    withUnsafeTemporaryAllocation(of: UInt64.self, capacity: count) { pairs in
                        for i in 0..<(count - 1) { pairs[i] = merges.lookup(ids[i], ids[i + 1]) }
                        while count > 1 {
                            var best = UInt64.max
                            var at = -1
                            for i in 0..<(count - 1) where pairs[i] < best {
                                best = pairs[i]
                                at = i
                            }
                            if at < 0 { break }
                            // Merge at `at` with `at + 1`.
                            ids[at] = UInt32(truncatingIfNeeded: best)
                            ends[at] = ends[at + 1]
                            let tail = count - at - 2
                            if tail > 0 {
                                (ids.baseAddress! + at + 1).update(from: ids.baseAddress! + at + 2, count: tail)
                                (starts.baseAddress! + at + 1).update(from: starts.baseAddress! + at + 2, count: tail)
                                (ends.baseAddress! + at + 1).update(from: ends.baseAddress! + at + 2, count: tail)
                                (pairs.baseAddress! + at + 1).update(from: pairs.baseAddress! + at + 2, count: tail)
                            }
                            count -= 1
                            if at > 0 { pairs[at - 1] = merges.lookup(ids[at - 1], ids[at]) }
                            if at < count - 1 { pairs[at] = merges.lookup(ids[at], ids[at + 1]) }
                        }
                    }
                }
            }
        }
        symbols.ids.removeLast(symbols.ids.count - count)
        symbols.starts.removeLast(symbols.starts.count - count)
        symbols.ends.removeLast(symbols.ends.count - count)
    }

    /// The reference's algorithm: a min-heap of (rank, position), a linked list of symbols, stale
    /// entries skipped. With `dropout` > 0, each popped merge is skipped with that probability.
    func mergeWithHeap(_ symbols: inout BPESymbols, dropout: Double) {
        let n = symbols.ids.count
        symbols.previous.removeAll(keepingCapacity: true)
        symbols.next.removeAll(keepingCapacity: true)
        for i in 0..<n {
            symbols.previous.append(Int32(i - 1))
            symbols.next.append(i + 1 < n ? Int32(i + 1) : -1)
        }
        var alive = [Bool](repeating: true, count: n)
        var heap = MinHeap(taking: &symbols.heap)
        for i in 0..<(n - 1) {
            let packed = merges.lookup(symbols.ids[i], symbols.ids[i + 1])
            if packed != UInt64.max { heap.push(rank: UInt32(packed >> 32), position: UInt32(i)) }
        }
        var skipped: [UInt64] = []
        var generator = SystemRandomNumberGenerator()
        while let top = heap.pop() {
            if dropout > 0 && Double.random(in: 0..<1, using: &generator) < dropout {
                skipped.append(top)
                continue
            }
            for entry in skipped { heap.push(packed: entry) }
            skipped.removeAll(keepingCapacity: true)
            let position = Int(UInt32(truncatingIfNeeded: top))
            let rank = UInt32(top >> 32)
            guard alive[position] else { continue }
            let right = Int(symbols.next[position])
            guard right >= 0 else { continue }
            let packed = merges.lookup(symbols.ids[position], symbols.ids[right])
            // A stale entry: the pair now at `position` is not the one that was queued. (A rank names
            // exactly one merge, so equal ranks mean equal merged ids, the reference's test.)
            guard packed != UInt64.max, UInt32(packed >> 32) == rank else { continue }
            symbols.ids[position] = UInt32(truncatingIfNeeded: packed)
            symbols.ends[position] = symbols.ends[right]
            alive[right] = false
            let after = Int(symbols.next[right])
            symbols.next[position] = Int32(after)
            if after >= 0 { symbols.previous[after] = Int32(position) }
            let before = Int(symbols.previous[position])
            if before >= 0 {
                let p = merges.lookup(symbols.ids[before], symbols.ids[position])
                if p != UInt64.max { heap.push(rank: UInt32(p >> 32), position: UInt32(before)) }
            }
            if after >= 0 {
                let p = merges.lookup(symbols.ids[position], symbols.ids[after])
                if p != UInt64.max { heap.push(rank: UInt32(p >> 32), position: UInt32(position)) }
            }
        }
        symbols.heap = heap.storage
        var w = 0
        for i in 0..<n where alive[i] {
            symbols.ids[w] = symbols.ids[i]
            symbols.starts[w] = symbols.starts[i]
            symbols.ends[w] = symbols.ends[i]
            w += 1
        }
        symbols.ids.removeLast(n - w)
        symbols.starts.removeLast(n - w)
        symbols.ends.removeLast(n - w)
    }
}

/// A binary min-heap of packed `rank << 32 | position` values (lowest rank, then leftmost, first).
struct MinHeap {
    var storage: [UInt64]

    /// An empty heap over `storage`'s buffer, which is taken (left empty): a copy would share the buffer,
    /// and the first write would reallocate it.
    init(taking storage: inout [UInt64]) {
        self.storage = storage
        storage = []
        self.storage.removeAll(keepingCapacity: true)
    }

    mutating func push(rank: UInt32, position: UInt32) { push(packed: UInt64(rank) << 32 | UInt64(position)) }

    mutating func push(packed value: UInt64) {
        storage.append(value)
        var i = storage.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if storage[parent] <= storage[i] { break }
            storage.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> UInt64? {
        guard let first = storage.first else { return nil }
        let last = storage.removeLast()
        if !storage.isEmpty {
            storage[0] = last
            var i = 0
            let n = storage.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var c = l
                if l + 1 < n && storage[l + 1] < storage[l] { c = l + 1 }
                if storage[i] <= storage[c] { break }
                storage.swapAt(i, c)
                i = c
            }
        }
        return first
    }
}

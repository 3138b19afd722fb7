/// A byte trie over a Unigram vocabulary, for finding every piece that starts at a position of a word
/// (the reference's `common_prefix_search`), shortest first.
///
/// ```
/// var node = PieceTrie.root
/// while let next = trie.child(of: node, word[i]) {
///     node = next; i += 1
///     if let id = trie.pieceID(at: node) { /* word[start..<i] is piece `id` */ }
/// }
/// ```
///
/// The trie is a double array (as in SentencePiece's Darts): node `s` goes by byte `b` to unit
/// `base[s] + b`, which belongs to `s` when its `check` is `s`. One step down reads one 12-byte unit.
///
/// Performance notes (t5-small: 32k pieces, 82 671 nodes; `tok encode` of the 190k distinct words of
/// 20 MB of English, one per line, so that the word cache never hits; perf samples in Viterbi): an
/// open-addressing table of edges keyed `(node << 8 | byte)`, with piece ids and scores in per-node
/// arrays, took 2–3 cache misses per step into 8 MB and 1548 samples, 60% of them on the edge load;
/// this double array (83 000 units, 1 MB) takes one miss per step and 418 samples (3.7× faster).
struct PieceTrie: Sendable {
    static let root: UInt32 = 0

    struct Unit {
        /// Children of this node sit at `base + byte`.
        var base: UInt32
        /// The node whose child this unit is; `UInt32.max` when the unit is free.
        var check: UInt32
        /// The piece ending at this node, or `UInt32.max`.
        var pieceID: UInt32
    }

    private let units: [Unit]

    /// Builds the trie from `pieces`, where `pieces[i]` has id `i`. Callers pass an empty array for ids
    /// that must not be found (empty pieces are never found: the reference's search yields only after
    /// consuming a byte). A piece given twice keeps its last id.
    init(pieces: [[UInt8]]) {
        // The pieces in byte order: the keys below a trie node are then one contiguous run, and a
        // node's children are the sub-runs that share the next byte.
        var lastID: [[UInt8]: Int] = [:]
        for (id, piece) in pieces.enumerated() where !piece.isEmpty { lastID[piece] = id }
        let keys = lastID.sorted { $0.key.lexicographicallyPrecedes($1.key) }

        // Breadth first, each node takes the lowest base at which all its children's units are free.
        var layout = DoubleArrayLayout(capacity: max(1024, keys.count * 4))
        // (unit, depth, keys[lower..<upper] all start with this node's bytes).
        var queue: [(unit: Int, depth: Int, lower: Int, upper: Int)] = [(0, 0, 0, keys.count)]
        var childBytes: [UInt8] = []
        var childRuns: [(lower: Int, upper: Int)] = []
        var head = 0
        while head < queue.count {
            var (unit, depth, lower, upper) = queue[head]
            head += 1
            // A key that ends here sorts first in the run.
            if lower < upper && keys[lower].key.count == depth {
                layout.units[unit].pieceID = UInt32(keys[lower].value)
                lower += 1
            }
            childBytes.removeAll(keepingCapacity: true)
            childRuns.removeAll(keepingCapacity: true)
            var i = lower
            while i < upper {
                let byte = keys[i].key[depth]
                var j = i + 1
                while j < upper && keys[j].key[depth] == byte { j += 1 }
                childBytes.append(byte)
                childRuns.append((i, j))
                i = j
            }
            if childBytes.isEmpty { continue }
            let base = layout.place(childBytes, parent: unit)
            for (byte, run) in zip(childBytes, childRuns) {
                queue.append((base + Int(byte), depth + 1, run.lower, run.upper))
            }
        }
        var units = layout.units
        // Every `base + byte` stays inside the array.
        var end = units.count
        while end > 0 && units[end - 1].check == .max { end -= 1 }
        units.removeSubrange(min(units.count, end + 256)...)
        self.units = units
    }

    /// The node reached from `node` by `byte`, or nil.
    @inline(__always)
    func child(of node: UInt32, _ byte: UInt8) -> UInt32? {
        let next = Int(units[Int(node)].base) + Int(byte)
        return units[next].check == node ? UInt32(truncatingIfNeeded: next) : nil
    }

    /// The id of the piece that ends at `node`, or nil.
    @inline(__always)
    func pieceID(at node: UInt32) -> UInt32? {
        let id = units[Int(node)].pieceID
        return id == .max ? nil : id
    }

    /// The number of units (for tests).
    var unitCount: Int { units.count }
}

/// Places a trie's nodes in a double array: the units, and a list of the free ones to search.
///
/// Like darts-clone, the search for a base looks only at free units near the end of the used part:
/// the holes further back rarely fit a node with several children, and scanning all of them made
/// loading t5-small take 0.8 s instead of a few milliseconds.
private struct DoubleArrayLayout {
    static let free = PieceTrie.Unit(base: 0, check: .max, pieceID: .max)
    /// How far behind the highest used unit the search for a base starts.
    static let window = 2048

    var units: [PieceTrie.Unit]
    /// A doubly linked list of the free units that may still be searched (-1 ends it; -2: not listed).
    private var next: [Int]
    private var previous: [Int]
    private var head = -1
    private var tail = -1
    private var highest = 0

    init(capacity: Int) {
        units = []
        next = []
        previous = []
        grow(to: capacity)
        // The root is unit 0: never anyone's child, and never a child slot (bases are ≥ 1).
        units[0].check = .max - 1
        unlist(0)
    }

    private mutating func grow(to count: Int) {
        let old = units.count
        units.append(contentsOf: repeatElement(Self.free, count: count - old))
        next.append(contentsOf: repeatElement(-1, count: count - old))
        previous.append(contentsOf: repeatElement(-1, count: count - old))
        for i in old..<count {
            previous[i] = i == old ? tail : i - 1
            next[i] = i == count - 1 ? -1 : i + 1
        }
        if tail >= 0 { next[tail] = old } else { head = old }
        tail = count - 1
    }

    private mutating func unlist(_ i: Int) {
        guard next[i] != -2 else { return }
        if previous[i] >= 0 { next[previous[i]] = next[i] } else { head = next[i] }
        if next[i] >= 0 { previous[next[i]] = previous[i] } else { tail = previous[i] }
        next[i] = -2
        previous[i] = -2
    }

    /// Finds a base for children with these (sorted) bytes, claims their units for `parent`, and
    /// returns the base.
    mutating func place(_ bytes: [UInt8], parent: Int) -> Int {
        while head >= 0 && head < highest - Self.window { unlist(head) }
        if head < 0 { grow(to: units.count * 2) }
        var position = head
        while true {
            if units.count < position + 256 {
                grow(to: units.count * 2)
            }
            let base = position - Int(bytes[0])
            if base >= 1 && bytes.allSatisfy({ units[base + Int($0)].check == .max }) {
                units[parent].base = UInt32(base)
                for byte in bytes {
                    let child = base + Int(byte)
                    units[child].check = UInt32(parent)
                    unlist(child)
                    highest = max(highest, child)
                }
                return base
            }
            if next[position] < 0 { grow(to: units.count * 2) }
            position = next[position]
        }
    }
}


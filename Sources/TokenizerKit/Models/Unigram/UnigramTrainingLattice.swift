import Foundation

/// The vocabulary of a Unigram model during training: pieces by id (id 0 is the trainer's own unknown
/// piece), their scores, and a trie to find them in words.
///
/// Pieces are only ever removed while training, so the trie is built once over the seed pieces and
/// reused: `entries` maps the trie's ids to today's ids (-1 for a removed piece). It is rebuilt when
/// fewer than half of its pieces remain, so that walks do not wander through many dead nodes.
struct TrainingVocabulary: Sendable {
    /// The pieces by id; `pieces[0]` is the training unknown piece.
    var pieces: [[UInt8]]
    var scores: [Double]
    /// Each piece's id in `trie`.
    var trieIDs: [Int32]
    let trie: PieceTrie
    /// Trie id → piece id (-1 for a removed piece) and score: one load per piece found.
    let entries: [TrieEntry]
    struct TrieEntry {
        var id: Int32
        var score: Double
    }
    /// The lowest score (NaN scores ignored, as the reference's `min_score`); unknown nodes score 10 less.
    let minimumScore: Double
    var unknownScore: Double { minimumScore - 10 }
    var count: Int { pieces.count }

    /// A vocabulary with a trie of its own. `pieces[0]` (the unknown piece) is never searched for: the
    /// reference would find a literal "<UNK>" in a word and give it a NaN score, which fails its training.
    init(pieces: [[UInt8]], scores: [Double]) {
        var keys = pieces
        if !keys.isEmpty { keys[0] = [] }
        let trie = PieceTrie(pieces: keys)
        self.init(pieces: pieces, scores: scores, trieIDs: (0..<pieces.count).map { Int32($0) }, trie: trie,
                  trieSize: pieces.count)
    }

    private init(pieces: [[UInt8]], scores: [Double], trieIDs: [Int32], trie: PieceTrie, trieSize: Int) {
        self.pieces = pieces
        self.scores = scores
        self.trieIDs = trieIDs
        self.trie = trie
        var entries = [TrieEntry](repeating: TrieEntry(id: -1, score: 0), count: trieSize)
        for id in pieces.indices.dropFirst() { entries[Int(trieIDs[id])] = TrieEntry(id: Int32(id), score: scores[id]) }
        self.entries = entries
        var minimum = Double.infinity
        for score in scores where score < minimum { minimum = score }
        minimumScore = minimum
    }

    /// The same trie over a subset of this vocabulary's pieces (given with their trie ids), or a new
    /// trie when most of the old one would be dead.
    func replacing(pieces: [[UInt8]], scores: [Double], trieIDs: [Int32]) -> TrainingVocabulary {
        if pieces.count * 2 < entries.count {
            return TrainingVocabulary(pieces: pieces, scores: scores)
        }
        return TrainingVocabulary(pieces: pieces, scores: scores, trieIDs: trieIDs, trie: trie,
                                  trieSize: entries.count)
    }
}

/// The lattice of one word: every piece that starts at every character, plus an unknown node for a
/// character that starts no one-character piece (the reference's `populate_nodes`).
///
/// Nodes are kept in the reference's insertion order (by start, then by length, the unknown node last),
/// which fixes the order of every floating-point sum and every tie below. Positions are byte offsets.
struct TrainingLattice {
    struct Node {
        var start: Int32
        var end: Int32
        var id: Int32
        var score: Double
    }
    /// One array of nodes rather than one per field: a single append (and uniqueness check) per node
    /// while building, which is half of the E step's time.
    private(set) var nodes: [Node] = []
    private(set) var length = 0
    private var forward: [Double] = []
    private var backward: [Double] = []
    private var reached: [Bool] = []
    private var bestNode: [Int32] = []
    // Two best paths ending at each position: score, last node, rank of the path before that node.
    private var topScore: [Double] = []
    private var topNode: [Int32] = []
    private var topPrevious: [Int8] = []
    private var topCount: [Int8] = []

    /// Fills the lattice for `word` (valid UTF-8).
    mutating func build(_ word: UnsafeBufferPointer<UInt8>, vocabulary: TrainingVocabulary) {
        nodes.removeAll(keepingCapacity: true)
        let n = word.count
        length = n
        let trie = vocabulary.trie
        let unknownScore = vocabulary.unknownScore
        vocabulary.entries.withUnsafeBufferPointer { entries in
            var start = 0
            while start < n {
                let characterLength = min(UTF8Scalar.length(lead: word[start]), n - start)
                var hasCharacterPiece = false
                var node = PieceTrie.root
                var end = start
                while end < n, let next = trie.child(of: node, word[end]) {
                    node = next
                    end += 1
                    if let trieID = trie.pieceID(at: node) {
                        let entry = entries[Int(trieID)]
                        if entry.id < 0 { continue }
                        nodes.append(Node(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
                                          id: entry.id, score: entry.score))
                        if end - start == characterLength { hasCharacterPiece = true }
                    }
                }
                if !hasCharacterPiece {
                    nodes.append(Node(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: start + characterLength),
                                      id: 0, score: unknownScore))
                }
                start += characterLength
            }
        }
    }

    /// Sets the first `size` elements of `array` to `value`, growing it if needed.
    private static func reset<T>(_ array: inout [T], _ size: Int, to value: T) {
        if array.count < size {
            array = [T](repeating: value, count: size)
        } else {
            for i in 0..<size { array[i] = value }
        }
    }

    /// Forward-backward: adds `count` times each node's marginal probability to `expected[id]` and returns
    /// `count` times the log of the word's total probability (the reference's `populate_marginal`).
    mutating func addMarginals(count: Double, to expected: UnsafeMutablePointer<Double>) -> Double {
        let n = length
        Self.reset(&forward, n + 1, to: 0)
        Self.reset(&backward, n + 1, to: 0)
        Self.reset(&reached, n + 1, to: false)
        let nodeCount = nodes.count
        // forward[p]: log of the summed probability of every path from the start to position p. Nodes
        // arrive by start, so each position's sum is complete before a node leaves it; each sum takes its
        // terms in the reference's order (by start), the first one as is.
        reached[0] = true
        for node in nodes {
            let start = Int(node.start)
            let end = Int(node.end)
            let value = forward[start] + node.score
            if reached[end] {
                forward[end] = logSumExp(forward[end], value)
            } else {
                forward[end] = value
                reached[end] = true
            }
        }
        // backward[p]: the same from position p to the end; the nodes of one start are one run.
        backward[n] = 0
        var upper = nodeCount
        while upper > 0 {
            let start = nodes[upper - 1].start
            var lower = upper - 1
            while lower > 0 && nodes[lower - 1].start == start { lower -= 1 }
            var sum = 0.0
            for i in lower..<upper {
                let value = nodes[i].score + backward[Int(nodes[i].end)]
                sum = i == lower ? value : logSumExp(sum, value)
            }
            backward[Int(start)] = sum
            upper = lower
        }
        let z = forward[n]
        for node in nodes {
            let total = forward[Int(node.start)] + node.score + backward[Int(node.end)] - z
            expected[Int(node.id)] += count * exp(total)
        }
        return count * z
    }

    /// The best path's node ids, first to last (the reference's `viterbi`: on ties, the earliest start).
    mutating func bestPath(into path: inout [Int32]) {
        path.removeAll(keepingCapacity: true)
        let n = length
        if n == 0 { return }
        Self.reset(&forward, n + 1, to: 0)
        Self.reset(&bestNode, n + 1, to: -1)
        for (i, node) in nodes.enumerated() {
            let start = Int(node.start)
            let end = Int(node.end)
            let candidate = forward[start] + node.score
            if bestNode[end] < 0 || candidate > forward[end] {
                forward[end] = candidate
                bestNode[end] = Int32(i)
            }
        }
        var position = n
        while position > 0 {
            let node = nodes[Int(bestNode[position])]
            path.append(node.id)
            position = Int(node.start)
        }
        path.reverse()
    }

    /// The two best paths (the reference's `nbest(2)`), as node ids; `second` is empty when the word has
    /// a single segmentation. Returns the number of paths found (1 or 2).
    mutating func twoBestPaths(first: inout [Int32], second: inout [Int32]) -> Int {
        first.removeAll(keepingCapacity: true)
        second.removeAll(keepingCapacity: true)
        let n = length
        if n == 0 { return 0 }
        let size = 2 * (n + 1)
        if topScore.count < size {
            topScore = [Double](repeating: 0, count: size)
            topNode = [Int32](repeating: -1, count: size)
            topPrevious = [Int8](repeating: 0, count: size)
        }
        Self.reset(&topCount, n + 1, to: 0)
        topCount[0] = 1
        topScore[0] = 0
        topNode[0] = -1
        for i in 0..<nodes.count {
            let start = Int(nodes[i].start)
            let end = Int(nodes[i].end)
            for rank in 0..<Int(topCount[start]) {
                let candidate = topScore[2 * start + rank] + nodes[i].score
                let slot = 2 * end
                switch topCount[end] {
                case 0:
                    set(slot, candidate, i, rank)
                    topCount[end] = 1
                case 1:
                    if candidate > topScore[slot] {
                        copy(slot, to: slot + 1)
                        set(slot, candidate, i, rank)
                    } else {
                        set(slot + 1, candidate, i, rank)
                    }
                    topCount[end] = 2
                default:
                    if candidate > topScore[slot] {
                        copy(slot, to: slot + 1)
                        set(slot, candidate, i, rank)
                    } else if candidate > topScore[slot + 1] {
                        set(slot + 1, candidate, i, rank)
                    }
                }
            }
        }
        let found = Int(topCount[n])
        for rank in 0..<found {
            var path: [Int32] = rank == 0 ? first : second
            var position = n
            var r = rank
            while position > 0 {
                let node = nodes[Int(topNode[2 * position + r])]
                path.append(node.id)
                r = Int(topPrevious[2 * position + r])
                position = Int(node.start)
            }
            path.reverse()
            if rank == 0 { first = path } else { second = path }
        }
        return found
    }

    @inline(__always)
    private mutating func set(_ slot: Int, _ score: Double, _ node: Int, _ previous: Int) {
        topScore[slot] = score
        topNode[slot] = Int32(node)
        topPrevious[slot] = Int8(previous)
    }

    @inline(__always)
    private mutating func copy(_ slot: Int, to other: Int) {
        topScore[other] = topScore[slot]
        topNode[other] = topNode[slot]
        topPrevious[other] = topPrevious[slot]
    }
}

/// log(exp(x) + exp(y)), as the reference computes it (the smaller term is dropped 50 nats below).
@inline(__always)
func logSumExp(_ x: Double, _ y: Double) -> Double {
    let (low, high) = x > y ? (y, x) : (x, y)
    if high > low + 50 { return high }
    return high + log(exp(low - high) + 1)
}

/// The digamma function ψ(x), by the reference's recurrence and asymptotic series.
func digamma(_ value: Double) -> Double {
    var x = value
    var result = 0.0
    while x < 7 {
        result -= 1 / x
        x += 1
    }
    x -= 1.0 / 2.0
    let xx = 1 / x
    let xx2 = xx * xx
    let xx4 = xx2 * xx2
    result += log(x) + (1.0 / 24.0) * xx2 - 7.0 / 960.0 * xx4 + (31.0 / 8064.0) * xx4 * xx2
        - (127.0 / 30720.0) * xx4 * xx4
    return result
}

/// SentencePiece's BPE segmentation: `bpe::Model::SampleEncode` with no dropout (src/bpe_model.cc).
///
/// The text starts as characters (a user-defined symbol is one frozen symbol); then, repeatedly, the
/// adjacent pair whose concatenation is a piece with the highest score merges, the leftmost on a tie.
/// Merged pieces of type UNUSED are split back into the two symbols they were last made from.
///
/// Performance notes: the agenda is a binary heap of (score, left, right, size), stale entries skipped
/// when popped, as the C++ priority queue does. When no piece holds U+2581 after another character (and
/// none is unused), no merge crosses the start of a `▁` run, so each run from one `▁` run to the next is
/// segmented alone and cached per worker (the same result: a pair's priority is its piece's score
/// alone, and the leftmost rule orders pairs of one run the same way).
///
/// Measured (release, one thread, `tok encode --format ids` of 13.5 MB of English, 2-core machine shared
/// with another build): llama2 12 MB/s, mistral v3 13 MB/s, against 6.3 MB/s for the `sentencepiece`
/// package's `encode` of the same lines. perf on 4 MB: 55k distinct runs of 712k; the cache lookups
/// (hash and compare) take 17% + 8% memcmp, the merges of the missed runs 23%, the normalizer 14%.
struct SentencePieceBPE: Sendable {
    /// NORMAL, USER_DEFINED and UNUSED pieces (SentencePiece's `pieces_`).
    let pieces: Vocabulary
    let scores: [Float]
    let isUnused: [Bool]
    /// CONTROL, UNKNOWN and BYTE pieces, looked up first when a final symbol becomes an id.
    let reserved: Vocabulary
    let unknownID: UInt32
    let userDefined: PieceTrie?
    let hasUnused: Bool
    /// Whether runs between `▁` runs can be segmented (and cached) alone: see the type's notes.
    let segmentsAtSpaces: Bool

    init(pieces list: [SentencePieceModelProto.Piece], unknownID: UInt32, treatWhitespaceAsSuffix: Bool) {
        var pieces = Vocabulary(capacity: list.count)
        var reserved = Vocabulary(capacity: 16)
        var userDefinedSymbols: [[UInt8]] = []
        var crossesSpace = false
        for (id, piece) in list.enumerated() {
            switch piece.type {
            case .normal, .userDefined, .unused:
                if pieces.id(for: piece.piece) == nil { pieces.insert(piece.piece, id: UInt32(id)) }
                if piece.type == .userDefined { userDefinedSymbols.append(piece.piece) }
                if Self.hasSpaceAfterOtherCharacter(piece.piece) { crossesSpace = true }
            case .control, .unknown, .byte:
                if reserved.id(for: piece.piece) == nil { reserved.insert(piece.piece, id: UInt32(id)) }
            }
        }
        self.pieces = pieces
        self.reserved = reserved
        scores = list.map(\.score)
        isUnused = list.map { $0.type == .unused }
        hasUnused = isUnused.contains(true)
        self.unknownID = unknownID
        userDefined = userDefinedSymbols.isEmpty ? nil : PieceTrie(pieces: userDefinedSymbols)
        segmentsAtSpaces = !crossesSpace && !hasUnused && !treatWhitespaceAsSuffix
    }

    /// Whether `piece` holds U+2581 right after a character that is not U+2581.
    private static func hasSpaceAfterOtherCharacter(_ piece: [UInt8]) -> Bool {
        var i = 3
        while i + 3 <= piece.count {
            if piece[i] == 0xE2 && piece[i + 1] == 0x96 && piece[i + 2] == 0x81 {
                if !(piece[i - 3] == 0xE2 && piece[i - 2] == 0x96 && piece[i - 1] == 0x81) { return true }
            }
            i += 1
        }
        return false
    }

    struct Symbol {
        var start: Int32
        var length: Int32
        var previous: Int32
        var next: Int32
        var frozen: Bool
    }

    struct Pair {
        var score: Float
        var left: Int32
        var right: Int32
        var size: Int32

        /// Whether `self` is popped before `other`: higher score, then leftmost.
        @inline(__always)
        func precedes(_ other: Pair) -> Bool {
            score > other.score || (score == other.score && left < other.left)
        }
    }

    struct Scratch {
        var symbols: [Symbol] = []
        var heap: [Pair] = []
        var cache = WordCache()
        var tokens: [ModelToken] = []
        /// Unused pieces: the two symbols each was last made from.
        var reverseMerges: [[UInt8]: ([UInt8], [UInt8])] = [:]
    }

    /// Appends the pieces of `text` (normalized) as (id, start, end) byte ranges of `text`, in order.
    func segment(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch, into output: inout [ModelToken]) {
        guard segmentsAtSpaces else {
            segmentAlone(text, scratch: &scratch, into: &output)
            return
        }
        // Runs: a `▁` run and what follows it up to the next `▁` run.
        var start = 0
        let count = text.count
        while start < count {
            var end = start
            while end + 2 < count && text[end] == 0xE2 && text[end + 1] == 0x96 && text[end + 2] == 0x81 { end += 3 }
            while end < count && !(end + 2 < count && text[end] == 0xE2 && text[end + 1] == 0x96 && text[end + 2] == 0x81) { end += 1 }
            let run = UnsafeBufferPointer(rebasing: text[start..<end])
            if let cached = scratch.cache.lookup(run) {
                for token in cached {
                    output.append(ModelToken(id: token.id, start: token.start + Int32(start), end: token.end + Int32(start)))
                }
            } else {
                var tokens = scratch.tokens
                scratch.tokens = []
                tokens.removeAll(keepingCapacity: true)
                segmentAlone(run, scratch: &scratch, into: &tokens)
                scratch.cache.insert(run, tokens[...])
                for token in tokens {
                    output.append(ModelToken(id: token.id, start: token.start + Int32(start), end: token.end + Int32(start)))
                }
                scratch.tokens = tokens
            }
            start = end
        }
    }

    /// `SampleEncode(normalized, 0.0)` on all of `text`.
    func segmentAlone(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch, into output: inout [ModelToken]) {
        guard !text.isEmpty else { return }
        var symbols = scratch.symbols
        var heap = scratch.heap
        scratch.symbols = []
        scratch.heap = []
        symbols.removeAll(keepingCapacity: true)
        heap.removeAll(keepingCapacity: true)
        if hasUnused { scratch.reverseMerges.removeAll(keepingCapacity: true) }

        // Characters, and user-defined symbols (frozen).
        var position = 0
        while position < text.count {
            var length = 0
            var frozen = false
            if let trie = userDefined {
                var node = PieceTrie.root
                var i = position
                while i < text.count, let next = trie.child(of: node, text[i]) {
                    node = next
                    i += 1
                    if trie.pieceID(at: node) != nil { length = i - position }
                }
                frozen = length > 0
            }
            if length == 0 {
                let lead = text[position]
                length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, text.count - position)
            }
            let index = Int32(symbols.count)
            symbols.append(Symbol(start: Int32(position), length: Int32(length), previous: index - 1,
                                  next: position + length < text.count ? index + 1 : -1, frozen: frozen))
            position += length
        }

        func addPair(_ left: Int32, _ right: Int32, _ symbols: inout [Symbol], _ heap: inout [Pair],
                     _ reverseMerges: inout [[UInt8]: ([UInt8], [UInt8])]) {
            guard left >= 0, right >= 0 else { return }
            let l = symbols[Int(left)], r = symbols[Int(right)]
            guard !l.frozen, !r.frozen else { return }
            let size = Int(l.length + r.length)
            guard let id = pieces.id(for: UnsafeBufferPointer(rebasing: text[Int(l.start)..<(Int(l.start) + size)])) else { return }
            Self.push(Pair(score: scores[Int(id)], left: left, right: right, size: Int32(size)), onto: &heap)
            if isUnused[Int(id)] {
                reverseMerges[Array(text[Int(l.start)..<(Int(l.start) + size)])] =
                    (Array(text[Int(l.start)..<Int(l.start + l.length)]), Array(text[Int(r.start)..<Int(r.start + r.length)]))
            }
        }

        var reverseMerges = scratch.reverseMerges
        scratch.reverseMerges = [:]
        for i in 1..<max(1, symbols.count) { addPair(Int32(i - 1), Int32(i), &symbols, &heap, &reverseMerges) }
        while let top = Self.pop(&heap) {
            let left = Int(top.left), right = Int(top.right)
            guard symbols[left].length > 0, symbols[right].length > 0,
                  symbols[left].length + symbols[right].length == top.size else { continue }
            symbols[left].length += symbols[right].length
            symbols[left].next = symbols[right].next
            if symbols[right].next >= 0 { symbols[Int(symbols[right].next)].previous = top.left }
            symbols[right].length = 0
            addPair(symbols[left].previous, top.left, &symbols, &heap, &reverseMerges)
            addPair(top.left, symbols[left].next, &symbols, &heap, &reverseMerges)
        }

        var index: Int32 = 0
        while index >= 0 {
            let symbol = symbols[Int(index)]
            let range = Int(symbol.start)..<Int(symbol.start + symbol.length)
            resegment(text, range, reverseMerges, into: &output)
            index = symbol.next
        }
        scratch.symbols = symbols
        scratch.heap = heap
        scratch.reverseMerges = reverseMerges
    }

    /// `PieceToId`: reserved pieces first, then the others, else the unknown id.
    @inline(__always)
    func id(for piece: UnsafeBufferPointer<UInt8>) -> UInt32 {
        reserved.id(for: piece) ?? pieces.id(for: piece) ?? unknownID
    }

    private func resegment(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                           _ reverseMerges: [[UInt8]: ([UInt8], [UInt8])], into output: inout [ModelToken]) {
        let id = id(for: UnsafeBufferPointer(rebasing: text[range]))
        guard isUnused[Int(id)], let (left, right) = reverseMerges[Array(text[range])] else {
            output.append(ModelToken(id: id, start: Int32(range.lowerBound), end: Int32(range.upperBound)))
            return
        }
        // The halves are the same bytes as the start and the end of the range.
        resegment(text, range.lowerBound..<(range.lowerBound + left.count), reverseMerges, into: &output)
        resegment(text, (range.upperBound - right.count)..<range.upperBound, reverseMerges, into: &output)
    }

    // MARK: Heap

    @inline(__always)
    private static func push(_ pair: Pair, onto heap: inout [Pair]) {
        heap.append(pair)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    @inline(__always)
    private static func pop(_ heap: inout [Pair]) -> Pair? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        heap[0] = last
        var i = 0
        let count = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < count && heap[l].precedes(heap[best]) { best = l }
            if r < count && heap[r].precedes(heap[best]) { best = r }
            if best == i { break }
            heap.swapAt(i, best)
            i = best
        }
        return top
    }
}

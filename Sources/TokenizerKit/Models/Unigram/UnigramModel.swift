/// Unigram (SentencePiece's model): a word is cut into the pieces whose scores (log-probabilities) sum
/// highest, found by Viterbi over every piece that starts at every character.
///
/// ```
/// vocab: <unk> 0, a 0, b 0, c 0, d 0, cd 1, ab 2, abc 5, abcd 10     "abcdacdxx" → abcd a cd xx
/// ```
///
/// This follows the reference's `encode_optimized` exactly:
/// - A character that starts no one-character piece also gets an unknown node scored
///   `min_score - 10` (min over every entry of the vocabulary), whether or not longer pieces start there.
/// - A candidate replaces the best path ending at a position only when strictly better, and candidates
///   arrive by start position, then by length: on ties the earliest start, then the shortest piece, wins,
///   and a piece wins over an unknown node of equal score.
/// - Consecutive nodes whose id is `unk_id` (unknown characters, and literal matches of the unknown
///   piece itself) are fused into one string; that string's id is looked up again in the vocabulary
///   (it can be a multi-character piece), else it becomes `<0xNN>` tokens when `byte_fallback` is on
///   and all of them exist (each token spanning the whole string), else `unk_id` with the input text.
///
/// - Complexity: O(n · d) for a word of n bytes, where d is the depth reached in the trie per position.
struct UnigramModel: Sendable {
    /// Every piece, by id (duplicates kept, as `id_to_token` and the vocabulary size see them).
    let pieces: [[UInt8]]
    let scores: [Double]
    /// Piece → id; for a repeated piece, its last id.
    let ids: ByteStringTable
    let trie: PieceTrie
    let unknownID: UInt32?
    let byteFallback: Bool
    /// The score of an unknown node: the lowest score minus 10 (the reference's `K_UNK_PENALTY`).
    let unknownScore: Double
    /// The id of each `<0xNN>` piece, or `UInt32.max`.
    let byteFallbackIDs: [UInt32]

    /// Decodes `model` of type Unigram: `vocab` as `[[piece, score], …]`, `unk_id` (may be null or
    /// missing), `byte_fallback` (default false).
    init(json: JSONValue) throws {
        let entries = try json.required("vocab").arrayElements()
        var pieces: [[UInt8]] = []
        var scores: [Double] = []
        pieces.reserveCapacity(entries.count)
        scores.reserveCapacity(entries.count)
        var ids = ByteStringTable(capacity: entries.count)
        var minimum = Double.infinity
        for entry in entries {
            let pair = try entry.arrayElements()
            guard pair.count == 2 else { throw entry.error("a Unigram vocabulary entry must be [piece, score]") }
            let piece = try pair[0].stringBytes()
            let score = try Self.referenceDouble(pair[1])
            ids.set(UInt32(pieces.count), for: piece)
            pieces.append(piece)
            scores.append(score)
            if score < minimum { minimum = score }
        }
        var unknownID: UInt32? = nil
        if let value = json.optional("unk_id") {
            let id = try value.int()
            guard id >= 0 else { throw value.error("expected a non-negative integer, found \(id)") }
            guard !pieces.isEmpty else { throw value.error("the vocabulary is empty but at least <unk> is needed") }
            guard id < pieces.count else { throw value.error("unk_id \(id) is not smaller than the vocabulary size \(pieces.count)") }
            unknownID = UInt32(id)
        }
        self.pieces = pieces
        self.scores = scores
        self.ids = ids
        self.unknownID = unknownID
        unknownScore = minimum - 10
        byteFallback = try json.bool("byte_fallback") ?? false
        trie = PieceTrie(pieces: pieces.indices.map { i in
            // Only a piece's last occurrence is in the trie (its earlier ids are shadowed).
            ids.value(for: pieces[i]) == UInt32(i) ? pieces[i] : []
        })
        byteFallbackIDs = byteFallback ? ByteFallbackTokens.ids(lookup: ids.value(for:))
            : [UInt32](repeating: .max, count: 256)
    }

    var vocabularySize: Int { pieces.count }

    func id(for piece: [UInt8]) -> UInt32? { ids.value(for: piece) }

    func token(for id: UInt32) -> [UInt8]? { Int(id) < pieces.count ? pieces[Int(id)] : nil }

    /// Tokenizes one word (its normalized UTF-8 bytes), appending tokens with offsets relative to the word.
    ///
    /// An unknown character on the best path while `unk_id` is null sets `failure` (the reference fails
    /// the whole encode).
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, scratch: inout UnigramScratch, into output: inout [ModelToken],
                  failure: inout TokenizerError?) {
        if word.isEmpty { return }
        let cacheable = word.count < UnigramScratch.maximumCachedWordLength
        if cacheable, let cached = scratch.cache.lookup(word) {
            output.append(contentsOf: cached)
            return
        }
        let first = output.count
        findBestPath(word, scratch: &scratch)
        if unknownID == nil, scratch.path.contains(where: { $0.id == UnigramScratch.unknownNode }) {
            failure = .missingUnknownToken(model: "Unigram", token: nil)
            return
        }
        emit(word, path: scratch.path, into: &output)
        if cacheable { scratch.cache.insert(word, output[first...]) }
    }

    /// Viterbi: fills `scratch.path` with the best path's nodes, first to last.
    private func findBestPath(_ word: UnsafeBufferPointer<UInt8>, scratch: inout UnigramScratch) {
        let n = word.count
        // Node ids on the path: a piece id, or `unknownNode` for an unknown character when `unk_id` is null.
        let unknown = unknownID ?? UnigramScratch.unknownNode
        scratch.prepare(length: n)
        scratch.best.withUnsafeMutableBufferPointer { best in
            var start = 0
            while start < n {
                let scoreHere = best[start].score
                let characterLength = min(UTF8Scalar.length(lead: word[start]), n - start)
                var hasCharacterPiece = false
                var node = PieceTrie.root
                var end = start
                while end < n, let next = trie.child(of: node, word[end]) {
                    node = next
                    end += 1
                    guard let id = trie.pieceID(at: node) else { continue }
                    let candidate = scores[Int(id)] + scoreHere
                    if best[end].start < 0 || candidate > best[end].score {
                        best[end] = UnigramScratch.Node(score: candidate, start: Int32(start), id: id)
                    }
                    if end - start == characterLength { hasCharacterPiece = true }
                }
                if !hasCharacterPiece {
                    let end = start + characterLength
                    let candidate = unknownScore + scoreHere
                    if best[end].start < 0 || candidate > best[end].score {
                        best[end] = UnigramScratch.Node(score: candidate, start: Int32(start), id: unknown)
                    }
                }
                start += characterLength
            }
        }
        // Walk back from the end; every character boundary has a node ending there.
        var path: [PathNode] = []
        swap(&path, &scratch.path) // keeps the buffer unique, so no copy on write
        path.removeAll(keepingCapacity: true)
        var end = n
        while end > 0 {
            let node = scratch.best[end]
            path.append(PathNode(start: node.start, end: Int32(end), id: node.id))
            end = Int(node.start)
        }
        path.reverse()
        scratch.path = path
    }

    /// Turns the path into tokens: runs of unknown nodes fused, their ids resolved as the reference does.
    private func emit(_ word: UnsafeBufferPointer<UInt8>, path: [PathNode], into output: inout [ModelToken]) {
        var i = 0
        while i < path.count {
            let node = path[i]
            guard let unknownID, node.id == unknownID else {
                // A piece's text is the input, which equals the piece: no need to mark it.
                if node.id != UnigramScratch.unknownNode {
                    output.append(ModelToken(id: node.id, start: node.start, end: node.end))
                }
                i += 1
                continue
            }
            var j = i + 1
            while j < path.count && path[j].id == unknownID { j += 1 }
            let start = Int(node.start)
            let end = Int(path[j - 1].end)
            i = j
            let text = UnsafeBufferPointer(rebasing: word[start..<end])
            if let id = ids.value(for: text) {
                output.append(ModelToken(id: id, start: Int32(start), end: Int32(end)))
                continue
            }
            if byteFallback && text.allSatisfy({ byteFallbackIDs[Int($0)] != .max }) {
                for b in text {
                    output.append(ModelToken(id: byteFallbackIDs[Int(b)], start: Int32(start), end: Int32(end)))
                }
                continue
            }
            output.append(ModelToken(id: unknownID, start: Int32(start), end: Int32(end), textIsInput: true))
        }
    }
}

/// One node of the best path: a piece (or unknown character run) covering `start..<end` of the word.
struct PathNode {
    var start: Int32
    var end: Int32
    var id: UInt32
}

/// A worker's mutable state for Unigram: the word cache and the Viterbi buffers.
struct UnigramScratch {
    /// The reference caches words shorter than 256 bytes; any bound gives the same output.
    static let maximumCachedWordLength = 256
    /// The node id of an unknown character when the model has no `unk_id`.
    static let unknownNode = UInt32.max

    /// The best path ending at a byte position: its score, where its last node starts (-1: none yet),
    /// and that node's id.
    struct Node {
        var score: Double
        var start: Int32
        var id: UInt32
    }

    var cache = WordCache()
    var best: [Node] = []
    var path: [PathNode] = []

    /// Resets `best` for a word of `length` bytes (position 0 is the empty path, score 0).
    mutating func prepare(length: Int) {
        let empty = Node(score: 0, start: -1, id: 0)
        if best.count < length + 1 {
            best = Array(repeating: empty, count: length + 1)
        } else {
            best.withUnsafeMutableBufferPointer { best in
                for i in 0...length { best[i] = empty }
            }
        }
    }
}

extension UnigramModel {
    /// Reads a JSON number the way the reference's JSON reader (serde_json without its
    /// `float_roundtrip` feature) does, which is not always the nearest double: it accumulates up to 19
    /// significant digits in a `UInt64` (ignoring the rest), converts that to a double and multiplies or
    /// divides by a power of ten once. About a quarter of t5-small's scores land one ulp away from the
    /// correctly rounded value, and Viterbi compares sums of these scores, so we read them the same way.
    static func referenceDouble(_ value: JSONValue) throws -> Double {
        guard value.kind == .number else { throw value.error("expected a number, found \(value.kind)") }
        let node = value.node
        let text = value.document.text
        guard let result = parseReferenceDouble(text[Int(node.start)..<Int(node.end)]) else {
            throw value.error("number out of range")
        }
        return result
    }

    /// serde_json's float reading, from its literal; nil when it reports "number out of range".
    static func parseReferenceDouble(_ literal: ArraySlice<UInt8>) -> Double? {
        var i = literal.startIndex
        let end = literal.endIndex
        var positive = true
        if i < end && literal[i] == UInt8(ascii: "-") { positive = false; i += 1 }
        func digit(_ k: Int) -> UInt64? {
            guard k < end, literal[k] >= 0x30, literal[k] <= 0x39 else { return nil }
            return UInt64(literal[k] - 0x30)
        }
        // The significand keeps digits while `significand * 10 + d` fits; after that, integer digits
        // only raise the exponent.
        var significand: UInt64 = 0
        var exponent = 0
        var overflowed = false
        func fits(_ d: UInt64) -> Bool {
            !(significand >= UInt64.max / 10 && (significand > UInt64.max / 10 || d > UInt64.max % 10))
        }
        while let d = digit(i) {
            if overflowed || !fits(d) { overflowed = true; exponent += 1 } else { significand = significand * 10 + d }
            i += 1
        }
        var isInteger = true
        if i < end && literal[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            // Fraction digits are kept while they fit (even after the integer part overflowed); the
            // first that does not ends the significand.
            var dropping = false
            while let d = digit(i) {
                if !dropping && fits(d) {
                    significand = significand * 10 + d
                    exponent -= 1
                } else {
                    dropping = true
                }
                i += 1
            }
        }
        if i < end && (literal[i] == UInt8(ascii: "e") || literal[i] == UInt8(ascii: "E")) {
            isInteger = false
            i += 1
            var positiveExponent = true
            if i < end && literal[i] == UInt8(ascii: "+") { i += 1 }
            else if i < end && literal[i] == UInt8(ascii: "-") { positiveExponent = false; i += 1 }
            var e = 0
            while let d = digit(i) {
                if e > (Int(Int32.max) - Int(d)) / 10 {
                    // serde_json: an exponent past i32 gives ±0 for a negative exponent or a zero
                    // significand, else "out of range".
                    if significand != 0 && positiveExponent { return nil }
                    return positive ? 0.0 : -0.0
                }
                e = e * 10 + Int(d)
                i += 1
            }
            exponent = positiveExponent ? exponent + e : exponent - e
            exponent = max(Int(Int32.min), min(Int(Int32.max), exponent))
        }
        if isInteger && !overflowed {
            // An integer literal: u64 or i64, converted with `as f64`.
            return positive ? Double(significand) : -Double(significand)
        }
        var f = Double(significand)
        while true {
            let magnitude = exponent.magnitude
            if magnitude < UInt(powersOfTen.count) {
                if exponent >= 0 {
                    f *= powersOfTen[Int(magnitude)]
                    if f.isInfinite { return nil }
                } else {
                    f /= powersOfTen[Int(magnitude)]
                }
                break
            }
            if f == 0 { break }
            if exponent >= 0 { return nil }
            f /= 1e308
            exponent += 308
        }
        return positive ? f : -f
    }

    /// 1e0 … 1e308, each the nearest double (as Rust's literals are).
    private static let powersOfTen: [Double] = (0...308).map { Double("1e\($0)")! }
}

/// SentencePiece's Unigram segmentation: `unigram::Model::EncodeOptimized` (src/unigram_model.cc), the
/// encoder `SentencePieceProcessor::Encode` runs.
///
/// Viterbi over byte positions of the normalized text: for each character start, every piece that
/// starts there (from the trie, shortest first) offers `best[start] + score` to `best[end]`; a strictly
/// greater offer wins, so on a tie the first one stays. When no piece covers exactly the first
/// character, the unknown piece does, at `min_score - 10`. User-defined pieces score
/// `length_in_bytes * max_score - 0.1`, computed in `double` as the C++ does (and compared with the
/// `float` best score promoted to `double`); everything else is `float`.
///
/// Known gap: on lines whose best path score passes about 1e5 in magnitude (15,000 characters or so
/// without a break, e.g. edge/single_word_100k.txt), sentencepiece 0.2.3 resolves some near ties
/// (`k`+`ud` against `ku`+`d`, 0.004 apart) otherwise than this float arithmetic does, and otherwise than
/// its own published EncodeOptimized, Lattice::Viterbi or a double variant of either would (each simulated
/// in numpy): the flips happen at offsets that no IEEE float rounding model reproduced. On every line of
/// every corpus file up to 20,000 bytes (1,697,742 lines) one line differs, for marian and sp-test-en: a
/// 15,624-byte base64 source map in code/javascript.txt, 12,718 tokens in (path score -124,602).
///
/// Measured (release, one thread, 13.5 MB of English): sp-test-en 17 MB/s, chatglm 11 MB/s (its 130k-piece
/// trie takes 0.3 s of loading; perf: a third of a 4 MB run).
struct SentencePieceUnigram: Sendable {
    /// Normal, user-defined pieces (unused and reserved ones are left out: they are never matched).
    let trie: PieceTrie
    let scores: [Float]
    let isUserDefined: [Bool]
    let unknownID: UInt32
    /// The lowest and highest scores of normal pieces (`FLT_MAX` and `FLT_MIN` when there are none, as in C++).
    let minScore: Float
    let maxScore: Float

    static let unknownPenalty: Float = 10

    init(pieces: [SentencePieceModelProto.Piece], unknownID: UInt32) {
        var minScore = Float.greatestFiniteMagnitude
        var maxScore = Float.leastNormalMagnitude
        for piece in pieces where piece.type == .normal {
            minScore = min(minScore, piece.score)
            maxScore = max(maxScore, piece.score)
        }
        self.minScore = minScore
        self.maxScore = maxScore
        trie = PieceTrie(pieces: pieces.map { $0.type == .normal || $0.type == .userDefined ? $0.piece : [] })
        scores = pieces.map(\.score)
        isUserDefined = pieces.map { $0.type == .userDefined }
        self.unknownID = unknownID
    }

    /// Scratch arrays of one segmentation, kept by the worker.
    struct Scratch {
        var best: [Float] = []
        var startsAt: [Int32] = []
        var ids: [UInt32] = []
    }

    /// Appends the pieces of `text` (normalized) as (id, start, end) byte ranges of `text`, in order.
    func segment(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch, into output: inout [ModelToken]) {
        let size = text.count
        guard size > 0 else { return }
        let unknownScore = minScore - Self.unknownPenalty
        scratch.best.removeAll(keepingCapacity: true)
        scratch.best.append(contentsOf: repeatElement(0, count: size + 1))
        scratch.startsAt.removeAll(keepingCapacity: true)
        scratch.startsAt.append(contentsOf: repeatElement(-1, count: size + 1))
        scratch.ids.removeAll(keepingCapacity: true)
        scratch.ids.append(contentsOf: repeatElement(0, count: size + 1))
        scratch.best.withUnsafeMutableBufferPointer { best in
        scratch.startsAt.withUnsafeMutableBufferPointer { startsAt in
        scratch.ids.withUnsafeMutableBufferPointer { ids in
        scores.withUnsafeBufferPointer { scores in
            var start = 0
            while start < size {
                let here = best[start]
                var hasSingleNode = false
                let lead = text[start]
                let characterLength = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, size - start)
                var node = PieceTrie.root
                var position = start
                while position < size, let next = trie.child(of: node, text[position]) {
                    node = next
                    position += 1
                    guard let id = trie.pieceID(at: node) else { continue }
                    let length = position - start
                    if isUserDefined[Int(id)] {
                        let score = Double(Float(length) * maxScore) - 0.1
                        let candidate = score + Double(here)
                        if startsAt[position] == -1 || candidate > Double(best[position]) {
                            best[position] = Float(candidate)
                            startsAt[position] = Int32(start)
                            ids[position] = id
                        }
                    } else {
                        let candidate = scores[Int(id)] + here
                        if startsAt[position] == -1 || candidate > best[position] {
                            best[position] = candidate
                            startsAt[position] = Int32(start)
                            ids[position] = id
                        }
                    }
                    if length == characterLength { hasSingleNode = true }
                }
                if !hasSingleNode {
                    let end = start + characterLength
                    let candidate = unknownScore + here
                    if startsAt[end] == -1 || candidate > best[end] {
                        best[end] = candidate
                        startsAt[end] = Int32(start)
                        ids[end] = unknownID
                    }
                }
                start += characterLength
            }
            // Back from the end.
            let first = output.count
            var end = size
            while end > 0 {
                let begin = Int(startsAt[end])
                guard begin >= 0 && begin < end else { break } // unreachable: every character is covered
                output.append(ModelToken(id: ids[end], start: Int32(begin), end: Int32(end)))
                end = begin
            }
            output[first...].reverse()
        }
        }
        }
        }
    }
}

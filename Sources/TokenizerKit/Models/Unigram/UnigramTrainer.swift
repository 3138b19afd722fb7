import Dispatch
import Foundation

/// Trains a Unigram model (SentencePiece's unigram language model), as the reference's `UnigramTrainer`:
/// seed pieces from the corpus' frequent substrings, then rounds of EM (expectation over every
/// segmentation of every word, a Bayesian M step) that prune the pieces whose removal costs the corpus'
/// likelihood least, until `vocabularySize` remains.
///
/// ```swift
/// let trainer = UnigramTrainer(vocabularySize: 8000, specialTokens: ["<unk>", "<s>", "</s>"], unknownToken: "<unk>")
/// ```
///
/// The result is the reference's up to floating-point summation order (the E step sums chunks of words
/// per core) and to three deliberate differences: a literal `<UNK>` in the corpus is not matched as the
/// training's unknown piece (the reference gives it a NaN score and aborts), characters EM dropped get
/// their 0.0001 steps in scalar order (the reference's hash-set order is random), and equal scores keep
/// the model's order. On 1.6 MB of ../shared/corpus both trainers give the same 8000 pieces.
///
/// Performance notes (2 shared, busy cores; `tok train --preset sentencepiece-unigram --vocab-size 8000`
/// on 31 MB of ../shared/corpus, 607k distinct words): 62.5 s wall, 39.8 s CPU, 484 MB peak RSS, against
/// the reference's 569 s wall, 375 s CPU, 1065 MB, with the same tokens per word (2.0859). The E step
/// dominates: walking the trie to build each word's lattice (about half), then `log`/`exp` (a fifth).
/// One array of nodes and one (id, score) table per trie id took the run from 48.9 s to 39.8 s CPU; the
/// trie over the million seed pieces is built once and kept until half its pieces are pruned.
public struct UnigramTrainer: Sendable {
    /// The size of the final vocabulary, special tokens and characters included.
    public var vocabularySize: Int
    /// EM iterations between two prunings (the reference's `n_sub_iterations`).
    public var subIterationCount: Int
    /// The share of pieces each pruning keeps (at least 1.1 × `vocabularySize` are always kept).
    public var shrinkingFactor: Double
    /// Tokens put first in the vocabulary, in this order, with score 0.
    public var specialTokens: [String]
    /// Characters kept in the vocabulary even when the corpus lacks them.
    public var initialAlphabet: Set<Unicode.Scalar>
    /// The model's unknown token: its id is its place among `specialTokens`, or 0 (put before them)
    /// when it is not one of them. Nil leaves the model without one (`unk_id` null).
    public var unknownToken: String?
    /// The longest piece, in characters.
    public var maximumPieceLength: Int
    /// How many seed pieces (characters and substrings) the first EM round starts from.
    public var seedSize: Int
    /// Whether `train` reports its stages to the progress handler it is given.
    public var showsProgress: Bool

    /// A trainer with the reference's defaults.
    public init(vocabularySize: Int = 8000, subIterationCount: Int = 2, shrinkingFactor: Double = 0.75,
                specialTokens: [String] = [], initialAlphabet: Set<Unicode.Scalar> = [], unknownToken: String? = nil,
                maximumPieceLength: Int = 16, seedSize: Int = 1_000_000, showsProgress: Bool = true) {
        self.vocabularySize = vocabularySize
        self.subIterationCount = subIterationCount
        self.shrinkingFactor = shrinkingFactor
        self.specialTokens = specialTokens
        self.initialAlphabet = initialAlphabet
        self.unknownToken = unknownToken
        self.maximumPieceLength = maximumPieceLength
        self.seedSize = seedSize
        self.showsProgress = showsProgress
    }
}

/// The words a trainer learns from: distinct words (UTF-8) back to back, with their counts.
struct TrainingWords: Sendable {
    var bytes: [UInt8] = []
    /// Word `i` is `bytes[starts[i]..<starts[i + 1]]`.
    var starts: [Int] = [0]
    var counts: [Double] = []
    var integerCounts: [UInt64] = []
    var count: Int { counts.count }

    /// Empty words are dropped (they add nothing but the reference's normalizing constants).
    init(_ words: [(word: [UInt8], count: UInt64)]) {
        bytes.reserveCapacity(words.reduce(0) { $0 + $1.word.count })
        for (word, count) in words where !word.isEmpty {
            bytes.append(contentsOf: word)
            starts.append(bytes.count)
            counts.append(Double(count))
            integerCounts.append(count)
        }
    }
}

/// What `UnigramTrainer.train(words:)` produces: the vocabulary and the tokenizer.json "model" object.
struct UnigramTrainingResult: Sendable {
    /// Pieces by id with their scores: the special tokens first, then the pieces by decreasing score.
    var vocabulary: [(piece: [UInt8], score: Double)]
    var unknownID: Int?
    /// The special tokens, to add to the tokenizer as added tokens (the unknown token among them only
    /// when it is one of the trainer's special tokens, as the reference).
    var specialTokens: [String]

    /// `{"type":"Unigram","unk_id":…,"vocab":[[piece, score],…],"byte_fallback":false}`, as the reference
    /// serializes it (the trainer never turns byte fallback on).
    var modelJSON: [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.object { w in
            w.member("type") { $0.string("Unigram") }
            w.member("unk_id") { w in
                if let unknownID { w.number(unknownID) } else { w.null() }
            }
            w.member("vocab") { w in
                w.array { w in
                    for entry in vocabulary {
                        w.element { w in
                            w.array { w in
                                w.element { $0.string(bytes: entry.piece) }
                                w.element { $0.number(entry.score) }
                            }
                        }
                    }
                }
            }
            w.member("byte_fallback") { $0.bool(false) }
        }
        return writer.bytes
    }
}

extension UnigramTrainer {
    /// Trains on distinct words and their counts (after the tokenizer's normalizer and pre-tokenizer).
    ///
    /// - Parameter progress: receives the stages when `showsProgress` is on: `seeding`, then `EM` (EM
    ///   iterations done, out of the reference's estimate), then `finalizing`.
    /// - Throws: `TokenizerError.unsupported` when the vocabulary cannot hold the special tokens or every
    ///   character of the corpus and `initialAlphabet` (the reference's `VocabularyTooSmall`), or when a
    ///   parameter is out of range.
    func train(words: [(word: [UInt8], count: UInt64)], progress: TrainingProgressHandler? = nil) throws -> TrainedModel {
        let result = try trainVocabulary(words: words, progress: progress)
        return TrainedModel(modelJSON: result.modelJSON, specialTokens: result.specialTokens)
    }

    /// `train(words:progress:)` before serialization: the vocabulary itself.
    func trainVocabulary(words input: [(word: [UInt8], count: UInt64)],
                         progress: TrainingProgressHandler? = nil) throws -> UnigramTrainingResult {
        try validate()
        let report: TrainingProgressHandler? = showsProgress ? progress : nil
        report?(TrainingProgress(stage: "seeding", completed: 0, total: 1))
        let words = TrainingWords(input)
        let seeds = try seedPieces(words)
        report?(TrainingProgress(stage: "seeding", completed: 1, total: 1))

        var pieces: [[UInt8]] = [Array("<UNK>".utf8)]
        var scores: [Double] = [.nan]
        pieces.reserveCapacity(seeds.count + 1)
        scores.reserveCapacity(seeds.count + 1)
        for seed in seeds {
            pieces.append(seed.piece)
            scores.append(seed.score)
        }

        let requiredCharacters = requiredCharacters(words)
        if requiredCharacters.count > vocabularySize {
            throw TokenizerError.unsupported(
                "UnigramTrainer: the vocabulary (\(vocabularySize)) is not large enough to contain all \(requiredCharacters.count) characters")
        }

        let desiredSize = vocabularySize * 11 / 10
        // The reference's estimate of the EM iterations: the pieces shrink by `shrinkingFactor` a round.
        let expectedRounds = max(0, Int((log(Double(desiredSize)) - log(Double(pieces.count))) / log(shrinkingFactor))) + 1
        let expectedIterations = expectedRounds * subIterationCount
        var iterations = 0
        var vocabulary = TrainingVocabulary(pieces: pieces, scores: scores)
        while true {
            for _ in 0..<subIterationCount {
                let expected = expectedCounts(vocabulary, words)
                vocabulary = maximization(vocabulary, expected: expected)
                iterations += 1
                report?(TrainingProgress(stage: "EM", completed: iterations, total: max(iterations, expectedIterations)))
            }
            if vocabulary.count <= desiredSize { break }
            vocabulary = pruned(vocabulary, words)
        }
        report?(TrainingProgress(stage: "finalizing", completed: 0, total: 1))
        let result = finalized(vocabulary, requiredCharacters: requiredCharacters)
        report?(TrainingProgress(stage: "finalizing", completed: 1, total: 1))
        return result
    }

    private func validate() throws {
        let reserved = specialTokens.count + (unknownToken.map { specialTokens.contains($0) ? 0 : 1 } ?? 0)
        guard vocabularySize > reserved else {
            throw TokenizerError.unsupported(
                "UnigramTrainer: vocab_size \(vocabularySize) leaves no room beside the \(reserved) special tokens")
        }
        guard shrinkingFactor > 0 && shrinkingFactor < 1 else {
            throw TokenizerError.unsupported("UnigramTrainer: shrinking_factor must be between 0 and 1, found \(shrinkingFactor)")
        }
        guard maximumPieceLength >= 1, seedSize >= 1, subIterationCount >= 0 else {
            throw TokenizerError.unsupported(
                "UnigramTrainer: max_piece_length and seed_size must be positive and n_sub_iterations not negative")
        }
    }

    /// Every character of the corpus and of `initialAlphabet`, as UTF-8, in scalar order.
    func requiredCharacters(_ words: TrainingWords) -> [[UInt8]] {
        var seen = Set<UInt32>(initialAlphabet.map(\.value))
        words.bytes.withUnsafeBufferPointer { bytes in
            var i = 0
            while i < bytes.count {
                let (scalar, length) = UTF8Scalar.decode(bytes, at: i)
                seen.insert(scalar)
                i += length
            }
        }
        return seen.sorted().map { scalar in
            var piece: [UInt8] = []
            UTF8Scalar.append(scalar, to: &piece)
            return piece
        }
    }

    /// The number of word chunks the E step and the pruning spread over the cores.
    private func chunkCount(_ words: TrainingWords) -> Int {
        max(1, min(ProcessInfo.processInfo.activeProcessorCount, words.count / 64))
    }

    /// The E step: each piece's expected count over every segmentation of every word (the reference's
    /// `run_e_step`), on every core; chunks are summed in order.
    func expectedCounts(_ vocabulary: TrainingVocabulary, _ words: TrainingWords) -> [Double] {
        let chunks = chunkCount(words)
        var partial = [[Double]](repeating: [], count: chunks)
        partial.withUnsafeMutableBufferPointer { partial in
            nonisolated(unsafe) let slots = partial
            words.bytes.withUnsafeBufferPointer { bytes in
                nonisolated(unsafe) let bytes = bytes
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var expected = [Double](repeating: 0, count: vocabulary.count)
                    var lattice = TrainingLattice()
                    let lower = words.count * chunk / chunks, upper = words.count * (chunk + 1) / chunks
                    expected.withUnsafeMutableBufferPointer { expected in
                        for w in lower..<upper {
                            lattice.build(UnsafeBufferPointer(rebasing: bytes[words.starts[w]..<words.starts[w + 1]]),
                                          vocabulary: vocabulary)
                            _ = lattice.addMarginals(count: words.counts[w], to: expected.baseAddress!)
                        }
                    }
                    slots[chunk] = expected
                }
            }
        }
        var total = partial[0]
        for chunk in partial.dropFirst() {
            for i in total.indices { total[i] += chunk[i] }
        }
        return total
    }

    /// The M step (the reference's `run_m_step`): drops pieces expected less than half a time and scores
    /// the rest by the Bayesian (digamma) estimate; the unknown piece stays first with a NaN score.
    func maximization(_ vocabulary: TrainingVocabulary, expected: [Double]) -> TrainingVocabulary {
        var pieces: [[UInt8]] = [vocabulary.pieces[0]]
        var frequencies: [Double] = [.nan]
        var trieIDs: [Int32] = [vocabulary.trieIDs[0]]
        var sum = 0.0
        for id in 1..<vocabulary.count where expected[id] >= 0.5 {
            pieces.append(vocabulary.pieces[id])
            frequencies.append(expected[id])
            trieIDs.append(vocabulary.trieIDs[id])
            sum += expected[id]
        }
        let logSum = digamma(sum)
        let scores = frequencies.map { digamma($0) - logSum }
        return vocabulary.replacing(pieces: pieces, scores: scores, trieIDs: trieIDs)
    }

    /// Prunes the pieces (the reference's `prune_sentence_pieces`): a piece whose best segmentation is
    /// itself is scored by how much the corpus' likelihood drops when its Viterbi uses go to its
    /// second-best segmentation; the least costly go, down to `shrinkingFactor` of the pieces (never
    /// below 1.1 × `vocabularySize`).
    func pruned(_ vocabulary: TrainingVocabulary, _ words: TrainingWords) -> TrainingVocabulary {
        let count = vocabulary.count
        // How each piece would be segmented without itself.
        var alwaysKeep = [Bool](repeating: true, count: count)
        var alternatives = [[Int32]](repeating: [], count: count)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / 256))
        alwaysKeep.withUnsafeMutableBufferPointer { alwaysKeep in
            alternatives.withUnsafeMutableBufferPointer { alternatives in
                nonisolated(unsafe) let keep = alwaysKeep
                nonisolated(unsafe) let alternativeSlots = alternatives
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    var lattice = TrainingLattice()
                    var first: [Int32] = [], second: [Int32] = []
                    for id in (count * worker / workers)..<(count * (worker + 1) / workers) {
                        // The unknown piece is not kept this way (it is always put first below).
                        if id == 0 { keep[0] = false; continue }
                        vocabulary.pieces[id].withUnsafeBufferPointer { lattice.build($0, vocabulary: vocabulary) }
                        let found = lattice.twoBestPaths(first: &first, second: &second)
                        if found == 1 {
                            keep[id] = true
                        } else if first.count >= 2 {
                            keep[id] = false
                        } else if first.count == 1 {
                            keep[id] = true
                            alternativeSlots[id] = second
                        }
                    }
                }
            }
        }

        // Viterbi frequencies over the corpus.
        let chunks = chunkCount(words)
        var partial = [[Double]](repeating: [], count: chunks)
        partial.withUnsafeMutableBufferPointer { partial in
            nonisolated(unsafe) let slots = partial
            words.bytes.withUnsafeBufferPointer { bytes in
                nonisolated(unsafe) let bytes = bytes
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    var frequencies = [Double](repeating: 0, count: count)
                    var lattice = TrainingLattice()
                    var path: [Int32] = []
                    for w in (words.count * chunk / chunks)..<(words.count * (chunk + 1) / chunks) {
                        lattice.build(UnsafeBufferPointer(rebasing: bytes[words.starts[w]..<words.starts[w + 1]]),
                                      vocabulary: vocabulary)
                        lattice.bestPath(into: &path)
                        for id in path { frequencies[Int(id)] += words.counts[w] }
                    }
                    slots[chunk] = frequencies
                }
            }
        }
        var frequencies = partial[0]
        for chunk in partial.dropFirst() {
            for i in frequencies.indices { frequencies[i] += chunk[i] }
        }
        partial = []
        var wordTotal = 0.0
        for c in words.counts { wordTotal += c }

        var sum = 0.0
        for f in frequencies { sum += f }
        let logSum = log(sum)
        var kept: [Int] = [0]
        var candidates: [(id: Int, loss: Double)] = []
        for id in 1..<count {
            let frequency = frequencies[id]
            if frequency == 0 && !alwaysKeep[id] {
                // Not on any Viterbi path: safe to remove.
                continue
            }
            if alternatives[id].isEmpty {
                kept.append(id)
                continue
            }
            // The reference sums the counts of the words in which the piece is on the Viterbi path, once
            // per use: that is the piece's Viterbi frequency.
            if frequency == 0 || frequency.isNaN { continue }
            let share = frequency / wordTotal
            let logProbability = log(frequency) - logSum
            // The reference multiplies by (number of pieces − 1) here, not (number of alternatives − 1).
            let logSumAlternative = log(sum + frequency * Double(count - 1))
            var logProbabilityAlternative = 0.0
            for alternative in alternatives[id] {
                logProbabilityAlternative += log(frequencies[Int(alternative)] + frequency) - logSumAlternative
            }
            candidates.append((id, share * (logProbability - logProbabilityAlternative)))
        }
        let desiredSize = vocabularySize * 11 / 10
        let prunedSize = max(desiredSize, Int(Double(count) * shrinkingFactor))
        // Largest loss first; equal losses keep their order (the reference's sort is stable).
        candidates.sort { $0.loss != $1.loss ? $0.loss > $1.loss : $0.id < $1.id }
        for candidate in candidates {
            // `==`, as the reference: when the kept pieces already pass the target, every candidate stays.
            if kept.count == prunedSize { break }
            kept.append(candidate.id)
        }
        return vocabulary.replacing(pieces: kept.map { vocabulary.pieces[$0] }, scores: kept.map { vocabulary.scores[$0] },
                                    trieIDs: kept.map { vocabulary.trieIDs[$0] })
    }

    /// The final vocabulary (the reference's `finalize`): every required character (with its score, or
    /// just above the lowest score when EM dropped it), then the pieces in the model's order up to the
    /// room left, all sorted by decreasing score (stable); the special tokens (and the unknown token)
    /// first with score 0.
    func finalized(_ vocabulary: TrainingVocabulary, requiredCharacters: [[UInt8]]) -> UnigramTrainingResult {
        var scoreOf: [[UInt8]: Double] = [:]
        for id in 0..<vocabulary.count { scoreOf[vocabulary.pieces[id]] = vocabulary.scores[id] }
        var pieces: [(piece: [UInt8], score: Double)] = []
        var inserted = Set<[UInt8]>([Array("<UNK>".utf8)])
        var penalty = 0.0
        for character in requiredCharacters {
            inserted.insert(character)
            if let score = scoreOf[character] {
                pieces.append((character, score))
            } else {
                pieces.append((character, vocabulary.minimumScore + penalty))
                penalty += 0.0001
            }
        }
        var unknownID: Int? = nil
        var addsUnknown = false
        if let unknownToken {
            if let index = specialTokens.firstIndex(of: unknownToken) {
                unknownID = index
            } else {
                unknownID = 0
                addsUnknown = true
            }
        }
        let room = vocabularySize - specialTokens.count - (addsUnknown ? 1 : 0)
        for id in 0..<vocabulary.count {
            let piece = vocabulary.pieces[id]
            if inserted.contains(piece) { continue }
            inserted.insert(piece)
            let score = vocabulary.scores[id]
            pieces.append((piece, score.isNaN ? 0 : score))
            if pieces.count == room { break }
        }
        let order = pieces.indices.sorted { pieces[$0].score != pieces[$1].score ? pieces[$0].score > pieces[$1].score : $0 < $1 }
        var result: [(piece: [UInt8], score: Double)] = []
        result.reserveCapacity(pieces.count + specialTokens.count + 1)
        if addsUnknown, let unknownToken { result.append((Array(unknownToken.utf8), 0)) }
        for token in specialTokens { result.append((Array(token.utf8), 0)) }
        for i in order { result.append(pieces[i]) }
        return UnigramTrainingResult(vocabulary: result, unknownID: unknownID, specialTokens: specialTokens)
    }
}

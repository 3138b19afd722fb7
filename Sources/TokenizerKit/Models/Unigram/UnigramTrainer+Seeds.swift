import Dispatch
import Foundation

extension UnigramTrainer {
    /// The seed pieces, scored as log-probabilities: every character (scored by its count in the corpus,
    /// most frequent first), then the substrings that the reference's suffix tree yields, most valuable
    /// first, up to `seedSize` pieces in all.
    ///
    /// The reference (`make_seed_sentence_pieces`) joins the distinct words with `\0` after each and takes
    /// every internal node of the suffix tree of that text (esaxx): each substring that occurs at least
    /// twice and is followed by at least two different characters, with its number of occurrences (in
    /// distinct words, not weighted by word counts). It keeps those of 2 to `maximumPieceLength`
    /// characters without `\0`, scores each `occurrences × characters`, and sorts by score, then by the
    /// characters, both descending.
    ///
    /// Those nodes are found here without a full suffix array: the suffixes only need sorting by their
    /// first `maximumPieceLength + 1` characters (up to and including the word's `\0`), since a node of
    /// depth d ≤ `maximumPieceLength` is decided by the character after it. The suffixes are bucketed by
    /// their first character and the buckets sorted on every core; the lcp intervals of depth 2 or more
    /// never cross a bucket, so each bucket's nodes are found on its own.
    func seedPieces(_ words: TrainingWords) throws -> [(piece: [UInt8], score: Double)] {
        // The text as scalars, each word followed by 0, and the characters' counts.
        var text: [UInt32] = []
        text.reserveCapacity(words.bytes.count + words.count)
        var characterCounts = [UInt64](repeating: 0, count: 0x110000)
        words.bytes.withUnsafeBufferPointer { bytes in
            for w in 0..<words.count {
                let start = words.starts[w], end = words.starts[w + 1]
                let weight = words.integerCounts[w]
                var i = start
                while i < end {
                    let (scalar, length) = UTF8Scalar.decode(bytes, at: i)
                    text.append(scalar)
                    if scalar != 0 { characterCounts[Int(scalar)] &+= weight }
                    i += length
                }
                text.append(0)
            }
        }
        guard text.count < Int(Int32.max) else {
            throw TokenizerError.unsupported("UnigramTrainer: the distinct words hold \(text.count) characters; at most \(Int32.max - 1) are supported")
        }

        // Characters: by count, then by the character, both descending.
        var characters: [(count: UInt64, scalar: UInt32)] = []
        for scalar in 0..<characterCounts.count where characterCounts[scalar] > 0 {
            characters.append((characterCounts[scalar], UInt32(scalar)))
        }
        characterCounts = []
        characters.sort { ($0.count, $0.scalar) > ($1.count, $1.scalar) }

        let substrings = frequentSubstrings(of: text)

        var seeds: [(piece: [UInt8], score: Double)] = []
        seeds.reserveCapacity(min(seedSize, characters.count + substrings.count))
        for character in characters {
            var piece: [UInt8] = []
            UTF8Scalar.append(character.scalar, to: &piece)
            seeds.append((piece, Double(character.count)))
        }
        for substring in substrings {
            var piece: [UInt8] = []
            for k in 0..<Int(substring.length) { UTF8Scalar.append(text[Int(substring.position) + k], to: &piece) }
            seeds.append((piece, Double(substring.score)))
            if seeds.count >= seedSize { break }
        }
        // To log-probabilities (the reference's `to_log_prob`).
        var sum = 0.0
        for seed in seeds { sum += seed.score }
        let logSum = log(sum)
        for i in seeds.indices { seeds[i].score = log(seeds[i].score) - logSum }
        return seeds
    }

    /// A substring of the text: where it starts, its length in characters, occurrences × length.
    struct SeedSubstring {
        var score: UInt64
        var position: Int32
        var length: Int32
    }

    /// The suffix tree's internal nodes of 2 to `maximumPieceLength` characters without `\0`, sorted
    /// as the reference sorts them (score, then characters, both descending).
    func frequentSubstrings(of text: [UInt32]) -> [SeedSubstring] {
        let limit = maximumPieceLength + 1
        // Suffixes that start with a character, bucketed by it (a counting sort on the scalar).
        var bucketStart = [Int32](repeating: 0, count: 0x110001)
        for scalar in text where scalar != 0 { bucketStart[Int(scalar) + 1] += 1 }
        var buckets: [Range<Int>] = []
        var total: Int32 = 0
        for scalar in 0..<0x110000 {
            let size = bucketStart[scalar + 1]
            bucketStart[scalar] = total
            if size > 1 { buckets.append(Int(total)..<Int(total + size)) }
            total += size
        }
        var suffixes = [Int32](repeating: 0, count: Int(total))
        for (position, scalar) in text.enumerated() where scalar != 0 {
            suffixes[Int(bucketStart[Int(scalar)])] = Int32(position)
            bucketStart[Int(scalar)] += 1
        }
        bucketStart = []
        // The largest buckets first, so that the workers finish together.
        buckets.sort { $0.count > $1.count }

        var found = [[SeedSubstring]](repeating: [], count: buckets.count)
        let maximumLength = maximumPieceLength
        text.withUnsafeBufferPointer { text in
            suffixes.withUnsafeMutableBufferPointer { suffixes in
                found.withUnsafeMutableBufferPointer { found in
                    nonisolated(unsafe) let text = text
                    nonisolated(unsafe) let suffixes = suffixes
                    nonisolated(unsafe) let found = found
                    let buckets = buckets
                    DispatchQueue.concurrentPerform(iterations: buckets.count) { index in
                        var bucket = UnsafeMutableBufferPointer(rebasing: suffixes[buckets[index]])
                        // Every suffix here starts with the same character: compare from the second one.
                        bucket.sort { a, b in
                            var i = Int(a) + 1, j = Int(b) + 1
                            for _ in 1..<limit {
                                let x = text[i], y = text[j]
                                if x != y { return x < y }
                                if x == 0 { return false }
                                i += 1
                                j += 1
                            }
                            return false
                        }
                        found[index] = Self.internalNodes(of: bucket, in: text, limit: limit, maximumLength: maximumLength)
                    }
                }
            }
        }
        var substrings: [SeedSubstring] = []
        substrings.reserveCapacity(found.reduce(0) { $0 + $1.count })
        for nodes in found { substrings.append(contentsOf: nodes) }
        found = []
        text.withUnsafeBufferPointer { text in
            substrings.sort { a, b in
                if a.score != b.score { return a.score > b.score }
                // Characters descending (a proper prefix sorts first in ascending order).
                let common = Int(min(a.length, b.length))
                for k in 0..<common {
                    let x = text[Int(a.position) + k], y = text[Int(b.position) + k]
                    if x != y { return x > y }
                }
                return a.length > b.length
            }
        }
        return substrings
    }

    /// The lcp intervals of one sorted bucket (Abouelhoda et al.'s bottom-up traversal) whose depth is
    /// 2 to `maximumLength` and whose substring holds no `\0`. Depths are capped at `limit`.
    private static func internalNodes(of suffixes: UnsafeMutableBufferPointer<Int32>, in text: UnsafeBufferPointer<UInt32>,
                                      limit: Int, maximumLength: Int) -> [SeedSubstring] {
        var nodes: [SeedSubstring] = []
        let count = suffixes.count
        if count < 2 { return nodes }
        // (depth, left boundary); the bottom entry (depth 0) is never popped.
        var stack: [(depth: Int, lower: Int)] = [(0, 0)]
        for i in 1...count {
            var lcp = 0
            if i < count {
                let a = Int(suffixes[i - 1]), b = Int(suffixes[i])
                while lcp < limit {
                    let x = text[a + lcp]
                    if x != text[b + lcp] { break }
                    lcp += 1
                    if x == 0 { break }
                }
            }
            var lower = i - 1
            while lcp < stack[stack.count - 1].depth {
                let top = stack.removeLast()
                lower = top.lower
                if top.depth >= 2 && top.depth <= maximumLength {
                    let position = Int(suffixes[top.lower])
                    // A `\0` can only be the last character of a common prefix.
                    if text[position + top.depth - 1] != 0 {
                        let occurrences = UInt64(i - top.lower)
                        nodes.append(SeedSubstring(score: occurrences &* UInt64(top.depth), position: Int32(position),
                                               length: Int32(top.depth)))
                    }
                }
            }
            if lcp > stack[stack.count - 1].depth { stack.append((lcp, lower)) }
        }
        return nodes
    }
}

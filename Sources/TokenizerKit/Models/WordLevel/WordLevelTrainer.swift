/// Trains a WordLevel vocabulary as the reference does: the special tokens, then the words from the
/// most to the least frequent (equal counts in byte order of the words), those rarer than
/// `minimumFrequency` left out, up to `vocabularySize` entries.
///
/// ```swift
/// try tokenizer.train(files: ["corpus.txt"], trainer: .wordLevel(WordLevelTrainer(vocabularySize: 50_000, specialTokens: ["<unk>"])))
/// ```
public struct WordLevelTrainer: Sendable {
    public var vocabularySize: Int
    public var minimumFrequency: UInt64
    public var specialTokens: [AddedToken]

    public init(vocabularySize: Int = 30_000, minimumFrequency: UInt64 = 0, specialTokens: [String] = []) {
        self.vocabularySize = vocabularySize
        self.minimumFrequency = minimumFrequency
        self.specialTokens = specialTokens.map { AddedToken(content: $0, special: true) }
    }

    /// The vocabulary by id. A special token that is also a counted word appears twice in the reference's
    /// list and keeps the later id (its hash map is filled in order), leaving a hole at the earlier one.
    func vocabulary(_ words: WordCounts, progress: TrainingProgressHandler?) throws -> [[UInt8]?] {
        guard vocabularySize >= 0 else { throw TokenizerError.unsupported("WordLevel trainer: the vocabulary size must not be negative") }
        var entries: [(start: Int, length: Int, count: UInt64)] = []
        entries.reserveCapacity(words.distinctWords)
        for e in words.table.entries where e.count >= minimumFrequency {
            entries.append((e.start, Int(e.length), e.count))
        }
        let arena = words.table.arena
        arena.withUnsafeBufferPointer { arena in
            entries.sort { a, b in
                if a.count != b.count { return a.count > b.count }
                let n = min(a.length, b.length)
                let c = n == 0 ? 0 : memcmp(arena.baseAddress! + a.start, arena.baseAddress! + b.start, n)
                return c != 0 ? c < 0 : a.length < b.length
            }
        }
        var list: [[UInt8]] = specialTokens.map { Array($0.content.utf8) }
        for e in entries {
            if list.count >= vocabularySize { break }
            list.append(Array(arena[e.start..<e.start + e.length]))
        }
        if list.count > vocabularySize { list.removeLast(list.count - vocabularySize) }
        var tokens = [[UInt8]?](repeating: nil, count: list.count)
        var ids = ByteStringTable(capacity: list.count)
        for (id, token) in list.enumerated() {
            if let old = ids.value(for: token) { tokens[Int(old)] = nil }
            ids.set(UInt32(id), for: token)
            tokens[id] = token
        }
        progress?(TrainingProgress(stage: "vocabulary", completed: list.count, total: vocabularySize))
        return tokens
    }

    /// Trains; `unk_token` comes from `existingModel` when it is a WordLevel, else it is `<unk>`.
    func train(_ words: WordCounts, existingModel: JSONValue?, progress: TrainingProgressHandler?) throws -> TrainedModel {
        let tokens = try vocabulary(words, progress: progress)
        let keep = existingModel?.typeName == "WordLevel" ? existingModel : nil
        var w = JSONWriter(pretty: false)
        w.object { w in
            w.member("type") { $0.string("WordLevel") }
            w.member("vocab") { $0.vocabulary(tokens) }
            w.member("unk_token") { w in
                if let value = keep?["unk_token"] { w.value(value) } else { w.string("<unk>") }
            }
        }
        return TrainedModel(modelJSON: w.bytes, specialTokens: specialTokens)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

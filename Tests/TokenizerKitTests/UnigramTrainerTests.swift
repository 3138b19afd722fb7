import Foundation
import Testing
@testable import TokenizerKit

/// The Unigram trainer: the reference's own unit cases (seed pieces and their scores, required
/// characters, where the unknown and special tokens go), then a model trained on a corpus sample that
/// the reference must load and encode exactly as TokenizerKit does, and whose tokens per word must be
/// within 1% of the reference trainer's model on the same words.
@Suite struct UnigramTrainerTests {
    private static func words(_ pairs: [(String, UInt64)]) -> [(word: [UInt8], count: UInt64)] {
        pairs.map { (Array($0.0.utf8), $0.1) }
    }

    /// The reference's `test_unigram_chars`: characters by count then character, descending, then the
    /// suffix tree's substrings by occurrences × length ("is " twice, "s " twice; "is" is always followed
    /// by a space, so it is no node); scores are log-probabilities over all of them.
    @Test func seedsAreTheCharactersThenTheFrequentSubstrings() throws {
        let trainer = UnigramTrainer(showsProgress: false)
        let words = TrainingWords(Self.words([("This is a", 1), ("こんにちは友達", 1)]))
        #expect(trainer.requiredCharacters(words).count == 13)
        let seeds = try trainer.seedPieces(words)
        let expected: [(String, Double)] = [
            ("s", 2), ("i", 2), (" ", 2), ("達", 1), ("友", 1), ("ん", 1), ("は", 1), ("に", 1), ("ち", 1), ("こ", 1),
            ("h", 1), ("a", 1), ("T", 1), ("is ", 6), ("s ", 4),
        ]
        #expect(seeds.map { String(decoding: $0.piece, as: UTF8.self) } == expected.map(\.0))
        let total = expected.reduce(0) { $0 + $1.1 }
        for (seed, (_, count)) in zip(seeds, expected) {
            #expect(abs(seed.score - (log(count) - log(total))) < 1e-12)
        }
    }

    /// Substrings longer than `maximumPieceLength` characters are no seeds; those up to it are, counted
    /// in characters (not bytes).
    @Test func seedsRespectTheMaximumPieceLengthInCharacters() throws {
        let words = TrainingWords(Self.words([("▁ωμέγα▁", 1), ("▁ωμέγαx", 1), ("▁ωμέγαy", 1)]))
        let short = try UnigramTrainer(maximumPieceLength: 5, showsProgress: false).seedPieces(words)
        let long = try UnigramTrainer(maximumPieceLength: 6, showsProgress: false).seedPieces(words)
        #expect(!short.contains { $0.piece == Array("▁ωμέγα".utf8) })
        #expect(long.contains { $0.piece == Array("▁ωμέγα".utf8) })
    }

    /// The reference's `test_unk_token` and `test_special_tokens`.
    @Test(arguments: [
        (["[SEP]", "[CLS]"], "[UNK]" as String?, ["[UNK]", "[SEP]", "[CLS]"], 0 as Int?),
        (["[SEP]", "[CLS]", "[UNK]"], "[UNK]", ["[SEP]", "[CLS]", "[UNK]"], 2),
        (["[SEP]", "[CLS]"], nil, ["[SEP]", "[CLS]"], nil),
    ])
    func specialTokensComeFirst(special: [String], unknown: String?, first: [String], unknownID: Int?) throws {
        let trainer = UnigramTrainer(specialTokens: special, unknownToken: unknown, showsProgress: false)
        let result = try trainer.trainVocabulary(words: Self.words([("The", 12), ("are", 11)]))
        #expect(result.vocabulary.prefix(first.count).map { String(decoding: $0.piece, as: UTF8.self) } == first)
        #expect(result.vocabulary.prefix(first.count).allSatisfy { $0.score == 0 })
        #expect(result.unknownID == unknownID)
        #expect(result.specialTokens == special)
        let model = try UnigramModel(json: JSONDocument(parsing: result.modelJSON, source: "model").root)
        #expect(model.vocabularySize == result.vocabulary.count)
    }

    /// Without special tokens the best-scored piece comes first ("e", in both words), and every
    /// character is kept.
    @Test func piecesAreSortedByScore() throws {
        let result = try UnigramTrainer(showsProgress: false).trainVocabulary(words: Self.words([("The", 12), ("are", 11)]))
        #expect(String(decoding: result.vocabulary[0].piece, as: UTF8.self) == "e")
        let scores = result.vocabulary.map(\.score)
        #expect(scores == scores.sorted(by: >))
        for character in ["T", "h", "e", "a", "r"] {
            #expect(result.vocabulary.contains { $0.piece == Array(character.utf8) })
        }
    }

    @Test func aVocabularyTooSmallForTheCharactersFails() {
        #expect(throws: TokenizerError.self) {
            try UnigramTrainer(vocabularySize: 3, showsProgress: false).trainVocabulary(words: Self.words([("abcd", 1)]))
        }
    }

    /// A training setting, given to both trainers.
    struct ReferenceCase: Sendable, CustomTestStringConvertible {
        var vocabularySize: Int
        var special: [String]
        var unknown: String?
        var maximumPieceLength = 16
        var shrinkingFactor = 0.75
        var subIterationCount = 2
        var testDescription: String {
            "vocab \(vocabularySize), special \(special), unk \(unknown ?? "none"), max_piece_length \(maximumPieceLength), shrinking_factor \(shrinkingFactor), n_sub_iterations \(subIterationCount)"
        }
    }

    /// ~1.5 MB of ../shared/corpus (English and 80 languages, 3171 distinct characters) through the
    /// reference's SentencePieceUnigram pipeline: the defaults with the usual special tokens, and other
    /// parameters without an unknown token (`unk_id` null).
    @Test(.enabled(if: ConformanceEnvironment.isCI || UnigramReference.problem == nil, UnigramReference.skipReason),
          .timeLimit(.minutes(30)),
          arguments: [
              ReferenceCase(vocabularySize: 8000, special: ["<unk>", "<s>", "</s>"], unknown: "<unk>"),
              ReferenceCase(vocabularySize: 5000, special: [], unknown: nil, maximumPieceLength: 6, shrinkingFactor: 0.6,
                            subIterationCount: 1),
          ])
    func trainsAModelTheReferenceLoadsAndMatches(_ setting: ReferenceCase) throws {
        if let problem = UnigramReference.problem {
            Issue.record("the Unigram reference comparison cannot run under CI: \(problem)")
            return
        }
        try withTemporaryDirectory { directory in
            let sample = directory.appendingPathComponent("sample.txt")
            let size = try UnigramReference.writeSample(to: sample)
            let vocabularySize = setting.vocabularySize
            let special = setting.special

            // Through the public API: the preset's pipeline counts the words, the trainer learns from them.
            var tokenizer = try TrainingPreset.sentencePieceUnigram.untrainedTokenizer()
            let counts = try tokenizer.countWords(files: [sample.path])
            let trainer = UnigramTrainer(vocabularySize: vocabularySize, subIterationCount: setting.subIterationCount,
                                         shrinkingFactor: setting.shrinkingFactor, specialTokens: special,
                                         unknownToken: setting.unknown, maximumPieceLength: setting.maximumPieceLength,
                                         showsProgress: false)
            let clock = ContinuousClock()
            let seconds = try clock.measure {
                try tokenizer.train(wordCounts: counts, trainer: .unigram(trainer))
            }
            #expect(tokenizer.vocabularySize == vocabularySize)
            let ours = directory.appendingPathComponent("ours.tokenizer.json")
            try tokenizer.write(toFile: ours.path)

            // The trainer saw the words the reference's trainer is fed.
            let wordsFile = directory.appendingPathComponent("words.json")
            try UnigramReference.python(["words", sample.path, wordsFile.path])
            let pairs = try JSONSerialization.jsonObject(with: Data(contentsOf: wordsFile)) as! [[Any]]
            #expect(counts.distinctWords == pairs.count)
            let differentCounts = pairs.filter { counts.count(of: $0[0] as! String) != UInt64($0[1] as! Int) }
            #expect(differentCounts.isEmpty, "\(differentCounts.count) words counted differently, e.g. \(differentCounts.prefix(3))")

            // TokenizerKit's encodings of every line, for the reference to compare.
            let lines = UnigramReference.lines(of: try Data(contentsOf: sample))
            let encodings = try tokenizer.encode(batch: lines, addingSpecialTokens: false)
            var jsonl = Data()
            var ourTokens = 0
            var ourWords = 0
            for encoding in encodings {
                let object: [String: Any] = ["ids": encoding.ids.map(Int.init), "tokens": encoding.tokens,
                                             "offsets": encoding.offsets.map { [$0.lowerBound, $0.upperBound] }]
                jsonl.append(try JSONSerialization.data(withJSONObject: object))
                jsonl.append(0x0A)
                ourTokens += encoding.count
                ourWords += Set(encoding.wordIDs.compactMap { $0 }).count
            }
            let oursJSONL = directory.appendingPathComponent("ours.jsonl")
            try jsonl.write(to: oursJSONL)
            let comparison = try UnigramReference.python(["compare", ours.path, oursJSONL.path, sample.path])
            let compared = try UnigramReference.object(comparison)
            #expect(compared["tokens"] as? Int == ourTokens)
            #expect(compared["words"] as? Int == ourWords)

            // The reference trainer on the same sample and settings.
            let theirs = directory.appendingPathComponent("reference.tokenizer.json")
            var arguments = ["train", sample.path, String(vocabularySize), theirs.path,
                             "--max-piece-length", String(setting.maximumPieceLength),
                             "--shrinking-factor", String(setting.shrinkingFactor),
                             "--n-sub-iterations", String(setting.subIterationCount)]
            if let unknown = setting.unknown { arguments += ["--unk", unknown] }
            for token in special { arguments += ["--special", token] }
            let referenceRun = try UnigramReference.object(try UnigramReference.python(arguments))
            let referenceCount = try UnigramReference.object(try UnigramReference.python(["count", theirs.path, sample.path]))
            let referenceTokens = try #require(referenceCount["tokens"] as? Int)
            let referenceWords = try #require(referenceCount["words"] as? Int)
            #expect(referenceWords == ourWords)

            // How many pieces both vocabularies share.
            let referenceTokenizer = try Tokenizer(contentsOfFile: theirs.path)
            let ourPieces = Set(tokenizer.vocabulary().keys)
            let referencePieces = Set(referenceTokenizer.vocabulary().keys)
            let shared = ourPieces.intersection(referencePieces).count
            if let keep = ProcessInfo.processInfo.environment["UNIGRAM_TRAINER_KEEP"] {
                for file in [ours, theirs, wordsFile, sample] {
                    let target = URL(fileURLWithPath: keep).appendingPathComponent(file.lastPathComponent)
                    try? FileManager.default.removeItem(at: target)
                    try FileManager.default.copyItem(at: file, to: target)
                }
            }

            let ourRate = Double(ourTokens) / Double(ourWords)
            let referenceRate = Double(referenceTokens) / Double(referenceWords)
            let referenceSeconds = referenceRun["seconds"] as? Double ?? .nan
            print("Unigram trainer (\(setting.testDescription)) " + String(format: "on %.2f MB (%d distinct words), vocab %d: tokens/word %.4f (TokenizerKit) vs %.4f (reference), %+.2f%%; training %.2f s (TokenizerKit in this build, words already counted) vs %.2f s (reference, counting included); %d of %d pieces shared",
                         Double(size) / 1e6, counts.distinctWords, vocabularySize, ourRate, referenceRate,
                         (ourRate / referenceRate - 1) * 100, Double(seconds.components.attoseconds) / 1e18 + Double(seconds.components.seconds),
                         referenceSeconds, shared, referencePieces.count))
            #expect(abs(ourRate / referenceRate - 1) <= 0.01,
                    "tokens per word \(ourRate) (TokenizerKit) vs \(referenceRate) (reference)")
        }
    }
}

/// The reference side: `Tests/Reference/unigram_training.py`, and the corpus sample.
enum UnigramReference {
    static let script = RepositoryPaths.root.appendingPathComponent("Tests/Reference/unigram_training.py")
    static let corpus = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")

    static let problem: String? = {
        if !FileManager.default.fileExists(atPath: corpus.appendingPathComponent("english").path) {
            return "\(corpus.path) not found (../shared beside the repository)"
        }
        if (try? ConformanceEnvironment.run("python3", ["-c", "import tokenizers"]))?.status != 0 {
            return "python3 cannot import tokenizers (pip install tokenizers==0.23.3)"
        }
        return nil
    }()

    static var skipReason: Comment { "Unigram reference comparison skipped: \(problem ?? "")" }

    /// Runs the helper; its standard output (and error) when it succeeds.
    @discardableResult
    static func python(_ arguments: [String]) throws -> String {
        let run = try ConformanceEnvironment.run("python3", [script.path] + arguments)
        try #require(run.status == 0, "unigram_training.py \(arguments.first ?? "") failed:\n\(run.output.suffix(3000))")
        return run.output
    }

    /// The last line of the helper's output, as a JSON object.
    static func object(_ output: String) throws -> [String: Any] {
        let line = output.split(separator: "\n").last.map(String.init) ?? ""
        return try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
    }

    /// The sample: the first 100 kB of ten English books and the first 8 kB of every other corpus file of
    /// ../shared/corpus/multilingual, each cut at a line end. Returns its size in bytes.
    static func writeSample(to url: URL) throws -> Int {
        var sample = Data()
        func take(_ directory: String, _ limit: Int, files: Int) throws {
            let folder = corpus.appendingPathComponent(directory)
            let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
            for name in names.prefix(files) {
                let data = try Data(contentsOf: folder.appendingPathComponent(name))
                var end = min(limit, data.count)
                while end < data.count && data[end - 1] != 0x0A { end += 1 }
                sample.append(data.prefix(end))
                if sample.last != 0x0A { sample.append(0x0A) }
            }
        }
        try take("english", 100_000, files: 10)
        try take("multilingual", 8_000, files: .max)
        try sample.write(to: url)
        return sample.count
    }

    /// The lines of the sample without their endings, as the helper reads them.
    static func lines(of text: Data) -> [String] {
        var lines = text.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        if text.last == 0x0A { lines.removeLast() }
        return lines
    }
}

import Foundation
import Testing
@testable import TokenizerKit

/// Vocabulary training against the reference library's trainers: BPE merges and ids equal the reference
/// trainer's (plain and byte-level), trained files of every model load in the reference and encode a
/// corpus sample as TokenizerKit encodes it, and `tok train` end to end.
///
/// Needs `../shared/corpus` and python3 with `tokenizers==0.23.3`; skipped without them, except under
/// CI (`CI=true`), where a missing prerequisite is a failure.
@Suite struct TrainerTests {
    // MARK: BPE merges and ids equal the reference trainer's

    struct BPECase: CustomTestStringConvertible, Sendable {
        let name: String
        let preTokenizer: String // whitespace | bytelevel
        let vocabularySize: Int
        var minimumFrequency: UInt64 = 0
        var maximumTokenLength: Int? = nil
        var specialTokens = ["<unk>", "<s>", "</s>"]
        var testDescription: String { name }
    }

    static let bpeCases: [BPECase] = [
        BPECase(name: "plain", preTokenizer: "whitespace", vocabularySize: 4000),
        BPECase(name: "byte-level", preTokenizer: "bytelevel", vocabularySize: 4000),
        // Stops on min_frequency long before the vocabulary size.
        BPECase(name: "plain, min_frequency 50", preTokenizer: "whitespace", vocabularySize: 100_000, minimumFrequency: 50),
        BPECase(name: "byte-level, max_token_length 4", preTokenizer: "bytelevel", vocabularySize: 3000, maximumTokenLength: 4),
    ]

    @Test(.enabled(if: TrainingReference.shouldRun, TrainingReference.skipReason), arguments: bpeCases)
    func bpeMergesAndIDsEqualTheReferenceTrainer(_ setting: BPECase) throws {
        let reference = try TrainingReference.require()
        try withTemporaryDirectory { directory in
            let sample = try reference.sample(in: directory)
            let referenceFile = directory.appendingPathComponent("reference.json")
            var arguments = ["train", "--model", "bpe", "--pre", setting.preTokenizer, "--vocab-size", "\(setting.vocabularySize)",
                             "--min-frequency", "\(setting.minimumFrequency)", "--special-tokens", setting.specialTokens.joined(separator: ","),
                             "-o", referenceFile.path, sample.path]
            if let length = setting.maximumTokenLength { arguments += ["--max-token-length", "\(length)"] }
            try reference.python(arguments)

            var tokenizer = try Tokenizer(json: Array(Self.pipeline(setting.preTokenizer, model: #"{"type":"BPE","vocab":{},"merges":[]}"#).utf8))
            let trainer = BPETrainer(vocabularySize: setting.vocabularySize, minimumFrequency: setting.minimumFrequency,
                                     specialTokens: setting.specialTokens,
                                     initialAlphabet: setting.preTokenizer == "bytelevel" ? BPETrainer.byteLevelAlphabet : [],
                                     maximumTokenLength: setting.maximumTokenLength)
            try tokenizer.train(files: [sample.path], trainer: .bpe(trainer))

            let ours = try ModelSections(json: try tokenizer.jsonData())
            let theirs = try ModelSections(json: Array(try Data(contentsOf: referenceFile)))
            #expect(ours.vocabulary.count == theirs.vocabulary.count, "vocabulary sizes")
            #expect(ours.merges.count == theirs.merges.count, "merge counts")
            #expect(ours.merges.count > 100, "too few merges to be a meaningful check")
            if let i = zip(ours.merges, theirs.merges).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("merge \(i) differs: ours \(ours.describe(merge: i)), reference \(theirs.describe(merge: i))")
            }
            if let i = zip(ours.vocabulary, theirs.vocabulary).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("id \(i) differs: ours \(ours.describe(id: i)), reference \(theirs.describe(id: i))")
            }
            // The special tokens are added tokens, special, with the reference's ids.
            for (id, token) in setting.specialTokens.enumerated() {
                #expect(tokenizer.id(forToken: token) == UInt32(id))
                #expect(tokenizer.addedTokens[UInt32(id)]?.special == true)
            }
        }
    }

    /// Small word lists (each word one sequence, no pre-tokenizer) where ties and the length limit decide.
    @Test(.enabled(if: TrainingReference.shouldRun, TrainingReference.skipReason),
          arguments: [(2, nil), (0, 2), (0, nil)] as [(UInt64, Int?)])
    func bpeOnSmallWordListsEqualsTheReference(minimumFrequency: UInt64, maximumTokenLength: Int?) throws {
        let reference = try TrainingReference.require()
        let words: [(String, Int)] = [
            ("roses", 1), ("are", 2), ("red", 1), ("voilets", 1), ("blue", 1), ("BERT", 1), ("is", 2), ("big", 1),
            ("and", 1), ("so", 1), ("GPT-2", 1), ("짧은한", 2), ("긴한글", 2), ("短字符", 2), ("长字符", 2), ("短い文", 2),
            ("長い文", 2), ("Lon", 2), ("Ano", 2), ("aaaa", 3), ("abab", 2), ("ababab", 1),
        ]
        let texts = words.flatMap { Array(repeating: $0.0, count: $0.1) }
        try withTemporaryDirectory { directory in
            let textsFile = directory.appendingPathComponent("texts.json")
            try JSONSerialization.data(withJSONObject: texts).write(to: textsFile)
            let referenceFile = directory.appendingPathComponent("reference.json")
            var arguments = ["train", "--model", "bpe", "--pre-none", "--vocab-size", "1000", "--min-frequency", "\(minimumFrequency)",
                             "--texts", textsFile.path, "-o", referenceFile.path]
            if let maximumTokenLength { arguments += ["--max-token-length", "\(maximumTokenLength)"] }
            try reference.python(arguments)

            var tokenizer = try Tokenizer(json: Array(#"{"model":{"type":"BPE","vocab":{},"merges":[]}}"#.utf8))
            try tokenizer.train(texts: texts, trainer: .bpe(BPETrainer(vocabularySize: 1000, minimumFrequency: minimumFrequency,
                                                                      maximumTokenLength: maximumTokenLength)))
            let ours = try ModelSections(json: try tokenizer.jsonData())
            let theirs = try ModelSections(json: Array(try Data(contentsOf: referenceFile)))
            #expect(ours.merges.count == theirs.merges.count, "merge counts")
            #expect(ours.vocabulary.count == theirs.vocabulary.count, "vocabulary sizes")
            if let i = zip(ours.merges, theirs.merges).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("merge \(i) differs: ours \(ours.describe(merge: i)), reference \(theirs.describe(merge: i))")
            }
            if let i = zip(ours.vocabulary, theirs.vocabulary).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("id \(i) differs: ours \(ours.describe(id: i)), reference \(theirs.describe(id: i))")
            }
        }
    }

    /// WordLevel's vocabulary is deterministic in the reference too (count, then word bytes): ids equal,
    /// including a special token that is also a word of the corpus (its later id wins, leaving a hole).
    @Test(.enabled(if: TrainingReference.shouldRun, TrainingReference.skipReason), arguments: [0, 3] as [UInt64])
    func wordLevelVocabularyEqualsTheReferenceTrainer(minimumFrequency: UInt64) throws {
        let reference = try TrainingReference.require()
        try withTemporaryDirectory { directory in
            let sample = try reference.sample(in: directory, bytesPerFile: 60_000)
            let specials = ["<unk>", "the", "<pad>"]
            let referenceFile = directory.appendingPathComponent("reference.json")
            try reference.python(["train", "--model", "wordlevel", "--pre", "whitespace", "--vocab-size", "4000",
                                  "--min-frequency", "\(minimumFrequency)", "--special-tokens", specials.joined(separator: ","),
                                  "-o", referenceFile.path, sample.path])
            var tokenizer = try Tokenizer(json: Array(Self.pipeline("whitespace", model: #"{"type":"WordLevel","vocab":{},"unk_token":"<unk>"}"#).utf8))
            try tokenizer.train(files: [sample.path], trainer: .wordLevel(WordLevelTrainer(vocabularySize: 4000, minimumFrequency: minimumFrequency,
                                                                                          specialTokens: specials)))
            let ours = try ModelSections(json: try tokenizer.jsonData())
            let theirs = try ModelSections(json: Array(try Data(contentsOf: referenceFile)))
            #expect(ours.vocabulary.count == theirs.vocabulary.count)
            if let i = zip(ours.vocabulary, theirs.vocabulary).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
                Issue.record("id \(i) differs: ours \(ours.describe(id: i)), reference \(theirs.describe(id: i))")
            }
            #expect(ours.vocabulary[1] == nil, "\"the\" is a word of the sample: its special-token id 1 is a hole")
        }
    }

    // MARK: Trained files load in the reference and encode like TokenizerKit

    struct EncodeCase: CustomTestStringConvertible, Sendable {
        let name: String
        let pipeline: String
        let trainer: Trainer
        var testDescription: String { name }
    }

    static let encodeCases: [EncodeCase] = [
        EncodeCase(name: "BPE byte-level", pipeline: pipeline("bytelevel", model: #"{"type":"BPE","vocab":{},"merges":[]}"#),
                   trainer: .bpe(BPETrainer(vocabularySize: 3000, specialTokens: ["<|endoftext|>"], initialAlphabet: BPETrainer.byteLevelAlphabet))),
        EncodeCase(name: "BPE plain with <unk>", pipeline: pipeline("whitespace", model: #"{"type":"BPE","unk_token":"<unk>","vocab":{},"merges":[]}"#),
                   trainer: .bpe(BPETrainer(vocabularySize: 3000, specialTokens: ["<unk>"], alphabetLimit: 200))),
        EncodeCase(name: "WordPiece (BERT pipeline)", pipeline: pipeline("bert", model: ###"{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}"###),
                   trainer: .wordPiece(WordPieceTrainer(vocabularySize: 3000, specialTokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"], alphabetLimit: 300))),
        EncodeCase(name: "WordLevel", pipeline: pipeline("whitespace", model: #"{"type":"WordLevel","vocab":{},"unk_token":"<unk>"}"#),
                   trainer: .wordLevel(WordLevelTrainer(vocabularySize: 5000, minimumFrequency: 2, specialTokens: ["<unk>", "<pad>"]))),
    ]

    @Test(.enabled(if: TrainingReference.shouldRun, TrainingReference.skipReason), arguments: encodeCases)
    func trainedFilesEncodeTheSampleLikeTheReference(_ setting: EncodeCase) throws {
        let reference = try TrainingReference.require()
        try withTemporaryDirectory { directory in
            let sample = try reference.sample(in: directory)
            var tokenizer = try Tokenizer(json: Array(setting.pipeline.utf8))
            try tokenizer.train(files: [sample.path], trainer: setting.trainer)
            let trained = directory.appendingPathComponent("trained.json")
            try tokenizer.write(toFile: trained.path)

            // A slice of the sample, every line encoded by both libraries from the saved file.
            let lines = try reference.evaluationLines(of: sample)
            let evaluation = directory.appendingPathComponent("evaluation.txt")
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: evaluation)
            let encoded = directory.appendingPathComponent("reference.jsonl")
            try reference.python(["encode", "--tokenizer", trained.path, "-o", encoded.path, evaluation.path])
            let theirs = try String(contentsOf: encoded, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            try #require(theirs.count == lines.count, "reference encoded \(theirs.count) lines of \(lines.count)")

            let loaded = try Tokenizer(contentsOfFile: trained.path)
            var unknown = 0
            var mismatches = 0
            for (index, (line, json)) in zip(lines, theirs).enumerated() {
                let want = try JSONDecoder().decode(ReferenceEncoding.self, from: Data(json.utf8))
                let got = try loaded.encode(line, addingSpecialTokens: false)
                let gotOffsets = got.offsets.map { [$0.lowerBound, $0.upperBound] }
                if got.ids != want.ids || got.tokens != want.tokens || gotOffsets != want.offsets {
                    mismatches += 1
                    if mismatches <= 3 {
                        Issue.record("line \(index + 1) \(line.debugDescription): ours \(got.ids) \(got.tokens) \(gotOffsets), reference \(want.ids) \(want.tokens) \(want.offsets)")
                    }
                }
                if let unk = loaded.unknownTokenID { unknown += got.ids.filter { $0 == unk }.count }
            }
            #expect(mismatches == 0, "\(mismatches) of \(lines.count) lines differ")
            #expect(loaded.vocabularySize > 100)
            print("\(setting.name): \(lines.count) lines identical, vocabulary \(loaded.vocabularySize), unknown tokens \(unknown)")
        }
    }

    /// Every preset (and -t with a BERT base, whose template ids must follow the new vocabulary), trained by
    /// `tok train`: the reference loads the file and encodes the sample with special tokens as TokenizerKit does.
    @Test(.enabled(if: TrainingReference.shouldRun, TrainingReference.skipReason),
          arguments: ["gpt2", "bert", "sentencepiece-bpe", "sentencepiece-unigram", "whitespace", "-t bert-base-uncased"])
    func tokTrainPresetsEncodeLikeTheReference(_ preset: String) throws {
        let reference = try TrainingReference.require()
        try withTemporaryDirectory { directory in
            let sample = try reference.sample(in: directory, bytesPerFile: 25_000)
            let trained = directory.appendingPathComponent("trained.json")
            var arguments = ["train", "--vocab-size", preset == "sentencepiece-unigram" ? "3000" : "1500", "--quiet", "-o", trained.path, sample.path]
            if preset.hasPrefix("-t ") {
                let base = reference.corpus.deletingLastPathComponent().appendingPathComponent("vocab/\(preset.dropFirst(3))/tokenizer.json")
                arguments += ["-t", base.path, "--limit-alphabet", "400"]
            } else {
                arguments += ["--preset", preset]
            }
            let run = try Tok.run(arguments)
            try #require(run.status == 0, "\(run.stderrText)")
            let lines = try reference.evaluationLines(of: sample)
            let evaluation = directory.appendingPathComponent("evaluation.txt")
            try Data(lines.map { $0 + "\n" }.joined().utf8).write(to: evaluation)
            let encoded = directory.appendingPathComponent("reference.jsonl")
            try reference.python(["encode", "--tokenizer", trained.path, "--add-special-tokens", "-o", encoded.path, evaluation.path])
            let theirs = try String(contentsOf: encoded, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            try #require(theirs.count == lines.count)
            let loaded = try Tokenizer(contentsOfFile: trained.path)
            var mismatches = 0
            for (line, json) in zip(lines, theirs) {
                let want = try JSONDecoder().decode(ReferenceEncoding.self, from: Data(json.utf8))
                let got = try loaded.encode(line, addingSpecialTokens: true)
                if got.ids != want.ids || got.tokens != want.tokens || got.offsets.map({ [$0.lowerBound, $0.upperBound] }) != want.offsets {
                    mismatches += 1
                    if mismatches <= 3 { Issue.record("\(line.debugDescription): ours \(got.tokens), reference \(want.tokens)") }
                }
            }
            #expect(mismatches == 0, "\(mismatches) of \(lines.count) lines differ")
            if preset.contains("bert") {
                // The template's [CLS] is the trained id, not the base's 101.
                #expect(try loaded.encode("a", addingSpecialTokens: true).ids.first == loaded.id(forToken: "[CLS]"))
                #expect(loaded.id(forToken: "[CLS]") == 2)
            }
        }
    }

    // MARK: Counting

    /// The byte-level fast path counts the same words as the general pipeline, on any number of threads.
    @Test(.enabled(if: TrainingReference.hasCorpus, "needs ../shared/corpus"))
    func countingIsTheSameOnEveryPathAndThreadCount() throws {
        try withTemporaryDirectory { directory in
            let sample = try TrainingReference.current.sample(in: directory, bytesPerFile: 40_000)
            let fast = try Tokenizer(json: Array(Self.pipeline("bytelevel", model: #"{"type":"BPE","vocab":{},"merges":[]}"#).utf8))
            // The same words through the general path: ByteLevel with add_prefix_space false but a normalizer that changes nothing.
            let general = try Tokenizer(json: Array(#"{"normalizer":{"type":"Sequence","normalizers":[]},"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},"model":{"type":"BPE","vocab":{},"merges":[]}}"#.utf8))
            #expect(WordCounter.byteLevelPattern(fast) != nil)
            #expect(WordCounter.byteLevelPattern(general) == nil)
            let a = try fast.countWords(files: [sample.path], threads: 1)
            let b = try general.countWords(files: [sample.path], threads: 3)
            let c = try fast.countWords(files: [sample.path], threads: 2)
            #expect(a.distinctWords > 1000)
            for other in [b, c] {
                #expect(other.distinctWords == a.distinctWords)
                #expect(other.totalWords == a.totalWords)
                #expect(other.sequences == a.sequences)
                var differing = 0
                a.table.forEach { word, count in
                    if other.table.count(of: Array(word)) != count { differing += 1 }
                }
                #expect(differing == 0)
            }
            // Lines keep their newline, as the reference reads files.
            #expect(a.count(of: "Ċ") > 0)
        }
    }

    @Test func invalidUTF8NamesTheFileAndLine() throws {
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("bad.txt")
            try (Data("fine\nstill fine\n".utf8) + Data([0x61, 0xC3, 0x28, 0x0A])).write(to: file)
            let tokenizer = try Tokenizer(json: Array(Self.pipeline("whitespace", model: #"{"type":"BPE","vocab":{},"merges":[]}"#).utf8))
            #expect(throws: TokenizerError.invalidUTF8(source: file.path, line: 3)) {
                _ = try tokenizer.countWords(files: [file.path])
            }
            #expect(throws: TokenizerError.self) { _ = try tokenizer.countWords(files: [directory.appendingPathComponent("missing.txt").path]) }
        }
    }

    // MARK: tok train

    /// `tok train` writes what the library trains; JSONL input counts the same words as the same texts;
    /// a failing input leaves no output file.
    @Test(.enabled(if: TrainingReference.hasCorpus, "needs ../shared/corpus"))
    func tokTrainEndToEnd() throws {
        try withTemporaryDirectory { directory in
            let sample = try TrainingReference.current.sample(in: directory, bytesPerFile: 30_000)
            let output = directory.appendingPathComponent("out.json")
            let result = try Tok.run(["train", "--preset", "gpt2", "--vocab-size", "800", "-o", output.path, sample.path])
            try #require(result.status == 0, "\(result.stderrText)")
            #expect(result.stderrText.contains("trained bpe"))
            var library = try TrainingPreset.gpt2.untrainedTokenizer()
            try library.train(files: [sample.path], trainer: .bpe(BPETrainer(vocabularySize: 800, specialTokens: ["<|endoftext|>"],
                                                                              initialAlphabet: BPETrainer.byteLevelAlphabet)))
            library = try TrainingPreset.gpt2.finished(library)
            #expect(Array(try Data(contentsOf: output)) == (try library.jsonData(pretty: true)), "tok train and the library differ")
            let loaded = try Tokenizer(contentsOfFile: output.path)
            #expect(loaded.vocabularySize == 800)
            #expect(loaded.id(forToken: "<|endoftext|>") == 0)

            // JSONL: each line's "text" is one sequence, the same as training on the texts.
            let lines = try String(contentsOf: sample, encoding: .utf8).split(separator: "\n").prefix(300).map(String.init)
            let jsonl = directory.appendingPathComponent("sample.jsonl")
            let records = try lines.map { String(decoding: try JSONSerialization.data(withJSONObject: ["id": 1, "text": $0]), as: UTF8.self) }
            try Data((records.joined(separator: "\n") + "\n").utf8).write(to: jsonl)
            let fromJSONL = directory.appendingPathComponent("jsonl.json")
            let jsonlRun = try Tok.run(["train", "--model", "wordlevel", "--vocab-size", "500", "--jsonl-key", "text", "--quiet",
                                        "-o", fromJSONL.path, jsonl.path])
            try #require(jsonlRun.status == 0, "\(jsonlRun.stderrText)")
            #expect(jsonlRun.stderr.isEmpty)
            var texts = try TrainingPreset.whitespace.untrainedTokenizer()
            try texts.train(texts: lines, trainer: .wordLevel(WordLevelTrainer(vocabularySize: 500, specialTokens: ["<unk>"])))
            #expect(Array(try Data(contentsOf: fromJSONL)) == (try texts.jsonData(pretty: true)))

            // Invalid UTF-8 on line 2 of the second input: an error naming it, and no output file.
            let bad = directory.appendingPathComponent("bad.txt")
            try (Data("good line\n".utf8) + Data([0xFF, 0x0A])).write(to: bad)
            let failed = directory.appendingPathComponent("failed.json")
            let failure = try Tok.run(["train", "--model", "bpe", "--vocab-size", "300", "-o", failed.path, sample.path, bad.path])
            #expect(failure.status != 0)
            #expect(failure.stderrText.contains("\(bad.path):2"), "\(failure.stderrText)")
            #expect(!FileManager.default.fileExists(atPath: failed.path))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).allSatisfy { !$0.hasSuffix(".tmp") })

            // Options that do not fit the model are refused.
            let wrong = try Tok.run(["train", "--model", "wordlevel", "--vocab-size", "300", "--limit-alphabet", "10", "-o", failed.path, sample.path])
            #expect(wrong.status != 0)
            #expect(wrong.stderrText.contains("--limit-alphabet"))
        }
    }

    /// `tok train --on-invalid-utf8`, for plain lines and for JSONL: an invalid line in the middle of the second
    /// ~1 MB chunk stops a default run with its file and line and no output file; `replace` trains exactly as on
    /// the file with that line decoded with U+FFFD, `skip` exactly as on the file without it.
    @Test(arguments: [false, true])
    func tokTrainOnInvalidUTF8(jsonl: Bool) throws {
        try withTemporaryDirectory { directory in
            let words = ["the", "quick", "brown", "fox", "jumps", "over", "lazy", "dog", "alpha", "beta", "gamma",
                         "delta", "épée", "naïve", "東京", "мир", "zürich", "😀", "quantum", "tokenizer"]
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            func nextWord() -> String {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return words[Int(state >> 33) % words.count]
            }
            var lines: [[UInt8]] = (1...30_000).map { _ in Array((0..<12).map { _ in nextWord() }.joined(separator: " ").utf8) }
            // Words found nowhere else, around an invalid byte, a truncated sequence, a surrogate and an overlong form.
            let invalid = Array("broken qqzx ".utf8) + [0xFF, 0xFE] + Array(" qqzx line ".utf8) + [0xE2, 0x82]
                + Array(" vvkw ".utf8) + [0xED, 0xA0, 0x80] + Array(" vvkw ".utf8) + [0xC0, 0xAF] + Array(" end".utf8)
            let repaired = Array(String(decoding: invalid, as: UTF8.self).utf8)
            #expect(repaired.count > invalid.count, "the test line must have invalid sequences")

            /// A line as the input holds it: the text and "\n", or a JSON object with the text under "text", its
            /// bytes as they are (JSONSerialization would refuse invalid UTF-8).
            func inputLine(_ line: [UInt8]) -> [UInt8] {
                guard jsonl else { return line + [0x0A] }
                var bytes = Array(#"{"id": 7, "text": ""#.utf8)
                for b in line { bytes += b == 0x22 || b == 0x5C ? [0x5C, b] : [b] }
                return bytes + Array("\"}\n".utf8)
            }
            func write(_ name: String, _ lines: [[UInt8]]) throws -> URL {
                let url = directory.appendingPathComponent(name)
                try Data(lines.flatMap(inputLine)).write(to: url)
                return url
            }
            // The bad line is the first to start past 1.5 MiB: in the middle of the second 1 MiB chunk.
            var badLine = 1
            var offset = 0
            while offset < 3 << 19 {
                offset += inputLine(lines[badLine - 1]).count
                badLine += 1
            }
            try #require(offset < 2 << 20 && badLine < lines.count, "the bad line must be in the second chunk")
            func train(_ input: URL, _ policy: String? = nil, to output: String) throws -> Tok.Result {
                var arguments = ["train", "--preset", "gpt2", "--vocab-size", "600", "--threads", "2",
                                 "-o", directory.appendingPathComponent(output).path]
                if jsonl { arguments += ["--jsonl-key", "text"] }
                if let policy { arguments += ["--on-invalid-utf8", policy] }
                return try Tok.run(arguments + [input.path])
            }
            func trained(_ output: String) throws -> Data { try Data(contentsOf: directory.appendingPathComponent(output)) }

            let ext = jsonl ? "jsonl" : "txt"
            var withInvalid = lines
            withInvalid[badLine - 1] = invalid
            let input = try write("input.\(ext)", withInvalid)
            var withRepaired = lines
            withRepaired[badLine - 1] = repaired
            let repairedInput = try write("repaired.\(ext)", withRepaired)
            lines.remove(at: badLine - 1)
            let withoutInput = try write("without.\(ext)", lines)

            // error (the default, and by name): the file and line, and no output file.
            for policy in [nil, "error"] {
                let failed = try train(input, policy, to: "failed.json")
                #expect(failed.status != 0)
                #expect(failed.stderrText.contains("\(input.path):\(badLine): invalid UTF-8 (--on-invalid-utf8 replace or skip to go on)"),
                        "\(failed.stderrText)")
                #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("failed.json").path))
            }

            // replace: as on the file with the line decoded with U+FFFD; skip: as on the file without the line.
            // The summary says how many lines either touched.
            let policies = [("replace", repairedInput, 30_000, "1 line with invalid UTF-8 replaced"),
                            ("skip", withoutInput, 29_999, "1 line skipped (invalid UTF-8)")]
            for (policy, referenceInput, sequences, note) in policies {
                let run = try train(input, policy, to: "\(policy).json")
                try #require(run.status == 0, "\(policy): \(run.stderrText)")
                #expect(run.stderrText.contains(" \(sequences) sequences, "), "\(policy): \(run.stderrText)")
                #expect(run.stderrText.contains("), \(note) in "), "\(policy): \(run.stderrText)")
                let reference = try train(referenceInput, to: "\(policy)-reference.json")
                try #require(reference.status == 0, "\(policy) reference: \(reference.stderrText)")
                #expect(!reference.stderrText.contains("invalid UTF-8"))
                #expect(try trained("\(policy).json") == (try trained("\(policy)-reference.json")),
                        "--on-invalid-utf8 \(policy) trains otherwise than its reference input")
            }

            // The line's words count: replacing and skipping it train different vocabularies.
            #expect(try trained("replace.json") != (try trained("skip.json")))
        }
    }

    // MARK: Helpers

    /// A tokenizer.json with a pre-tokenizer setting and a model.
    static func pipeline(_ preTokenizer: String, model: String) -> String {
        switch preTokenizer {
        case "bytelevel":
            return #"{"pre_tokenizer":{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true},"decoder":{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true},"model":\#(model)}"#
        case "bert":
            return #"{"normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},"pre_tokenizer":{"type":"BertPreTokenizer"},"model":\#(model)}"#
        default:
            return #"{"pre_tokenizer":{"type":"Whitespace"},"model":\#(model)}"#
        }
    }

    struct ReferenceEncoding: Decodable {
        let ids: [UInt32]
        let tokens: [String]
        let offsets: [[Int]]
    }
}

/// A model's vocabulary (tokens by id) and merges, read byte-exactly from a tokenizer.json.
struct ModelSections: Equatable {
    var vocabulary: [[UInt8]?] = []
    var merges: [[[UInt8]]] = []

    init(json: [UInt8]) throws {
        let document = try JSONDocument(parsing: json, source: "tokenizer.json")
        let model = try document.root.required("model")
        try model.required("vocab").forEachEntry { token, id in
            let i = try id.int()
            if i >= vocabulary.count { vocabulary += Array(repeating: nil, count: i + 1 - vocabulary.count) }
            vocabulary[i] = token
        }
        if let list = model["merges"] {
            for merge in try list.arrayElements() {
                if merge.kind == .string {
                    merges.append(try merge.stringBytes().split(separator: 0x20, omittingEmptySubsequences: false).map(Array.init))
                } else {
                    merges.append(try merge.arrayElements().map { try $0.stringBytes() })
                }
            }
        }
    }

    func describe(merge i: Int) -> String {
        i < merges.count ? merges[i].map { String(decoding: $0, as: UTF8.self).debugDescription }.joined(separator: " + ") : "none"
    }

    func describe(id i: Int) -> String {
        i < vocabulary.count ? (vocabulary[i].map { String(decoding: $0, as: UTF8.self).debugDescription } ?? "hole") : "none"
    }
}

/// What the training tests need: the shared corpus and python3 with the reference library.
struct TrainingReference: Sendable {
    let corpus: URL
    let script: URL
    let problem: String?

    static let current = TrainingReference()

    static var hasCorpus: Bool { ConformanceEnvironment.isCI || FileManager.default.fileExists(atPath: current.corpus.path) }
    static var shouldRun: Bool { ConformanceEnvironment.isCI || current.problem == nil }
    static var skipReason: Comment { "training reference tests skipped: \(current.problem ?? "")" }

    private init() {
        corpus = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/corpus")
        script = RepositoryPaths.root.appendingPathComponent("Tests/Reference/train_reference.py")
        if !FileManager.default.fileExists(atPath: corpus.path) {
            problem = "\(corpus.path) not found (../shared beside the repository)"
        } else if (try? ConformanceEnvironment.run("python3", ["-c", "import tokenizers"]))?.status != 0 {
            problem = "python3 cannot import tokenizers (pip install tokenizers==0.23.3)"
        } else {
            problem = nil
        }
    }

    /// The environment, or an error that fails the test (under CI a missing piece is a failure).
    static func require() throws -> TrainingReference {
        if let problem = current.problem { throw FixtureError("training reference unavailable: \(problem)") }
        return current
    }

    /// The corpus files the sample is cut from: English prose, several scripts, code.
    static let sampleFiles = [
        "english/gutenberg_adventures_of_sherlock_holmes.txt", "english/gutenberg_alice_in_wonderland.txt",
        "multilingual/de.txt", "multilingual/fr.txt", "multilingual/ru.txt", "multilingual/zh.txt", "multilingual/ar.txt",
        "multilingual/hi.txt", "multilingual/emoji.txt", "code/python.txt", "code/swift.txt",
    ]

    /// About `bytesPerFile` whole lines from the start of each sample file, written as one file (~1.3 MB by default).
    func sample(in directory: URL, bytesPerFile: Int = 120_000) throws -> URL {
        var bytes: [UInt8] = []
        for name in Self.sampleFiles {
            let data = Array(try Data(contentsOf: corpus.appendingPathComponent(name)))
            var end = min(bytesPerFile, data.count)
            while end < data.count && data[end - 1] != 0x0A { end += 1 }
            bytes += data[..<end]
            if bytes.last != 0x0A { bytes.append(0x0A) }
        }
        let url = directory.appendingPathComponent("sample.txt")
        try Data(bytes).write(to: url)
        return url
    }

    /// Every 8th line of the sample (about 3,000 lines), for encoding with both libraries.
    func evaluationLines(of sample: URL) throws -> [String] {
        let text = try String(contentsOf: sample, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return stride(from: 0, to: lines.count, by: 8).map { lines[$0] }
    }

    /// Runs the reference script; a non-zero exit is an error with its output.
    func python(_ arguments: [String]) throws {
        let result = try ConformanceEnvironment.run("python3", [script.path] + arguments)
        if result.status != 0 { throw FixtureError("train_reference.py \(arguments.first ?? "") failed: \(result.output)") }
    }
}

import Foundation
import Testing
import TokenizerKit

/// Saving (`Tokenizer.write(toFile:pretty:)`) every tokenizer of `../shared/vocab`, as loaded and after edits:
/// the saved file loads back into the same tokenizer, and the reference library encodes with it exactly as
/// with the original (`Tests/Reference/compare_saved.py`).
///
/// Needs `../shared` beside the repository, and for the reference python3 with `tokenizers==0.23.3`; without
/// them the tests are skipped, except under CI (`CI=true`), where a missing prerequisite is a failure.
@Suite struct SavingRoundTripTests {
    /// One tokenizer per model and decoder family, edited before saving.
    static let editedTokenizers = ["all-minilm-l6-v2", "gpt2", "llama", "t5-small", "whisper-tiny"]

    // MARK: TokenizerKit reloads what it saved

    @Test(.enabled(if: SharedTestData.available || SharedTestData.isCI, "../shared is not beside the repository"),
          .timeLimit(.minutes(30)),
          arguments: SharedTestData.tokenizerNames)
    func reloadingTheSavedFileGivesTheSameTokenizer(_ name: String) throws {
        try #require(SharedTestData.available, "\(SharedTestData.vocabulary.path) is missing (CI must have it)")
        let original = try SharedTestData.tokenizer(name)
        let lines = try Self.sampleLines()
        try withTemporaryDirectory { directory in
            try Self.expectSameAfterReloading(original, label: name, lines: lines, in: directory)
            if Self.editedTokenizers.contains(name) {
                var edited = original
                let edits = try Self.edit(&edited)
                #expect(edited.addedTokens.count > original.addedTokens.count, "\(name): the edits added no token")
                #expect(edited.padding == edits.padding)
                try Self.expectSameAfterReloading(edited, label: "\(name) (edited)", lines: lines, in: directory)
            }
        }
    }

    /// Saves `tokenizer` pretty and compact; both files load back into a tokenizer with the same settings, the
    /// same encodings of `lines` (alone and in pairs, with and without special tokens) and the same decoding;
    /// and the tokenizer read from the pretty file saves compact to the very bytes of the compact file.
    private static func expectSameAfterReloading(_ tokenizer: Tokenizer, label: String, lines: [String], in directory: URL,
                                                 sourceLocation: SourceLocation = #_sourceLocation) throws {
        var files: [(style: String, bytes: Data, reloaded: Tokenizer)] = []
        for pretty in [true, false] {
            let style = pretty ? "pretty" : "compact"
            let path = directory.appendingPathComponent("\(label) \(style).json").path
            try tokenizer.write(toFile: path, pretty: pretty)
            let bytes = try #require(FileManager.default.contents(atPath: path), sourceLocation: sourceLocation)
            files.append((style, bytes, try Tokenizer(contentsOfFile: path)))
        }
        #expect(files[1].bytes.count < files[0].bytes.count, "\(label): the compact file is not smaller", sourceLocation: sourceLocation)
        // Saving is a fixed point (checked across layouts; both runs of the writer take a few seconds in debug builds).
        #expect(Data(try files[0].reloaded.jsonData(pretty: false)) == files[1].bytes,
                "\(label): the tokenizer read from the pretty file saves other compact bytes", sourceLocation: sourceLocation)

        for (style, _, reloaded) in files {
            let what = "\(label), reloaded from the \(style) file"
            #expect(reloaded.vocabularySize == tokenizer.vocabularySize, "\(what): vocabularySize", sourceLocation: sourceLocation)
            #expect(reloaded.addedTokens == tokenizer.addedTokens, "\(what): addedTokens", sourceLocation: sourceLocation)
            #expect(reloaded.padding == tokenizer.padding, "\(what): padding", sourceLocation: sourceLocation)
            #expect(reloaded.truncation == tokenizer.truncation, "\(what): truncation", sourceLocation: sourceLocation)
            var differing = 0
            for (number, (text, pair)) in zip(lines, partners(of: lines)).enumerated() {
                for addingSpecialTokens in [false, true] {
                    for second in [nil, pair] {
                        let want = try tokenizer.encode(text, pair: second, addingSpecialTokens: addingSpecialTokens)
                        let got = try reloaded.encode(text, pair: second, addingSpecialTokens: addingSpecialTokens)
                        var fields = differences(got, want)
                        for skipping in [false, true] {
                            let decoded = try reloaded.decode(got.ids, skippingSpecialTokens: skipping)
                            let wanted = try tokenizer.decode(want.ids, skippingSpecialTokens: skipping)
                            if !decoded.utf8.elementsEqual(wanted.utf8) { fields.append("decode(skippingSpecialTokens: \(skipping))") }
                        }
                        guard !fields.isEmpty else { continue }
                        differing += 1
                        if differing <= 5 {
                            Issue.record("""
                                \(what): line \(number + 1) \(second == nil ? "alone" : "in a pair") addingSpecialTokens: \
                                \(addingSpecialTokens): \(fields.joined(separator: ", ")) differ: \(text.prefix(60).debugDescription)
                                """, sourceLocation: sourceLocation)
                        }
                    }
                }
            }
            #expect(differing == 0, "\(what): \(differing) encodings differ", sourceLocation: sourceLocation)
        }
    }

    // MARK: the reference loads what TokenizerKit saved

    @Test(.enabled(if: ReferenceLibrary.shouldRun, ReferenceLibrary.skipReason), .timeLimit(.minutes(30)))
    func referenceEncodesTheSavedFilesLikeTheOriginals() async throws {
        if let problem = ReferenceLibrary.problem {
            Issue.record("the saving round trip cannot run under CI: \(problem)")
            return
        }
        let names = SharedTestData.tokenizerNames
        #expect(!names.isEmpty, "no tokenizer in \(SharedTestData.vocabulary.path)")
        let missing = Self.editedTokenizers.filter { !names.contains($0) }
        #expect(missing.isEmpty, "edited tokenizers missing from ../shared/vocab: \(missing)")
        let lines = try Self.sampleLines()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizerkit-saving-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        // Save every tokenizer, and the edited ones, in parallel.
        let checks = try await withThrowingTaskGroup(of: [ReferenceCheck].self) { group in
            for name in names {
                group.addTask {
                    let original = try SharedTestData.tokenizer(name)
                    let path = SharedTestData.tokenizerPath(name)
                    var checks = [try Self.save(original, name: name, original: path, in: directory)]
                    if Self.editedTokenizers.contains(name) {
                        var edited = original
                        let edits = try Self.edit(&edited)
                        var check = try Self.save(edited, name: "\(name) (edited)", original: path, in: directory)
                        check.edits = edits
                        // TokenizerKit's own records for the edited tokenizer: what the reference must give.
                        let expected = directory.appendingPathComponent("\(name) (edited) TokenizerKit.json")
                        try JSONEncoder().encode(try Self.records(of: edited, lines: lines)).write(to: expected)
                        check.expected = expected.path
                        checks.append(check)
                    }
                    return checks
                }
            }
            var all: [ReferenceCheck] = []
            for try await checks in group { all += checks }
            return all.sorted { $0.name < $1.name }
        }
        let manifest = directory.appendingPathComponent("manifest.json")
        try JSONEncoder().encode(Manifest(lines: lines, pairs: zip(lines, Self.partners(of: lines)).map { [$0, $1] }, checks: checks))
            .write(to: manifest)
        let result = try ConformanceEnvironment.run(
            "env", ["RUST_BACKTRACE=0", "python3", ReferenceLibrary.script.path, manifest.path])
        // Its summary rows, and the first mismatches (there can be thousands).
        let rows = result.output.split(separator: "\n").map(String.init)
        let mismatches = rows.filter { $0.hasPrefix("MISMATCH ") }
        print("compare_saved.py:\n" + (mismatches.prefix(40) + rows.filter { !$0.hasPrefix("MISMATCH ") }).joined(separator: "\n")
              + (mismatches.count > 40 ? "\n(\(mismatches.count - 40) more mismatches)" : ""))
        #expect(result.status == 0, "compare_saved.py failed (exit \(result.status)); its output is above")
        // One issue per source that differs (saved files: a saving bug; TokenizerKit: the edited tokenizer
        // encodes differently from the reference's), and every source must have its row.
        for check in checks {
            var sources = check.saved.map { ($0 as NSString).lastPathComponent }
            if check.expected != nil { sources.append("TokenizerKit") }
            for source in sources {
                let prefix = "\(check.name): \(source): "
                guard let row = rows.first(where: { $0.hasPrefix(prefix) }) else {
                    Issue.record("compare_saved.py: no row for \(prefix)")
                    continue
                }
                #expect(row.contains(" records, 0 differ from "), "compare_saved.py: \(row)")
            }
        }
    }

    /// Saves `tokenizer` pretty and compact into `directory`.
    private static func save(_ tokenizer: Tokenizer, name: String, original: String, in directory: URL) throws -> ReferenceCheck {
        var saved: [String] = []
        for pretty in [true, false] {
            let path = directory.appendingPathComponent("\(name) \(pretty ? "pretty" : "compact").json").path
            try tokenizer.write(toFile: path, pretty: pretty)
            saved.append(path)
        }
        return ReferenceCheck(name: name, original: original, saved: saved)
    }

    // MARK: sample and edits

    /// Every other line of the shared sample, and lines with the tokens `edit(_:)` adds, alone, glued and in text.
    static func sampleLines() throws -> [String] {
        let shared = try SharedTestData.sampleLines()
        var lines = stride(from: 0, to: shared.count, by: 2).map { shared[$0] }
        let contents = editedTokens.map(\.content) + editedSpecialTokens
        lines.append(contents.joined(separator: " "))
        lines.append(contents.joined())
        lines += contents.map { "Some text with \($0)inside, and\($0) again at the end \($0)" }
        return lines
    }

    /// The second text of each line's pair: line i is paired with line i + 1 (the last with the first).
    static func partners(of lines: [String]) -> [String] {
        lines.indices.map { lines[($0 + 1) % lines.count] }
    }

    static let editedTokens = [
        AddedToken(content: "tokenizerkit"),
        AddedToken(content: "Zqxj", singleWord: true),
        AddedToken(content: " spaced out ", normalized: false),
        AddedToken(content: "<|edit|>", leftStrip: true, rightStrip: true, special: true),
    ]
    static let editedSpecialTokens = ["[EDIT-PAD]", "<extra_special>"]

    /// Adds tokens, sets padding (left, to a multiple of 8, with a new special token) and truncation (left, with
    /// a stride); returns the edits for the reference to repeat.
    static func edit(_ tokenizer: inout Tokenizer) throws -> Edits {
        tokenizer.addTokens(editedTokens)
        tokenizer.addSpecialTokens(editedSpecialTokens)
        let padToken = editedSpecialTokens[0]
        let padding = PaddingParameters(strategy: .batchLongest, direction: .left, padToMultipleOf: 8,
                                        padID: try #require(tokenizer.id(forToken: padToken)), padTypeID: 1, padToken: padToken)
        tokenizer.padding = padding
        let truncation = TruncationParameters(maximumLength: 24, stride: 2, strategy: .longestFirst, direction: .left)
        try tokenizer.setTruncation(truncation)
        return Edits(tokens: editedTokens.map(Edits.Token.init), specialTokens: editedSpecialTokens,
                     padding: padding, truncation: truncation)
    }

    // MARK: comparing

    /// The fields in which two encodings differ (strings compared by scalars, not by canonical equivalence).
    static func differences(_ a: Encoding, _ b: Encoding) -> [String] {
        var fields: [String] = []
        if a.ids != b.ids { fields.append("ids") }
        if a.typeIDs != b.typeIDs { fields.append("typeIDs") }
        if !a.tokens.map({ Array($0.utf8) }).elementsEqual(b.tokens.map({ Array($0.utf8) })) { fields.append("tokens") }
        if a.offsets != b.offsets { fields.append("offsets") }
        if a.specialTokensMask != b.specialTokensMask { fields.append("specialTokensMask") }
        if a.attentionMask != b.attentionMask { fields.append("attentionMask") }
        if a.wordIDs != b.wordIDs { fields.append("wordIDs") }
        if a.sequenceIDs != b.sequenceIDs { fields.append("sequenceIDs") }
        if a.overflowing.count != b.overflowing.count {
            fields.append("overflowing.count")
        } else {
            for (index, (x, y)) in zip(a.overflowing, b.overflowing).enumerated() {
                fields += differences(x, y).map { "overflowing[\(index)].\($0)" }
            }
        }
        return fields
    }

    /// TokenizerKit's output in compare_saved.py's record format and order.
    static func records(of tokenizer: Tokenizer, lines: [String]) throws -> [Record] {
        var records: [Record] = []
        for (number, (text, pair)) in zip(lines, partners(of: lines)).enumerated() {
            for addingSpecialTokens in [false, true] {
                for (kind, second) in [("single", nil), ("pair", pair)] as [(String, String?)] {
                    var record = Record(line: number + 1, kind: "\(kind), add_special_tokens=\(addingSpecialTokens ? "True" : "False")")
                    do {
                        let encoding = try tokenizer.encode(text, pair: second, addingSpecialTokens: addingSpecialTokens)
                        record.fields = Record.Fields(encoding)
                        record.overflowing = encoding.overflowing.map(Record.Fields.init)
                        record.decoded = try tokenizer.decode(encoding.ids, skippingSpecialTokens: true)
                        record.decodedWithSpecialTokens = try tokenizer.decode(encoding.ids, skippingSpecialTokens: false)
                    } catch {
                        record.error = "\(error)"
                    }
                    records.append(record)
                }
            }
        }
        return records
    }
}

// MARK: - compare_saved.py's manifest

extension SavingRoundTripTests {
    /// python3 with the reference library, and the helper script, found once.
    enum ReferenceLibrary {
        static let script = RepositoryPaths.root.appendingPathComponent("Tests/Reference/compare_saved.py")

        /// Why the reference cannot be run, or nil.
        static let problem: String? = {
            if !SharedTestData.available {
                return "\(SharedTestData.root.path) not found (../shared beside the repository)"
            }
            if !FileManager.default.fileExists(atPath: script.path) { return "\(script.path) not found" }
            if (try? ConformanceEnvironment.run("python3", ["-c", "import tokenizers"]))?.status != 0 {
                return "python3 cannot import tokenizers (pip install tokenizers==0.23.3)"
            }
            return nil
        }()

        /// Runs when everything is there, and always under CI (where a missing piece fails the test).
        static var shouldRun: Bool { SharedTestData.isCI || problem == nil }

        static var skipReason: Comment { "saving round trip with the reference skipped: \(problem ?? "")" }
    }

    struct Manifest: Encodable {
        let lines: [String]
        let pairs: [[String]]
        let checks: [ReferenceCheck]
    }

    struct ReferenceCheck: Encodable {
        let name: String
        let original: String
        let saved: [String]
        var edits: Edits? = nil
        var expected: String? = nil
    }

    /// The edits made before saving, as compare_saved.py repeats them through the reference's Python API.
    struct Edits: Encodable {
        struct Token: Encodable {
            let content: String
            let singleWord, leftStrip, rightStrip, normalized, special: Bool

            enum CodingKeys: String, CodingKey {
                case content, singleWord = "single_word", leftStrip = "lstrip", rightStrip = "rstrip", normalized, special
            }

            init(_ token: AddedToken) {
                content = token.content
                singleWord = token.singleWord
                leftStrip = token.leftStrip
                rightStrip = token.rightStrip
                normalized = token.normalized
                special = token.special
            }
        }

        let tokens: [Token]
        let specialTokens: [String]
        let padding: PaddingParameters
        let truncation: TruncationParameters

        enum CodingKeys: String, CodingKey { case tokens, specialTokens = "special_tokens", padding, truncation }
        enum PaddingKeys: String, CodingKey { case direction, pad_id, pad_type_id, pad_token, length, pad_to_multiple_of }
        enum TruncationKeys: String, CodingKey { case max_length, stride, strategy, direction }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(tokens, forKey: .tokens)
            try container.encode(specialTokens, forKey: .specialTokens)
            var p = container.nestedContainer(keyedBy: PaddingKeys.self, forKey: .padding)
            try p.encode(padding.direction == .left ? "left" : "right", forKey: .direction)
            try p.encode(padding.padID, forKey: .pad_id)
            try p.encode(padding.padTypeID, forKey: .pad_type_id)
            try p.encode(padding.padToken, forKey: .pad_token)
            if case let .fixed(length) = padding.strategy { try p.encode(length, forKey: .length) }
            try p.encodeIfPresent(padding.padToMultipleOf, forKey: .pad_to_multiple_of)
            var t = container.nestedContainer(keyedBy: TruncationKeys.self, forKey: .truncation)
            try t.encode(truncation.maximumLength, forKey: .max_length)
            try t.encode(truncation.stride, forKey: .stride)
            let strategies: [TruncationParameters.Strategy: String] = [
                .longestFirst: "longest_first", .onlyFirst: "only_first", .onlySecond: "only_second",
            ]
            try t.encode(strategies[truncation.strategy], forKey: .strategy)
            try t.encode(truncation.direction == .left ? "left" : "right", forKey: .direction)
        }
    }

    /// One encoding in compare_saved.py's format.
    struct Record: Encodable {
        struct Fields: Encodable {
            let ids, typeIDs: [UInt32]
            let tokens: [String]
            let offsets: [[Int]]
            let attentionMask, specialTokensMask: [UInt32]
            let wordIDs: [Int?]

            enum CodingKeys: String, CodingKey {
                case ids, typeIDs = "type_ids", tokens, offsets, attentionMask = "attention_mask"
                case specialTokensMask = "special_tokens_mask", wordIDs = "word_ids"
            }

            init(_ e: Encoding) {
                ids = e.ids
                typeIDs = e.typeIDs
                tokens = e.tokens
                offsets = e.offsets.map { [$0.lowerBound, $0.upperBound] }
                attentionMask = e.attentionMask
                specialTokensMask = e.specialTokensMask
                wordIDs = e.wordIDs
            }
        }

        let line: Int
        let kind: String
        var fields: Fields? = nil
        var overflowing: [Fields] = []
        var decoded: String? = nil
        var decodedWithSpecialTokens: String? = nil
        var error: String? = nil

        enum CodingKeys: String, CodingKey {
            case line, kind, overflowing, decoded, decodedWithSpecialTokens = "decoded_with_special_tokens", error
        }

        func encode(to encoder: any Encoder) throws {
            try fields?.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(line, forKey: .line)
            try container.encode(kind, forKey: .kind)
            if let error {
                try container.encode(error, forKey: .error)
            } else {
                try container.encode(overflowing, forKey: .overflowing)
                try container.encode(decoded, forKey: .decoded)
                try container.encode(decodedWithSpecialTokens, forKey: .decodedWithSpecialTokens)
            }
        }
    }
}

import Foundation
import Testing
@testable import TokenizerKit

/// vocab.txt (BERT WordPiece) and vocab.json + merges.txt (GPT-2 byte-level BPE): recognition by content,
/// reading as transformers 5.25 reads them (ids recorded from BertTokenizer / GPT2Tokenizer.from_pretrained on
/// the same files), folders, errors naming file and line, saving, and scripts/vocabulary_file_conformance.py
/// against transformers on a corpus sample. Every test that needs ../shared, python3 or transformers fails
/// when they are missing.
@Suite struct VocabularyFileTests {
    static let script = RepositoryPaths.root.appendingPathComponent("scripts/vocabulary_file_conformance.py")

    /// A small vocab.txt with what transformers' reading does to lines: `world ` and `foo\r` lose their
    /// trailing whitespace, `hello` is given again on line 9 (id 8; id 5 stays unused), line 11 is the empty token.
    static let smallVocabTxt = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nhello\nworld \nfoo\r\nhello\n##s\n\nbar\n"

    static let smallVocabJSON = #"{"a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4, "Ġ": 5, "Ġab": 6, "<|endoftext|>": 7}"#
    static let smallMerges = "#version: 0.2\na b\nab c\n"

    static func write(_ files: [String: String], in directory: URL) throws {
        for (name, text) in files { try Data(text.utf8).write(to: directory.appendingPathComponent(name)) }
    }

    // MARK: Recognition and reading

    @Test func recognisesTheFormatsByContent() {
        #expect(Tokenizer.kind(ofFile: Array(Self.smallVocabTxt.utf8)) == .wordPieceVocabulary)
        #expect(Tokenizer.kind(ofFile: Array("[PAD]\r\n[UNK]\r\nthe\r\n".utf8)) == .wordPieceVocabulary)
        #expect(Tokenizer.kind(ofFile: Array(Self.smallVocabJSON.utf8)) == .byteLevelVocabulary)
        #expect(Tokenizer.kind(ofFile: Array(" {\n  \"!\": 0}".utf8)) == .byteLevelVocabulary)
        #expect(Tokenizer.kind(ofFile: Array(Self.smallMerges.utf8)) == .merges)
        #expect(Tokenizer.kind(ofFile: Array(" {\"version\": \"1.0\", \"model\": {}}".utf8)) == .tokenizerJSON)
        #expect(Tokenizer.kind(ofFile: Array("{\"added_tokens\": [], \"model\": {\"vocab\": {\"a\": 0}}}".utf8)) == .tokenizerJSON)
        #expect(Tokenizer.kind(ofFile: Array("{\"config\": {\"pattern\": \"x\", \"default_vocab_size\": 5}}".utf8)) == .tekken)
        #expect(Tokenizer.kind(ofFile: Array("IQ== 0\nIg== 1\n".utf8)) == .tiktoken)
        #expect(Tokenizer.kind(ofFile: Array("hello world\n".utf8)) == .unknown)
        #expect(Tokenizer.kind(ofFile: [0x61, 0xFF, 0x0A]) == .unknown)
    }

    @Test func readsVocabTxtAsTransformers() throws {
        // Recorded: BertTokenizer.from_pretrained on this file; its model vocabulary.
        let text = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\na\u{3000}\nb\u{A0}\nc\t\n d\ne\rf\n\u{85}g\u{85}\n"
        let file = try WordPieceVocabularyFile(parsing: Array(text.utf8), path: "vocab.txt")
        #expect(file.entries.map(\.token) == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "a", "b", "c", " d", "e\rf", "\u{85}g"])
        #expect(file.entries.map(\.id) == Array(0..<11))
        let small = try WordPieceVocabularyFile(parsing: Array(Self.smallVocabTxt.utf8), path: "vocab.txt")
        #expect(small.lineCount == 12 && small.repeatedLines == 1)
        #expect(small.entries.first { $0.token == "hello" }?.id == 8)
        #expect(small.entries.first { $0.token == "" }?.id == 10)
        #expect(!small.entries.contains { $0.id == 5 })
    }

    /// ids from transformers: BertTokenizer.from_pretrained(folder)("hello worlds foo bar"), with the folder
    /// as it is and with a tokenizer_config.json; the same for the file on its own and `tok`.
    @Test func loadsVocabTxtAsFileAndFolder() throws {
        try withTemporaryDirectory { directory in
            try Self.write(["vocab.txt": Self.smallVocabTxt], in: directory)
            let file = directory.appendingPathComponent("vocab.txt").path
            for tokenizer in [try Tokenizer.loading(contentsOfFileOrDirectory: file),
                              try Tokenizer.loading(contentsOfFileOrDirectory: directory.path),
                              try Tokenizer.loading(wordPieceVocabularyFile: file)] {
                #expect(try tokenizer.encode("Hello worlds foo bar", addingSpecialTokens: true).ids == [2, 8, 6, 9, 7, 11, 3])
                #expect(try tokenizer.encode("Hello worlds foo bar", addingSpecialTokens: false).ids == [8, 6, 9, 7, 11])
                #expect(try tokenizer.encode("a", pair: "b", addingSpecialTokens: true).typeIDs == [0, 0, 0, 1, 1])
                #expect(try tokenizer.decode([2, 8, 6, 9, 3], skippingSpecialTokens: false) == "[CLS] hello worlds [SEP]")
                #expect(tokenizer.sourceFormat?.format == "vocab.txt (BERT WordPiece)")
            }
            let folder = try ModelFolder(path: directory.path)
            #expect(folder.tokenizerClass == "BertTokenizer")
            #expect(folder.specialTokens.classifier?.id == 2 && folder.specialTokens.mask?.id == 4)
            // Cased by the configuration beside it.
            try Self.write(["tokenizer_config.json": #"{"tokenizer_class": "BertTokenizer", "do_lower_case": false, "model_max_length": 64}"#], in: directory)
            let cased = try Tokenizer.loading(contentsOfFileOrDirectory: file)
            #expect(try cased.encode("Hello hello", addingSpecialTokens: false).ids == [1, 8])
            #expect(cased.summary.contains("inferred:       lowercase: false (tokenizer_config.json)"), "\(cased.summary)")
            #expect(cased.summary.contains("model_max_length: 64 (tokenizer_config.json)"))
        }
    }

    /// ids from transformers: GPT2Tokenizer.from_pretrained(folder)("ab abc") = [3, 5, 4]: merges `a b`, then
    /// `ab c`; `Ġab` is a token no merge makes.
    @Test func loadsVocabJSONAndMergesAsFileAndFolder() throws {
        try withTemporaryDirectory { directory in
            try Self.write(["vocab.json": Self.smallVocabJSON, "merges.txt": Self.smallMerges], in: directory)
            let file = directory.appendingPathComponent("vocab.json").path
            for tokenizer in [try Tokenizer.loading(contentsOfFileOrDirectory: file),
                              try Tokenizer.loading(contentsOfFileOrDirectory: directory.path),
                              try Tokenizer.loading(byteLevelVocabularyFile: file)] {
                #expect(try tokenizer.encode("ab abc<|endoftext|>", addingSpecialTokens: true).ids == [3, 5, 4, 7])
                #expect(try tokenizer.decode([3, 5, 4, 7], skippingSpecialTokens: true) == "ab abc")
                #expect(tokenizer.addedTokens[7]?.content == "<|endoftext|>")
            }
            // PREFIXvocab.json finds PREFIXmerges.txt before merges.txt; add_bos_token through the configuration.
            try Self.write(["tiny-vocab.json": Self.smallVocabJSON, "tiny-merges.txt": "a b\n",
                            "tokenizer_config.json": #"{"add_bos_token": true, "add_prefix_space": true}"#], in: directory)
            let tiny = try Tokenizer.loading(contentsOfFileOrDirectory: directory.appendingPathComponent("tiny-vocab.json").path)
            #expect(try tiny.encode("ab", addingSpecialTokens: true).ids == [7, 5, 3])
            #expect(tiny.summary.contains("tiny-merges.txt: 1 merges"), "\(tiny.summary)")
            let folder = try ModelFolder(path: directory.path)
            #expect(folder.addsBOSToken && !folder.addsEOSToken)
            #expect(try folder.tokenizer.encode("ab abc", addingSpecialTokens: true).ids == [7, 5, 3, 5, 4])
        }
    }

    /// A folder saved by a slow tokenizer: added_tokens.json (without added_tokens_decoder in a configuration).
    /// ids and added-token flags from transformers' BertTokenizer / GPT2Tokenizer.from_pretrained on the folder:
    /// `<new>` is normal (additional_special_tokens does not make it special there), and takes id 11, the size
    /// of the vocabulary, as `tokenizers` gives it (although the file says 12 and 11 is `bar`).
    @Test func readsALegacyAddedTokensFile() throws {
        try withTemporaryDirectory { directory in
            try Self.write(["vocab.txt": Self.smallVocabTxt, "added_tokens.json": #"{"<new>": 12, "[MASK]": 4, "zz": 13}"#,
                            "special_tokens_map.json": #"{"additional_special_tokens": ["<new>"]}"#], in: directory)
            let bert = try Tokenizer.loading(contentsOfFileOrDirectory: directory.path)
            #expect(try bert.encode("hello <new> zz [MASK]x zzz", addingSpecialTokens: true).ids == [2, 8, 11, 12, 4, 1, 12, 1, 3])
            #expect(bert.addedTokens[11] == AddedToken(content: "<new>", normalized: true, special: false))
            #expect(bert.addedTokens[4] == AddedToken(content: "[MASK]", normalized: true, special: true))
        }
        try withTemporaryDirectory { directory in
            try Self.write(["vocab.json": Self.smallVocabJSON, "merges.txt": Self.smallMerges,
                            "added_tokens.json": #"{"<pad>": 8, "ab": 3, "<x>": 9}"#,
                            "special_tokens_map.json": #"{"pad_token": "<pad>"}"#], in: directory)
            let gpt2 = try Tokenizer.loading(contentsOfFileOrDirectory: directory.appendingPathComponent("vocab.json").path)
            #expect(try gpt2.encode("ab<pad> ab <x>abc", addingSpecialTokens: true).ids == [3, 8, 5, 3, 5, 9, 3, 2])
            #expect(gpt2.addedTokens[8] == AddedToken(content: "<pad>", normalized: false, special: true))
        }
    }

    // MARK: Errors

    /// (vocab.json, merges.txt, file at fault, line, part of the message); the reference fails on each.
    static let errorCases: [(String, String, String, Int, String)] = [
        (smallVocabJSON, "#version: 0.2\na b\n\nab c\n", "merges.txt", 3, "expected two tokens"),
        (smallVocabJSON, "#version: 0.2\na b\nab c\n\n", "merges.txt", 4, "expected two tokens"),
        (smallVocabJSON, "#version: 0.2\na b c\n", "merges.txt", 2, "\"a b c\""),
        (smallVocabJSON, "a b \n", "merges.txt", 1, "expected two tokens"),
        (smallVocabJSON, "#version: 0.2\na b\nab x\n", "merges.txt", 3, "the token \"x\" is not in"),
        (smallVocabJSON, "#version: 0.2\na b\nb c\n", "merges.txt", 3, "the token \"bc\" is not in"),
        (smallVocabJSON, "#v\na b\n", "merges.txt", 1, "expected two tokens"),
        (smallVocabJSON, "a b\n\u{FF}", "merges.txt", 2, "not valid UTF-8"),
        ("[1, 2]", "a b\n", "vocab.json", 1, "expected a JSON object"),
        ("{\"a\": 0,\n \"b\": \"x\"}", "a b\n", "vocab.json", 2, "the id of \"b\""),
        ("{\"a\": 0, \"b\": -1}", "a b\n", "vocab.json", 1, "non-negative"),
        ("{\"a\": 0, \"b\": 1.5}", "a b\n", "vocab.json", 1, "non-negative"),
        ("{\"a\": 0,\n\"b\": 0}", "a b\n", "vocab.json", 2, "the id 0 is given to both"),
        ("{\"a\": 0,\n\"a\": 1}", "a b\n", "vocab.json", 2, "given twice"),
    ]

    @Test(arguments: VocabularyFileTests.errorCases)
    func namesTheFileAndLineAtFault(_ testCase: (String, String, String, Int, String)) throws {
        let (vocabulary, merges, culprit, line, message) = testCase
        var mergesBytes = Array(merges.utf8)
        if merges.hasSuffix("\u{FF}") { mergesBytes = Array(merges.dropLast().utf8) + [0xFF] }
        do {
            _ = try ByteLevelVocabularyFiles(vocabulary: Array(vocabulary.utf8), vocabularyPath: "vocab.json",
                                             merges: mergesBytes, mergesPath: "merges.txt")
            Issue.record("loaded \(merges.debugDescription)")
        } catch let TokenizerError.invalidVocabularyFile(path, _, errorLine, errorMessage) {
            #expect(path == culprit)
            #expect(errorLine == line)
            #expect(errorMessage.contains(message), "\(errorMessage)")
        }
    }

    @Test func refusesWhatItCannotLoad() throws {
        try withTemporaryDirectory { directory in
            // vocab.txt that is not UTF-8: its line.
            try Data(Array("[PAD]\n[UNK]\n".utf8) + [0xFF, 0x0A]).write(to: directory.appendingPathComponent("vocab.txt"))
            do {
                _ = try Tokenizer.loading(wordPieceVocabularyFile: directory.appendingPathComponent("vocab.txt").path)
                Issue.record("loaded a vocab.txt that is not UTF-8")
            } catch let TokenizerError.invalidVocabularyFile(_, format, line, message) {
                #expect(format == "vocab.txt" && line == 3 && message == "not valid UTF-8")
            }
            // vocab.json without merges.txt; merges.txt on its own.
            try Self.write(["vocab.json": Self.smallVocabJSON], in: directory)
            do {
                _ = try Tokenizer.loading(contentsOfFileOrDirectory: directory.appendingPathComponent("vocab.json").path)
                Issue.record("loaded a vocab.json without merges.txt")
            } catch let TokenizerError.invalidVocabularyFile(_, _, _, message) {
                #expect(message.contains("needs its merges.txt"))
            }
            try Self.write(["merges.txt": Self.smallMerges, "other.txt": "a b\n"], in: directory)
            do {
                _ = try Tokenizer.loading(contentsOfFileOrDirectory: directory.appendingPathComponent("merges.txt").path)
                Issue.record("loaded a merges.txt alone")
            } catch let TokenizerError.invalidVocabularyFile(_, _, _, message) {
                #expect(message.contains("loaded with its vocab.json"))
            }
            // A class that is BertTokenizer under another name; another class declared for vocabulary files.
            let bertFolder = directory.appendingPathComponent("distilbert")
            try FileManager.default.createDirectory(at: bertFolder, withIntermediateDirectories: true)
            try Self.write(["vocab.txt": Self.smallVocabTxt, "tokenizer_config.json": #"{"tokenizer_class": "DistilBertTokenizerFast"}"#], in: bertFolder)
            let distilBERT = try Tokenizer.loading(contentsOfFileOrDirectory: bertFolder.path)
            #expect(try distilBERT.encode("hello", addingSpecialTokens: true).ids == [2, 8, 3])
            #expect(distilBERT.summary.contains("class: DistilBertTokenizer (tokenizer_class of tokenizer_config.json, built as BertTokenizer)"), "\(distilBERT.summary)")
            try Self.write(["tokenizer_config.json": #"{"tokenizer_class": "DPRReaderTokenizer"}"#], in: bertFolder)
            #expect(throws: ModelFolderError.self) { try ModelFolder(path: bertFolder.path) }
            try Self.write(["tokenizer_config.json": #"{"tokenizer_class": "RobertaTokenizer"}"#], in: directory)
            #expect(throws: ModelFolderError.self) { try ModelFolder(path: directory.path) }
        }
    }

    @Test func tokNamesTheMergesLineAtFaultAndTheFormat() throws {
        try withTemporaryDirectory { directory in
            try Self.write(["vocab.json": Self.smallVocabJSON, "merges.txt": "#version: 0.2\na b\nab  c\n"], in: directory)
            let broken = try Tok.run(["info", "-t", directory.path])
            #expect(broken.status != 0)
            #expect(broken.stderrText.contains("merges.txt:3: not a valid merges.txt: expected two tokens"), "\(broken.stderrText)")
            try Self.write(["merges.txt": Self.smallMerges], in: directory)
            let info = try Tok.run(["info", "-t", directory.appendingPathComponent("vocab.json").path])
            try #require(info.status == 0, "\(info.stderrText)")
            #expect(info.stdoutText.contains("format:         vocab.json + merges.txt (GPT-2 byte-level BPE)\n"))
            #expect(info.stdoutText.contains("class: GPT2Tokenizer (the folder declares none)"))
            let encoded = try Tok.run(["encode", "-t", directory.path, "--format", "ids", "--quiet"], standardInput: Data("ab abc\n".utf8))
            #expect(encoded.stdoutText == "3 5 4\n", "\(encoded.stderrText)")
        }
    }

    // MARK: Against transformers

    /// The cases of the conformance script (vocab files written from ../shared/vocab), loaded here, saved as
    /// tokenizer.json, and those files loaded by `tokenizers` compared with transformers on the corpus sample.
    @Test(.timeLimit(.minutes(20)))
    func savesATokenizerJSONThatEncodesAsTransformers() throws {
        try VocabularyFileConformance.requireEnvironment()
        try withTemporaryDirectory { directory in
            let cases = directory.appendingPathComponent("cases")
            let written = try ConformanceEnvironment.run("python3", [Self.script.path, "--write-files", cases.path,
                                                                     "--only", "bert-base-uncased,all-minilm,gpt2"])
            try #require(written.status == 0, "\(written.output)")
            var saved: [String] = []
            for row in written.output.split(separator: "\n") {
                let fields = row.split(separator: "\t").map(String.init)
                guard fields.count == 3 else { continue }
                let tokenizer = try Tokenizer.loading(contentsOfFileOrDirectory: fields[2])
                let path = directory.appendingPathComponent("\(fields[0]).tokenizer.json")
                try Data(try tokenizer.jsonData()).write(to: path)
                saved.append("\(fields[0])=\(path.path)")
            }
            #expect(saved.count == 7, "\(written.output)") // with the -cased, -added-tokens and -prefix-space-bos-eos variants
            let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_VOCABULARY_CONFORMANCE_LINES"] ?? "5"
            let result = try ConformanceEnvironment.run("python3", [Self.script.path, "--lines", lines, "--saved"] + saved)
            print("saved vocabulary-file tokenizers:\n\(result.output)")
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains("every line matches"))
        }
    }

    /// scripts/vocabulary_file_conformance.py on a sample of every corpus file: `tok encode` (with and without
    /// special tokens, file and folder) and `tok decode` against transformers on the same files.
    @Test(.timeLimit(.minutes(20)))
    func matchesTransformersOnTheCorpus() throws {
        try VocabularyFileConformance.requireEnvironment()
        let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_VOCABULARY_CONFORMANCE_LINES"] ?? "5"
        let result = try ConformanceEnvironment.run("python3", [Self.script.path, "--tok", try Tok.executable.path, "--lines", lines])
        print("vocabulary file conformance:\n\(result.output)")
        #expect(result.status == 0, "vocabulary file conformance failed (exit \(result.status)):\n\(result.output)")
        for name in ["bert-base-uncased/vocab.txt", "all-minilm-l6-v2/vocab.txt", "quicktour-wiki-wordpiece/vocab.txt",
                     "bert-base-uncased-cased/vocab.txt", "gpt2/vocab.json", "roberta-base/vocab.json", "phi-2/vocab.json",
                     "gpt2-prefix-space-bos-eos/vocab.json", "bert-base-uncased-added-tokens/vocab.txt", "gpt2-added-tokens/vocab.json"] {
            #expect(result.output.contains("\(name) encode "), "no row for \(name)")
        }
        #expect(result.output.contains("every line matches"))
    }
}

/// What the comparisons with transformers need: ../shared and python3 with transformers 5.25.0 (scripts/test.sh
/// installs it). A missing piece fails the test.
enum VocabularyFileConformance {
    static func requireEnvironment() throws {
        let shared = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared")
        try #require(FileManager.default.fileExists(atPath: shared.appendingPathComponent("vocab/gpt2/tokenizer.json").path),
                     "\(shared.path)/vocab not found (../shared beside the repository)")
        try #require(FileManager.default.fileExists(atPath: shared.appendingPathComponent("corpus").path), "\(shared.path)/corpus not found")
        let check = try ConformanceEnvironment.run("python3", ["-c", "import transformers, tokenizers; assert transformers.__version__ == '5.25.0', transformers.__version__"])
        try #require(check.status == 0, "python3 needs transformers==5.25.0 and tokenizers (scripts/test.sh installs them): \(check.output)")
    }
}

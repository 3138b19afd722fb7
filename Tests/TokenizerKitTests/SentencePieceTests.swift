import Foundation
import Testing
@testable import TokenizerKit

/// SentencePiece `.model` files: recognition by content, encodings against ids from the `sentencepiece`
/// package (0.2.3), protobuf errors, model folders, `tok`, and scripts/sentencepiece_conformance.py on a
/// corpus sample. The shared models (../shared/vocab/sentencepiece) are required: without them these tests fail.
@Suite struct SentencePieceTests {
    static let folder = RepositoryPaths.root.deletingLastPathComponent().appendingPathComponent("shared/vocab/sentencepiece")

    static func model(_ name: String) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try #require(FileManager.default.fileExists(atPath: path), "\(path) is missing (../shared beside the repository)")
        return path
    }

    /// (file, text, `SentencePieceProcessor.encode(text)`, `decode(ids)`), recorded with sentencepiece 0.2.3.
    static let cases: [(String, String, [UInt32], String)] = [
        ("llama2.model", "Hello world", [15043, 3186], "Hello world"),
        ("llama2.model", "  two  spaces 中文 🤗", [259, 1023, 29871, 8162, 29871, 30275, 30333, 29871, 243, 162, 167, 154], "  two  spaces 中文 🤗"),
        ("mistral-instruct-v3.model", "    V [INST] x", [1028, 1318, 1501, 17057, 29561, 2086], "    V [INST] x"),
        ("mistral-instruct-v3.model", "[REFERENCE_DOC_3]ab", [29473, 767, 1143], "[REFERENCE_DOC_3]ab"),
        ("chatglm-6b-ice_text.model", "Hello<n>world\ttab", [19316, 4, 4664, 4162], "Hello<n>world tab"),
        ("marian-nmt-vocab.joint.spm", "Hello world (#0) 2024", [352, 13919, 278, 1116, 4, 278, 290, 286, 290, 308, 278], "Hello world (#0) 2024 "),
        ("sp-test-en-unigram.model", "I saw a girl with a telescope.", [9, 459, 11, 939, 44, 11, 4, 142, 82, 8, 28, 21, 132, 6], "I saw a girl with a telescope."),
        ("sp-test-ja-unigram.model", "吾輩は猫である", [6, 3973, 6019, 9, 6022, 24], "吾輩は猫である"),
        ("bpemb-en-wiki-bpe-vs100000.model", "Hello  World ☃ ünïcödé", [99912, 0, 6595, 99912, 0, 46318, 99912, 0, 99912, 9567, 0, 99924, 99964, 20202],
         " ⁇ ello  ⁇ orld  ⁇  ün ⁇ cödé"),
    ]

    @Test(arguments: SentencePieceTests.cases)
    func encodesAsSentencePiece(_ testCase: (String, String, [UInt32], String)) throws {
        let (file, text, ids, decoded) = testCase
        let path = try Self.model(file)
        let tokenizer = try Tokenizer.loading(contentsOfFileOrDirectory: path)
        #expect(tokenizer.sourceFormat?.format == "sentencepiece")
        let encoding = try tokenizer.encode(text)
        #expect(encoding.ids == ids)
        #expect(try tokenizer.decode(ids) == decoded)
        // The ids-only path agrees, and offsets stay inside the text and in order.
        var workspace = EncodingWorkspace()
        var fast: [UInt32] = []
        var bytes = Array(text.utf8)
        try bytes.withUnsafeMutableBufferPointer { try tokenizer.encodeIDs(utf8: UnsafeBufferPointer($0), using: &workspace, into: &fast) }
        #expect(fast == ids)
        let scalars = text.unicodeScalars.count
        for (range, next) in zip(encoding.offsets, encoding.offsets.dropFirst()) {
            #expect(range.upperBound <= scalars && range.lowerBound <= next.lowerBound)
        }
        // Tokenizer(contentsOfFile:) recognises the file too.
        #expect(try Tokenizer(contentsOfFile: path).encode(text).ids == ids)
    }

    @Test func recognisesAModelByContent() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.model("sp-test-en-unigram.model"))))
        #expect(Tokenizer.kind(ofFile: bytes) == .sentencePiece)
        #expect(Tokenizer.kind(ofFile: Array("\n= 5\n".utf8)) == .tiktoken)
        #expect(Tokenizer.kind(ofFile: [0x0A, 0x03, 0x10, 0x01, 0x00]) != .sentencePiece) // a piece without its `piece`
    }

    @Test func infoNamesTypeAndNormalizer() throws {
        let llama = try Tokenizer(sentencePieceFile: try Self.model("llama2.model"))
        #expect(llama.summary.contains("format:         sentencepiece (BPE model)"))
        #expect(llama.summary.contains("byte_fallback true"))
        #expect(llama.summary.contains("add_dummy_prefix true, remove_extra_whitespaces false"))
        #expect(llama.vocabularySize == 32000)
        #expect(llama.id(forToken: "<s>") == 1)
        #expect(llama.token(forID: 3) == "<0x00>")
        let ja = try Tokenizer(sentencePieceFile: try Self.model("sp-test-ja-unigram.model"))
        #expect(ja.summary.contains("(Unigram model)"))
        #expect(ja.summary.contains("nfkc, charsmap"))
        // Control pieces are special added tokens, never found in text.
        #expect(ja.addedTokens[1]?.content == "<s>" && ja.addedTokens[1]?.special == true)
        #expect(try ja.encode("<s>").ids == [6, 6051, 1995, 4977])
    }

    // MARK: Protobuf errors

    /// (bytes, message the error must hold): a piece's score as a varint, a score cut short, a length past the
    /// end, an unterminated varint, a bad wire type.
    static let corrupt: [([UInt8], String)] = [
        ([0x0A, 0x05, 0x0A, 0x01, 0x61, 0x10, 0x05], "ModelProto.pieces[0].score: wire type 0 (varint) where 5 (fixed32) is expected, at byte 5"),
        ([0x0A, 0x05, 0x0A, 0x01, 0x61, 0x15, 0x00], "ModelProto.pieces[0].score: truncated fixed32 at byte 6"),
        ([0x0A, 0x09, 0x0A, 0x01], "ModelProto.pieces[0]: truncated: a length of 9 bytes at byte 1, 2 left"),
        ([0x0A, 0x02, 0x0A, 0x01, 0x61], "ModelProto.pieces[0].piece: truncated: a length of 1 bytes at byte 3, 0 left"),
        ([0x0A, 0x03, 0x0A, 0x01, 0x61, 0x12, 0x02, 0x18, 0x80], "ModelProto.trainer_spec.model_type: truncated varint at byte 8"),
        ([0x0A, 0x03, 0x0A, 0x01, 0x61, 0x1F], "ModelProto: invalid wire type 7 at byte 5"),
        ([0x0A, 0x03, 0x0A, 0x01, 0x61], "ModelProto: unk is not defined"),
    ]

    @Test(arguments: SentencePieceTests.corrupt)
    func namesTheFieldThatIsWrong(_ testCase: ([UInt8], String)) {
        let (bytes, message) = testCase
        do {
            _ = try Tokenizer(sentencePiece: bytes, source: "broken.model")
            Issue.record("loaded \(bytes)")
        } catch let TokenizerError.invalidVocabularyFile(path, format, line, errorMessage) {
            #expect(path == "broken.model")
            #expect(format == "SentencePiece model")
            #expect(line == 0)
            #expect(errorMessage.contains(message), "\(errorMessage)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    /// Every cut of a real model fails with a message naming a field, never a crash.
    @Test func truncatedModelsFailWithAFieldPath() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.model("sp-test-en-unigram.model"))))
        for cut in stride(from: 1, to: bytes.count, by: 997) + [bytes.count - 1, bytes.count - 3] {
            do {
                _ = try Tokenizer(sentencePiece: Array(bytes[..<cut]), source: "cut.model")
                // A cut between two fields leaves a valid (shorter) model; that is fine.
            } catch let TokenizerError.invalidVocabularyFile(_, _, _, message) {
                #expect(message.hasPrefix("ModelProto"), "\(message)")
            }
        }
    }

    // MARK: Model folders

    @Test func loadsAFolderWithOnlyTokenizerModel() throws {
        let model = try Self.model("llama2.model")
        try withTemporaryDirectory { directory in
            try FileManager.default.copyItem(atPath: model, toPath: directory.appendingPathComponent("tokenizer.model").path)
            let folder = try ModelFolder(path: directory.path)
            #expect(try folder.tokenizer.encode("Hello world").ids == [15043, 3186])
            #expect(try Tokenizer.loading(contentsOfFileOrDirectory: directory.path).encode("Hello world").ids == [15043, 3186])
            #expect(folder.tokenizerClass == "SentencePieceProcessor")

            // With a configuration: its special tokens are named, its added tokens matched in the text.
            let config = #"""
            {"tokenizer_class": "LlamaTokenizer", "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>",
             "added_tokens_decoder": {"1": {"content": "<s>", "special": true}, "2": {"content": "</s>", "special": true}}}
            """#
            try Data(config.utf8).write(to: directory.appendingPathComponent("tokenizer_config.json"))
            let configured = try ModelFolder(path: directory.path)
            #expect(configured.specialTokens.bos?.id == 1)
            #expect(configured.specialTokens.eos?.id == 2)
            #expect(try configured.tokenizer.encode("Hello world</s>").ids == [15043, 3186, 2])
            #expect(try configured.decode([15043, 3186, 2], skippingSpecialTokens: true) == "Hello world")
        }
    }

    @Test func aFolderWithNeitherFileIsRefused() throws {
        try withTemporaryDirectory { directory in
            #expect(throws: ModelFolderError.self) { try ModelFolder(path: directory.path) }
        }
    }

    // MARK: tok

    @Test func tokEncodesDecodesAndDescribesAModel() throws {
        let path = try Self.model("mistral-instruct-v3.model")
        let info = try Tok.run(["info", "-t", path])
        try #require(info.status == 0, "\(info.stderrText)")
        #expect(info.stdoutText.contains("format:         sentencepiece (BPE model)"))
        #expect(info.stdoutText.contains("user-defined:   \"[REFERENCE_DOC_19]\""))
        let encoded = try Tok.run(["encode", "-t", path, "--format", "ids", "--quiet"], standardInput: Data("    V [INST] x\n".utf8))
        #expect(encoded.stdoutText == "1028 1318 1501 17057 29561 2086\n", "\(encoded.stderrText)")
        let decoded = try Tok.run(["decode", "-t", path], standardInput: Data("1028 1318 1501 17057 29561 2086\n".utf8))
        #expect(decoded.stdoutText == "    V [INST] x\n", "\(decoded.stderrText)")
    }

    @Test func tokReportsACorruptModelWithItsField() throws {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try Self.model("sp-test-en-unigram.model"))))
        try withTemporaryDirectory { directory in
            let file = directory.appendingPathComponent("broken.model")
            try Data(bytes[..<(bytes.count / 2)]).write(to: file)
            let result = try Tok.run(["info", "-t", file.path])
            #expect(result.status != 0)
            #expect(result.stderrText.contains("broken.model: not a valid SentencePiece model: ModelProto"), "\(result.stderrText)")
        }
    }

    // MARK: Conversion to tokenizer.json

    /// The converted tokenizer.json loads here and encodes plain text as sentencepiece does.
    @Test func convertsToATokenizerJSON() throws {
        let llama = try Tokenizer(sentencePieceFile: try Self.model("llama2.model"))
        let converted = try Tokenizer(json: try llama.jsonData(), source: "converted llama2")
        #expect(try converted.encode("Hello world", addingSpecialTokens: false).ids == [15043, 3186])
        #expect(try converted.decode([15043, 3186]) == "Hello world")
        #expect(converted.addedTokens[1]?.content == "<s>")
        #expect(llama.conversionDifferences.contains { $0.hasPrefix("control pieces") })
        let marian = try Tokenizer(sentencePieceFile: try Self.model("marian-nmt-vocab.joint.spm"))
        let differences = marian.conversionDifferences
        #expect(differences.contains { $0.hasPrefix("treat_whitespace_as_suffix") })
        #expect(differences.contains { $0.hasPrefix("denormalizer_spec") })
    }

    /// Every shared model's conversion loads in `tokenizers`, equals what transformers builds from the model, and
    /// its differences from sentencepiece on a sample are counted (scripts/sentencepiece_conformance.py --converted).
    @Test(.timeLimit(.minutes(20)))
    func conversionsMatchTransformers() throws {
        if let problem = SentencePieceConformance.problem {
            Issue.record("sentencepiece conversion check cannot run: \(problem)")
            return
        }
        try withTemporaryDirectory { directory in
            let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).sorted()
            for name in names {
                let tokenizer = try Tokenizer(sentencePieceFile: Self.folder.appendingPathComponent(name).path)
                try Data(try tokenizer.jsonData()).write(to: directory.appendingPathComponent("\(name).json"))
            }
            let result = try ConformanceEnvironment.run("python3", [
                RepositoryPaths.root.appendingPathComponent("scripts/sentencepiece_conformance.py").path,
                "--tok", try Tok.executable.path, "--lines", "5", "--converted", directory.path,
            ])
            print("sentencepiece conversion:\n\(result.output)")
            #expect(result.status == 0, "\(result.output)")
            for name in names { #expect(result.output.contains("\(name) converted"), "no row for \(name)") }
            if SentencePieceConformance.hasTransformers {
                #expect(result.output.components(separatedBy: "same as transformers").count - 1 == names.count, "\(result.output)")
            }
        }
    }

    // MARK: Conformance

    /// scripts/sentencepiece_conformance.py on a sample of every corpus file, for every shared model:
    /// `tok encode` and `tok decode` against sentencepiece itself. Fails when python3, sentencepiece or the
    /// shared files are missing.
    @Test(.timeLimit(.minutes(20)))
    func matchesSentencePieceOnTheCorpus() throws {
        if let problem = SentencePieceConformance.problem {
            Issue.record("sentencepiece conformance cannot run: \(problem)")
            return
        }
        let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_SENTENCEPIECE_CONFORMANCE_LINES"] ?? "20"
        let result = try ConformanceEnvironment.run("python3", [
            RepositoryPaths.root.appendingPathComponent("scripts/sentencepiece_conformance.py").path,
            "--tok", try Tok.executable.path, "--lines", lines,
        ])
        print("sentencepiece conformance:\n\(result.output)")
        #expect(result.status == 0, "sentencepiece conformance failed (exit \(result.status)):\n\(result.output)")
        for file in ["llama2.model", "mistral-7b-v1.model", "mistral-instruct-v3.model", "chatglm-6b-ice_text.model",
                     "marian-nmt-vocab.joint.spm", "bpemb-en-wiki-bpe-vs100000.model", "sp-test-en-unigram.model",
                     "sp-test-ja-unigram.model"] {
            #expect(result.output.contains("\(file) encode"), "no row for \(file)")
        }
    }
}

/// What the sentencepiece conformance check needs: ../shared and python3 with sentencepiece.
enum SentencePieceConformance {
    static let problem: String? = {
        if !FileManager.default.fileExists(atPath: SentencePieceTests.folder.appendingPathComponent("llama2.model").path) {
            return "\(SentencePieceTests.folder.path) not found (../shared beside the repository)"
        }
        if (try? ConformanceEnvironment.run("python3", ["-c", "import sentencepiece"]))?.status != 0 {
            return "python3 cannot import sentencepiece (pip install sentencepiece==0.2.3)"
        }
        return nil
    }()

    /// Whether python3 has transformers, to compare conversions with its own (it is not required).
    static let hasTransformers = (try? ConformanceEnvironment.run("python3", ["-c", "import transformers"]))?.status == 0
}

import Foundation
import Testing
@testable import TokenizerKit

/// `tok convert` / `jsonData()` for tokenizers loaded from other formats, and the regex dialect rewrite the
/// conversion needs.
@Suite struct FormatConversionTests {
    static func pieces(ofJSONPattern pattern: String, in text: String) throws -> [String] {
        var writer = JSONWriter(pretty: false)
        writer.object { $0.member("Regex") { $0.string(pattern) } }
        let document = try JSONDocument(parsing: writer.bytes, source: "test")
        let split = try SplitPattern(json: document.root)
        var ranges: [Range<Int>] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { split.appendMatches(in: $0, to: &ranges) }
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// A tokenizer.json pattern is Oniguruma's: `\p{N}{1,3}+` is a run of any length there, not tiktoken's
    /// possessive 1-3 digits. Expected pieces from the reference (`pre_tokenizers.Split(Regex(…), "isolated")`).
    @Test func readsIntervalPlusAsOnigurumaDoes() throws {
        #expect(try Self.pieces(ofJSONPattern: #"\p{N}{1,3}+|[^\p{N}]+"#, in: "9633") == ["9633"])
        #expect(try Self.pieces(ofJSONPattern: #"\p{N}{1,3}+|[^\p{N}]+"#, in: "ab 1234567x") == ["ab ", "1234567", "x"])
        #expect(try Self.pieces(ofJSONPattern: #"(?>\p{N}{1,3})|[^\p{N}]+"#, in: "ab 1234567x") == ["ab ", "123", "456", "7", "x"])
    }

    @Test func rewritesIntervalPlusBetweenDialects() {
        #expect(RegexDialects.onigurumaForICU(#"\p{N}{1,3}+|a"#) == #"(?:\p{N}{1,3})+|a"#)
        #expect(RegexDialects.onigurumaForICU(#"[a-z\]]{2}+x"#) == #"(?:[a-z\]]{2})+x"#)
        #expect(RegexDialects.onigurumaForICU(#"(ab|c){1,}+"#) == #"(?:(ab|c){1,})+"#)
        #expect(RegexDialects.onigurumaForICU(#"\p{L}++ ?\d{2}x"#) == #"\p{L}++ ?\d{2}x"#)
        #expect(RegexDialects.possessiveForOniguruma(#"a|\p{N}{1,3}+|b"#) == #"a|\p{N}{1,3}|b"#)
        #expect(RegexDialects.possessiveForOniguruma(#"\p{N}{1,3}+x"#) == #"(?>\p{N}{1,3})x"#)
        #expect(RegexDialects.possessiveForOniguruma(#"(\d{2}+)"#) == #"((?>\d{2}))"#)
    }

    /// A converted tiktoken file encodes as the direct load and names no difference; tekken names its one.
    @Test(.enabled(if: TiktokenFormatTests.hasSharedFiles, "../shared/vocab/tiktoken not found"))
    func convertedTiktokenEncodesAsTheDirectLoad() throws {
        let direct = try Tokenizer(tiktokenFile: TiktokenFormatTests.folder.appendingPathComponent("cl100k_base.tiktoken").path)
        #expect(direct.conversionDifferences.isEmpty)
        let converted = try Tokenizer(json: try direct.jsonData(pretty: false), source: "converted")
        for text in ["9633 items, year 2024!", "你好、世界 don't\n\n  x  ", "<|endoftext|>a<|fim_prefix|>"] {
            #expect(try converted.encode(text).ids == direct.encode(text).ids, "\(text)")
        }
        #expect(converted.addedTokens[100257]?.content == "<|endoftext|>")
        let decoded = try converted.decode(try direct.encode("héllo wörld").ids)
        #expect(decoded == "héllo wörld")
    }

    @Test func tekkenNamesThatItsSpecialTokensAreMatchedInText() throws {
        var ranks: [String] = []
        for b in 0..<256 { ranks.append(#"{"rank": \#(b), "token_bytes": "\#(Data([UInt8(b)]).base64EncodedString())", "token_str": null}"#) }
        let text = #"{"config": {"pattern": "\\S+|\\s+", "default_vocab_size": 259, "default_num_special_tokens": 3, "version": "v7"}, "#
            + #""special_tokens": [{"rank": 0, "token_str": "<unk>", "is_control": true}, {"rank": 1, "token_str": "<s>", "is_control": true}], "#
            + #""vocab": [\#(ranks.joined(separator: ", "))]}"#
        let tekken = try Tokenizer(tekken: Array(text.utf8))
        #expect(tekken.conversionDifferences.count == 1)
        let converted = try Tokenizer(json: try tekken.jsonData(), source: "converted")
        #expect(try converted.encode("ab").ids == tekken.encode("ab").ids)
        #expect(try tekken.encode("<s>").ids.count == 3)
        #expect(try converted.encode("<s>").ids == [1])
        #expect(converted.id(forToken: "<SPECIAL_2>") == 2)
    }

    // MARK: Conformance

    /// scripts/convert_conformance.py: each converted file, loaded by the reference, against the direct load;
    /// lines may differ only where `tok convert` named a difference.
    @Test(.enabled(if: TiktokenConformance.shouldRun, TiktokenConformance.skipReason), .timeLimit(.minutes(20)))
    func convertedFilesEncodeAsTheDirectLoadInTheReference() throws {
        if let problem = TiktokenConformance.problem {
            Issue.record("convert conformance cannot run under CI: \(problem)")
            return
        }
        // Every format: the shared tiktoken files and SentencePiece models, mistral_common's tekken files,
        // vocab.txt and vocab.json + merges.txt written out of the shared BERT and GPT-2 tokenizers.
        let lines = ProcessInfo.processInfo.environment["TOKENIZERKIT_CONVERT_CONFORMANCE_LINES"] ?? "10"
        let result = try ConformanceEnvironment.run("python3", [
            RepositoryPaths.root.appendingPathComponent("scripts/convert_conformance.py").path,
            "--tok", try Tok.executable.path, "--lines", lines,
        ])
        print("convert conformance:\n\(result.output)")
        #expect(result.status == 0, "convert conformance failed (exit \(result.status)):\n\(result.output)")
        #expect(result.output.contains(" 0 failing row(s) over 17 input(s)"), "not every input was converted")
        for row in ["tiktoken/cl100k_base.tiktoken", "sentencepiece/llama2.model", "sentencepiece/marian-nmt-vocab.joint.spm",
                    "tekken_240911.json", "bert-vocab-txt/vocab.txt", "gpt2-vocab-json/vocab.json"] {
            #expect(result.output.contains(row), "no row for \(row)")
        }
    }
}

import Foundation
@_exported import TokenizerKit

/// What the fuzz targets share: where the vocabularies are, and the values they make once.
///
/// Everything made once lives in this file, which Fuzz/lsan.supp names: LeakSanitizer reports some of
/// these long-lived values as leaked (Swift packs enum payload pointers with tag bits, which its scan
/// does not follow), while what one input allocates and never frees is a finding.
public enum FuzzSupport {
    /// The shared vocabulary folder: `$TOKENIZERKIT_VOCAB`, which scripts/fuzz.sh sets to `../shared/vocab`.
    public static let vocabularyDirectory: String =
        ProcessInfo.processInfo.environment["TOKENIZERKIT_VOCAB"] ?? "../shared/vocab"

    /// Loads `NAME/tokenizer.json` from the shared vocabularies; a missing file stops the run (a setup error).
    public static func tokenizer(named name: String) -> Tokenizer {
        let path = vocabularyDirectory + "/" + name + "/tokenizer.json"
        do {
            return try Tokenizer(contentsOfFile: path)
        } catch {
            FileHandle.standardError.write(Data("fuzz setup: cannot load \(path): \(error)\n".utf8))
            exit(2)
        }
    }

    /// A small WordLevel tokenizer (no shared vocabulary uses that model).
    public static let wordLevelJSON = """
        {"version":"1.0","truncation":null,"padding":null,"added_tokens":[
          {"id":0,"content":"[UNK]","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}],
         "normalizer":{"type":"Lowercase"},"pre_tokenizer":{"type":"Whitespace"},"post_processor":null,
         "decoder":null,"model":{"type":"WordLevel","vocab":{"[UNK]":0,"hello":1,"world":2,"!":3,"the":4,"é":5},
         "unk_token":"[UNK]"}}
        """

    public static func wordLevelTokenizer() -> Tokenizer {
        do {
            return try Tokenizer(json: Array(wordLevelJSON.utf8), source: "wordlevel.json")
        } catch {
            FileHandle.standardError.write(Data("fuzz setup: cannot load the WordLevel tokenizer: \(error)\n".utf8))
            exit(2)
        }
    }

    /// The tokenizers of the encode and decode targets, one per model type, picked by the first input byte.
    public static let tokenizers: [Tokenizer] = [
        tokenizer(named: "gpt2"),               // byte-level BPE (the byte-level fast path)
        tokenizer(named: "llama"),              // SentencePiece-style BPE with byte fallback
        tokenizer(named: "bert-base-uncased"),  // WordPiece
        tokenizer(named: "t5-small"),           // Unigram
        wordLevelTokenizer(),                   // WordLevel
    ]

    /// What an input's first byte picks for the encode and decode targets: the tokenizer (the byte modulo
    /// their number) and flags (the byte divided by it).
    public static func tokenizerAndFlags(picking first: UInt8) -> (tokenizer: Tokenizer, flags: UInt8) {
        (tokenizers[Int(first) % tokenizers.count], first / UInt8(tokenizers.count))
    }

    /// Writes `bytes` to a per-process scratch file (for loaders that only read files) and returns its path.
    public static func scratchFile(_ name: String, _ bytes: [UInt8]) -> String {
        let directory = NSTemporaryDirectory() + "tokenizerkit-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    /// The conversation every chat template renders.
    public static let chatContext: [String: TemplateValue] = [
        "messages": [
            ["role": "system", "content": "You are helpful."],
            ["role": "user", "content": "Hello <b>there</b>"],
            ["role": "assistant", "content": "Hi!", "tool_calls": [["name": "f", "arguments": ["x": 1]]]],
            ["role": "user", "content": "Bye"],
        ],
        "bos_token": "<s>", "eos_token": "</s>", "add_generation_prompt": true,
        "tools": [["name": "f", "description": "a function", "parameters": ["type": "object"]]],
    ]
}

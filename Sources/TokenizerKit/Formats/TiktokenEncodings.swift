import Foundation

/// The tiktoken encodings a rank file is recognised as, by its content: how many ranks it has and the
/// tokens at three probe ranks. Each gives the pattern and special tokens its reference gives it.
///
/// | encoding | ranks | reference for pattern and special tokens |
/// |---|---|---|
/// | `r50k_base` (`gpt2`) | 50256 | `tiktoken_ext/openai_public.py` |
/// | `p50k_base` | 50280 | `tiktoken_ext/openai_public.py` |
/// | `cl100k_base` | 100256 | `tiktoken_ext/openai_public.py` |
/// | `o200k_base` | 199998 | `tiktoken_ext/openai_public.py` |
/// | Whisper `multilingual` | 50257 | `whisper/tokenizer.py` `get_encoding("multilingual")` (99 languages) |
/// | Llama 3 `tiktoken.model` | 128000 | Meta's `llama/tokenizer.py` (256 reserved special tokens from 128000) |
/// | Kimi K2 `tiktoken.model` | 163584 | Moonshot's `tokenization_kimi.py` (256 special tokens from 163584) |
struct TiktokenEncoding: Sendable {
    /// The name tiktoken (or the model's own code) gives it.
    let name: String
    /// Where the pattern and special tokens come from, for `tok info`.
    let reference: String
    let rankCount: Int
    /// (rank, base64 token) pairs the file must have.
    let probes: [(rank: UInt32, base64: String)]
    /// The regex, spelled as its reference spells it.
    let pattern: String
    /// The pattern for ICU when `pattern` has no scanner and ICU spells it differently (Kimi's `&&`).
    let icuPattern: String?
    /// The special tokens: (content, id).
    let specialTokens: [(String, UInt32)]
    /// For a block of reserved special tokens whose names a `tokenizer_config.json` beside the file may
    /// give (`added_tokens_decoder`): the ids it covers.
    let configurableSpecialIDs: Range<UInt32>?

    /// Whether `ranks` is this encoding's file.
    func matches(_ ranks: TiktokenRankFile, tokenOfRank: [UInt32: [UInt8]]) -> Bool {
        guard ranks.count == rankCount else { return false }
        for probe in probes {
            var expected: [UInt8] = []
            let ok = Array(probe.base64.utf8).withUnsafeBufferPointer { TiktokenBase64.decode($0, into: &expected) }
            guard ok, tokenOfRank[probe.rank] == expected else { return false }
        }
        return true
    }

    static let endOfText = "<|endoftext|>"

    static let r50kBase = TiktokenEncoding(
        name: "r50k_base", reference: "tiktoken_ext/openai_public.py (r50k_base, gpt2)", rankCount: 50256,
        probes: [(1000, "YWxl"), (25128, "KysrKysrKys="), (50255, "IGdhemVk")],
        pattern: PatternScanner.r50kTiktokenPattern, icuPattern: nil,
        specialTokens: [(endOfText, 50256)], configurableSpecialIDs: nil)

    /// p50k_base: r50k_base's ranks and 24 runs of spaces after them (50257…50280).
    static let p50kBase = TiktokenEncoding(
        name: "p50k_base", reference: "tiktoken_ext/openai_public.py (p50k_base)", rankCount: 50280,
        probes: [(1000, "YWxl"), (25128, "KysrKysrKys="), (50255, "IGdhemVk")],
        pattern: PatternScanner.r50kTiktokenPattern, icuPattern: nil,
        specialTokens: [(endOfText, 50256)], configurableSpecialIDs: nil)

    static let cl100kBase = TiktokenEncoding(
        name: "cl100k_base", reference: "tiktoken_ext/openai_public.py (cl100k_base)", rankCount: 100256,
        probes: [(1000, "aW5kb3c="), (50128, "IFh4eA=="), (100255, "IENvbnZleW9y")],
        pattern: PatternScanner.cl100kTiktokenPattern, icuPattern: nil,
        specialTokens: [(endOfText, 100257), ("<|fim_prefix|>", 100258), ("<|fim_middle|>", 100259),
                        ("<|fim_suffix|>", 100260), ("<|endofprompt|>", 100276)],
        configurableSpecialIDs: nil)

    static let o200kBase = TiktokenEncoding(
        name: "o200k_base", reference: "tiktoken_ext/openai_public.py (o200k_base)", rankCount: 199998,
        probes: [(1000, "Lmw="), (99999, "IGRpcnM="), (199997, "IGNvY29z")],
        pattern: PatternScanner.o200kPattern, icuPattern: nil,
        specialTokens: [(endOfText, 199999), ("<|endofprompt|>", 200018)], configurableSpecialIDs: nil)

    /// Whisper's `multilingual.tiktoken`, with the special tokens `whisper.tokenizer.get_encoding` gives it
    /// (99 languages: every multilingual model but large-v3, which adds `<|yue|>`).
    static let whisperMultilingual = TiktokenEncoding(
        name: "whisper multilingual", reference: "whisper/tokenizer.py get_encoding(\"multilingual\", num_languages=99)",
        rankCount: 50257,
        probes: [(1000, "INC+"), (25128, "IGxhdGVyYWw="), (50256, "=")],
        pattern: PatternScanner.gpt2Pattern, icuPattern: nil,
        specialTokens: whisperSpecialTokens(firstID: 50257, languages: 99), configurableSpecialIDs: nil)

    /// Llama 3's `tiktoken.model`, with the pattern and 256 special tokens of Meta's `llama/tokenizer.py`.
    static let llama3 = TiktokenEncoding(
        name: "llama3", reference: "meta-llama/llama3 llama/tokenizer.py", rankCount: 128000,
        probes: [(1000, "aW5kb3c="), (64000, "IENoYW5uZWxz"), (127999, "6ZSm")],
        pattern: PatternScanner.cl100kPattern, icuPattern: nil,
        specialTokens: llama3SpecialTokens(), configurableSpecialIDs: 128000..<128256)

    /// Kimi K2's `tiktoken.model`: the pattern of Moonshot's `tokenization_kimi.py` (Han runs on their own)
    /// and 256 special tokens from 163584, named by `tokenizer_config.json`'s `added_tokens_decoder`
    /// (the rest `<|reserved_token_ID|>`).
    static let kimiK2 = TiktokenEncoding(
        name: "kimi_k2", reference: "moonshotai/Kimi-K2 tokenization_kimi.py", rankCount: 163584,
        probes: [(1000, "Ow0K"), (81792, "IHPEgw=="), (163583, "6Ieq5Li75oCn")],
        pattern: kimiPattern, icuPattern: kimiICUPattern,
        specialTokens: kimiSpecialTokens(), configurableSpecialIDs: 163584..<163840)

    static let all: [TiktokenEncoding] = [r50kBase, p50kBase, cl100kBase, o200kBase, whisperMultilingual, llama3, kimiK2]

    /// The pattern names `--pattern` accepts, and their patterns.
    static let namedPatterns: [(name: String, pattern: String)] = [
        ("gpt2", PatternScanner.gpt2Pattern),
        ("r50k_base", PatternScanner.r50kTiktokenPattern),
        ("p50k_base", PatternScanner.r50kTiktokenPattern),
        ("cl100k_base", PatternScanner.cl100kTiktokenPattern),
        ("o200k_base", PatternScanner.o200kPattern),
        ("llama3", PatternScanner.cl100kPattern),
        ("qwen2", PatternScanner.qwen2Pattern),
        ("kimi_k2", kimiPattern),
    ]

    static let kimiPattern = [
        #"[\p{Han}]+"#,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]*[\p{Ll}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]+[\p{Ll}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?"#,
        #"\p{N}{1,3}"#,
        #" ?[^\s\p{L}\p{N}]+[\r\n]*"#,
        #"\s*[\r\n]+"#,
        #"\s+(?!\S)"#,
        #"\s+"#,
    ].joined(separator: "|")

    /// The same pattern with each intersection written as ICU reads it unambiguously (`[[…]&&[^…]]`) and
    /// Han named as the Script property, which is what tiktoken's regex crate takes for `\p{Han}` (not
    /// Script_Extensions: `、`, whose extensions include Han, is not Han for it; checked with tiktoken).
    static let kimiICUPattern = kimiPattern
        .replacingOccurrences(of: #"[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]"#, with: #"[[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]&&[^\p{Han}]]"#)
        .replacingOccurrences(of: #"[\p{Ll}\p{Lm}\p{Lo}\p{M}&&[^\p{Han}]]"#, with: #"[[\p{Ll}\p{Lm}\p{Lo}\p{M}]&&[^\p{Han}]]"#)
        .replacingOccurrences(of: #"\p{Han}"#, with: #"\p{Script=Han}"#)

    static func whisperSpecialTokens(firstID: UInt32, languages: Int) -> [(String, UInt32)] {
        let codes = ["en", "zh", "de", "es", "ru", "ko", "fr", "ja", "pt", "tr", "pl", "ca", "nl", "ar", "sv", "it",
                     "id", "hi", "fi", "vi", "he", "uk", "el", "ms", "cs", "ro", "da", "hu", "ta", "no", "th", "ur",
                     "hr", "bg", "lt", "la", "mi", "ml", "cy", "sk", "te", "fa", "lv", "bn", "sr", "az", "sl", "kn",
                     "et", "mk", "br", "eu", "is", "hy", "ne", "mn", "bs", "kk", "sq", "sw", "gl", "mr", "pa", "si",
                     "km", "sn", "yo", "so", "af", "oc", "ka", "be", "tg", "sd", "gu", "am", "yi", "lo", "uz", "fo",
                     "ht", "ps", "tk", "nn", "mt", "sa", "lb", "my", "bo", "tl", "mg", "as", "tt", "haw", "ln", "ha",
                     "ba", "jw", "su", "yue"]
        var names = ["<|endoftext|>", "<|startoftranscript|>"]
        names += codes.prefix(languages).map { "<|\($0)|>" }
        names += ["<|translate|>", "<|transcribe|>", "<|startoflm|>", "<|startofprev|>", "<|nospeech|>", "<|notimestamps|>"]
        // f"<|{i * 0.02:.2f}|>" for i in 0...1500: every value is a whole number of hundredths.
        for i in 0...1500 {
            let hundredths = i * 2
            let fraction = hundredths % 100
            names.append("<|\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)|>")
        }
        return names.enumerated().map { ($1, firstID + UInt32($0)) }
    }

    static func llama3SpecialTokens() -> [(String, UInt32)] {
        var names = ["<|begin_of_text|>", "<|end_of_text|>", "<|reserved_special_token_0|>", "<|reserved_special_token_1|>",
                     "<|reserved_special_token_2|>", "<|reserved_special_token_3|>", "<|start_header_id|>",
                     "<|end_header_id|>", "<|reserved_special_token_4|>", "<|eot_id|>"]
        names += (5..<251).map { "<|reserved_special_token_\($0)|>" }
        return names.enumerated().map { ($1, 128000 + UInt32($0)) }
    }

    static func kimiSpecialTokens() -> [(String, UInt32)] {
        // tokenizer_config.json's added_tokens_decoder of moonshotai/Kimi-K2-Instruct.
        let named: [UInt32: String] = [
            163584: "[BOS]", 163585: "[EOS]", 163586: "<|im_end|>", 163587: "<|im_user|>", 163588: "<|im_assistant|>",
            163590: "<|start_header_id|>", 163591: "<|end_header_id|>", 163593: "[EOT]", 163594: "<|im_system|>",
            163595: "<|tool_calls_section_begin|>", 163596: "<|tool_calls_section_end|>", 163597: "<|tool_call_begin|>",
            163598: "<|tool_call_argument_begin|>", 163599: "<|tool_call_end|>", 163601: "<|im_middle|>",
            163838: "[UNK]", 163839: "[PAD]",
        ]
        return (UInt32(163584)..<163840).map { id in (named[id] ?? "<|reserved_token_\(id)|>", id) }
    }
}

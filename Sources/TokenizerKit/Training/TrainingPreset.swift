/// The pipelines of the reference's ready-made tokenizers, to train a vocabulary from scratch.
///
/// ```swift
/// var tokenizer = try TrainingPreset.bert.untrainedTokenizer()
/// try tokenizer.train(files: ["corpus.txt"], trainer: .wordPiece(WordPieceTrainer(
///     vocabularySize: 30_522, specialTokens: TrainingPreset.bert.defaultSpecialTokens, alphabetLimit: 1000)))
/// tokenizer = try TrainingPreset.bert.finished(tokenizer)    // [CLS] … [SEP] with the trained ids
/// ```
public enum TrainingPreset: String, CaseIterable, Sendable {
    /// GPT-2's byte-level BPE: ByteLevel pre-tokenizer (no prefix space), post-processor and decoder; the
    /// 256-character byte-level alphabet (the reference's `ByteLevelBPETokenizer`).
    case gpt2
    /// BERT's WordPiece: BertNormalizer (lowercasing), BertPreTokenizer, `[CLS] $A [SEP]` template,
    /// WordPiece decoder (the reference's `BertWordPieceTokenizer`).
    case bert
    /// SentencePiece-style BPE: NFKC, Metaspace `▁` (prepended always), Metaspace decoder, `<unk>`
    /// (the reference's `SentencePieceBPETokenizer`).
    case sentencePieceBPE = "sentencepiece-bpe"
    /// SentencePiece-style Unigram: Nmt + NFKC + spaces collapsed, Metaspace (the reference's
    /// `SentencePieceUnigramTokenizer`).
    case sentencePieceUnigram = "sentencepiece-unigram"
    /// Words split on whitespace and punctuation (the Whitespace pre-tokenizer), nothing else: the
    /// reference's quick-tour pipeline.
    case whitespace

    /// The model a preset trains unless told otherwise.
    public enum Model: String, CaseIterable, Sendable {
        case bpe
        case wordPiece = "wordpiece"
        case wordLevel = "wordlevel"
        case unigram
    }

    /// The model the reference's tokenizer of this kind has.
    public var defaultModel: Model {
        switch self {
        case .gpt2, .sentencePieceBPE: .bpe
        case .bert: .wordPiece
        case .sentencePieceUnigram: .unigram
        case .whitespace: .wordLevel
        }
    }

    /// The preset a model gets when no preset is named.
    public static func defaultPreset(for model: Model) -> TrainingPreset {
        switch model {
        case .bpe: .gpt2
        case .wordPiece: .bert
        case .wordLevel: .whitespace
        case .unigram: .sentencePieceUnigram
        }
    }

    /// The special tokens the reference's tokenizer of this kind is trained with.
    public var defaultSpecialTokens: [String] {
        switch self {
        case .gpt2: ["<|endoftext|>"]
        case .bert: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
        case .sentencePieceBPE, .sentencePieceUnigram, .whitespace: ["<unk>"]
        }
    }

    /// The model's unknown token (nil: byte-level BPE needs none).
    public var unknownToken: String? {
        switch self {
        case .gpt2: nil
        case .bert: "[UNK]"
        case .sentencePieceBPE, .sentencePieceUnigram, .whitespace: "<unk>"
        }
    }

    /// The reference implementations' `limit_alphabet` (BERT and SentencePiece BPE: 1000).
    public var defaultAlphabetLimit: Int? {
        switch self {
        case .bert, .sentencePieceBPE: 1000
        case .gpt2, .sentencePieceUnigram, .whitespace: nil
        }
    }

    /// Characters always in the alphabet: the byte-level alphabet for GPT-2.
    public var initialAlphabet: [Unicode.Scalar] {
        self == .gpt2 ? BPETrainer.byteLevelAlphabet : []
    }

    private var normalizerJSON: String {
        switch self {
        case .bert: #"{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true}"#
        case .sentencePieceBPE: #"{"type":"NFKC"}"#
        case .sentencePieceUnigram:
            #"{"type":"Sequence","normalizers":[{"type":"Nmt"},{"type":"NFKC"},{"type":"Replace","pattern":{"Regex":" {2,}"},"content":" "}]}"#
        case .gpt2, .whitespace: "null"
        }
    }

    private var preTokenizerJSON: String {
        switch self {
        case .gpt2: #"{"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true}"#
        case .bert: #"{"type":"BertPreTokenizer"}"#
        case .sentencePieceBPE, .sentencePieceUnigram: #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#
        case .whitespace: #"{"type":"Whitespace"}"#
        }
    }

    private var postProcessorJSON: String {
        switch self {
        case .gpt2: #"{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true}"#
        default: "null" // BERT's template needs the trained ids: see `finished(_:)`.
        }
    }

    private var decoderJSON: String {
        switch self {
        case .gpt2: #"{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}"#
        case .bert: ###"{"type":"WordPiece","prefix":"##","cleanup":true}"###
        case .sentencePieceBPE, .sentencePieceUnigram: #"{"type":"Metaspace","replacement":"▁","prepend_scheme":"always","split":true}"#
        case .whitespace: "null"
        }
    }

    private func modelJSON(_ model: Model) -> String {
        func quoted(_ s: String?) -> String {
            guard let s else { return "null" }
            var w = JSONWriter(pretty: false)
            w.string(s)
            return String(validUTF8: w.bytes)
        }
        switch model {
        case .bpe:
            return #"{"type":"BPE","dropout":null,"unk_token":\#(quoted(unknownToken)),"continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":false,"vocab":{},"merges":[]}"#
        case .wordPiece:
            return ###"{"type":"WordPiece","unk_token":\###(quoted(unknownToken ?? "[UNK]")),"continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{}}"###
        case .wordLevel:
            return #"{"type":"WordLevel","vocab":{},"unk_token":\#(quoted(unknownToken ?? "<unk>"))}"#
        case .unigram:
            return #"{"type":"Unigram","unk_id":null,"vocab":[],"byte_fallback":false}"#
        }
    }

    /// The pipeline with an empty model (`model`, default: the preset's own), ready to train.
    public func untrainedTokenizer(model: Model? = nil) throws -> Tokenizer {
        let json = #"{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":\#(normalizerJSON),"pre_tokenizer":\#(preTokenizerJSON),"post_processor":\#(postProcessorJSON),"decoder":\#(decoderJSON),"model":\#(modelJSON(model ?? defaultModel))}"#
        return try Tokenizer(json: Array(json.utf8), source: "preset \(rawValue)")
    }

    /// The trained tokenizer completed with what needs the trained ids: BERT's `[CLS] $A [SEP]` /
    /// `[CLS] $A [SEP] $B [SEP]` template (when both tokens are in the vocabulary; else no post-processor).
    public func finished(_ tokenizer: Tokenizer) throws -> Tokenizer {
        guard self == .bert, let cls = tokenizer.id(forToken: "[CLS]"), let sep = tokenizer.id(forToken: "[SEP]") else {
            return tokenizer
        }
        let template = #"{"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],"pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],"special_tokens":{"[CLS]":{"id":"[CLS]","ids":[\#(cls)],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[\#(sep)],"tokens":["[SEP]"]}}}"#
        return try tokenizer.replacingComponents(["post_processor": Array(template.utf8)])
    }
}

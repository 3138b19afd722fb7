/// Every model a tokenizer.json can name.
enum AnyModel: Sendable {
    case bpe(BPEModel)
    case wordPiece(WordPieceModel)
    case wordLevel(WordLevelModel)
    case unigram(UnigramModel)

    /// Decodes `model`; files without a `type` are recognised by their fields, as the reference does
    /// (it tries each model in turn: merges → BPE; a vocabulary list → Unigram; a vocabulary map with
    /// every WordPiece field → WordPiece, else WordLevel).
    init(json: JSONValue) throws {
        let type: String
        if let tag = try json.typeTag() {
            type = tag
        } else if json["merges"] != nil {
            type = "BPE"
        } else if let vocab = json["vocab"], vocab.kind == .array {
            type = "Unigram"
        } else if ["unk_token", "continuing_subword_prefix", "max_input_chars_per_word"].allSatisfy({ json[$0] != nil })
                    || json["unk_token"] == nil {
            type = "WordPiece"
        } else {
            type = "WordLevel"
        }
        switch type {
        case "BPE": self = .bpe(try BPEModel(json: json))
        case "WordPiece": self = .wordPiece(try WordPieceModel(json: json))
        case "WordLevel": self = .wordLevel(try WordLevelModel(json: json))
        case "Unigram": self = .unigram(try UnigramModel(json: json))
        default: throw (json["type"] ?? json).error("unknown model type `\(type)`")
        }
    }

    var vocabularySize: Int {
        switch self {
        case let .bpe(m): m.vocabulary.count
        case let .wordPiece(m): m.vocabulary.count
        case let .wordLevel(m): m.vocabulary.count
        case let .unigram(m): m.vocabularySize
        }
    }

    /// The id the model gives to what its vocabulary lacks, if it has one.
    var unknownTokenID: UInt32? {
        switch self {
        case let .bpe(m): m.unknownToken.flatMap { m.vocabulary.id(for: $0) }
        case let .wordPiece(m): m.unknownID
        case let .wordLevel(m): m.unknownID
        case let .unigram(m): m.unknownID
        }
    }

    func id(for token: [UInt8]) -> UInt32? {
        switch self {
        case let .bpe(m): m.vocabulary.id(for: token)
        case let .wordPiece(m): m.vocabulary.id(for: token)
        case let .wordLevel(m): m.vocabulary.id(for: token)
        case let .unigram(m): m.id(for: token)
        }
    }

    func token(for id: UInt32) -> [UInt8]? {
        switch self {
        case let .bpe(m): m.vocabulary.token(for: id)
        case let .wordPiece(m): m.vocabulary.token(for: id)
        case let .wordLevel(m): m.vocabulary.token(for: id)
        case let .unigram(m): m.token(for: id)
        }
    }

    /// Tokenizes one word, appending tokens with offsets relative to the word.
    @inline(__always)
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, scratch: inout ModelScratch, into output: inout [ModelToken]) {
        switch self {
        case let .bpe(m): m.tokenize(word, scratch: &scratch.bpe, into: &output, failure: &scratch.failure)
        case let .wordPiece(m): m.tokenize(word, into: &output, failure: &scratch.failure)
        case let .wordLevel(m): m.tokenize(word, into: &output, failure: &scratch.failure)
        case let .unigram(m): m.tokenize(word, scratch: &scratch.unigram, into: &output, failure: &scratch.failure)
        }
    }
}

/// A worker's mutable state for the model (caches and scratch buffers).
struct ModelScratch {
    var bpe = BPEScratch()
    var unigram = UnigramScratch()
    /// Set when a word could not be encoded (see `TokenizerError.missingUnknownToken`); the pipeline
    /// throws it after the word.
    var failure: TokenizerError?
}

/// Every model a tokenizer.json can name.
enum AnyModel: Sendable {
    case bpe(BPEModel)

    /// Decodes `model`; files without a `type` are recognised by their fields, as the reference does
    /// (merges → BPE; a vocabulary map → WordPiece; a vocabulary list → Unigram).
    init(json: JSONValue) throws {
        let type: String
        if let tag = try json.typeTag() {
            type = tag
        } else if json["merges"] != nil {
            type = "BPE"
        } else if let vocab = json["vocab"], vocab.kind == .array {
            type = "Unigram"
        } else {
            type = "WordPiece"
        }
        switch type {
        case "BPE": self = .bpe(try BPEModel(json: json))
        default: throw (json["type"] ?? json).error("unknown model type `\(type)`")
        }
    }

    var vocabularySize: Int {
        switch self {
        case let .bpe(m): m.vocabulary.count
        }
    }

    func id(for token: [UInt8]) -> UInt32? {
        switch self {
        case let .bpe(m): m.vocabulary.id(for: token)
        }
    }

    func token(for id: UInt32) -> [UInt8]? {
        switch self {
        case let .bpe(m): m.vocabulary.token(for: id)
        }
    }

    /// Tokenizes one word, appending tokens with offsets relative to the word.
    @inline(__always)
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, scratch: inout ModelScratch, into output: inout [ModelToken]) {
        switch self {
        case let .bpe(m): m.tokenize(word, scratch: &scratch.bpe, into: &output)
        }
    }
}

/// A worker's mutable state for the model (caches and scratch buffers).
struct ModelScratch {
    var bpe = BPEScratch()
}

/// Trains a BPE model with the reference's `BpeTrainer` parameters; the merges and ids are the
/// reference's for the same words (see `BPETrainingRun` for the algorithm and its two documented
/// corner cases where the reference itself is not deterministic).
///
/// ```swift
/// var tokenizer = try Tokenizer(json: Array(#"{"pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true}, "model": {"type": "BPE", "vocab": {}, "merges": []}}"#.utf8))
/// let trainer = BPETrainer(vocabularySize: 32_000, specialTokens: ["<|endoftext|>"],
///                          initialAlphabet: BPETrainer.byteLevelAlphabet)
/// try tokenizer.train(files: ["corpus.txt"], trainer: .bpe(trainer))
/// try tokenizer.write(toFile: "tokenizer.json")
/// ```
public struct BPETrainer: Sendable {
    /// The vocabulary size to reach (special tokens and alphabet included); training stops earlier when
    /// no pair is left or the best pair is rarer than `minimumFrequency`.
    public var vocabularySize: Int
    /// The least number of occurrences a pair needs to be merged.
    public var minimumFrequency: UInt64
    /// Tokens that get the first ids, in order, and become special added tokens of the tokenizer.
    public var specialTokens: [AddedToken]
    /// Keep at most this many characters in the initial alphabet (the most frequent ones).
    public var alphabetLimit: Int?
    /// Characters always in the alphabet, seen in the corpus or not (`byteLevelAlphabet` for byte-level BPE).
    public var initialAlphabet: [Unicode.Scalar]
    /// A prefix on every symbol that does not start a word (WordPiece's `##`).
    public var continuingSubwordPrefix: String?
    /// A suffix on the symbol that ends a word (`</w>` in the original BPE).
    public var endOfWordSuffix: String?
    /// No token longer than this many characters is formed.
    public var maximumTokenLength: Int?

    public init(vocabularySize: Int = 30_000, minimumFrequency: UInt64 = 0, specialTokens: [String] = [],
                alphabetLimit: Int? = nil, initialAlphabet: [Unicode.Scalar] = [],
                continuingSubwordPrefix: String? = nil, endOfWordSuffix: String? = nil,
                maximumTokenLength: Int? = nil) {
        self.vocabularySize = vocabularySize
        self.minimumFrequency = minimumFrequency
        self.specialTokens = specialTokens.map { AddedToken(content: $0, special: true) }
        self.alphabetLimit = alphabetLimit
        self.initialAlphabet = initialAlphabet
        self.continuingSubwordPrefix = continuingSubwordPrefix
        self.endOfWordSuffix = endOfWordSuffix
        self.maximumTokenLength = maximumTokenLength
    }

    /// The 256 characters of the byte-level alphabet (the reference's `ByteLevel.alphabet()`): with it
    /// as the initial alphabet, a byte-level BPE can encode any text.
    public static var byteLevelAlphabet: [Unicode.Scalar] {
        ByteLevelAlphabet.characters.map { Unicode.Scalar($0)! }
    }

    /// Runs the algorithm: the vocabulary (by id) and the merges to write.
    func run(_ words: WordCounts, progress: TrainingProgressHandler?) throws -> BPETrainingRun {
        guard vocabularySize >= 0 else { throw TokenizerError.unsupported("BPE trainer: the vocabulary size must not be negative") }
        if let maximumTokenLength, maximumTokenLength < 0 {
            throw TokenizerError.unsupported("BPE trainer: max_token_length must not be negative")
        }
        var run = BPETrainingRun(trainer: self)
        run.run(specialTokens: specialTokens, words: words, progress: progress)
        return run
    }

    /// Trains, writing the model as the reference serializes a BPE; options the trainer does not set
    /// (`dropout`, `unk_token`, `fuse_unk`, `byte_fallback`, `ignore_merges`) come from `existingModel`
    /// when it is a BPE, as the reference trains the tokenizer's model in place.
    func train(_ words: WordCounts, existingModel: JSONValue?, progress: TrainingProgressHandler?) throws -> TrainedModel {
        let run = try run(words, progress: progress)
        let keep = existingModel?.typeName == "BPE" ? existingModel : nil
        var w = JSONWriter(pretty: false)
        w.object { w in
            w.member("type") { $0.string("BPE") }
            w.member("dropout") { $0.carried(keep?["dropout"]) }
            w.member("unk_token") { $0.carried(keep?["unk_token"]) }
            w.member("continuing_subword_prefix") { w in
                if let prefix = continuingSubwordPrefix { w.string(prefix) } else { w.null() }
            }
            w.member("end_of_word_suffix") { w in
                if let suffix = endOfWordSuffix { w.string(suffix) } else { w.null() }
            }
            w.member("fuse_unk") { $0.carried(keep?["fuse_unk"], default: false) }
            w.member("byte_fallback") { $0.carried(keep?["byte_fallback"], default: false) }
            w.member("ignore_merges") { $0.carried(keep?["ignore_merges"], default: false) }
            w.member("vocab") { $0.vocabulary(run.tokens) }
            w.member("merges") { w in
                w.array { w in
                    for (left, right) in run.merges {
                        w.element { w in
                            w.array { w in
                                w.element { $0.string(bytes: run.tokens[Int(left)]) }
                                w.element { $0.string(bytes: run.tokens[Int(right)]) }
                            }
                        }
                    }
                }
            }
        }
        return TrainedModel(modelJSON: w.bytes, specialTokens: specialTokens)
    }
}

extension JSONWriter {
    /// A value carried over from the model being replaced, else `default` (null when nil).
    mutating func carried(_ value: JSONValue?, default fallback: Bool? = nil) {
        if let value {
            self.value(value)
        } else if let fallback {
            bool(fallback)
        } else {
            null()
        }
    }

    /// A vocabulary map in id order (`tokens[id]`; nil entries are holes, skipped).
    mutating func vocabulary(_ tokens: [[UInt8]?]) {
        object { w in
            for (id, token) in tokens.enumerated() {
                guard let token else { continue }
                w.member(String(validUTF8: token)) { $0.number(id) }
            }
        }
    }

    mutating func vocabulary(_ tokens: [[UInt8]]) {
        object { w in
            for (id, token) in tokens.enumerated() {
                w.member(String(validUTF8: token)) { $0.number(id) }
            }
        }
    }
}

extension JSONValue {
    /// The `type` of an object, or nil.
    var typeName: String? { (try? typeTag()) ?? nil }
}

/// Trains a WordPiece vocabulary the way the reference does: BPE training with the continuing-subword
/// prefix (`##`), whose vocabulary becomes the WordPiece vocabulary (the merges are dropped).
///
/// ```swift
/// let trainer = WordPieceTrainer(vocabularySize: 30_522, specialTokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"])
/// try tokenizer.train(files: ["corpus.txt"], trainer: .wordPiece(trainer))
/// ```
public struct WordPieceTrainer: Sendable {
    /// The BPE training underneath; its `continuingSubwordPrefix` is WordPiece's prefix.
    public var bpe: BPETrainer

    public init(vocabularySize: Int = 30_000, minimumFrequency: UInt64 = 0, specialTokens: [String] = [],
                alphabetLimit: Int? = nil, initialAlphabet: [Unicode.Scalar] = [],
                continuingSubwordPrefix: String? = "##", endOfWordSuffix: String? = nil) {
        bpe = BPETrainer(vocabularySize: vocabularySize, minimumFrequency: minimumFrequency, specialTokens: specialTokens,
                         alphabetLimit: alphabetLimit, initialAlphabet: initialAlphabet,
                         continuingSubwordPrefix: continuingSubwordPrefix, endOfWordSuffix: endOfWordSuffix)
    }

    /// Trains. The model's `unk_token` and `max_input_chars_per_word` come from `existingModel` when it is
    /// a WordPiece (the reference trains the tokenizer's model in place), else they are `[UNK]` and 100;
    /// the prefix is the trainer's (`##` when it has none).
    func train(_ words: WordCounts, existingModel: JSONValue?, progress: TrainingProgressHandler?) throws -> TrainedModel {
        let run = try bpe.run(words, progress: progress)
        let keep = existingModel?.typeName == "WordPiece" ? existingModel : nil
        var w = JSONWriter(pretty: false)
        w.object { w in
            w.member("type") { $0.string("WordPiece") }
            w.member("unk_token") { w in
                if let value = keep?["unk_token"] { w.value(value) } else { w.string("[UNK]") }
            }
            w.member("continuing_subword_prefix") { $0.string(bpe.continuingSubwordPrefix ?? "##") }
            w.member("max_input_chars_per_word") { w in
                if let value = keep?["max_input_chars_per_word"] { w.value(value) } else { w.number(100) }
            }
            w.member("vocab") { $0.vocabulary(run.tokens) }
        }
        return TrainedModel(modelJSON: w.bytes, specialTokens: bpe.specialTokens)
    }
}

/// What a trainer hands back: the trained model as the `model` section of a tokenizer.json, and the
/// special tokens the tokenizer must register as added tokens (`special: true`), as the reference's
/// `Trainer::train` returns them.
///
/// Every trainer (BPE, WordPiece, WordLevel, Unigram) produces one; `Tokenizer.train` rebuilds the
/// tokenizer through the ordinary loader with this model in place of the old one, so a trained
/// tokenizer is exactly what loading its saved file gives.
struct TrainedModel: Sendable {
    /// The model's JSON object (`{"type": "BPE", …}`), UTF-8.
    var modelJSON: [UInt8]
    /// The special tokens, in the order the trainer was given them.
    var specialTokens: [AddedToken]

    init(modelJSON: [UInt8], specialTokens: [AddedToken]) {
        self.modelJSON = modelJSON
        self.specialTokens = specialTokens
    }

    /// Special tokens given by their text (each becomes `AddedToken(content:special: true)`).
    init(modelJSON: [UInt8], specialTokens: [String]) {
        self.init(modelJSON: modelJSON, specialTokens: specialTokens.map { AddedToken(content: $0, special: true) })
    }
}

/// How far a training run has come, reported to a `TrainingProgressHandler`.
///
/// ```swift
/// try tokenizer.train(files: ["corpus.txt"], trainer: .bpe(BPETrainer(vocabularySize: 32_000))) { p in
///     print(p.stage, p.completed, "/", p.total)
/// }
/// ```
public struct TrainingProgress: Sendable, Equatable {
    /// The stage: `counting` (bytes of input read), `merging` (vocabulary size reached), or a
    /// trainer's own stage name (Unigram: its EM and pruning rounds).
    public var stage: String
    /// Units done so far.
    public var completed: Int
    /// Units in the stage (0 when unknown).
    public var total: Int

    public init(stage: String, completed: Int, total: Int) {
        self.stage = stage
        self.completed = completed
        self.total = total
    }
}

/// Receives progress reports; it may be called from any thread, often (callers throttle drawing).
public typealias TrainingProgressHandler = @Sendable (TrainingProgress) -> Void

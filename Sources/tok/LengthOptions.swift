import ArgumentParser
import TokenizerKit

/// `tok encode`'s truncation and padding options. Given on the command line, they replace the tokenizer
/// file's own `truncation` / `padding` section; without them the file's sections apply (each line alone).
///
/// ```
/// tok encode -t bert.json --max-length 128 --stride 32 --truncation only_second --pairs contexts.txt questions.txt
/// tok encode -t bert.json --max-length 64 --padding max_length --format jsonl --fields ids,attention_mask
/// ```
struct LengthOptions: ParsableArguments {
    enum Side: String, ExpressibleByArgument, CaseIterable { case left, right }

    /// The reference's Python spelling of the truncation strategies.
    enum Strategy: String, ExpressibleByArgument, CaseIterable {
        case longestFirst = "longest_first", onlyFirst = "only_first", onlySecond = "only_second"
    }

    enum PaddingMode: String, ExpressibleByArgument, CaseIterable {
        case longest
        case maxLength = "max_length"
    }

    /// Lines per batch for `--padding longest` unless `--batch-size` says otherwise.
    static let defaultBatchSize = 32

    /// Tokens tried, in this order, when neither `--pad-token` nor the file's padding names one.
    static let conventionalPadTokens = ["[PAD]", "<pad>", "<|padding|>", "<|endoftext|>"]

    @Option(help: ArgumentHelp("Truncate every encoding to at most N tokens, special tokens included; the parts cut off go to the `overflowing` field.",
                               valueName: "N"))
    var maxLength: Int?

    @Option(help: ArgumentHelp("Which sequence loses tokens: longest_first (default), only_first, only_second (needs --pairs). Needs --max-length.",
                               valueName: "strategy"))
    var truncation: Strategy?

    @Option(help: ArgumentHelp("Tokens each overflowing part repeats from the part before it (default 0). Needs --max-length.",
                               valueName: "N"))
    var stride: Int?

    @Option(help: ArgumentHelp("Which end truncation cuts: right (default) keeps the start, left keeps the end. Needs --max-length.", valueName: "side"))
    var truncationDirection: Side?

    @Flag(help: "Do not truncate, even when the tokenizer file says so.")
    var noTruncation = false

    @Option(help: ArgumentHelp("Pad to the longest encoding of each batch of --batch-size lines (longest), or to --max-length (max_length).",
                               valueName: "mode"))
    var padding: PaddingMode?

    @Option(help: ArgumentHelp("Round the padded length up to a multiple of N. Needs --padding.", valueName: "N"))
    var padToMultipleOf: Int?

    @Option(help: ArgumentHelp("Which end gets the padding: right (default) or left. Needs --padding.", valueName: "side"))
    var paddingDirection: Side?

    @Option(help: ArgumentHelp("The padding token (default: the file's padding token, else the first of \(conventionalPadTokens.joined(separator: ", ")) in the vocabulary). Needs --padding.",
                               valueName: "token"))
    var padToken: String?

    @Flag(help: "Do not pad, even when the tokenizer file says so.")
    var noPadding = false

    @Option(help: ArgumentHelp("With --padding longest: lines per batch, each input file cut into batches of N consecutive lines from its first line (default \(defaultBatchSize)), whatever --threads is.",
                               valueName: "N"))
    var batchSize: Int?

    func validate() throws {
        if let maxLength, maxLength < 0 { throw ValidationError("--max-length must not be negative") }
        if let stride, stride < 0 { throw ValidationError("--stride must not be negative") }
        if maxLength == nil {
            for (given, name) in [(truncation != nil, "--truncation"), (stride != nil, "--stride"),
                                  (truncationDirection != nil, "--truncation-direction")] where given {
                throw ValidationError("\(name) needs --max-length (the length to truncate to)")
            }
        }
        if noTruncation && maxLength != nil { throw ValidationError("--no-truncation and --max-length contradict each other") }

        if padding == .maxLength && maxLength == nil {
            throw ValidationError("--padding max_length pads to --max-length, which is missing")
        }
        if padding == nil {
            for (given, name) in [(padToMultipleOf != nil, "--pad-to-multiple-of"), (paddingDirection != nil, "--padding-direction"),
                                  (padToken != nil, "--pad-token")] where given {
                throw ValidationError("\(name) needs --padding longest|max_length")
            }
        }
        if batchSize != nil && padding != .longest {
            throw ValidationError("--batch-size goes with --padding longest (the only padding that depends on the batch)")
        }
        if let batchSize, batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if let padToMultipleOf, padToMultipleOf < 1 { throw ValidationError("--pad-to-multiple-of must be at least 1") }
        if noPadding && padding != nil { throw ValidationError("--no-padding and --padding contradict each other") }
    }

    /// Lines per batch when encodings are padded to the longest of their batch, else nil (each line alone).
    var paddingBatchSize: Int? {
        padding == .longest ? (batchSize ?? LengthOptions.defaultBatchSize) : nil
    }

    /// Replaces the tokenizer's truncation and padding with what the command line asks for.
    /// - Throws: `TokenizerError.impossibleTruncation` for a stride or length the tokenizer cannot honour;
    ///   `CommandFailure` when no padding token can be found.
    func apply(to tokenizer: inout Tokenizer) throws {
        if noTruncation { try tokenizer.setTruncation(nil) }
        if let maxLength {
            let strategy = TruncationParameters.Strategy(name: (truncation ?? .longestFirst).rawValue)!
            try tokenizer.setTruncation(TruncationParameters(
                maximumLength: maxLength, stride: stride ?? 0, strategy: strategy,
                direction: truncationDirection == .left ? .left : .right))
        }
        if noPadding { tokenizer.padding = nil }
        if let padding {
            let (padToken, padID) = try resolvePadToken(of: tokenizer)
            tokenizer.padding = PaddingParameters(
                strategy: padding == .longest ? .batchLongest : .fixed(maxLength ?? 0),
                direction: paddingDirection == .left ? .left : .right,
                padToMultipleOf: padToMultipleOf,
                padID: padID,
                padTypeID: tokenizer.padding?.padTypeID ?? 0,
                padToken: padToken)
        }
    }

    /// `--pad-token`, else the file's padding token (with the file's id), else a conventional one.
    private func resolvePadToken(of tokenizer: Tokenizer) throws -> (token: String, id: UInt32) {
        if let padToken {
            guard let id = tokenizer.id(forToken: padToken) else {
                throw CommandFailure("--pad-token: `\(padToken)` is not a token of this vocabulary")
            }
            return (padToken, id)
        }
        if let own = tokenizer.padding { return (own.padToken, own.padID) }
        for token in LengthOptions.conventionalPadTokens {
            if let id = tokenizer.id(forToken: token) { return (token, id) }
        }
        throw CommandFailure("--padding: the tokenizer file has no padding section and its vocabulary has none of \(LengthOptions.conventionalPadTokens.joined(separator: ", ")); name the padding token with --pad-token TOKEN")
    }
}

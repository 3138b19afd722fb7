/// How a tokenizer loaded from another format than tokenizer.json is written as one (`tok convert`).
///
/// Loaders that build their pipeline from components, with no tokenizer.json behind it, set one on the
/// tokenizer; `jsonData()` then writes what `json` makes, with the tokenizer's current truncation, padding
/// and added tokens.
struct FormatConversion: Sendable {
    /// Makes the tokenizer.json document, as the `transformers` converter for the format writes it.
    var json: @Sendable () throws -> [UInt8]
    /// What the written pipeline does differently from the format's own library, one sentence each.
    var differences: [String]
}

extension Tokenizer {
    /// What the tokenizer.json that `jsonData()` writes does differently from the format this tokenizer was
    /// loaded from, one sentence each: empty when it encodes and decodes the same (always, for a tokenizer
    /// loaded from a tokenizer.json).
    public var conversionDifferences: [String] { formatConversion?.differences ?? [] }
}

/// One token produced by a model for one word: its id and its byte range within the word.
struct ModelToken: Sendable, Equatable {
    var id: UInt32
    var start: Int32
    var end: Int32
    /// True when the token's text is the word's bytes `start..<end` rather than the vocabulary entry
    /// for `id` (the reference does this for Unigram's unknown pieces and for added tokens).
    var textIsInput: Bool = false
}

import FuzzSupport

/// The loaders of the other formats, picked by the first input byte: tiktoken rank files, tekken.json,
/// SentencePiece .model, vocab.txt, vocab.json + merges.txt (the rest split at the first 0xFF byte). What
/// loads must encode and decode a short text.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let rest = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let tokenizer: Tokenizer?
    switch data[0] % 5 {
    case 0: tokenizer = try? Tokenizer(tiktoken: rest, source: "fuzz.tiktoken", pattern: data[0] & 8 == 0 ? nil : .init(nameOrRegex: "cl100k_base"))
    case 1: tokenizer = try? Tokenizer(tekken: rest, source: "fuzz-tekken.json")
    case 2: tokenizer = try? Tokenizer(sentencePiece: rest, source: "fuzz.model")
    case 3: tokenizer = try? Tokenizer.loading(wordPieceVocabularyFile: FuzzSupport.scratchFile("vocab.txt", rest))
    default:
        let cut = rest.firstIndex(of: 0xFF) ?? rest.count
        let vocab = FuzzSupport.scratchFile("vocab.json", Array(rest[..<cut]))
        let merges = FuzzSupport.scratchFile("merges.txt", cut < rest.count ? Array(rest[(cut + 1)...]) : [])
        tokenizer = try? Tokenizer.loading(byteLevelVocabularyFile: vocab, mergesFile: merges)
    }
    if let tokenizer, let encoding = try? tokenizer.encode("Hello, world! naïve café 123") {
        _ = try? tokenizer.decode(encoding.ids, skippingSpecialTokens: false)
    }
    return 0
}

runFuzzer(fuzzOne)

import FuzzSupport

/// Loads arbitrary bytes as tokenizer.json; what loads must also encode and decode a short text.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let tokenizer = try? Tokenizer(json: bytes, source: "fuzz.json") else { return 0 }
    if let encoding = try? tokenizer.encode("Hello, world! naïve café 123", pair: "pair") {
        _ = try? tokenizer.decode(encoding.ids, skippingSpecialTokens: false)
    }
    return 0
}

runFuzzer(fuzzOne)

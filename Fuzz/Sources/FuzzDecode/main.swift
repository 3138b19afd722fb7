import FuzzSupport

/// Decodes arbitrary ids (little-endian UInt32 after the first byte, which picks the tokenizer), in one
/// call and through a `DecodeStream`, one id at a time and in groups.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let (tokenizer, flags) = FuzzSupport.tokenizerAndFlags(picking: data[0])
    var ids: [UInt32] = []
    var i = 1
    while i + 4 <= size {
        var id = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
        // Mostly ids inside the vocabulary, some anywhere.
        if flags & 4 == 0 { id %= UInt32(max(tokenizer.vocabularySize, 1)) + 2 }
        ids.append(id)
        i += 4
    }
    let skipping = flags & 1 != 0
    _ = try? tokenizer.decode(ids, skippingSpecialTokens: skipping)
    let half = ids.count / 2
    var stream = tokenizer.decodeStream(prompt: Array(ids[..<half]), skippingSpecialTokens: skipping)
    if flags & 2 != 0 {
        _ = try? stream.step(ids[half...])
    } else {
        for id in ids[half...] { _ = try? stream.step(id) }
    }
    _ = try? stream.finish()
    _ = try? tokenizer.decode(batch: [ids, Array(ids.reversed())], skippingSpecialTokens: skipping)
    return 0
}

runFuzzer(fuzzOne)

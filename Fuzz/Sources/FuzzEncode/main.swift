import FuzzSupport

/// Encodes arbitrary bytes as text with the tokenizer the first byte picks. Valid UTF-8 goes through
/// every encode entry point; invalid UTF-8 must be refused (by `String(validating:)`) or repaired, never crash.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    guard size > 0 else { return 0 }
    let (tokenizer, flags) = FuzzSupport.tokenizerAndFlags(picking: data[0])
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let special = flags & 1 != 0
    if let text = String(validating: body, as: UTF8.self) {
        var workspace = EncodingWorkspace()
        let encoding = try? tokenizer.encode(text, addingSpecialTokens: special, offsets: flags & 2 != 0 ? .utf16 : .scalars,
                                             using: &workspace)
        let direct = try? tokenizer.encode(utf8: body, addingSpecialTokens: special, using: &workspace)
        var ids: [UInt32] = []
        try? tokenizer.encodeIDs(utf8: body, addingSpecialTokens: special, using: &workspace, into: &ids)
        if let encoding {
            precondition(encoding.ids == direct?.ids, "encode(_:) and encode(utf8:) differ")
            precondition(encoding.ids == ids, "encode(_:) and encodeIDs(utf8:) differ")
            _ = try? tokenizer.decode(encoding.ids)
        }
    } else {
        // Invalid UTF-8: the String initialiser repairs it (U+FFFD); encoding that must still work.
        let repaired = String(decoding: body, as: UTF8.self)
        _ = try? tokenizer.encode(repaired, addingSpecialTokens: special)
    }
    return 0
}

runFuzzer(fuzzOne)

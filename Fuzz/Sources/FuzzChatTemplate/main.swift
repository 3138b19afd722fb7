import FuzzSupport

let context = FuzzSupport.chatContext

/// Parses arbitrary text as a chat template and renders it with a fixed conversation.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let template = try? ChatTemplate(source) else { return 0 }
    _ = try? template.render(context)
    return 0
}

runFuzzer(fuzzOne)

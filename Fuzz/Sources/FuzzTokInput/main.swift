import FuzzSupport

// `tok encode --jsonl-key` reads its records with JSONLineField, an executable's internal type: this target
// compiles the same file (JSONLineField.swift is a link to Sources/tok/Corpus/JSONLineField.swift).

let keys = [JSONLineField(key: "text"), JSONLineField(key: "content"), JSONLineField(key: "é\u{0}\"")]

/// Splits the input into lines and takes one string field out of each, as `tok encode --jsonl-key` does.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let field = keys[Int(data[0]) % keys.count]
    let body = UnsafeBufferPointer(start: data + 1, count: size - 1)
    var text: [UInt8] = []
    var start = 0
    for i in 0...body.count where i == body.count || body[i] == 0x0A {
        let line = UnsafeBufferPointer(rebasing: body[start..<i])
        text.removeAll(keepingCapacity: true)
        _ = try? field.extract(from: line, into: &text)
        start = i + 1
    }
    return 0
}

runFuzzer(fuzzOne)

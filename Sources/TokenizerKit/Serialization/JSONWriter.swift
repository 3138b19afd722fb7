/// Writes JSON text: values re-emitted from a parsed document (strings and numbers byte for byte as they
/// were written), and new values built in code. Pretty output indents by two spaces, as the reference does.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []
    let pretty: Bool
    private var depth = 0

    init(pretty: Bool) { self.pretty = pretty }

    private mutating func newline() {
        guard pretty else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: depth * 2))
    }

    /// Writes an object whose members `body` writes with `member(_:_:)`.
    mutating func object(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "{"))
        depth += 1
        let before = bytes.count
        body(&self)
        depth -= 1
        if bytes.count != before { newline() }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes an array whose elements `body` writes with `element(_:)`.
    mutating func array(_ body: (inout JSONWriter) -> Void) {
        bytes.append(UInt8(ascii: "["))
        depth += 1
        let before = bytes.count
        body(&self)
        depth -= 1
        if bytes.count != before { newline() }
        bytes.append(UInt8(ascii: "]"))
    }

    private var needsComma: Bool {
        guard let last = bytes.last else { return false }
        return last != UInt8(ascii: "{") && last != UInt8(ascii: "[")
    }

    mutating func member(_ key: String, _ value: (inout JSONWriter) -> Void) {
        member(bytes: Array(key.utf8), value)
    }

    /// A member whose key is UTF-8 bytes.
    mutating func member(bytes key: [UInt8], _ value: (inout JSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        newline()
        string(bytes: key)
        bytes.append(UInt8(ascii: ":"))
        if pretty { bytes.append(0x20) }
        value(&self)
    }

    mutating func element(_ value: (inout JSONWriter) -> Void) {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
        newline()
        value(&self)
    }

    mutating func string(_ text: String) { string(bytes: Array(text.utf8)) }

    mutating func string(bytes text: [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for b in text {
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(b)
            case 0x0A: bytes += Array("\\n".utf8)
            case 0x0D: bytes += Array("\\r".utf8)
            case 0x09: bytes += Array("\\t".utf8)
            case 0x08: bytes += Array("\\b".utf8)
            case 0x0C: bytes += Array("\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes += Array("\\u00".utf8)
                bytes.append(hex[Int(b >> 4)])
                bytes.append(hex[Int(b & 0xF)])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ value: Int) { bytes += Array(String(value).utf8) }
    mutating func number(_ value: Double) { bytes += Array("\(value)".utf8) }
    mutating func bool(_ value: Bool) { bytes += Array((value ? "true" : "false").utf8) }
    mutating func null() { bytes += Array("null".utf8) }

    /// Re-emits a parsed value; strings keep their exact escapes, numbers their exact spelling.
    mutating func value(_ value: JSONValue) {
        let document = value.document
        let node = value.node
        switch node.kind {
        case .null, .bool, .number:
            bytes += document.text[Int(node.start)..<Int(node.end)]
        case .string:
            bytes.append(UInt8(ascii: "\""))
            bytes += document.text[Int(node.start)..<Int(node.end)]
            bytes.append(UInt8(ascii: "\""))
        case .array:
            let elements = (try? value.arrayElements()) ?? []
            array { w in for e in elements { w.element { $0.value(e) } } }
        case .object:
            object { w in
                value.forEachEntry { key, v in
                    w.member(String(validUTF8: key)) { $0.value(v) }
                }
            }
        }
    }
}

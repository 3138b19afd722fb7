/// A byte-exact JSON reader.
///
/// Foundation's JSON parsers turn object keys into `String`s and so merge canonically-equivalent keys
/// (`"≯"` and `">\u{338}"`), silently losing vocabulary entries. This reader keeps every string as its
/// exact UTF-8 bytes and parses the whole document into one flat array of nodes (a "tape"), so an
/// 8 MB tokenizer.json costs one allocation per array, not one per value.
///
/// - Complexity: O(n) in the size of the document.
final class JSONDocument: Sendable {
    enum Kind: UInt8, Sendable {
        case null, bool, number, string, array, object
    }

    /// One value. For arrays and objects, `end` is the index of the first node after the whole value
    /// (its last descendant + 1) and `count` the number of elements (for objects, of key/value pairs;
    /// keys are string nodes that directly precede their values). For strings, `start..<end` is the
    /// raw text between the quotes and `count` is 1 when it holds escapes. For numbers and booleans,
    /// `start..<end` is the literal's text.
    struct Node: Sendable {
        var kind: Kind
        var start: Int32
        var end: Int32
        var count: Int32
        var line: Int32
    }

    let text: [UInt8]
    let nodes: [Node]

    /// Parses `text`; throws a `TokenizerError` naming the line and column of the first problem.
    init(parsing text: [UInt8], source: String) throws {
        self.text = text
        var parser = Parser(text: text, source: source)
        try parser.parseDocument()
        nodes = parser.nodes
    }

    var root: JSONValue { JSONValue(document: self, index: 0) }

    /// The JSON path of the node at `target`, found by walking down from the root. Only errors need
    /// paths, so values carry none and this walk happens once per error, not once per value.
    func path(of target: Int) -> JSONPath {
        var path = JSONPath()
        var current = 0
        while current != target {
            let node = nodes[current]
            guard node.kind == .array || node.kind == .object else { break }
            var i = current + 1
            var n = 0
            var descended = false
            while i < Int(node.end) {
                let valueIndex = node.kind == .object ? i + 1 : i
                let after = next(after: valueIndex)
                if target >= (node.kind == .object ? i : valueIndex) && target < after {
                    if node.kind == .object {
                        path = path.appending(String(validUTF8: stringBytes(at: i)))
                        current = target == i ? target : valueIndex
                    } else {
                        path = path.appending(index: n)
                        current = valueIndex
                    }
                    descended = true
                    break
                }
                i = after
                n += 1
            }
            if !descended { break }
        }
        return path
    }
}

/// Where a value sits in the document, for error messages: `model.merges[1041]`.
struct JSONPath: Sendable, CustomStringConvertible {
    private var components: [String] = []

    func appending(_ key: String) -> JSONPath {
        var copy = self
        copy.components.append(components.isEmpty ? key : "." + key)
        return copy
    }

    func appending(index: Int) -> JSONPath {
        var copy = self
        copy.components.append("[\(index)]")
        return copy
    }

    var description: String { components.isEmpty ? "(root)" : components.joined() }
}

/// A view of one value of a `JSONDocument`, with typed accessors that throw errors naming the JSON path.
struct JSONValue: Sendable {
    let document: JSONDocument
    let index: Int
    /// A path for a field that is missing (it names the key that should have been there).
    var missingKey: String? = nil

    var path: JSONPath {
        let base = document.path(of: index)
        return missingKey.map { base.appending($0) } ?? base
    }

    var node: JSONDocument.Node { document.nodes[index] }
    var kind: JSONDocument.Kind { node.kind }
    var isNull: Bool { kind == .null }

    func error(_ message: String) -> TokenizerError {
        .invalidConfiguration(path: path.description, message: message)
    }

    private func expect(_ kind: JSONDocument.Kind, _ what: String) throws {
        guard self.kind == kind else { throw error("expected \(what), found \(self.kind.description)") }
    }

    // MARK: Objects

    /// The key/value pairs of an object, in document order (duplicates kept).
    func objectEntries() throws -> [(key: [UInt8], value: JSONValue)] {
        try expect(.object, "an object")
        var result: [(key: [UInt8], value: JSONValue)] = []
        result.reserveCapacity(Int(node.count))
        forEachEntry { key, value in result.append((key, value)) }
        return result
    }

    /// Calls `body` with each key (as exact bytes) and value of an object.
    func forEachEntry(_ body: ([UInt8], JSONValue) throws -> Void) rethrows {
        let nodes = document.nodes
        var i = index + 1
        let end = Int(nodes[index].end)
        while i < end {
            let key = document.stringBytes(at: i)
            let valueIndex = i + 1
            try body(key, JSONValue(document: document, index: valueIndex))
            i = document.next(after: valueIndex)
        }
    }

    /// The value for `key` in an object (the last one when the key repeats), or nil.
    subscript(key: String) -> JSONValue? {
        guard kind == .object else { return nil }
        let wanted = Array(key.utf8)
        var found: JSONValue? = nil
        let nodes = document.nodes
        var i = index + 1
        let end = Int(nodes[index].end)
        while i < end {
            let valueIndex = i + 1
            if document.stringEquals(at: i, wanted) {
                found = JSONValue(document: document, index: valueIndex)
            }
            i = document.next(after: valueIndex)
        }
        return found
    }

    /// The value for `key`, or an error when it is missing.
    func required(_ key: String) throws -> JSONValue {
        try expect(.object, "an object")
        guard let value = self[key] else { throw error("missing field `\(key)`") }
        return value
    }

    /// The value for `key`, or — when it is missing — this value with the key's path, for error messages.
    func at(_ key: String) -> JSONValue {
        self[key] ?? JSONValue(document: document, index: index, missingKey: key)
    }

    /// The value for `key` unless it is missing or null.
    func optional(_ key: String) -> JSONValue? {
        guard let value = self[key], !value.isNull else { return nil }
        return value
    }

    // MARK: Arrays

    func arrayElements() throws -> [JSONValue] {
        try expect(.array, "an array")
        var result: [JSONValue] = []
        result.reserveCapacity(Int(node.count))
        var i = index + 1
        var n = 0
        let end = Int(node.end)
        while i < end {
            result.append(JSONValue(document: document, index: i))
            n += 1
            i = document.next(after: i)
        }
        return result
    }

    var count: Int { Int(node.count) }

    // MARK: Scalars

    func stringBytes() throws -> [UInt8] {
        try expect(.string, "a string")
        return document.stringBytes(at: index)
    }

    /// Appends the exact bytes of a string value to `output`.
    func appendStringBytes(to output: inout [UInt8]) throws {
        try expect(.string, "a string")
        document.appendStringBytes(at: index, to: &output)
    }

    /// The two elements of an array of two, or nil when it has another number of elements.
    func pairElements() throws -> (JSONValue, JSONValue)? {
        try expect(.array, "an array")
        guard node.count == 2 else { return nil }
        let first = index + 1
        return (JSONValue(document: document, index: first), JSONValue(document: document, index: document.next(after: first)))
    }

    func string() throws -> String { String(validUTF8: try stringBytes()) }

    func bool() throws -> Bool {
        try expect(.bool, "a boolean")
        return document.text[Int(node.start)] == UInt8(ascii: "t")
    }

    func double() throws -> Double {
        try expect(.number, "a number")
        let literal = String(validUTF8: document.text[Int(node.start)..<Int(node.end)])
        guard let value = Double(literal) else { throw error("invalid number \(literal)") }
        return value
    }

    func int() throws -> Int {
        try expect(.number, "an integer")
        var value = 0
        var negative = false
        var i = Int(node.start)
        let end = Int(node.end)
        if document.text[i] == UInt8(ascii: "-") { negative = true; i += 1 }
        while i < end {
            let c = document.text[i]
            guard c >= 0x30 && c <= 0x39 else { throw error("expected an integer, found \(String(validUTF8: document.text[Int(node.start)..<end]))") }
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(c - 0x30))
            guard !o1 && !o2 else { throw error("integer out of range") }
            value = s
            i += 1
        }
        return negative ? -value : value
    }

    /// A non-negative integer, read as the reference reads a `usize` (a length or a count): up to
    /// 2^64 - 1, where values past `Int.max`, which no length reaches, become `Int.max`.
    func nonNegativeInt() throws -> Int {
        try expect(.number, "a non-negative integer")
        let literal = document.text[Int(node.start)..<Int(node.end)]
        guard let value = UInt64(String(validUTF8: literal)) else {
            throw error("expected a non-negative integer of at most 2^64 - 1, found \(String(validUTF8: literal))")
        }
        return value > UInt64(Int.max) ? Int.max : Int(value)
    }

    /// A non-negative integer that fits in `UInt32`.
    func uint32() throws -> UInt32 {
        let value = try int()
        guard value >= 0 && value <= Int(UInt32.max) else { throw error("expected a non-negative 32-bit integer, found \(value)") }
        return UInt32(value)
    }

    // Optional-field conveniences: nil when the field is missing or null.
    func bool(_ key: String) throws -> Bool? { try optional(key)?.bool() }
    func string(_ key: String) throws -> String? { try optional(key)?.string() }
    func int(_ key: String) throws -> Int? { try optional(key)?.int() }
    func double(_ key: String) throws -> Double? { try optional(key)?.double() }

    /// The component tag `type`, when present.
    func typeTag() throws -> String? { try string("type") }
}

extension JSONDocument.Kind: CustomStringConvertible {
    var description: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

extension JSONDocument {
    /// The index of the node after the value at `index` and all its descendants.
    @inline(__always)
    func next(after index: Int) -> Int {
        let node = nodes[index]
        return node.kind == .array || node.kind == .object ? Int(node.end) : index + 1
    }

    func stringEquals(at index: Int, _ bytes: [UInt8]) -> Bool {
        let node = nodes[index]
        if node.count == 0 {
            let length = Int(node.end - node.start)
            guard length == bytes.count else { return false }
            var i = 0
            var j = Int(node.start)
            while i < length {
                if text[j] != bytes[i] { return false }
                i += 1; j += 1
            }
            return true
        }
        return stringBytes(at: index) == bytes
    }

    /// The exact bytes of the string at `index`, escapes decoded.
    func stringBytes(at index: Int) -> [UInt8] {
        let node = nodes[index]
        if node.count == 0 { return Array(text[Int(node.start)..<Int(node.end)]) }
        var out: [UInt8] = []
        out.reserveCapacity(Int(node.end - node.start))
        appendStringBytes(at: index, to: &out)
        return out
    }

    /// Appends the exact bytes of the string at `index`, escapes decoded, to `out` (loading reuses one
    /// buffer for every merge instead of an array per string).
    func appendStringBytes(at index: Int, to out: inout [UInt8]) {
        let node = nodes[index]
        let raw = text[Int(node.start)..<Int(node.end)]
        if node.count == 0 {
            out.append(contentsOf: raw)
            return
        }
        var i = raw.startIndex
        while i < raw.endIndex {
            let c = text[i]
            if c != UInt8(ascii: "\\") {
                out.append(c); i += 1; continue
            }
            let e = text[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var value = Self.hex4(text, i)
                i += 4
                if value >= 0xD800 && value < 0xDC00 {
                    // Validated by the parser: a low surrogate escape follows.
                    let low = Self.hex4(text, i + 2)
                    value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                }
                UTF8Scalar.append(value, to: &out)
            default: out.append(e) // \" \\ \/
            }
        }
    }

    static func hex4(_ text: [UInt8], _ i: Int) -> UInt32 {
        var value: UInt32 = 0
        for k in 0..<4 {
            value = value << 4 | UInt32(hexValue(text[i + k]) ?? 0)
        }
        return value
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: c - 0x30
        case 0x41...0x46: c - 0x41 + 10
        case 0x61...0x66: c - 0x61 + 10
        default: nil
        }
    }
}

/// The recursive-descent parser behind `JSONDocument`.
private struct Parser {
    let text: [UInt8]
    let source: String
    var nodes: [JSONDocument.Node] = []
    var position = 0
    var line: Int32 = 1
    var lineStart = 0
    var depth = 0

    init(text: [UInt8], source: String) {
        self.text = text
        self.source = source
        nodes.reserveCapacity(text.count / 8)
    }

    func failure(_ message: String) -> TokenizerError {
        .malformedJSON(file: source, line: Int(line), column: position - lineStart + 1, message: message)
    }

    mutating func parseDocument() throws {
        skipWhitespace()
        try parseValue()
        skipWhitespace()
        guard position == text.count else { throw failure("unexpected text after the JSON value") }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < text.count {
            let c = text[position]
            if c == 0x20 || c == 0x09 || c == 0x0D {
                position += 1
            } else if c == 0x0A {
                position += 1
                line += 1
                lineStart = position
            } else {
                return
            }
        }
    }

    mutating func parseValue() throws {
        guard position < text.count else { throw failure("unexpected end of file") }
        switch text[position] {
        case UInt8(ascii: "{"): try parseContainer(object: true)
        case UInt8(ascii: "["): try parseContainer(object: false)
        case UInt8(ascii: "\""): try parseString()
        case UInt8(ascii: "t"): try parseLiteral("true", .bool)
        case UInt8(ascii: "f"): try parseLiteral("false", .bool)
        case UInt8(ascii: "n"): try parseLiteral("null", .null)
        case UInt8(ascii: "-"), 0x30...0x39: try parseNumber()
        default: throw failure("unexpected character '\(Character(Unicode.Scalar(text[position])))'")
        }
    }

    mutating func parseLiteral(_ word: StaticString, _ kind: JSONDocument.Kind) throws {
        let length = word.utf8CodeUnitCount
        guard position + length <= text.count else { throw failure("unexpected end of file") }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: length)
        for k in 0..<length where text[position + k] != expected[k] {
            throw failure("invalid literal")
        }
        nodes.append(.init(kind: kind, start: Int32(position), end: Int32(position + length), count: 0, line: line))
        position += length
    }

    mutating func parseNumber() throws {
        let start = position
        if text[position] == UInt8(ascii: "-") { position += 1 }
        var digits = 0
        while position < text.count, text[position] >= 0x30, text[position] <= 0x39 { position += 1; digits += 1 }
        guard digits > 0 else { throw failure("invalid number") }
        if position < text.count, text[position] == UInt8(ascii: ".") {
            position += 1
            var fraction = 0
            while position < text.count, text[position] >= 0x30, text[position] <= 0x39 { position += 1; fraction += 1 }
            guard fraction > 0 else { throw failure("invalid number") }
        }
        if position < text.count, text[position] == UInt8(ascii: "e") || text[position] == UInt8(ascii: "E") {
            position += 1
            if position < text.count, text[position] == UInt8(ascii: "+") || text[position] == UInt8(ascii: "-") { position += 1 }
            var exponent = 0
            while position < text.count, text[position] >= 0x30, text[position] <= 0x39 { position += 1; exponent += 1 }
            guard exponent > 0 else { throw failure("invalid number") }
        }
        nodes.append(.init(kind: .number, start: Int32(start), end: Int32(position), count: 0, line: line))
    }

    mutating func parseString() throws {
        position += 1 // opening quote
        let start = position
        var escaped: Int32 = 0
        while true {
            position = plainRunEnd(from: position)
            guard position < text.count else { throw failure("unterminated string") }
            let c = text[position]
            if c == UInt8(ascii: "\"") { break }
            if c < 0x20 { throw failure("control character in string") }
            if c == UInt8(ascii: "\\") {
                escaped = 1
                guard position + 1 < text.count else { throw failure("unterminated string") }
                let e = text[position + 1]
                switch e {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    position += 2
                case UInt8(ascii: "u"):
                    let value = try hexEscape(at: position + 2)
                    position += 6
                    if value >= 0xD800 && value < 0xDC00 {
                        guard position + 1 < text.count, text[position] == UInt8(ascii: "\\"),
                              text[position + 1] == UInt8(ascii: "u") else {
                            throw failure("lone leading surrogate in hex escape")
                        }
                        let low = try hexEscape(at: position + 2)
                        guard low >= 0xDC00 && low < 0xE000 else { throw failure("invalid surrogate pair in hex escape") }
                        position += 6
                    } else if value >= 0xDC00 && value < 0xE000 {
                        throw failure("lone trailing surrogate in hex escape")
                    }
                default:
                    throw failure("invalid escape")
                }
            } else if c < 0x80 {
                position += 1
            } else {
                position += try validateMultibyte(at: position)
            }
        }
        nodes.append(.init(kind: .string, start: Int32(start), end: Int32(position), count: escaped, line: line))
        position += 1 // closing quote
    }

    /// The end of the run from `start` of bytes a string holds as they are: printable ASCII other than `"`
    /// and `\`, and two-byte UTF-8 sequences (always valid with a lead byte C2–DF and one continuation byte).
    /// Escapes, longer sequences and errors are left to `parseString`'s general loop.
    ///
    /// Performance (callgrind, o200k's tokenizer.json, 7 MB, most strings byte-level characters such as
    /// `Ġ`): the general loop and `validateMultibyte` per character took 187 M instructions.
    @inline(__always)
    func plainRunEnd(from start: Int) -> Int {
        text.withUnsafeBufferPointer { bytes in
            var p = start
            let n = bytes.count
            while p < n {
                let c = bytes[p]
                if c >= 0x20 && c < 0x80 && c != UInt8(ascii: "\"") && c != UInt8(ascii: "\\") {
                    p += 1
                } else if c >= 0xC2 && c <= 0xDF && p + 1 < n && bytes[p + 1] & 0xC0 == 0x80 {
                    p += 2
                } else {
                    break
                }
            }
            return p
        }
    }

    func hexEscape(at index: Int) throws -> UInt32 {
        guard index + 4 <= text.count else { throw failure("unterminated escape") }
        var value: UInt32 = 0
        for k in 0..<4 {
            guard let h = JSONDocument.hexValue(text[index + k]) else { throw failure("invalid \\u escape") }
            value = value << 4 | UInt32(h)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence; returns its length.
    func validateMultibyte(at i: Int) throws -> Int {
        let b0 = text[i]
        let length: Int
        var minimum: UInt32
        var value: UInt32
        switch b0 {
        case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(b0 & 0x1F)
        case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(b0 & 0x0F)
        case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(b0 & 0x07)
        default: throw failure("invalid UTF-8")
        }
        guard i + length <= text.count else { throw failure("invalid UTF-8") }
        for k in 1..<length {
            let b = text[i + k]
            guard b & 0xC0 == 0x80 else { throw failure("invalid UTF-8") }
            value = value << 6 | UInt32(b & 0x3F)
        }
        guard value >= minimum, value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { throw failure("invalid UTF-8") }
        return length
    }

    mutating func parseContainer(object: Bool) throws {
        depth += 1
        guard depth <= 512 else { throw failure("nesting too deep") }
        let me = nodes.count
        nodes.append(.init(kind: object ? .object : .array, start: Int32(position), end: 0, count: 0, line: line))
        position += 1
        let close = object ? UInt8(ascii: "}") : UInt8(ascii: "]")
        var count: Int32 = 0
        skipWhitespace()
        if position < text.count, text[position] == close {
            position += 1
        } else {
            while true {
                skipWhitespace()
                if object {
                    guard position < text.count, text[position] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
                    try parseString()
                    skipWhitespace()
                    guard position < text.count, text[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
                    position += 1
                    skipWhitespace()
                }
                try parseValue()
                count += 1
                skipWhitespace()
                guard position < text.count else { throw failure("unexpected end of file") }
                if text[position] == UInt8(ascii: ",") { position += 1; continue }
                if text[position] == close { position += 1; break }
                throw failure(object ? "expected ',' or '}'" : "expected ',' or ']'")
            }
        }
        nodes[me].end = Int32(nodes.count)
        nodes[me].count = count
        depth -= 1
    }
}

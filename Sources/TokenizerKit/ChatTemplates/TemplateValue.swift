/// A value passed to a template: the JSON types, with dictionaries that keep their keys in order (as
/// Python dicts do, and as `json.loads` builds them).
///
/// ```swift
/// let messages: TemplateValue = [["role": "user", "content": "Hi"]]
/// let tools = try TemplateValue(json: #"[{"type": "function", "function": {"name": "f"}}]"#)
/// ```
public enum TemplateValue: Sendable, Equatable {
    /// Python's `None` (JSON `null`).
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([TemplateValue])
    /// A dictionary, its entries in insertion order.
    case dictionary([(key: String, value: TemplateValue)])

    public static func == (a: TemplateValue, b: TemplateValue) -> Bool {
        switch (a, b) {
        case (.none, .none): true
        case let (.bool(x), .bool(y)): x == y
        case let (.int(x), .int(y)): x == y
        case let (.double(x), .double(y)): x == y
        case let (.string(x), .string(y)): x.utf8.elementsEqual(y.utf8)
        case let (.array(x), .array(y)): x == y
        case let (.dictionary(x), .dictionary(y)):
            x.count == y.count && zip(x, y).allSatisfy { $0.key.utf8.elementsEqual($1.key.utf8) && $0.value == $1.value }
        default: false
        }
    }

    /// The value for `key` when this is a dictionary (the last entry when the key repeats).
    public subscript(key: String) -> TemplateValue? {
        guard case .dictionary(let entries) = self else { return nil }
        return entries.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }
}

extension TemplateValue {
    /// Parses JSON text as Python's `json.loads` does: objects keep their key order (a repeated key
    /// keeps its first position and its last value), numbers without a fraction or exponent become
    /// `int` (`double` when they do not fit in 64 bits), other numbers `double`.
    ///
    /// - Throws: `TokenizerError.malformedJSON` naming the line and column of the first problem.
    public init(json text: String) throws {
        try self.init(json: Array(text.utf8))
    }

    /// Parses UTF-8 JSON bytes; see `init(json:)` for text.
    public init(json bytes: [UInt8]) throws {
        let document = try JSONDocument(parsing: bytes, source: "JSON")
        self = try TemplateValue(document.root)
    }

    private init(_ json: JSONValue) throws {
        switch json.kind {
        case .null: self = .none
        case .bool: self = .bool(try json.bool())
        case .string: self = .string(try json.string())
        case .number:
            let node = json.node
            let literal = json.document.text[Int(node.start)..<Int(node.end)]
            let isInteger = !literal.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
            if isInteger, let i = try? json.int() {
                self = .int(i)
            } else {
                self = .double(try json.double())
            }
        case .array: self = .array(try json.arrayElements().map(TemplateValue.init))
        case .object:
            var entries: [(key: String, value: TemplateValue)] = []
            var positions: [ExactString: Int] = [:]
            for (key, value) in try json.objectEntries() {
                let name = String(validUTF8: key)
                let converted = try TemplateValue(value)
                if let i = positions[ExactString(name)] {
                    entries[i].value = converted
                } else {
                    positions[ExactString(name)] = entries.count
                    entries.append((name, converted))
                }
            }
            self = .dictionary(entries)
        }
    }
}

extension TemplateValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .none }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: TemplateValue...) { self = .array(elements) }
    /// Keeps the entries in the order written.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self = .dictionary(elements.map { (key: $0.0, value: $0.1) })
    }
}

extension Value {
    /// The runtime form of a value passed to a template.
    init(_ value: TemplateValue) {
        switch value {
        case .none: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .list(items.map(Value.init))
        case .dictionary(let entries):
            self = .dictionary(ValueDictionary(entries.map { (Value.string($0.key), Value($0.value)) }))
        }
    }
}

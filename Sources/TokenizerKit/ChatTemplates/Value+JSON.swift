/// `json.dumps(value, ensure_ascii=False, indent=…, separators=…, sort_keys=…)`, the `tojson` filter
/// of transformers' chat templates (no HTML escaping, non-ASCII kept).
struct JSONDumpOptions {
    /// The text for one level of indentation; nil for everything on one line.
    var indent: String? = nil
    var itemSeparator = ", "
    var keySeparator = ": "
    var sortKeys = false

    /// Reads the filter's arguments as `json.dumps` takes them.
    init(_ arguments: Arguments) throws {
        switch arguments.value(0, "indent") {
        case nil, .none?, .undefined?: indent = nil
        case .int(let n)?: indent = String(repeating: " ", count: max(0, n))
        case .bool(let b)?: indent = String(repeating: " ", count: b ? 1 : 0)
        case .string(let s)?: indent = s
        case let other?: throw TemplateError.type("indent must be an int or a string, not \(other.typeName)")
        }
        if indent != nil { itemSeparator = "," }
        switch arguments.value(1, "separators") {
        case nil, .none?, .undefined?: break
        case .tuple(let parts)?, .list(let parts)?:
            guard parts.count == 2, case .string(let item) = parts[0], case .string(let key) = parts[1] else {
                throw TemplateError.type("separators must be a pair of strings")
            }
            itemSeparator = item
            keySeparator = key
        case let other?: throw TemplateError.type("separators must be a pair of strings, not \(other.typeName)")
        }
        sortKeys = arguments.value(2, "sort_keys")?.isTruthy ?? false
    }
}

extension Value {
    func jsonDumps(_ options: JSONDumpOptions) throws -> String {
        var out = ""
        try appendJSON(to: &out, options, level: 0)
        return out
    }

    private func appendJSON(to out: inout String, _ options: JSONDumpOptions, level: Int) throws {
        switch self {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.jsonFloat(d)
        case .string(let s): Value.appendJSONString(s, to: &out)
        case .list(let items), .tuple(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += options.itemSeparator }
                Value.newline(&out, options, level + 1)
                try item.appendJSON(to: &out, options, level: level + 1)
            }
            Value.newline(&out, options, level)
            out += "]"
        case .dictionary(let d):
            if d.isEmpty { out += "{}"; return }
            var entries: [(key: String, value: Value)] = []
            entries.reserveCapacity(d.count)
            for (k, v) in d.pairs { entries.append((try Value.jsonKey(k), v)) }
            if options.sortKeys {
                try entries.sort { try Value.string($0.key).pythonCompare(.string($1.key), "<") < 0 }
            }
            out += "{"
            for (i, entry) in entries.enumerated() {
                if i > 0 { out += options.itemSeparator }
                Value.newline(&out, options, level + 1)
                Value.appendJSONString(entry.key, to: &out)
                out += options.keySeparator
                try entry.value.appendJSON(to: &out, options, level: level + 1)
            }
            Value.newline(&out, options, level)
            out += "}"
        case .undefined, .namespace, .loop, .function:
            throw TemplateError.type("Object of type \(typeName) is not JSON serializable")
        }
    }

    private static func newline(_ out: inout String, _ options: JSONDumpOptions, _ level: Int) {
        guard let indent = options.indent else { return }
        out += "\n"
        for _ in 0..<level { out += indent }
    }

    /// Keys as `json.dumps` converts them: strings as they are, numbers, booleans and None as text.
    private static func jsonKey(_ key: Value) throws -> String {
        switch key {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .double(let d): return jsonFloat(d)
        case .bool(let b): return b ? "true" : "false"
        case .none: return "null"
        default: throw TemplateError.type("keys must be str, int, float, bool or None, not \(key.typeName)")
        }
    }

    static func jsonFloat(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return pythonFloatRepr(d)
    }

    /// A JSON string as `json.dumps(…, ensure_ascii=False)` writes it: `"` `\` and control characters
    /// escaped, everything else as it is.
    static func appendJSONString(_ s: String, to out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 { out += "\\u" + hex(c.value, digits: 4) } else { out.unicodeScalars.append(c) }
            }
        }
        out += "\""
    }
}

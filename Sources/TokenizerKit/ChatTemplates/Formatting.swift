import Foundation

/// Python's `format_spec` mini-language for one value (`'{:>8.2f}'.format(x)`).
enum FormatSpec {
    static func apply(_ spec: String, to value: Value) throws -> String {
        var a = Array(spec.unicodeScalars)
        var fill: Unicode.Scalar = " "
        var align: Unicode.Scalar? = nil
        if a.count >= 2, "<>=^".unicodeScalars.contains(a[1]) {
            fill = a[0]; align = a[1]; a.removeFirst(2)
        } else if let first = a.first, "<>=^".unicodeScalars.contains(first) {
            align = first; a.removeFirst()
        }
        var sign: Unicode.Scalar = "-"
        if let first = a.first, "+- ".unicodeScalars.contains(first) { sign = first; a.removeFirst() }
        var alternate = false
        if a.first == "#" { alternate = true; a.removeFirst() }
        if a.first == "0" {
            if align == nil { fill = "0"; align = "=" }
            a.removeFirst()
        }
        var width = 0
        while let c = a.first, let d = Int(String(c)), c.isASCII { width = width * 10 + d; a.removeFirst() }
        var grouping: Unicode.Scalar? = nil
        if let first = a.first, first == "," || first == "_" { grouping = first; a.removeFirst() }
        var precision: Int? = nil
        if a.first == "." {
            a.removeFirst()
            var p = 0
            while let c = a.first, let d = Int(String(c)), c.isASCII { p = p * 10 + d; a.removeFirst() }
            precision = p
        }
        let type: Unicode.Scalar? = a.first
        if a.count > 1 { throw TemplateError.type("Invalid format specifier '\(spec)' for object of type '\(value.typeName)'") }

        var body: String
        var negative = false
        switch value {
        case .string(let s):
            guard type == nil || type == "s" else { throw TemplateError.type("Unknown format code '\(type!)' for object of type 'str'") }
            body = s
            if let precision { body = StringMethods.text(s.unicodeScalars.prefix(precision)) }
            return pad(body, width: width, fill: fill, align: align ?? "<", prefix: "")
        case .int, .bool, .double:
            let isInteger = { if case .double = value { false } else { true } }()
            let d = value.numericValue!
            negative = d < 0 || (d == 0 && d.sign == .minus && !isInteger)
            switch type {
            case nil, "d", "n":
                if isInteger && (type != nil || precision == nil) {
                    guard type == nil || isInteger else { throw TemplateError.type("Unknown format code 'd' for object of type 'float'") }
                    var i = 0
                    if case .int(let v) = value { i = v } else if case .bool(let b) = value { i = b ? 1 : 0 }
                    body = String(i.magnitude)
                } else if case .double(let x) = value {
                    if type == "d" { throw TemplateError.type("Unknown format code 'd' for object of type 'float'") }
                    body = precision.map { String(format: "%.\($0 == 0 ? 1 : $0)g", abs(x)) } ?? Value.pythonFloatRepr(abs(x))
                } else {
                    body = String(format: "%.\(precision ?? 6)g", abs(d))
                }
            case "f", "F": body = String(format: "%.\(precision ?? 6)f", abs(d))
            case "e", "E": body = String(format: "%.\(precision ?? 6)\(type!)", abs(d))
            case "g", "G": body = String(format: "%.\(precision ?? 6)\(type!)", abs(d))
            case "%": body = String(format: "%.\(precision ?? 6)f", abs(d) * 100) + "%"
            case "x", "X", "o", "b":
                guard isInteger else { throw TemplateError.type("Unknown format code '\(type!)' for object of type 'float'") }
                let radix = type == "o" ? 8 : (type == "b" ? 2 : 16)
                body = String(Int(d).magnitude, radix: radix, uppercase: type == "X")
                if alternate { body = (type == "o" ? "0o" : type == "b" ? "0b" : (type == "X" ? "0X" : "0x")) + body }
            case "c":
                body = Unicode.Scalar(UInt32(max(0, d))).map { String($0) } ?? ""
            default:
                throw TemplateError.type("Unknown format code '\(type!)' for object of type '\(value.typeName)'")
            }
            if let grouping, body.allSatisfy({ $0.isNumber || $0 == "." }) {
                let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                var whole = Array(parts[0])
                var grouped: [Character] = []
                while whole.count > 3 {
                    grouped = [Character(grouping)] + whole.suffix(3) + grouped
                    whole.removeLast(3)
                }
                body = String(whole + grouped) + (parts.count > 1 ? "." + parts[1] : "")
            }
            let signText = negative ? "-" : (sign == "+" ? "+" : (sign == " " ? " " : ""))
            return pad(body, width: width, fill: fill, align: align ?? ">", prefix: signText)
        default:
            guard spec.isEmpty else { throw TemplateError.type("unsupported format string passed to \(value.typeName).__format__") }
            return value.pythonString
        }
    }

    private static func pad(_ body: String, width: Int, fill: Unicode.Scalar, align: Unicode.Scalar, prefix: String) -> String {
        let length = body.unicodeScalars.count + prefix.unicodeScalars.count
        guard width > length else { return prefix + body }
        let total = width - length
        let f = String(fill)
        switch align {
        case "<": return prefix + body + String(repeating: f, count: total)
        case "^": return String(repeating: f, count: total / 2) + prefix + body + String(repeating: f, count: total - total / 2)
        case "=": return prefix + String(repeating: f, count: total) + body
        default: return String(repeating: f, count: total) + prefix + body
        }
    }
}

/// `str.format(*args, **kwargs)`: `{}`, `{0}`, `{name}`, `{0[key]}`, `{name.attr}`, `!r`/`!s`, `:spec`.
enum FormatString {
    static func format(_ template: String, _ arguments: Arguments) throws -> String {
        let a = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        var automatic = 0
        while i < a.count {
            let c = a[i]
            if c == "}" {
                guard i + 1 < a.count, a[i + 1] == "}" else { throw TemplateError.type("Single '}' encountered in format string") }
                out.append("}"); i += 2; continue
            }
            guard c == "{" else { out.append(c); i += 1; continue }
            if i + 1 < a.count && a[i + 1] == "{" { out.append("{"); i += 2; continue }
            var j = i + 1
            var depth = 1
            while j < a.count {
                if a[j] == "{" { depth += 1 } else if a[j] == "}" { depth -= 1; if depth == 0 { break } }
                j += 1
            }
            guard j < a.count else { throw TemplateError.type("expected '}' before end of string") }
            let field = StringMethods.text(a[(i + 1)..<j])
            i = j + 1
            var name = field
            var spec = ""
            var conversion: Character? = nil
            if let colon = name.firstIndex(of: ":") {
                spec = String(name[name.index(after: colon)...])
                name = String(name[..<colon])
            }
            if let bang = name.firstIndex(of: "!") {
                conversion = name[name.index(after: bang)...].first
                name = String(name[..<bang])
            }
            // The first part names the argument; `.attr` and `[key]` follow.
            var head = name
            var rest = ""
            if let k = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
                head = String(name[..<k])
                rest = String(name[k...])
            }
            var value: Value
            if head.isEmpty {
                guard automatic < arguments.positional.count else { throw TemplateError.type("Replacement index \(automatic) out of range for positional args tuple") }
                value = arguments.positional[automatic]
                automatic += 1
            } else if let n = Int(head) {
                guard n < arguments.positional.count else { throw TemplateError.type("Replacement index \(n) out of range for positional args tuple") }
                value = arguments.positional[n]
            } else {
                guard let v = arguments.keywords.first(where: { $0.name == head })?.value else { throw TemplateError.type("'\(head)'") }
                value = v
            }
            while !rest.isEmpty {
                if rest.hasPrefix(".") {
                    rest.removeFirst()
                    let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                    let attribute = String(rest[..<end])
                    rest = String(rest[end...])
                    if attribute.hasPrefix("_") { throw TemplateError(.security, "access to attribute '\(attribute)' of '\(value.typeName)' object is unsafe.") }
                    if case .dictionary = value { throw TemplateError.type("'dict' object has no attribute '\(attribute)'") }
                    if case .namespace(let ns) = value, let v = ns.attributes[.string(attribute)] { value = v; continue }
                    throw TemplateError.type("'\(value.typeName)' object has no attribute '\(attribute)'")
                } else if rest.hasPrefix("[") {
                    guard let close = rest.firstIndex(of: "]") else { throw TemplateError.type("Missing ']' in format string") }
                    let key = String(rest[rest.index(after: rest.startIndex)..<close])
                    rest = String(rest[rest.index(after: close)...])
                    let keyValue: Value = Int(key).map(Value.int) ?? .string(key)
                    switch (value, keyValue) {
                    case (.dictionary(let d), _):
                        guard let v = d[keyValue] else { throw TemplateError.type(keyValue.repr) }
                        value = v
                    case (.string(let s), .int(let n)):
                        let scalars = Array(s.unicodeScalars)
                        guard n >= 0 && n < scalars.count else { throw TemplateError.type("string index out of range") }
                        value = .string(String(scalars[n]))
                    case (.list(let l), .int(let n)), (.tuple(let l), .int(let n)):
                        guard n >= 0 && n < l.count else { throw TemplateError.type("list index out of range") }
                        value = l[n]
                    default: throw TemplateError.type("'\(value.typeName)' object is not subscriptable")
                    }
                } else {
                    throw TemplateError.type("Only '.' or '[' may follow ']' in format field specifier")
                }
            }
            switch conversion {
            case "r"?, "a"?: value = .string(value.repr)
            case "s"?: value = .string(value.pythonString)
            default: break
            }
            out.append(contentsOf: try FormatSpec.apply(spec, to: value).unicodeScalars)
        }
        return String(out)
    }
}

/// Python's printf-style `format % values` (and jinja2's `format` filter).
enum PrintfFormat {
    static func format(_ template: String, _ values: Value) throws -> String {
        var positional: [Value]
        var mapping: ValueDictionary? = nil
        switch values {
        case .tuple(let items): positional = items
        case .dictionary(let d): positional = [values]; mapping = d
        default: positional = [values]
        }
        let a = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var next = 0
        var i = 0
        var usedMapping = false
        while i < a.count {
            guard a[i] == "%" else { out.append(a[i]); i += 1; continue }
            i += 1
            guard i < a.count else { throw TemplateError.type("incomplete format") }
            var key: String? = nil
            if a[i] == "(" {
                guard let close = a[i...].firstIndex(of: ")") else { throw TemplateError.type("incomplete format key") }
                key = StringMethods.text(a[(i + 1)..<close])
                i = close + 1
            }
            var flags = ""
            while i < a.count, "-+ #0".unicodeScalars.contains(a[i]) { flags.unicodeScalars.append(a[i]); i += 1 }
            func number() throws -> Int? {
                if i < a.count && a[i] == "*" {
                    i += 1
                    guard next < positional.count, case .int(let n) = positional[next] else { throw TemplateError.type("* wants int") }
                    next += 1
                    return n
                }
                var n: Int? = nil
                while i < a.count, let d = Int(String(a[i])), a[i].isASCII { n = (n ?? 0) * 10 + d; i += 1 }
                return n
            }
            let width = try number()
            var precision: Int? = nil
            if i < a.count && a[i] == "." { i += 1; precision = try number() ?? 0 }
            while i < a.count, "hlL".unicodeScalars.contains(a[i]) { i += 1 }
            guard i < a.count else { throw TemplateError.type("incomplete format") }
            let conversion = a[i]
            i += 1
            if conversion == "%" { out.append("%"); continue }
            let value: Value
            if let key {
                guard let mapping else { throw TemplateError.type("format requires a mapping") }
                guard let v = mapping[.string(key)] else { throw TemplateError.type("'\(key)'") }
                value = v
                usedMapping = true
            } else {
                guard next < positional.count else { throw TemplateError.type("not enough arguments for format string") }
                value = positional[next]
                next += 1
            }
            var body: String
            var numeric = false
            switch conversion {
            case "s": body = value.pythonString
            case "r", "a": body = value.repr
            case "d", "i", "u":
                guard let d = value.numericValue else { throw TemplateError.type("%\(conversion) format: a real number is required, not \(value.typeName)") }
                if case .int(let n) = value { body = String(n) } else { body = String(Int(d.rounded(.towardZero))) }
                numeric = true
            case "f", "F", "e", "E", "g", "G":
                guard let d = value.numericValue else { throw TemplateError.type("must be real number, not \(value.typeName)") }
                body = String(format: "%\(flags.contains("#") ? "#" : "").\(precision ?? 6)\(conversion)", d)
                numeric = true
            case "x", "X", "o":
                guard case .int(let n) = value else { throw TemplateError.type("%\(conversion) format: an integer is required, not \(value.typeName)") }
                body = (n < 0 ? "-" : "") + String(n.magnitude, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
                numeric = true
            case "c":
                if case .int(let n) = value, let s = Unicode.Scalar(UInt32(max(0, n))) { body = String(s) }
                else if case .string(let s) = value, s.unicodeScalars.count == 1 { body = s }
                else { throw TemplateError.type("%c requires int or char") }
            default:
                throw TemplateError.type("unsupported format character '\(conversion)' (0x\(String(conversion.value, radix: 16))) at index \(i - 1)")
            }
            if let precision, conversion == "s" || conversion == "r" { body = StringMethods.text(body.unicodeScalars.prefix(precision)) }
            if numeric && flags.contains("+") && !body.hasPrefix("-") { body = "+" + body }
            else if numeric && flags.contains(" ") && !body.hasPrefix("-") { body = " " + body }
            if let width, body.unicodeScalars.count < width {
                let padding = width - body.unicodeScalars.count
                if flags.contains("-") {
                    body += String(repeating: " ", count: padding)
                } else if flags.contains("0") && numeric {
                    let signed = body.hasPrefix("-") || body.hasPrefix("+") || body.hasPrefix(" ")
                    let sign = signed ? String(body.removeFirst()) : ""
                    body = sign + String(repeating: "0", count: padding) + body
                } else {
                    body = String(repeating: " ", count: padding) + body
                }
            }
            out.append(contentsOf: body.unicodeScalars)
        }
        if mapping == nil && next < positional.count {
            throw TemplateError.type("not all arguments converted during string formatting")
        }
        _ = usedMapping
        return String(out)
    }
}

/// Python's semantics for template values: `str()`, `repr()`, `==`, `<`, and `float.__repr__`.
extension Value {
    /// Python's `str(value)`, which is what `{{ value }}` prints (undefined prints as "").
    var pythonString: String {
        switch self {
        case .undefined: ""
        case .string(let s): s
        default: repr
        }
    }

    /// Python's `repr(value)`: `'a'`, `[1, 'b']`, `{'k': None}`, `(1,)`.
    var repr: String {
        var out = ""
        appendRepr(to: &out)
        return out
    }

    func appendRepr(to out: inout String) {
        switch self {
        case .undefined: out += ""
        case .none: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .double(let d): out += Value.pythonFloatRepr(d)
        case .string(let s): Value.appendStringRepr(s, to: &out)
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.appendRepr(to: &out)
            }
            out += "]"
        case .tuple(let items):
            out += "("
            for (i, item) in items.enumerated() {
                if i > 0 { out += ", " }
                item.appendRepr(to: &out)
            }
            out += items.count == 1 ? ",)" : ")"
        case .dictionary(let d):
            Value.appendDictionaryRepr(d, to: &out)
        case .namespace(let ns):
            out += "<Namespace "
            Value.appendDictionaryRepr(ns.attributes, to: &out)
            out += ">"
        case .loop: out += "<LoopContext>"
        case .function(let f): out += "<function \(f.name)>"
        }
    }

    private static func appendDictionaryRepr(_ d: ValueDictionary, to out: inout String) {
        out += "{"
        var first = true
        for (k, v) in d.pairs {
            if !first { out += ", " }
            first = false
            k.appendRepr(to: &out)
            out += ": "
            v.appendRepr(to: &out)
        }
        out += "}"
    }

    /// Python's `repr(str)`: single quotes unless the text has a `'` and no `"`; escapes for
    /// backslash, the quote, `\t \n \r`, and `\xNN`/`\uNNNN`/`\UNNNNNNNN` for characters that are not printable.
    static func appendStringRepr(_ s: String, to out: inout String) {
        var hasSingle = false, hasDouble = false
        for b in s.utf8 {
            if b == UInt8(ascii: "'") { hasSingle = true } else if b == UInt8(ascii: "\"") { hasDouble = true }
        }
        let quote: Unicode.Scalar = hasSingle && !hasDouble ? "\"" : "'"
        out.unicodeScalars.append(quote)
        for c in s.unicodeScalars {
            switch c {
            case quote, "\\": out += "\\"; out.unicodeScalars.append(c)
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if c.value < 0x20 || c.value == 0x7F {
                    out += "\\x" + hex(c.value, digits: 2)
                } else if c.value < 0x7F || isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else if c.value <= 0xFF {
                    out += "\\x" + hex(c.value, digits: 2)
                } else if c.value <= 0xFFFF {
                    out += "\\u" + hex(c.value, digits: 4)
                } else {
                    out += "\\U" + hex(c.value, digits: 8)
                }
            }
        }
        out.unicodeScalars.append(quote)
    }

    static func hex(_ value: UInt32, digits: Int) -> String {
        let h = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - h.count)) + h
    }

    /// Python's `str.isprintable()` for one non-ASCII character: false for control, format, surrogate,
    /// private-use and unassigned characters and for separators other than the space.
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator: false
        case .spaceSeparator: c == " "
        default: true
        }
    }

    /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the decimal
    /// exponent is in -4..<16 (with ".0" for whole numbers), else as `1e-05`, `1.5e+16`.
    static func pythonFloatRepr(_ d: Double) -> String {
        if d.isNaN { return "nan" }
        if d.isInfinite { return d < 0 ? "-inf" : "inf" }
        if d == 0 { return d.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description also gives the shortest round-trip digits; take them apart.
        var text = d.description
        var negative = false
        if text.hasPrefix("-") { negative = true; text.removeFirst() }
        var mantissa = text
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = String(text[..<e])
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var digits: [Character]
        var pointPosition: Int  // digits before the decimal point
        if let dot = mantissa.firstIndex(of: ".") {
            let whole = Array(mantissa[..<dot])
            let fraction = Array(mantissa[mantissa.index(after: dot)...])
            digits = whole + fraction
            pointPosition = whole.count
        } else {
            digits = Array(mantissa)
            pointPosition = digits.count
        }
        // Normalize: strip leading zeros (moving the point) and trailing zeros.
        while digits.count > 1 && digits.first == "0" { digits.removeFirst(); pointPosition -= 1 }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        let decimalExponent = pointPosition + exponent - 1  // exponent of the first digit
        var result = negative ? "-" : ""
        if decimalExponent >= -4 && decimalExponent < 16 {
            let point = decimalExponent + 1
            if point <= 0 {
                result += "0." + String(repeating: "0", count: -point) + String(digits)
            } else if point >= digits.count {
                result += String(digits) + String(repeating: "0", count: point - digits.count) + ".0"
            } else {
                result += String(digits[..<point]) + "." + String(digits[point...])
            }
        } else {
            result += String(digits[0])
            if digits.count > 1 { result += "." + String(digits[1...]) }
            result += decimalExponent < 0 ? "e-" : "e+"
            let magnitude = abs(decimalExponent)
            result += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        }
        return result
    }
}

// MARK: - Equality and order

extension Value {
    /// A number as a Double, for comparisons between ints, floats and bools (Python's numeric tower).
    var numericValue: Double? {
        switch self {
        case .bool(let b): b ? 1 : 0
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    var isNumber: Bool {
        switch self {
        case .bool, .int, .double: true
        default: false
        }
    }

    /// Python's `==`.
    func pythonEquals(_ other: Value) -> Bool {
        switch (self, other) {
        case (.string(let a), .string(let b)): return a.utf8.elementsEqual(b.utf8)
        case (.int(let a), .int(let b)): return a == b
        case (.none, .none): return true
        case (.undefined, .undefined): return true
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.pythonEquals($1) }
        case (.dictionary(let a), .dictionary(let b)):
            guard a.count == b.count else { return false }
            for (k, v) in a.pairs {
                guard let w = b[k], v.pythonEquals(w) else { return false }
            }
            return true
        case (.namespace(let a), .namespace(let b)): return a === b
        case (.loop(let a), .loop(let b)): return a === b
        case (.function(let a), .function(let b)): return a === b
        default:
            if let x = numericValue, let y = other.numericValue {
                if case .int(let i) = self, case .bool(let b) = other { return i == (b ? 1 : 0) }
                if case .bool(let b) = self, case .int(let i) = other { return i == (b ? 1 : 0) }
                return x == y
            }
            return false
        }
    }

    /// Python's `<`, `<=`, `>`, `>=` via a three-way comparison; a `TypeError` for unordered types.
    func pythonCompare(_ other: Value, _ op: String) throws -> Int {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.string(let a), .string(let b)):
            // Python orders strings by code points.
            var i = a.unicodeScalars.makeIterator(), j = b.unicodeScalars.makeIterator()
            while true {
                switch (i.next(), j.next()) {
                case (nil, nil): return 0
                case (nil, _): return -1
                case (_, nil): return 1
                case let (x?, y?): if x != y { return x.value < y.value ? -1 : 1 }
                }
            }
        case (.list(let a), .list(let b)), (.tuple(let a), .tuple(let b)):
            for (x, y) in zip(a, b) where !x.pythonEquals(y) {
                return try x.pythonCompare(y, op)
            }
            return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
        default:
            if case .undefined(let u) = self { throw u.error() }
            if case .undefined(let u) = other { throw u.error() }
            if let x = numericValue, let y = other.numericValue {
                return x < y ? -1 : (x == y ? 0 : 1)
            }
            throw TemplateError.type("'\(op)' not supported between instances of '\(typeName)' and '\(other.typeName)'")
        }
    }
}

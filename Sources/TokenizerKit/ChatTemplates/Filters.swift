import Foundation

/// jinja2's built-in filters (`jinja2/filters.py`) plus transformers' `tojson`.
enum Filters {
    typealias Filter = @Sendable (_ value: Value, _ arguments: Arguments, _ renderer: TemplateRenderer) throws -> Value

    static let table: [String: Filter] = {
        var t: [String: Filter] = [
            "trim": { v, a, _ in
                let chars: String?
                if case .string(let c)? = a.value(0, "chars") { chars = c } else { chars = nil }
                return .string(StringMethods.strip(v.pythonString, chars, leading: true, trailing: true))
            },
            "upper": { v, _, _ in .string(StringMethods.upper(v.pythonString)) },
            "lower": { v, _, _ in .string(StringMethods.lower(v.pythonString)) },
            "capitalize": { v, _, _ in .string(StringMethods.capitalize(v.pythonString)) },
            "title": { v, _, _ in .string(title(v.pythonString)) },
            "length": { v, _, _ in .int(try length(v)) },
            "first": { v, _, r in
                let items = try r.iterate(v)
                return items.first ?? .undefined(Value.Undefined(message: "No first item, sequence was empty."))
            },
            "last": { v, _, r in
                let items = try r.iterate(v)
                return items.last ?? .undefined(Value.Undefined(message: "No last item, sequence was empty."))
            },
            "join": { v, a, r in
                let separator = a.value(0, "d", default: .string("")).pythonString
                var items = try r.iterate(v)
                if let attribute = a.value(1, "attribute") { items = try items.map { try attributeGetter(attribute, r)($0) } }
                return .string(items.map(\.pythonString).joined(separator: separator))
            },
            "default": { v, a, _ in
                let boolean = a.value(1, "boolean")?.isTruthy ?? false
                if v.isUndefined || (boolean && !v.isTruthy) { return a.value(0, "default_value", default: .string("")) }
                return v
            },
            "replace": { v, a, _ in
                let s = v.pythonString
                let old = a.value(0, "old", default: .string("")).pythonString
                let new = a.value(1, "new", default: .string("")).pythonString
                var count = -1
                if case .int(let c)? = a.value(2, "count") { count = c }
                return .string(StringMethods.replace(s, old, new, count: count))
            },
            "list": { v, _, r in .list(try r.iterate(v)) },
            "string": { v, _, _ in .string(v.pythonString) },
            "int": { v, a, _ in integer(v, a) },
            "float": { v, a, _ in
                let fallback = a.value(0, "default", default: .double(0))
                switch v {
                case .int(let i): return .double(Double(i))
                case .bool(let b): return .double(b ? 1 : 0)
                case .double: return v
                case .string(let s): return parseFloat(s).map(Value.double) ?? fallback
                default: return fallback
                }
            },
            "abs": { v, _, _ in
                switch v {
                case .int(let i): return i == Int.min ? .double(-Double(i)) : .int(abs(i))
                case .bool(let b): return .int(b ? 1 : 0)
                case .double(let d): return .double(abs(d))
                case .undefined(let u): throw u.error()
                default: throw TemplateError.type("bad operand type for abs(): '\(v.typeName)'")
                }
            },
            "round": { v, a, _ in try round(v, a) },
            "tojson": { v, a, _ in .string(try v.jsonDumps(try JSONDumpOptions(a))) },
            "items": { v, _, _ in
                switch v {
                case .dictionary(let d): return .list(d.pairs.map { .tuple([$0, $1]) })
                case .undefined: return .list([])
                default: throw TemplateError.type("Can only get item pairs from a mapping.")
                }
            },
            "dictsort": { v, a, r in
                guard case .dictionary(let d) = v else { throw TemplateError.type("dictsort expects a mapping") }
                let caseSensitive = a.value(0, "case_sensitive")?.isTruthy ?? false
                let byValue: Bool
                switch a.value(1, "by", default: .string("key")).pythonString {
                case "key": byValue = false
                case "value": byValue = true
                default: throw TemplateError.type("You can only sort by either \"key\" or \"value\"")
                }
                let reverse = a.value(2, "reverse")?.isTruthy ?? false
                var pairs = d.pairs.map { [$0, $1] }
                try stableSort(&pairs, reverse: reverse) { sortKey($0[byValue ? 1 : 0], caseSensitive: caseSensitive) }
                return .list(pairs.map(Value.tuple))
            },
            "map": { v, a, r in
                let items = try r.iterate(v)
                if let attribute = a.keywords.first(where: { $0.name == "attribute" })?.value {
                    let fallback = a.keywords.first(where: { $0.name == "default" })?.value
                    let getter = attributeGetter(attribute, r)
                    return .list(try items.map { item in
                        let value = try getter(item)
                        if let fallback, value.isUndefined { return fallback }
                        return value
                    })
                }
                guard case .string(let name)? = a.positional.first else {
                    throw TemplateError.type("map requires a filter argument")
                }
                guard let filter = table[name] else { throw TemplateError.type("No filter named '\(name)'.") }
                let rest = Arguments(Array(a.positional.dropFirst()), keywords: a.keywords)
                return .list(try items.map { try filter($0, rest, r) })
            },
            "select": { v, a, r in try select(v, a, r, keep: true, attribute: false) },
            "reject": { v, a, r in try select(v, a, r, keep: false, attribute: false) },
            "selectattr": { v, a, r in try select(v, a, r, keep: true, attribute: true) },
            "rejectattr": { v, a, r in try select(v, a, r, keep: false, attribute: true) },
            "unique": { v, a, r in
                let caseSensitive = a.value(0, "case_sensitive")?.isTruthy ?? false
                let getter = a.value(1, "attribute").map { attributeGetter($0, r) }
                var seen: [Value] = []
                var result: [Value] = []
                for item in try r.iterate(v) {
                    let key = sortKey(try getter?(item) ?? item, caseSensitive: caseSensitive)
                    if !seen.contains(where: { $0.pythonEquals(key) }) {
                        seen.append(key)
                        result.append(item)
                    }
                }
                return .list(result)
            },
            "sort": { v, a, r in
                let reverse = a.value(0, "reverse")?.isTruthy ?? false
                let caseSensitive = a.value(1, "case_sensitive")?.isTruthy ?? false
                let getter = a.value(2, "attribute").map { attributeGetter($0, r) }
                var items = try r.iterate(v)
                try stableSort(&items, reverse: reverse) { sortKey(try getter?($0) ?? $0, caseSensitive: caseSensitive) }
                return .list(items)
            },
            "reverse": { v, _, r in
                if case .string(let s) = v { return .string(StringMethods.text(s.unicodeScalars.reversed())) }
                return .list(try r.iterate(v).reversed())
            },
            "sum": { v, a, r in
                var items = try r.iterate(v)
                if let attribute = a.value(0, "attribute") { items = try items.map { try attributeGetter(attribute, r)($0) } }
                var total = a.value(1, "start", default: .int(0))
                for item in items { total = try Operators.binary(.add, total, item) }
                return total
            },
            "min": { v, a, r in try minOrMax(v, a, r, maximum: false) },
            "max": { v, a, r in try minOrMax(v, a, r, maximum: true) },
            "batch": { v, a, r in
                guard case .int(let size)? = a.value(0, "linecount"), size > 0 else { throw TemplateError.type("batch needs a positive count") }
                let fill = a.value(1, "fill_with")
                var result: [Value] = []
                var current: [Value] = []
                for item in try r.iterate(v) {
                    if current.count == size { result.append(.list(current)); current = [] }
                    current.append(item)
                }
                if !current.isEmpty {
                    if let fill, !fill.isNone { while current.count < size { current.append(fill) } }
                    result.append(.list(current))
                }
                return .list(result)
            },
            "slice": { v, a, r in
                guard case .int(let slices)? = a.value(0, "slices"), slices > 0 else { throw TemplateError.type("slice needs a positive count") }
                let fill = a.value(1, "fill_with")
                let items = try r.iterate(v)
                let perSlice = items.count / slices
                let withExtra = items.count % slices
                var offset = 0
                var result: [Value] = []
                for i in 0..<slices {
                    let start = offset + i * perSlice
                    if i < withExtra { offset += 1 }
                    let end = offset + (i + 1) * perSlice
                    var part = Array(items[start..<end])
                    if let fill, !fill.isNone, i >= withExtra { part.append(fill) }
                    result.append(.list(part))
                }
                return .list(result)
            },
            "indent": { v, a, _ in
                let indentation: String
                switch a.value(0, "width", default: .int(4)) {
                case .string(let s): indentation = s
                case .int(let n): indentation = String(repeating: " ", count: max(0, n))
                case let other: throw TemplateError.type("can't multiply sequence by non-int of type '\(other.typeName)'")
                }
                let first = a.value(1, "first")?.isTruthy ?? false
                let blank = a.value(2, "blank")?.isTruthy ?? false
                var lines = StringMethods.splitLines(v.pythonString + "\n", keepEnds: false)
                var result: String
                if blank {
                    result = lines.joined(separator: "\n" + indentation)
                } else {
                    result = lines.removeFirst()
                    if !lines.isEmpty {
                        result += "\n" + lines.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n")
                    }
                }
                return .string(first ? indentation + result : result)
            },
            "wordcount": { v, _, _ in
                var count = 0
                var inWord = false
                for c in v.pythonString.unicodeScalars {
                    let word = c == "_" || StringMethods.isAlpha(c) || StringMethods.isNumeric(c) || c.properties.generalCategory == .nonspacingMark
                        || c.properties.generalCategory == .spacingMark || c.properties.generalCategory == .connectorPunctuation
                    if word && !inWord { count += 1 }
                    inWord = word
                }
                return .int(count)
            },
            "center": { v, a, _ in
                try StringMethods.call(v.pythonString, "center", Arguments([a.value(0, "width", default: .int(80))]))
            },
            "truncate": { v, a, _ in
                let s = Array(v.pythonString.unicodeScalars)
                guard case .int(let length) = a.value(0, "length", default: .int(255)) else { throw TemplateError.type("length must be an integer") }
                let killWords = a.value(1, "killwords")?.isTruthy ?? false
                let end = Array(a.value(2, "end", default: .string("...")).pythonString.unicodeScalars)
                var leeway = 5
                if case .int(let l)? = a.value(3, "leeway") { leeway = l }
                guard length >= end.count else { throw TemplateError.type("expected length >= \(end.count), got \(length)") }
                if s.count <= length + leeway { return v.isUndefined ? .string("") : .string(v.pythonString) }
                let cut = StringMethods.text(s[..<(length - end.count)])
                if killWords { return .string(cut + StringMethods.text(end)) }
                let kept = try StringMethods.split(cut, " ", maxSplit: 1, fromRight: true)[0]
                return .string(kept + StringMethods.text(end))
            },
            "safe": { v, _, _ in v.isUndefined ? .string("") : v },
            "escape": { v, _, _ in .string(escapeHTML(v.pythonString)) },
            "forceescape": { v, _, _ in .string(escapeHTML(v.pythonString)) },
            "format": { v, a, _ in
                if !a.keywords.isEmpty {
                    return .string(try PrintfFormat.format(v.pythonString, .dictionary(ValueDictionary(a.keywords.map { (.string($0.name), $0.value) }))))
                }
                return .string(try PrintfFormat.format(v.pythonString, .tuple(a.positional)))
            },
            "striptags": { v, _, _ in .string(stripTags(v.pythonString)) },
            "groupby": { v, a, r in
                guard let attribute = a.value(0, "attribute") else { throw TemplateError.type("groupby needs an attribute") }
                let fallback = a.value(1, "default")
                let caseSensitive = a.value(2, "case_sensitive")?.isTruthy ?? false
                let getter = attributeGetter(attribute, r)
                func key(_ item: Value) throws -> Value {
                    var k = try getter(item)
                    if k.isUndefined, let fallback { k = fallback }
                    return k
                }
                var items = try r.iterate(v)
                try stableSort(&items, reverse: false) { sortKey(try key($0), caseSensitive: caseSensitive) }
                var groups: [(key: Value, items: [Value])] = []
                for item in items {
                    let k = try key(item)
                    if let last = groups.last, sortKey(last.key, caseSensitive: caseSensitive).pythonEquals(sortKey(k, caseSensitive: caseSensitive)) {
                        groups[groups.count - 1].items.append(item)
                    } else {
                        groups.append((k, [item]))
                    }
                }
                return .list(groups.map { .tuple([$0.key, .list($0.items)]) })
            },
            "attr": { v, a, r in
                guard case .string(let name)? = a.positional.first else { throw TemplateError.type("attr needs a name") }
                if case .dictionary = v, let method = Members.method(of: v, name) { return method }
                if case .dictionary = v { return .missingAttribute(name, of: v) }
                return try Members.attribute(of: v, name, renderer: r)
            },
            "wordwrap": { v, a, _ in
                guard case .int(let width) = a.value(0, "width", default: .int(79)) else { throw TemplateError.type("width must be an integer") }
                return .string(wordWrap(v.pythonString, width: width))
            },
        ]
        t["d"] = t["default"]
        t["e"] = t["escape"]
        t["count"] = t["length"]
        return t
    }()

    static func length(_ v: Value) throws -> Int {
        switch v {
        case .string(let s): return s.unicodeScalars.count
        case .list(let l), .tuple(let l): return l.count
        case .dictionary(let d): return d.count
        case .namespace(let ns): return ns.attributes.count
        case .undefined: return 0
        default: throw TemplateError.type("object of type '\(v.typeName)' has no len()")
        }
    }

    /// jinja2's `title`: the first character of each word upper-cased and the rest lowered, words
    /// starting after `-`, whitespace, `(`, `{`, `[` or `<`.
    static func title(_ s: String) -> String {
        var out = ""
        var atWordStart = true
        for c in s.unicodeScalars {
            let isBreak = c == "-" || c == "(" || c == "{" || c == "[" || c == "<" || TemplateLexer.isSpace(c)
            if isBreak {
                out.unicodeScalars.append(c)
                atWordStart = true
            } else {
                out += atWordStart ? c.properties.uppercaseMapping : c.properties.lowercaseMapping
                atWordStart = false
            }
        }
        return out
    }

    /// Python's `float(str)`: surrounding whitespace, underscores between digits, inf and nan.
    static func parseFloat(_ s: String) -> Double? {
        let trimmed = StringMethods.strip(s, nil, leading: true, trailing: true)
        let lowered = trimmed.lowercased()
        switch lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered {
        case "inf", "infinity": return lowered.hasPrefix("-") ? -.infinity : .infinity
        case "nan": return .nan
        default: break
        }
        guard !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || "+-.eE_".contains($0)) }) else { return nil }
        return Double(trimmed.replacingOccurrences(of: "_", with: ""))
    }

    /// jinja2's `int` filter: `int(value)`, then `int(float(value))`, else the default.
    static func integer(_ v: Value, _ a: Arguments) -> Value {
        let fallback = a.value(0, "default", default: .int(0))
        var base = 10
        if case .int(let b)? = a.value(1, "base") { base = b }
        switch v {
        case .int: return v
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d): return d.isFinite && abs(d) < 9.2e18 ? .int(Int(d)) : fallback
        case .string(let s):
            var text = StringMethods.strip(s, nil, leading: true, trailing: true).replacingOccurrences(of: "_", with: "")
            var negative = false
            if text.hasPrefix("-") { negative = true; text.removeFirst() } else if text.hasPrefix("+") { text.removeFirst() }
            if base == 16 && text.lowercased().hasPrefix("0x") { text.removeFirst(2) }
            if base == 8 && text.lowercased().hasPrefix("0o") { text.removeFirst(2) }
            if base == 2 && text.lowercased().hasPrefix("0b") { text.removeFirst(2) }
            if let i = Int(text, radix: base) { return .int(negative ? -i : i) }
            if let d = parseFloat(s), d.isFinite, abs(d) < 9.2e18 { return .int(Int(d)) }
            return fallback
        default: return fallback
        }
    }

    static func round(_ v: Value, _ a: Arguments) throws -> Value {
        var precision = 0
        if case .int(let p)? = a.value(0, "precision") { precision = p }
        let method = a.value(1, "method", default: .string("common")).pythonString
        guard ["common", "ceil", "floor"].contains(method) else { throw TemplateError.type("method must be common, ceil or floor") }
        guard let x = v.numericValue else {
            if case .undefined(let u) = v { throw u.error() }
            throw TemplateError.type("type \(v.typeName) doesn't define __round__ method")
        }
        let scale = pow(10.0, Double(precision))
        switch method {
        case "common":
            if case .int = v { return precision >= 0 ? v : .int(Int((x * scale).rounded(.toNearestOrEven) / scale)) }
            if case .bool = v { return .int(Int(x)) }
            // Python rounds the exact binary value (2.675 is 2.67499…, so 2.67); so does printf.
            if precision >= 0 && x.isFinite { return .double(Double(String(format: "%.\(precision)f", x)) ?? x) }
            return .double((x * scale).rounded(.toNearestOrEven) / scale)
        case "ceil": return .double((x * scale).rounded(.up) / scale)
        default: return .double((x * scale).rounded(.down) / scale)
        }
    }

    /// jinja2's `make_attrgetter`: "a.b.0" looks up `a`, then `b`, then item 0, items first.
    static func attributeGetter(_ attribute: Value, _ r: TemplateRenderer) -> (Value) throws -> Value {
        let parts: [Value]
        switch attribute {
        case .string(let s): parts = s.split(separator: ".", omittingEmptySubsequences: false).map { Int($0).map(Value.int) ?? .string(String($0)) }
        default: parts = [attribute]
        }
        return { item in
            var value = item
            for part in parts { value = try Members.item(of: value, part, renderer: r) }
            return value
        }
    }

    /// The key sort, unique and dictsort compare by: strings lowered unless case-sensitive.
    static func sortKey(_ v: Value, caseSensitive: Bool) -> Value {
        if !caseSensitive, case .string(let s) = v { return .string(StringMethods.lower(s)) }
        return v
    }

    /// A stable sort by Python's `<` on keys (Python's sort is stable, also when reversed).
    static func stableSort(_ items: inout [Value], reverse: Bool, key: (Value) throws -> Value) throws {
        let keys = try items.map(key)
        var order = Array(items.indices)
        var failure: Error? = nil
        order.sort { i, j in
            if failure != nil { return false }
            do {
                let c = try keys[i].pythonCompare(keys[j], "<")
                if c == 0 { return i < j }
                return reverse ? c > 0 : c < 0
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        items = order.map { items[$0] }
    }

    static func stableSort(_ items: inout [[Value]], reverse: Bool, key: ([Value]) throws -> Value) throws {
        var wrapped = items.map(Value.list)
        try stableSort(&wrapped, reverse: reverse) { v in
            guard case .list(let l) = v else { return v }
            return try key(l)
        }
        items = wrapped.map { if case .list(let l) = $0 { l } else { [] } }
    }

    private static func select(_ v: Value, _ a: Arguments, _ r: TemplateRenderer, keep: Bool, attribute: Bool) throws -> Value {
        var positional = a.positional
        var getter: ((Value) throws -> Value)? = nil
        if attribute {
            guard !positional.isEmpty else { throw TemplateError.type("Missing parameter for attribute name") }
            getter = attributeGetter(positional.removeFirst(), r)
        }
        var test: Tests.Test? = nil
        if !positional.isEmpty {
            guard case .string(let name) = positional.removeFirst() else { throw TemplateError.type("test name must be a string") }
            guard let found = Tests.table[name] else { throw TemplateError.type("No test named '\(name)'.") }
            test = found
        }
        let rest = Arguments(positional, keywords: a.keywords)
        var result: [Value] = []
        for item in try r.iterate(v) {
            let subject = try getter?(item) ?? item
            let passed = try test.map { try $0(subject, rest, r) } ?? subject.isTruthy
            if passed == keep { result.append(item) }
        }
        return .list(result)
    }

    private static func minOrMax(_ v: Value, _ a: Arguments, _ r: TemplateRenderer, maximum: Bool) throws -> Value {
        let caseSensitive = a.value(0, "case_sensitive")?.isTruthy ?? false
        let getter = a.value(1, "attribute").map { attributeGetter($0, r) }
        let items = try r.iterate(v)
        guard var best = items.first else { return .undefined(Value.Undefined(message: "No aggregated item, sequence was empty.")) }
        var bestKey = sortKey(try getter?(best) ?? best, caseSensitive: caseSensitive)
        for item in items.dropFirst() {
            let key = sortKey(try getter?(item) ?? item, caseSensitive: caseSensitive)
            let c = try key.pythonCompare(bestKey, maximum ? ">" : "<")
            if maximum ? c > 0 : c < 0 { best = item; bestKey = key }
        }
        return best
    }

    static func escapeHTML(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// markupsafe's `striptags`: comments and tags removed, whitespace collapsed, entities decoded.
    static func stripTags(_ s: String) -> String {
        var a = Array(s.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var i = 0
        while i < a.count {
            if a[i] == "<" {
                if i + 3 < a.count && a[i + 1] == "!" && a[i + 2] == "-" && a[i + 3] == "-" {
                    var j = i + 4
                    while j + 2 < a.count && !(a[j] == "-" && a[j + 1] == "-" && a[j + 2] == ">") { j += 1 }
                    if j + 2 < a.count { i = j + 3; continue }
                }
                if let close = a[(i + 1)...].firstIndex(of: ">") { i = close + 1; continue }
            }
            out.append(a[i])
            i += 1
        }
        a = out
        let collapsed = (try? StringMethods.split(StringMethods.text(a), nil, maxSplit: -1, fromRight: false))?.joined(separator: " ") ?? ""
        return collapsed
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&#34;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// A simple version of Python's `textwrap.wrap` joined by newlines (words longer than the width kept whole).
    static func wordWrap(_ s: String, width: Int) -> String {
        var lines: [String] = []
        for paragraph in StringMethods.splitLines(s, keepEnds: false) {
            var line = ""
            for word in (try? StringMethods.split(paragraph, nil, maxSplit: -1, fromRight: false)) ?? [] {
                if line.isEmpty { line = word } else if line.unicodeScalars.count + 1 + word.unicodeScalars.count <= width { line += " " + word } else { lines.append(line); line = word }
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}

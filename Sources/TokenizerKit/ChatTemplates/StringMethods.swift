/// Python's `str` methods, on Unicode code points as Python counts them.
enum StringMethods {
    static let names: Set<String> = [
        "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith",
        "upper", "lower", "title", "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex",
        "count", "join", "format", "isdigit", "isalpha", "isalnum", "isspace", "islower", "isupper", "isnumeric",
        "isdecimal", "istitle", "center", "ljust", "rjust", "zfill", "partition", "rpartition",
        "removeprefix", "removesuffix",
    ]

    static func isSpace(_ c: Unicode.Scalar) -> Bool { TemplateLexer.isSpace(c) }

    private static func string(_ arguments: Arguments, _ position: Int, _ name: String, method: String) throws -> String? {
        switch arguments.value(position, name) {
        case nil, .none?: return nil
        case .string(let s)?: return s
        case let other?: throw TemplateError.type("\(method) arg must be None or str, not \(other.typeName)")
        }
    }

    private static func int(_ arguments: Arguments, _ position: Int, _ name: String, default fallback: Int) throws -> Int {
        switch arguments.value(position, name) {
        case nil, .none?: return fallback
        case .int(let i)?: return i
        case .bool(let b)?: return b ? 1 : 0
        case let other?: throw TemplateError.type("'\(other.typeName)' object cannot be interpreted as an integer")
        }
    }

    private static func requiredString(_ arguments: Arguments, _ position: Int, _ name: String, method: String) throws -> String {
        guard let value = arguments.value(position, name) else {
            throw TemplateError.type("\(method)() takes at least \(position + 1) argument (\(arguments.positional.count) given)")
        }
        guard case .string(let s) = value else {
            throw TemplateError.type("must be str, not \(value.typeName)")
        }
        return s
    }

    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }
    static func text<C: Collection>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func strip(_ s: String, _ chars: String?, leading: Bool, trailing: Bool) -> String {
        let a = scalars(s)
        let set = chars.map { Set($0.unicodeScalars) }
        func strippable(_ c: Unicode.Scalar) -> Bool { set.map { $0.contains(c) } ?? isSpace(c) }
        var start = 0, end = a.count
        if leading { while start < end && strippable(a[start]) { start += 1 } }
        if trailing { while end > start && strippable(a[end - 1]) { end -= 1 } }
        return text(a[start..<end])
    }

    /// Python's `str.split(sep, maxsplit)` (from the right when `fromRight`).
    static func split(_ s: String, _ separator: String?, maxSplit: Int, fromRight: Bool) throws -> [String] {
        let a = scalars(s)
        var parts: [String] = []
        if let separator {
            let sep = scalars(separator)
            guard !sep.isEmpty else { throw TemplateError.type("empty separator") }
            if !fromRight {
                var start = 0, i = 0
                while i + sep.count <= a.count && (maxSplit < 0 || parts.count < maxSplit) {
                    if a[i..<(i + sep.count)].elementsEqual(sep) {
                        parts.append(text(a[start..<i]))
                        i += sep.count
                        start = i
                    } else {
                        i += 1
                    }
                }
                parts.append(text(a[start...]))
            } else {
                var end = a.count, i = a.count - sep.count
                var reversed: [String] = []
                while i >= 0 && (maxSplit < 0 || reversed.count < maxSplit) {
                    if a[i..<(i + sep.count)].elementsEqual(sep) {
                        reversed.append(text(a[(i + sep.count)..<end]))
                        end = i
                        i -= sep.count
                    } else {
                        i -= 1
                    }
                }
                reversed.append(text(a[..<end]))
                parts = reversed.reversed()
            }
            return parts
        }
        // Runs of whitespace, none at the ends.
        if !fromRight {
            var i = 0
            while true {
                while i < a.count && isSpace(a[i]) { i += 1 }
                if i == a.count { break }
                if maxSplit >= 0 && parts.count == maxSplit {
                    var end = a.count
                    while end > i && isSpace(a[end - 1]) { end -= 1 }
                    parts.append(text(a[i..<end]))
                    break
                }
                let start = i
                while i < a.count && !isSpace(a[i]) { i += 1 }
                parts.append(text(a[start..<i]))
            }
            return parts
        }
        var i = a.count
        while true {
            while i > 0 && isSpace(a[i - 1]) { i -= 1 }
            if i == 0 { break }
            if maxSplit >= 0 && parts.count == maxSplit {
                var start = 0
                while start < i && isSpace(a[start]) { start += 1 }
                parts.append(text(a[start..<i]))
                break
            }
            let end = i
            while i > 0 && !isSpace(a[i - 1]) { i -= 1 }
            parts.append(text(a[i..<end]))
        }
        return parts.reversed()
    }

    static func splitLines(_ s: String, keepEnds: Bool) -> [String] {
        let a = scalars(s)
        var lines: [String] = []
        var start = 0, i = 0
        while i < a.count {
            let c = a[i]
            var breakLength = 0
            switch c.value {
            case 0x0D: breakLength = (i + 1 < a.count && a[i + 1] == "\n") ? 2 : 1
            case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: breakLength = 1
            default: break
            }
            if breakLength > 0 {
                lines.append(text(a[start..<(keepEnds ? i + breakLength : i)]))
                i += breakLength
                start = i
            } else {
                i += 1
            }
        }
        if start < a.count { lines.append(text(a[start...])) }
        return lines
    }

    /// The code-point position of `needle` in `haystack[start..<end]`, first or last.
    static func find(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar], start: Int, end: Int, last: Bool) -> Int? {
        let n = haystack.count
        var lo = start < 0 ? max(0, start + n) : min(start, n)
        let hi = end < 0 ? max(0, end + n) : min(end, n)
        guard hi - lo >= needle.count else { return nil }
        if last {
            var i = hi - needle.count
            while i >= lo {
                if haystack[i..<(i + needle.count)].elementsEqual(needle) { return i }
                i -= 1
            }
            return nil
        }
        while lo + needle.count <= hi {
            if haystack[lo..<(lo + needle.count)].elementsEqual(needle) { return lo }
            lo += 1
        }
        return nil
    }

    static func count(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Int {
        if needle.isEmpty { return haystack.count + 1 }
        var n = 0, i = 0
        while i + needle.count <= haystack.count {
            if haystack[i..<(i + needle.count)].elementsEqual(needle) { n += 1; i += needle.count } else { i += 1 }
        }
        return n
    }

    static func replace(_ s: String, _ old: String, _ new: String, count limit: Int) -> String {
        let a = scalars(s), o = scalars(old), r = scalars(new)
        var out: [Unicode.Scalar] = []
        var replaced = 0
        if o.isEmpty {
            for (i, c) in a.enumerated() {
                if limit < 0 || replaced < limit { out += r; replaced += 1 }
                out.append(c)
                _ = i
            }
            if limit < 0 || replaced < limit { out += r }
            return text(out)
        }
        var i = 0
        while i < a.count {
            if (limit < 0 || replaced < limit) && i + o.count <= a.count && a[i..<(i + o.count)].elementsEqual(o) {
                out += r
                i += o.count
                replaced += 1
            } else {
                out.append(a[i])
                i += 1
            }
        }
        return text(out)
    }

    static func isCased(_ c: Unicode.Scalar) -> Bool { c.properties.isLowercase || c.properties.isUppercase || c.properties.generalCategory == .titlecaseLetter }

    /// Python's `str.title()`: a cased character after an uncased one is title-cased, others lowered.
    static func title(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            if previousCased { out += c.properties.lowercaseMapping } else { out += c.properties.titlecaseMapping }
            previousCased = isCased(c)
        }
        return out
    }

    /// Python's `str.capitalize()`: the first character title-cased, the rest lowered.
    static func capitalize(_ s: String) -> String {
        var out = ""
        for (i, c) in s.unicodeScalars.enumerated() {
            out += i == 0 ? c.properties.titlecaseMapping : c.properties.lowercaseMapping
        }
        return out
    }

    static func lower(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars { out += c.properties.lowercaseMapping }
        return out
    }

    static func upper(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars { out += c.properties.uppercaseMapping }
        return out
    }

    static func isDecimal(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal }
    static func isDigit(_ c: Unicode.Scalar) -> Bool { c.properties.numericType == .decimal || c.properties.numericType == .digit }
    static func isNumeric(_ c: Unicode.Scalar) -> Bool { c.properties.numericType != nil }
    static func isAlpha(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: true
        default: false
        }
    }

    static func isLower(_ s: String) -> Bool {
        var sawCased = false
        for c in s.unicodeScalars {
            if c.properties.isUppercase || c.properties.generalCategory == .titlecaseLetter { return false }
            if c.properties.isLowercase { sawCased = true }
        }
        return sawCased
    }

    static func isUpper(_ s: String) -> Bool {
        var sawCased = false
        for c in s.unicodeScalars {
            if c.properties.isLowercase || c.properties.generalCategory == .titlecaseLetter { return false }
            if c.properties.isUppercase { sawCased = true }
        }
        return sawCased
    }

    private static func pad(_ s: String, width: Int, fill: Unicode.Scalar, left: Bool, right: Bool) -> String {
        let n = s.unicodeScalars.count
        guard width > n else { return s }
        let total = width - n
        var before = 0
        if left && right {
            // Python's center: the extra space goes left when the total and the width are both odd.
            before = total / 2 + (total & width & 1)
        } else if left {
            before = total
        }
        let after = total - before
        return String(repeating: String(fill), count: before) + s + String(repeating: String(fill), count: after)
    }

    private static func fillCharacter(_ arguments: Arguments) throws -> Unicode.Scalar {
        guard let value = arguments.value(1, "fillchar") else { return " " }
        guard case .string(let f) = value, f.unicodeScalars.count == 1 else {
            throw TemplateError.type("The fill character must be exactly one character long")
        }
        return f.unicodeScalars.first!
    }

    static func call(_ s: String, _ name: String, _ arguments: Arguments) throws -> Value {
        switch name {
        case "strip": return .string(strip(s, try string(arguments, 0, "chars", method: name), leading: true, trailing: true))
        case "lstrip": return .string(strip(s, try string(arguments, 0, "chars", method: name), leading: true, trailing: false))
        case "rstrip": return .string(strip(s, try string(arguments, 0, "chars", method: name), leading: false, trailing: true))
        case "split", "rsplit":
            let parts = try split(s, try string(arguments, 0, "sep", method: name),
                                  maxSplit: try int(arguments, 1, "maxsplit", default: -1), fromRight: name == "rsplit")
            return .list(parts.map(Value.string))
        case "splitlines":
            return .list(splitLines(s, keepEnds: arguments.value(0, "keepends")?.isTruthy ?? false).map(Value.string))
        case "startswith", "endswith":
            guard let what = arguments.value(0, "prefix") else { throw TemplateError.type("\(name)() takes at least 1 argument (0 given)") }
            let candidates: [Value]
            switch what {
            case .string: candidates = [what]
            case .tuple(let items): candidates = items
            default:
                throw TemplateError.type("\(name) first arg must be str or a tuple of str, not \(what.typeName)")
            }
            let a = scalars(s)
            let n = a.count
            let startArgument = try int(arguments, 1, "start", default: 0)
            let endArgument = try int(arguments, 2, "end", default: n)
            let lo = startArgument < 0 ? max(0, startArgument + n) : min(startArgument, n)
            let hi = endArgument < 0 ? max(0, endArgument + n) : min(endArgument, n)
            for candidate in candidates {
                guard case .string(let c) = candidate else {
                    throw TemplateError.type("tuple for \(name) must only contain str, not \(candidate.typeName)")
                }
                let b = scalars(c)
                guard hi - lo >= b.count, lo <= n else { continue }
                let slice = name == "startswith" ? a[lo..<(lo + b.count)] : a[(hi - b.count)..<hi]
                if slice.elementsEqual(b) { return .bool(true) }
            }
            return .bool(false)
        case "upper": return .string(upper(s))
        case "lower", "casefold": return .string(lower(s))
        case "title": return .string(title(s))
        case "capitalize": return .string(capitalize(s))
        case "swapcase":
            var out = ""
            for c in s.unicodeScalars {
                out += c.properties.isUppercase ? c.properties.lowercaseMapping : (c.properties.isLowercase ? c.properties.uppercaseMapping : String(c))
            }
            return .string(out)
        case "replace":
            let old = try requiredString(arguments, 0, "old", method: name)
            let new = try requiredString(arguments, 1, "new", method: name)
            return .string(replace(s, old, new, count: try int(arguments, 2, "count", default: -1)))
        case "find", "rfind", "index", "rindex":
            let needle = scalars(try requiredString(arguments, 0, "sub", method: name))
            let a = scalars(s)
            let found = find(a, needle, start: try int(arguments, 1, "start", default: 0),
                             end: try int(arguments, 2, "end", default: a.count), last: name.hasPrefix("r"))
            if let found { return .int(found) }
            if name.hasSuffix("index") { throw TemplateError.type("substring not found") }
            return .int(-1)
        case "count":
            return .int(count(scalars(s), scalars(try requiredString(arguments, 0, "sub", method: name))))
        case "join":
            guard let iterable = arguments.value(0, "iterable") else { throw TemplateError.type("join() takes exactly one argument (0 given)") }
            let items: [Value]
            switch iterable {
            case .list(let l), .tuple(let l): items = l
            case .dictionary(let d): items = d.keys
            case .string(let t): items = t.unicodeScalars.map { .string(String($0)) }
            default: throw TemplateError.type("can only join an iterable")
            }
            var out = ""
            for (i, item) in items.enumerated() {
                guard case .string(let t) = item else {
                    throw TemplateError.type("sequence item \(i): expected str instance, \(item.typeName) found")
                }
                if i > 0 { out += s }
                out += t
            }
            return .string(out)
        case "format":
            return .string(try FormatString.format(s, arguments))
        case "isdigit": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isDigit))
        case "isdecimal": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isDecimal))
        case "isnumeric": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isNumeric))
        case "isalpha": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isAlpha))
        case "isalnum": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { isAlpha($0) || isNumeric($0) })
        case "isspace": return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(isSpace))
        case "islower": return .bool(isLower(s))
        case "isupper": return .bool(isUpper(s))
        case "istitle": return .bool(!s.isEmpty && title(s) == s && s.unicodeScalars.contains(where: isCased))
        case "center", "ljust", "rjust":
            let width = try int(arguments, 0, "width", default: 0)
            let fill = try fillCharacter(arguments)
            return .string(pad(s, width: width, fill: fill, left: name != "ljust", right: name != "rjust"))
        case "zfill":
            let width = try int(arguments, 0, "width", default: 0)
            var a = scalars(s)
            guard width > a.count else { return .string(s) }
            let sign = a.first.map { $0 == "+" || $0 == "-" } ?? false
            let zeros = Array(repeating: Unicode.Scalar("0"), count: width - a.count)
            a.insert(contentsOf: zeros, at: sign ? 1 : 0)
            return .string(text(a))
        case "partition", "rpartition":
            let sep = try requiredString(arguments, 0, "sep", method: name)
            guard !sep.isEmpty else { throw TemplateError.type("empty separator") }
            let a = scalars(s), b = scalars(sep)
            guard let i = find(a, b, start: 0, end: a.count, last: name == "rpartition") else {
                return name == "partition" ? .tuple([.string(s), .string(""), .string("")]) : .tuple([.string(""), .string(""), .string(s)])
            }
            return .tuple([.string(text(a[..<i])), .string(sep), .string(text(a[(i + b.count)...]))])
        case "removeprefix":
            let prefix = try requiredString(arguments, 0, "prefix", method: name)
            let a = scalars(s), b = scalars(prefix)
            return .string(a.starts(with: b) ? text(a[b.count...]) : s)
        case "removesuffix":
            let suffix = try requiredString(arguments, 0, "suffix", method: name)
            let a = scalars(s), b = scalars(suffix)
            return .string(!b.isEmpty && a.count >= b.count && a[(a.count - b.count)...].elementsEqual(b) ? text(a[..<(a.count - b.count)]) : s)
        default:
            throw TemplateError.type("'str' object has no attribute '\(name)'")
        }
    }
}

/// One token of a template.
struct TemplateToken {
    enum Kind: Equatable {
        /// Text outside tags, whitespace control already applied.
        case text
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name, string, integer, float, op
        case end
    }

    var kind: Kind
    /// The text of a text, name or operator token, the decoded value of a string token.
    var value: String
    var line: Int
    var number: Value = .none

    func isName(_ word: String) -> Bool { kind == .name && value == word }
    func isOp(_ symbol: String) -> Bool { kind == .op && value == symbol }

    /// How jinja2 names the token in "expected …, got …" messages.
    var describe: String { "'\(describeUnquoted)'" }

    private var describeUnquoted: String {
        switch kind {
        case .end: "end of template"
        case .blockEnd: "end of statement block"
        case .variableEnd: "end of print statement"
        case .blockBegin: "begin of statement block"
        case .variableBegin: "begin of print statement"
        case .text: "template data / text"
        case .name, .op: value
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        }
    }
}

/// Splits a template into tokens as jinja2's lexer does with `trim_blocks=True, lstrip_blocks=True`:
/// newlines normalized to "\n" and one trailing newline dropped; `{%-`/`-%}` (and the `{{ }}`, `{# #}`
/// forms) strip all whitespace on that side; `{%+` keeps what lstrip would remove, `+%}` keeps the
/// newline that trim would remove; `{% raw %}…{% endraw %}` passes through as text.
struct TemplateLexer {
    private let source: [Unicode.Scalar]
    private var position = 0
    private var line = 1
    private var lineStarting = true
    private var tokens: [TemplateToken] = []
    private let trimBlocks: Bool
    private let lstripBlocks: Bool

    init(_ text: String, trimBlocks: Bool = true, lstripBlocks: Bool = true) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var previousCR = false
        for c in text.unicodeScalars {
            if c == "\r" { scalars.append("\n"); previousCR = true; continue }
            if c == "\n" && previousCR { previousCR = false; continue }
            previousCR = false
            scalars.append(c)
        }
        if scalars.last == "\n" { scalars.removeLast() }
        source = scalars
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
    }

    static func tokenize(_ text: String) throws -> [TemplateToken] {
        var lexer = TemplateLexer(text)
        try lexer.run()
        return lexer.tokens
    }

    // MARK: Characters

    private func at(_ i: Int) -> Unicode.Scalar? { i < source.count ? source[i] : nil }

    private func starts(with s: String, at i: Int) -> Bool {
        var j = i
        for c in s.unicodeScalars {
            guard j < source.count, source[j] == c else { return false }
            j += 1
        }
        return true
    }

    /// Python's `str.isspace()` (and what `\s` matches in a `str` pattern).
    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    private func text(_ range: Range<Int>) -> String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: source[range])
        return String(s)
    }

    private func newlines(in range: Range<Int>) -> Int {
        var n = 0
        for i in range where source[i] == "\n" { n += 1 }
        return n
    }

    // MARK: Root

    private enum TagKind { case variable, block, comment }

    private mutating func run() throws {
        while position < source.count {
            // The next tag start.
            var p = position
            var kind: TagKind? = nil
            while p + 1 < source.count {
                if source[p] == "{" {
                    switch source[p + 1] {
                    case "{": kind = .variable
                    case "%": kind = .block
                    case "#": kind = .comment
                    default: break
                    }
                    if kind != nil { break }
                }
                p += 1
            }
            guard let kind else {
                emitText(position..<source.count, line: line)
                line += newlines(in: position..<source.count)
                position = source.count
                break
            }
            var sign: Unicode.Scalar? = nil
            if let c = at(p + 2), c == "-" || c == "+" { sign = c }
            let rawEnd = kind == .block ? rawBeginEnd(after: p + 2 + (sign == nil ? 0 : 1)) : nil

            var textEnd = p
            if sign == "-" {
                while textEnd > position && Self.isSpace(source[textEnd - 1]) { textEnd -= 1 }
            } else if sign != "+" && lstripBlocks && kind != .variable {
                textEnd = lstripped(position, p)
            }
            emitText(position..<textEnd, line: line)
            line += newlines(in: position..<p)
            position = p + 2 + (sign == nil ? 0 : 1)

            if let rawEnd {
                position = rawEnd.end
                try lexRaw()
                continue
            }
            switch kind {
            case .comment: try lexComment()
            case .variable: try lexTag(variable: true)
            case .block: try lexTag(variable: false)
            }
        }
        tokens.append(TemplateToken(kind: .end, value: "", line: line))
    }

    /// The end of `text[start..<tagStart]` once lstrip_blocks has removed the spaces and tabs between
    /// the last newline and a block or comment tag.
    private func lstripped(_ start: Int, _ tagStart: Int) -> Int {
        var lineStart = tagStart
        while lineStart > start && source[lineStart - 1] != "\n" { lineStart -= 1 }
        guard lineStart > start || lineStarting else { return tagStart }
        guard lineStart < tagStart else { return tagStart }
        for i in lineStart..<tagStart where !Self.isSpace(source[i]) { return tagStart }
        return lineStart
    }

    private mutating func emitText(_ range: Range<Int>, line: Int) {
        guard !range.isEmpty else { return }
        tokens.append(TemplateToken(kind: .text, value: text(range), line: line))
    }

    /// After `{%` (and its sign), `\s*raw\s*(-%}\s*|%})`: where that ends, or nil when this is no raw tag.
    private func rawBeginEnd(after start: Int) -> (end: Int, Void)? {
        var i = start
        while let c = at(i), Self.isSpace(c) { i += 1 }
        guard starts(with: "raw", at: i) else { return nil }
        i += 3
        while let c = at(i), Self.isSpace(c) { i += 1 }
        if starts(with: "-%}", at: i) {
            i += 3
            while let c = at(i), Self.isSpace(c) { i += 1 }
            return (i, ())
        }
        if starts(with: "%}", at: i) { return (i + 2, ()) }
        return nil
    }

    /// The body of a raw block up to `{% endraw %}`, emitted as text.
    private mutating func lexRaw() throws {
        let startLine = line
        var p = position
        while p + 1 < source.count {
            if source[p] == "{" && source[p + 1] == "%" {
                var i = p + 2
                var sign: Unicode.Scalar? = nil
                if let c = at(i), c == "-" || c == "+" { sign = c; i += 1 }
                while let c = at(i), Self.isSpace(c) { i += 1 }
                if starts(with: "endraw", at: i) {
                    i += 6
                    while let c = at(i), Self.isSpace(c) { i += 1 }
                    if let end = blockEnd(at: i) {
                        var textEnd = p
                        if sign == "-" {
                            while textEnd > position && Self.isSpace(source[textEnd - 1]) { textEnd -= 1 }
                        } else if sign != "+" && lstripBlocks {
                            textEnd = lstripped(position, p)
                        }
                        emitText(position..<textEnd, line: startLine)
                        line += newlines(in: position..<end)
                        lineStarting = end > 0 && source[end - 1] == "\n"
                        position = end
                        return
                    }
                }
            }
            p += 1
        }
        throw TemplateError.syntax("Missing end of raw directive", line: line)
    }

    /// `+%}`, `-%}\s*` or `%}\n?` at `i`: the position after it.
    private func blockEnd(at i: Int) -> Int? {
        if starts(with: "+%}", at: i) { return i + 3 }
        if starts(with: "-%}", at: i) {
            var j = i + 3
            while let c = at(j), Self.isSpace(c) { j += 1 }
            return j
        }
        if starts(with: "%}", at: i) {
            return trimBlocks && at(i + 2) == "\n" ? i + 3 : i + 2
        }
        return nil
    }

    private mutating func lexComment() throws {
        var i = position
        while i < source.count {
            var end: Int? = nil
            if starts(with: "+#}", at: i) {
                end = i + 3
            } else if starts(with: "-#}", at: i) {
                var j = i + 3
                while let c = at(j), Self.isSpace(c) { j += 1 }
                end = j
            } else if starts(with: "#}", at: i) {
                end = trimBlocks && at(i + 2) == "\n" ? i + 3 : i + 2
            }
            if let end {
                line += newlines(in: position..<end)
                lineStarting = source[end - 1] == "\n"
                position = end
                return
            }
            i += 1
        }
        throw TemplateError.syntax("Missing end of comment tag", line: line)
    }

    // MARK: Tags

    private mutating func lexTag(variable: Bool) throws {
        tokens.append(TemplateToken(kind: variable ? .variableBegin : .blockBegin, value: "", line: line))
        var balance: [Unicode.Scalar] = []
        while true {
            guard position < source.count else {
                throw TemplateError.syntax("unexpected end of template, expected '\(variable ? "end of print statement" : "end of statement block")'.", line: line)
            }
            if balance.isEmpty {
                if variable {
                    if starts(with: "-}}", at: position) {
                        var j = position + 3
                        while let c = at(j), Self.isSpace(c) { j += 1 }
                        finishTag(.variableEnd, j)
                        return
                    }
                    if starts(with: "}}", at: position) {
                        finishTag(.variableEnd, position + 2)
                        return
                    }
                } else if let end = blockEnd(at: position) {
                    finishTag(.blockEnd, end)
                    return
                }
            }
            let c = source[position]
            if Self.isSpace(c) {
                if c == "\n" { line += 1 }
                position += 1
                continue
            }
            if c.properties.numericType == .decimal && c.isASCII {
                try lexNumber()
            } else if c == "_" || c.properties.isXIDStart {
                var j = position + 1
                while let d = at(j), d == "_" || d.properties.isXIDContinue { j += 1 }
                tokens.append(TemplateToken(kind: .name, value: text(position..<j), line: line))
                position = j
            } else if c == "'" || c == "\"" {
                try lexString(quote: c)
            } else {
                try lexOperator(&balance)
            }
        }
    }

    private mutating func finishTag(_ kind: TemplateToken.Kind, _ end: Int) {
        tokens.append(TemplateToken(kind: kind, value: "", line: line))
        line += newlines(in: position..<end)
        lineStarting = source[end - 1] == "\n"
        position = end
    }

    private static let operators: [String] = [
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    private mutating func lexOperator(_ balance: inout [Unicode.Scalar]) throws {
        for op in Self.operators where starts(with: op, at: position) {
            switch op {
            case "(": balance.append(")")
            case "[": balance.append("]")
            case "{": balance.append("}")
            case ")", "]", "}":
                guard let expected = balance.popLast() else { throw TemplateError.syntax("unexpected '\(op)'", line: line) }
                guard String(expected) == op else {
                    throw TemplateError.syntax("unexpected '\(op)', expected '\(expected)'", line: line)
                }
            default: break
            }
            tokens.append(TemplateToken(kind: .op, value: op, line: line))
            position += op.unicodeScalars.count
            return
        }
        throw TemplateError.syntax("unexpected char \(Value.string(String(source[position])).repr) at \(position)", line: line)
    }

    private func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c.value >= 0x30 && c.value <= 0x39
    }

    /// Digits with single underscores between them, from `i`; the end, or nil when there are none.
    private func digits(from i: Int) -> Int? {
        guard isDigit(at(i)) else { return nil }
        var j = i + 1
        while true {
            if isDigit(at(j)) { j += 1 } else if at(j) == "_" && isDigit(at(j + 1)) { j += 2 } else { break }
        }
        return j
    }

    private mutating func lexNumber() throws {
        let start = position
        let afterDot = start > 0 && source[start - 1] == "."
        if !afterDot, let wholeEnd = digits(from: start) {
            var j = wholeEnd
            var isFloat = false
            if at(j) == ".", let fractionEnd = digits(from: j + 1) { j = fractionEnd; isFloat = true }
            if let e = at(j), e == "e" || e == "E" {
                var k = j + 1
                if let s = at(k), s == "+" || s == "-" { k += 1 }
                if let exponentEnd = digits(from: k) { j = exponentEnd; isFloat = true }
            }
            if isFloat {
                let literal = text(start..<j).replacingUnderscores()
                guard let value = Double(literal) else { throw TemplateError.syntax("invalid float \(literal)", line: line) }
                tokens.append(TemplateToken(kind: .float, value: literal, line: line, number: .double(value)))
                position = j
                return
            }
        }
        // Integers: 0b…, 0o…, 0x…, decimal.
        var radix = 10
        var j = start
        if source[start] == "0", let p = at(start + 1) {
            switch p {
            case "b", "B": radix = 2
            case "o", "O": radix = 8
            case "x", "X": radix = 16
            default: break
            }
        }
        var body = ""
        if radix != 10 {
            j = start + 2
            while let c = at(j), c == "_" || c.properties.numericType != nil || ("a"..."f").contains(c) || ("A"..."F").contains(c) {
                if c != "_" { body.unicodeScalars.append(c) }
                j += 1
            }
        } else {
            j = digits(from: start) ?? start + 1
            body = text(start..<j).replacingUnderscores()
            if body.count > 1 && body.hasPrefix("0") && body.contains(where: { $0 != "0" }) {
                // `012` is no integer in jinja2: `0` then `12`.
                j = start + 1
                body = "0"
            }
        }
        guard let value = Int(body, radix: radix) else {
            // Beyond 64 bits: jinja2 has big integers; the closest this engine has is a float.
            guard radix == 10, let d = Double(body) else { throw TemplateError.syntax("invalid integer \(body)", line: line) }
            tokens.append(TemplateToken(kind: .float, value: body, line: line, number: .double(d)))
            position = j
            return
        }
        tokens.append(TemplateToken(kind: .integer, value: body, line: line, number: .int(value)))
        position = j
    }

    /// A quoted string, unescaped as Python's "unicode-escape" codec does.
    private mutating func lexString(quote: Unicode.Scalar) throws {
        let startLine = line
        var j = position + 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = at(j) else { throw TemplateError.syntax("unexpected char \(Value.string(String(quote)).repr) at \(position)", line: startLine) }
            if c == quote { j += 1; break }
            if c == "\n" { line += 1 }
            if c != "\\" { out.append(c); j += 1; continue }
            guard let e = at(j + 1) else { throw TemplateError.syntax("unexpected char \(Value.string(String(quote)).repr) at \(position)", line: startLine) }
            j += 2
            switch e {
            case "\n": line += 1  // a line continuation
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var value = e.value - 0x30
                var n = 1
                while n < 3, let d = at(j), ("0"..."7").contains(d) { value = value * 8 + d.value - 0x30; j += 1; n += 1 }
                out.append(Unicode.Scalar(value)!)
            case "x", "u", "U":
                let count = e == "x" ? 2 : (e == "u" ? 4 : 8)
                var value: UInt32 = 0
                for k in 0..<count {
                    guard let d = at(j + k), let v = d.hexDigitValue else {
                        throw TemplateError.syntax("truncated \\\(e)\(String(repeating: "X", count: count)) escape", line: line)
                    }
                    value = value * 16 + UInt32(v)
                }
                j += count
                guard let scalar = Unicode.Scalar(value) else {
                    throw TemplateError.syntax("illegal Unicode character", line: line)
                }
                out.append(scalar)
            default:
                // Python keeps unknown escapes as they are.
                out.append("\\")
                out.append(e)
            }
        }
        tokens.append(TemplateToken(kind: .string, value: String(out), line: startLine))
        position = j
    }
}

private extension Unicode.Scalar {
    var hexDigitValue: Int? {
        switch value {
        case 0x30...0x39: Int(value - 0x30)
        case 0x41...0x46: Int(value - 0x41 + 10)
        case 0x61...0x66: Int(value - 0x61 + 10)
        default: nil
        }
    }
}

private extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}

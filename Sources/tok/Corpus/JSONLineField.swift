/// Takes one string field out of a JSON Lines record (`{"text": "…", "id": 3, …}`) without building the
/// whole object: other keys are skipped, the wanted string is unescaped into UTF-8.
struct JSONLineField: Sendable {
    let key: [UInt8]

    init(key: String) { self.key = Array(key.utf8) }

    struct Failure: Error { let message: String }

    /// The field's text, appended to `text`.
    /// - Throws: `Failure` when the line is not a JSON object, lacks the key, or the value is not a string.
    func extract(from line: UnsafeBufferPointer<UInt8>, into text: inout [UInt8]) throws {
        var scanner = Scanner(bytes: line)
        scanner.skipWhitespace()
        guard scanner.take(UInt8(ascii: "{")) else { throw Failure(message: "not a JSON object") }
        scanner.skipWhitespace()
        if scanner.take(UInt8(ascii: "}")) { throw missing() }
        var name: [UInt8] = []
        while true {
            scanner.skipWhitespace()
            name.removeAll(keepingCapacity: true)
            guard scanner.peek == UInt8(ascii: "\"") else { throw Failure(message: "expected a key at byte \(scanner.position + 1)") }
            try scanner.readString(into: &name)
            scanner.skipWhitespace()
            guard scanner.take(UInt8(ascii: ":")) else { throw Failure(message: "expected `:` at byte \(scanner.position + 1)") }
            scanner.skipWhitespace()
            if name == key {
                guard scanner.peek == UInt8(ascii: "\"") else {
                    throw Failure(message: "the value of \"\(String(decoding: key, as: UTF8.self))\" is not a string")
                }
                try scanner.readString(into: &text)
                return
            }
            try scanner.skipValue()
            scanner.skipWhitespace()
            if scanner.take(UInt8(ascii: ",")) { continue }
            if scanner.take(UInt8(ascii: "}")) { throw missing() }
            throw Failure(message: "expected `,` or `}` at byte \(scanner.position + 1)")
        }
    }

    private func missing() -> Failure {
        Failure(message: "no key \"\(String(decoding: key, as: UTF8.self))\"")
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

        mutating func take(_ byte: UInt8) -> Bool {
            guard peek == byte else { return false }
            position += 1
            return true
        }

        mutating func skipWhitespace() {
            while let b = peek, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { position += 1 }
        }

        /// Reads a string starting at its opening quote, unescaped, into `out`.
        mutating func readString(into out: inout [UInt8]) throws {
            position += 1
            while true {
                guard let b = peek else { throw Failure(message: "unterminated string") }
                position += 1
                switch b {
                case UInt8(ascii: "\""):
                    return
                case UInt8(ascii: "\\"):
                    guard let e = peek else { throw Failure(message: "unterminated string") }
                    position += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try readHex4()
                        if (0xD800..<0xDC00).contains(scalar), peek == UInt8(ascii: "\\"),
                           position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") {
                            let save = position
                            position += 2
                            let low = try readHex4()
                            if (0xDC00..<0xE000).contains(low) {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            } else {
                                position = save
                            }
                        }
                        // A lone surrogate cannot be text: it becomes U+FFFD, as JSON decoders do.
                        let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                        out.append(contentsOf: String(value).utf8)
                    default:
                        throw Failure(message: "invalid escape `\\\(Character(Unicode.Scalar(e)))` at byte \(position)")
                    }
                case 0..<0x20:
                    throw Failure(message: "control character in a string at byte \(position)")
                default:
                    out.append(b)
                }
            }
        }

        mutating func readHex4() throws -> UInt32 {
            guard position + 4 <= bytes.count else { throw Failure(message: "truncated \\u escape") }
            var value: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[position]
                position += 1
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw Failure(message: "invalid \\u escape at byte \(position)")
                }
                value = value << 4 | digit
            }
            return value
        }

        /// Skips one value of any kind (strings and nesting respected).
        mutating func skipValue() throws {
            guard let b = peek else { throw Failure(message: "missing value") }
            if b == UInt8(ascii: "\"") {
                var ignored: [UInt8] = []
                try readString(into: &ignored)
                return
            }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") {
                var depth = 0
                while let c = peek {
                    if c == UInt8(ascii: "\"") {
                        var ignored: [UInt8] = []
                        try readString(into: &ignored)
                        continue
                    }
                    position += 1
                    if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") { depth += 1 }
                    if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 { return }
                    }
                }
                throw Failure(message: "unterminated value")
            }
            // A number or a literal: up to the next delimiter.
            let start = position
            while let c = peek, c != UInt8(ascii: ","), c != UInt8(ascii: "}"), c != UInt8(ascii: "]"),
                  c != 0x20, c != 0x09, c != 0x0A, c != 0x0D {
                position += 1
            }
            if position == start { throw Failure(message: "missing value at byte \(position + 1)") }
        }
    }
}

/// Every decoder a tokenizer.json can name. Decoders run as a chain over token strings (the
/// reference's `decode_chain`); the final text is the concatenation of what the chain returns.
enum AnyTokenDecoder: Sendable {
    case byteLevel
    case metaspace(replacement: UInt32, prependScheme: MetaspacePreTokenizer.PrependScheme)
    case wordPiece(prefix: String, cleanup: Bool)
    case bpe(suffix: String)
    case byteFallback
    case fuse
    case strip(content: UInt32, start: Int, stop: Int)
    case replace(pattern: SplitPattern, content: String)
    case ctc(padToken: String, wordDelimiterToken: String, cleanup: Bool)
    case sequence([AnyTokenDecoder])

    init(json: JSONValue) throws {
        guard let type = try json.typeTag() else { throw json.error("missing field `type`") }
        switch type {
        case "ByteLevel": self = .byteLevel
        case "Metaspace":
            let pre = try MetaspacePreTokenizer(json: json)
            self = .metaspace(replacement: pre.replacement, prependScheme: pre.prependScheme)
        case "WordPiece":
            self = .wordPiece(prefix: try json.string("prefix") ?? "##", cleanup: try json.bool("cleanup") ?? true)
        case "BPEDecoder": self = .bpe(suffix: try json.string("suffix") ?? "</w>")
        case "ByteFallback": self = .byteFallback
        case "Fuse": self = .fuse
        case "Strip":
            let content = try json.required("content")
            let scalars = UTF8Scalar.scalars(of: try content.stringBytes())
            guard scalars.count == 1 else { throw content.error("expected a single character") }
            self = .strip(content: scalars[0], start: try json.int("start") ?? 0, stop: try json.int("stop") ?? 0)
        case "Replace":
            self = .replace(pattern: try SplitPattern(json: json.required("pattern")),
                            content: try json.required("content").string())
        case "CTC":
            self = .ctc(padToken: try json.string("pad_token") ?? "<pad>",
                        wordDelimiterToken: try json.string("word_delimiter_token") ?? "|",
                        cleanup: try json.bool("cleanup") ?? true)
        case "Sequence":
            self = .sequence(try json.required("decoders").arrayElements().map(AnyTokenDecoder.init(json:)))
        default:
            throw json.at("type").error("unknown decoder type `\(type)`")
        }
    }

    /// Decodes tokens into text.
    func decode(_ tokens: [String]) -> String {
        decodeChain(tokens).joined()
    }

    func decodeChain(_ tokens: [String]) -> [String] {
        switch self {
        case .byteLevel:
            var bytes: [UInt8] = []
            for token in tokens {
                let utf8 = Array(token.utf8)
                if let raw = ByteLevelAlphabet.unmapped(utf8) { bytes += raw } else { bytes += utf8 }
            }
            return [String(decoding: bytes, as: UTF8.self)]
        case let .metaspace(replacement, scheme):
            return tokens.enumerated().map { i, token in
                var out = String.UnicodeScalarView()
                for s in token.unicodeScalars {
                    if s.value == replacement {
                        if i == 0 && scheme != .never { continue }
                        out.append(" ")
                    } else {
                        out.append(s)
                    }
                }
                return String(out)
            }
        case let .wordPiece(prefix, cleanup):
            return tokens.enumerated().map { i, token in
                var t = token
                if i != 0 {
                    if !prefix.isEmpty, t.utf8.starts(with: prefix.utf8) {
                        t = String(decoding: t.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
                    } else if prefix.isEmpty {
                        // strip_prefix("") always succeeds: the token is kept as is.
                    } else {
                        t = " " + t
                    }
                }
                return cleanup ? TextCleanup.wordPiece(t) : t
            }
        case let .bpe(suffix):
            return tokens.enumerated().map { i, token in
                TextCleanup.replacing(token, suffix, with: i == tokens.count - 1 ? "" : " ")
            }
        case .byteFallback:
            var result: [String] = []
            var pending: [UInt8] = []
            func flush() {
                guard !pending.isEmpty else { return }
                if let s = String(validatingUTF8Bytes: pending) {
                    result.append(s)
                } else {
                    result.append(contentsOf: repeatElement("\u{FFFD}", count: pending.count))
                }
                pending.removeAll()
            }
            for token in tokens {
                let u = Array(token.utf8)
                if u.count == 6, u.starts(with: Array("<0x".utf8)), u[5] == UInt8(ascii: ">"),
                   let hi = JSONDocument.hexValue(u[3]), let lo = JSONDocument.hexValue(u[4]) {
                    pending.append(hi << 4 | lo)
                } else {
                    flush()
                    result.append(token)
                }
            }
            flush()
            return result
        case .fuse:
            return [tokens.joined()]
        case let .strip(content, start, stop):
            return tokens.map { token in
                let scalars = Array(token.unicodeScalars)
                var startCut = 0
                for i in 0..<min(start, scalars.count) {
                    if scalars[i].value == content { startCut = i + 1 } else { break }
                }
                var stopCut = scalars.count
                for i in 0..<min(stop, scalars.count) {
                    let index = scalars.count - i - 1
                    if scalars[index].value == content { stopCut = index } else { break }
                }
                guard startCut < stopCut else { return "" }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[startCut..<stopCut])
                return String(view)
            }
        case let .replace(pattern, content):
            return tokens.map { token in
                var matches: [Range<Int>] = []
                let bytes = Array(token.utf8)
                bytes.withUnsafeBufferPointer { pattern.appendMatches(in: $0, to: &matches) }
                guard !matches.isEmpty else { return token }
                var out: [UInt8] = []
                var last = 0
                for m in matches {
                    out += bytes[last..<m.lowerBound]
                    out += Array(content.utf8)
                    last = m.upperBound
                }
                out += bytes[last...]
                return String(decoding: out, as: UTF8.self)
            }
        case let .ctc(padToken, delimiter, cleanup):
            var deduplicated: [String] = []
            // By bytes, as the reference: `String`'s `!=` would call "é" and "e\u{301}" equal and drop one.
            for token in tokens where !(deduplicated.last?.utf8.elementsEqual(token.utf8) ?? false) { deduplicated.append(token) }
            return deduplicated.compactMap { token in
                var t = TextCleanup.replacing(token, padToken, with: "")
                if cleanup { t = TextCleanup.replacing(TextCleanup.wordPiece(t), delimiter, with: " ") }
                return t.isEmpty ? nil : t
            }
        case let .sequence(steps):
            var current = tokens
            for step in steps { current = step.decodeChain(current) }
            return current
        }
    }
}

/// Byte-exact string replacement (Swift's `replacingOccurrences` compares by canonical equivalence).
enum TextCleanup {
    static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        let t = Array(target.utf8)
        guard !t.isEmpty else { return text }
        let bytes = Array(text.utf8)
        guard bytes.count >= t.count else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        let r = Array(replacement.utf8)
        var i = 0
        var changed = false
        while i < bytes.count {
            if i + t.count <= bytes.count && bytes[i] == t[0] && bytes[i..<(i + t.count)].elementsEqual(t) {
                out += r
                i += t.count
                changed = true
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The reference's `wordpiece::cleanup`: removes spaces before punctuation and contractions.
    static func wordPiece(_ text: String) -> String {
        var s = text
        for (from, to) in [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"),
                           (" 'm", "'m"), (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")] {
            s = replacing(s, from, with: to)
        }
        return s
    }
}

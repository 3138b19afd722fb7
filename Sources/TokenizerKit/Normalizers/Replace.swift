/// The `Replace` normalizer: replaces every match of `pattern` (a literal or an Oniguruma-style regex)
/// with `content`. The replacement's scalars all take the alignment of the match's last scalar (of the
/// scalar before an empty match).
struct Replace: Sendable {
    enum Pattern: Sendable {
        /// `{"String": …}`; an empty literal (or an empty regex) matches the empty string at every scalar
        /// boundary, as the reference's empty Oniguruma pattern does.
        case literal([UInt8])
        /// A regex that is one repeated character class, matched without a regex engine.
        case run(RunPattern)
        case regex(SplitPattern)
    }

    var pattern: Pattern
    var content: [UInt32]
    /// `content` in UTF-8.
    private var contentBytes: [UInt8]

    init(json: JSONValue) throws {
        let patternValue = try json.required("pattern")
        guard patternValue.kind == .object, patternValue.count == 1 else {
            throw patternValue.error("expected {\"String\": …} or {\"Regex\": …}")
        }
        if let literal = patternValue["String"] {
            pattern = .literal(try literal.stringBytes())
        } else if let regex = patternValue["Regex"], regex.kind == .string, try regex.stringBytes().isEmpty {
            // ICU refuses an empty pattern; Oniguruma's matches the empty string everywhere, as an empty literal.
            pattern = .literal([])
        } else if let regex = patternValue["Regex"], regex.kind == .string, let run = RunPattern(try regex.stringBytes()) {
            pattern = .run(run)
        } else {
            pattern = .regex(try SplitPattern(json: patternValue))
        }
        contentBytes = try json.required("content").stringBytes()
        content = UTF8Scalar.scalars(of: contentBytes)
    }

    func normalize(_ string: inout NormalizedString) {
        let count = string.bytes.count
        guard count > 0 else { return }
        var matches: [Range<Int>] = []
        matches.reserveCapacity(count / 8 + 4)
        string.bytes.withUnsafeBufferPointer { text in
            switch pattern {
            case let .literal(needle) where needle.isEmpty:
                var i = 0
                while i < count {
                    matches.append(i..<i)
                    i += UTF8Scalar.length(lead: text[i])
                }
                matches.append(count..<count)
            case let .literal(needle):
                SplitPattern.literal(needle).appendMatches(in: text, to: &matches)
            case let .run(run):
                run.appendMatches(in: text, to: &matches)
            case let .regex(regex):
                regex.appendMatches(in: text, to: &matches)
            }
        }
        guard !matches.isEmpty else { return }
        // One scalar replaced by one of the same length (a space for a space…) keeps its alignment: patch in place.
        if content.count == 1 {
            let length = UTF8Scalar.encodedLength(content[0])
            let inPlace = string.bytes.withUnsafeBufferPointer { text in
                matches.allSatisfy { $0.count == length && UTF8Scalar.length(lead: text[$0.lowerBound]) == length }
            }
            if inPlace {
                string.bytes.withUnsafeMutableBufferPointer { text in
                    for match in matches { NormalizedString.store(content[0], length: length, into: text, at: match.lowerBound) }
                }
                return
            }
        }
        // Oniguruma, as the reference drives it, never reports an empty match where the previous one ended.
        var kept = 0
        var previousEnd = -1
        var removed = 0
        for match in matches where !(match.isEmpty && match.lowerBound == previousEnd) {
            previousEnd = match.upperBound
            removed += match.count
            matches[kept] = match
            kept += 1
        }
        matches.removeLast(matches.count - kept)
        // Both arrays are written once, at their final size (measured: growing them cost more than matching).
        let contentBytes = contentBytes
        let newCount = count - removed + matches.count * contentBytes.count
        let origin = Alignment(start: Int32(string.originalRange.lowerBound), end: Int32(string.originalRange.lowerBound))
        let newBytes = string.bytes.withUnsafeBufferPointer { old in
            [UInt8](unsafeUninitializedCapacity: newCount) { new, initialized in
                var at = 0
                var from = 0
                for match in matches {
                    Self.copy(old, from..<match.lowerBound, to: new, at: &at)
                    for byte in contentBytes { new[at] = byte; at += 1 }
                    from = match.upperBound
                }
                Self.copy(old, from..<count, to: new, at: &at)
                initialized = at
            }
        }
        let newAlignments = string.alignments.withUnsafeBufferPointer { old in
            [Alignment](unsafeUninitializedCapacity: newCount) { new, initialized in
                var at = 0
                var from = 0
                for match in matches {
                    Self.copy(old, from..<match.lowerBound, to: new, at: &at)
                    // The replacement takes the alignment of the match's last scalar (of the one before an
                    // empty match; the empty range at the start when there is none).
                    let alignment = match.upperBound > 0 ? old[match.upperBound - 1] : origin
                    for _ in 0..<contentBytes.count { new[at] = alignment; at += 1 }
                    from = match.upperBound
                }
                Self.copy(old, from..<count, to: new, at: &at)
                initialized = at
            }
        }
        string.bytes = newBytes
        string.alignments = newAlignments
    }

    @inline(__always)
    private static func copy<T>(_ old: UnsafeBufferPointer<T>, _ range: Range<Int>, to new: UnsafeMutableBufferPointer<T>,
                                at position: inout Int) {
        guard !range.isEmpty else { return }
        (new.baseAddress! + position).initialize(from: old.baseAddress! + range.lowerBound, count: range.count)
        position += range.count
    }
}

/// The regexes files use most with `Replace` (`\s+` in CLIP, ` {2,}` in Marian): one character class,
/// repeated at least n times. Their matches are simply the maximal runs of the class that are long enough,
/// so they need no regex engine; measured, ICU's took 95% of those normalizers' time.
struct RunPattern: Sendable, Equatable {
    /// The class: `\s` (White_Space, as Oniguruma's `\s` is) or one ASCII character.
    let whitespace: Bool
    let character: UInt8
    /// The fewest repetitions that match (1 for `+`).
    let minimum: Int

    /// Recognises `C+` and `C{n,}` where C is `\s`, a space, or an ASCII letter or digit; nil otherwise.
    init?(_ pattern: [UInt8]) {
        var rest = pattern[...]
        if rest.starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "s")]) {
            whitespace = true
            character = 0
            rest = rest.dropFirst(2)
        } else if let first = rest.first,
                  first == 0x20 || (first >= 0x30 && first <= 0x39) || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A) {
            whitespace = false
            character = first
            rest = rest.dropFirst()
        } else {
            return nil
        }
        if Array(rest) == [UInt8(ascii: "+")] {
            minimum = 1
        } else if rest.first == UInt8(ascii: "{"), rest.last == UInt8(ascii: "}"), rest.dropLast().last == UInt8(ascii: ","),
                  let n = Int(String(decoding: rest.dropFirst().dropLast(2), as: UTF8.self)), n >= 1,
                  rest.count == String(n).utf8.count + 3 {
            minimum = n
        } else {
            return nil
        }
    }

    @inline(__always)
    private func contains(_ scalar: UInt32) -> Bool {
        whitespace ? Whitespace.contains(scalar) : scalar == UInt32(character)
    }

    /// Appends the byte range of every maximal run of at least `minimum` scalars of the class.
    func appendMatches(in text: UnsafeBufferPointer<UInt8>, to matches: inout [Range<Int>]) {
        var i = 0
        var runStart = 0
        var runLength = 0
        while i < text.count {
            let (value, length) = UTF8Scalar.decode(text, at: i)
            if contains(value) {
                if runLength == 0 { runStart = i }
                runLength += 1
            } else {
                if runLength >= minimum { matches.append(runStart..<i) }
                runLength = 0
            }
            i += length
        }
        if runLength >= minimum { matches.append(runStart..<text.count) }
    }
}

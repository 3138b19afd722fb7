/// The `Replace` normalizer: replaces every match of `pattern` (a literal or an Oniguruma-style regex)
/// with `content`. The replacement's scalars all take the alignment of the match's last scalar (of the
/// scalar before an empty match).
struct Replace: Sendable {
    enum Pattern: Sendable {
        /// `{"String": …}`; an empty literal (or an empty regex) matches the empty string at every scalar
        /// boundary, as the reference's empty Oniguruma pattern does.
        case literal([UInt8])
        case regex(SplitPattern)
    }

    var pattern: Pattern
    var content: [UInt32]

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
        } else {
            pattern = .regex(try SplitPattern(json: patternValue))
        }
        content = UTF8Scalar.scalars(of: try json.required("content").stringBytes())
    }

    func normalize(_ string: inout NormalizedString) {
        let count = string.bytes.count
        guard count > 0 else { return }
        var matches: [Range<Int>] = []
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
            case let .regex(regex):
                regex.appendMatches(in: text, to: &matches)
            }
        }
        guard !matches.isEmpty else { return }
        var rewriter = AlignedRewriter(string, extraCapacity: matches.count * content.count)
        var previousEnd = -1
        for match in matches {
            // Oniguruma, as the reference drives it, never reports an empty match where the previous one ended.
            if match.isEmpty && match.lowerBound == previousEnd { continue }
            previousEnd = match.upperBound
            rewriter.copyUnchanged(upTo: match.lowerBound)
            rewriter.skip(upTo: match.upperBound)
            guard !content.isEmpty else { continue }
            let alignment = match.upperBound < 1 ? nil : rewriter.oldAlignment(at: match.upperBound - 1)
            for scalar in content {
                if let alignment {
                    rewriter.append(scalar, alignment)
                } else {
                    rewriter.emit(scalar, change: 1)
                }
            }
        }
        rewriter.copyUnchanged(upTo: count)
        rewriter.finish(&string)
    }
}

/// `Split`: cuts on a literal or regex pattern, with a delimiter behavior and optional inversion.
struct SplitPreTokenizer: Sendable {
    let pattern: SplitPattern
    let behavior: SplitDelimiterBehavior
    let invert: Bool

    init(json: JSONValue) throws {
        pattern = try SplitPattern(json: json.required("pattern"))
        behavior = try SplitDelimiterBehavior(json: json.required("behavior"))
        invert = try json.bool("invert") ?? false
    }

    func preTokenize(_ text: inout PreTokenizedString, scratch: inout [Range<Int>]) {
        var matches = scratch
        text.split { bytes, pieces in
            matches.removeAll(keepingCapacity: true)
            pattern.appendMatches(in: bytes, to: &matches)
            behavior.appendPieces(matches: matches, length: bytes.count, invert: invert, to: &pieces)
        }
        scratch = matches
    }
}

/// `Metaspace`: replaces spaces by a visible replacement character (`▁`), prepends one per the
/// prepend scheme, and splits before each replacement character.
struct MetaspacePreTokenizer: Sendable {
    enum PrependScheme: String, Sendable { case always, first, never }

    let replacement: UInt32
    let prependScheme: PrependScheme
    let splitsOnReplacement: Bool

    init(json: JSONValue) throws {
        let replacementJSON = try json.required("replacement")
        let scalars = UTF8Scalar.scalars(of: try replacementJSON.stringBytes())
        guard scalars.count == 1 else { throw replacementJSON.error("expected a single character") }
        replacement = scalars[0]
        var scheme = PrependScheme.always
        if let value = json.optional("prepend_scheme") {
            guard let parsed = PrependScheme(rawValue: try value.string()) else {
                throw value.error("unknown prepend_scheme (expected first, always or never)")
            }
            scheme = parsed
        }
        if try json.bool("add_prefix_space") == false {
            if json.optional("prepend_scheme") != nil && scheme != .never {
                throw json.error("add_prefix_space does not match declared prepend_scheme")
            }
            scheme = .never
        }
        prependScheme = scheme
        splitsOnReplacement = try json.bool("split") ?? true
    }

    init(replacement: UInt32, prependScheme: PrependScheme, split: Bool) {
        self.replacement = replacement
        self.prependScheme = prependScheme
        self.splitsOnReplacement = split
    }

    /// Replaces spaces and prepends the replacement as the reference's Metaspace does for one split.
    func rewrite(_ string: inout NormalizedString) {
        var replacementBytes: [UInt8] = []
        UTF8Scalar.append(replacement, to: &replacementBytes)
        var spaces: [Range<Int>] = []
        for (i, byte) in string.bytes.enumerated() where byte == 0x20 { spaces.append(i..<(i + 1)) }
        string.replace(matches: spaces, with: replacementBytes)
        let startsWithReplacement = string.bytes.starts(with: replacementBytes)
        switch prependScheme {
        case .always:
            if !startsWithReplacement { string.prepend([replacement]) }
        case .first:
            if !startsWithReplacement, let first = string.alignments.first, first.start == 0 {
                string.prepend([replacement])
            }
        case .never:
            break
        }
    }

    func preTokenize(_ text: inout PreTokenizedString, scratch: inout [Range<Int>]) {
        text.edit { rewrite(&$0) }
        guard splitsOnReplacement else { return }
        let replacement = self.replacement
        var matches = scratch
        text.split { bytes, pieces in
            matches.removeAll(keepingCapacity: true)
            UnicodeProperties.appendScalarMatches(in: bytes, to: &matches) { $0 == replacement }
            SplitDelimiterBehavior.mergedWithNext.appendPieces(matches: matches, length: bytes.count, to: &pieces)
        }
        scratch = matches
    }
}

/// What transformers' `decode` does to a model folder's text after the tokenizer's own decoder: the
/// configuration's `clean_up_tokenization_spaces`, and the rules of a few tokenizer classes.
struct DecodedTextRules: Sendable, Equatable {
    /// The classes whose `decode` adds a step.
    enum Class: Sendable, Equatable {
        case plain
        /// CLIPTokenizer: `</w>` becomes a space, then the text is stripped (Python's `str.strip()`).
        case clip
        /// WhisperTokenizer: with `skip_special_tokens`, a leading `<|startofprev|>` prompt is dropped up to
        /// `<|startoftranscript|>`; timestamps written as text (`<|1.00|>`) are removed.
        case whisper(promptID: UInt32?, transcriptStartID: UInt32?)
    }

    var decodingClass: Class
    /// transformers' `clean_up_tokenization`: " ." → "." and the like (never for BPE models unless the
    /// configuration insists).
    var cleansUpTokenizationSpaces: Bool

    /// The ids to decode: Whisper drops a prompt when special tokens are skipped.
    func idsToDecode(_ ids: [UInt32], skippingSpecialTokens: Bool) -> [UInt32] {
        guard skippingSpecialTokens, case let .whisper(promptID?, startID) = decodingClass,
              let first = ids.first, first == promptID else { return ids }
        guard let startID, let start = ids.firstIndex(of: startID) else { return [] }
        return Array(ids[start...])
    }

    /// The decoded text after the class's steps and the clean-up, in transformers' order.
    func apply(to text: String) -> String {
        var text = text
        if case .clip = decodingClass {
            text = TextCleanup.replacing(text, "</w>", with: " ").strippingPythonWhitespace()
        }
        if cleansUpTokenizationSpaces { text = Self.cleanUpTokenizationSpaces(text) }
        if case .whisper = decodingClass { text = Self.removingTimestamps(text) }
        return text
    }

    /// transformers' `clean_up_tokenization`, replacement by replacement (on bytes, as Python replaces code
    /// points: none of these patterns can start or end inside a character).
    static func cleanUpTokenizationSpaces(_ text: String) -> String {
        var result = text
        for (pattern, replacement) in [(" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"),
                                       (" n't", "n't"), (" 'm", "'m"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re")] {
            result = TextCleanup.replacing(result, pattern, with: replacement)
        }
        return result
    }

    /// Removes every `<|digits.digits|>` (Python's `\d`: any decimal digit), as Whisper's
    /// `re.sub(r"<\|(\d+\.\d+)\|>", "", text)`.
    static func removingTimestamps(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count >= 7 else { return text }
        var output = String.UnicodeScalarView()
        var i = 0
        func isDigit(_ s: Unicode.Scalar) -> Bool { s.properties.numericType == .decimal }
        func digits(from start: Int) -> Int {
            var j = start
            while j < scalars.count && isDigit(scalars[j]) { j += 1 }
            return j
        }
        while i < scalars.count {
            if scalars[i] == "<", i + 1 < scalars.count, scalars[i + 1] == "|" {
                let integerEnd = digits(from: i + 2)
                if integerEnd > i + 2, integerEnd < scalars.count, scalars[integerEnd] == "." {
                    let fractionEnd = digits(from: integerEnd + 1)
                    if fractionEnd > integerEnd + 1, fractionEnd + 1 < scalars.count,
                       scalars[fractionEnd] == "|", scalars[fractionEnd + 1] == ">" {
                        i = fractionEnd + 2
                        continue
                    }
                }
            }
            output.append(scalars[i])
            i += 1
        }
        return String(output)
    }
}

extension String {
    /// The text without leading and trailing whitespace as Python's `str.strip()` sees it.
    func strippingPythonWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isPythonWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.isPythonWhitespace })!
        return String(scalars[first...last])
    }
}

extension Unicode.Scalar {
    /// Python's `str.isspace()` for one character: bidirectional class WS, B or S, or category Zs.
    var isPythonWhitespace: Bool {
        switch value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}

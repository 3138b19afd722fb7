import Foundation

extension Encoding {
    /// Each token's offsets as a range of the `String` it came from: `text` for the first sequence, `pair`
    /// for the second. Works for offsets in any `OffsetUnit` (the one `offsetUnit` records).
    ///
    /// ```swift
    /// let text = "Zoë says héllo 👋"
    /// let encoding = try tokenizer.encode(text)
    /// for (token, range) in zip(encoding.tokens, encoding.ranges(in: text)) {
    ///     if let range { print(token, text[range]) }
    /// }
    /// ```
    ///
    /// - nil for tokens that cover no input text: special tokens a post-processor added, padding, and the
    ///   second sequence's tokens when `pair` is nil. Added tokens found in the text have ranges.
    /// - Ranges are whole Unicode scalars (offsets never split one; a UTF-8 or UTF-16 offset inside a scalar
    ///   would be widened to it). They may split a grapheme cluster (`Character`): a token of "e" and one of
    ///   U+0301 from "é" in NFD, one regional indicator of a flag, one emoji of a ZWJ sequence. `text[range]`
    ///   is then exactly the token's scalars, a `Substring` that starts or ends inside a `Character`; widen
    ///   to whole characters with `text.rangeOfComposedCharacterSequences(for:)` on the `NSRange`.
    /// - Offsets past the end of the text (a wrong text given) are clamped to its end.
    /// - Not for `encode(words:)`: its offsets are relative to each word.
    ///
    /// - Complexity: O(*n* + *t* log *n*) for a text of *n* scalars and *t* tokens.
    public func ranges(in text: String, pair: String? = nil) -> [Range<String.Index>?] {
        let sequences = sequenceIDs
        let first = ScalarBoundaries(text, unit: offsetUnit)
        let second = pair.map { ScalarBoundaries($0, unit: offsetUnit) }
        return offsets.indices.map { i in
            switch sequences[i] {
            case 0?: first.range(offsets[i])
            case 1?: second?.range(offsets[i])
            default: nil
            }
        }
    }

    /// Each token's offsets as an `NSRange` of UTF-16 units in the `NSString` it came from (`text` for the
    /// first sequence, `pair` for the second): what AppKit/UIKit text APIs take. The same ranges as
    /// `ranges(in:pair:)` (see there for nil, grapheme and scalar boundaries), as `NSRange(range, in:)` gives.
    ///
    /// ```swift
    /// let storage = NSTextStorage(string: text)
    /// for case let range? in try tokenizer.encode(text).nsRanges(in: text) {
    ///     storage.addAttribute(.underlineStyle, value: 1, range: range)
    /// }
    /// ```
    public func nsRanges(in text: String, pair: String? = nil) -> [NSRange?] {
        let sequences = sequenceIDs
        return zip(ranges(in: text, pair: pair), sequences).map { range, sequence in
            guard let range else { return nil }
            return NSRange(range, in: sequence == 1 ? pair ?? text : text)
        }
    }
}

/// Where each Unicode scalar of a text starts, in one offset unit and as a `String.Index`.
private struct ScalarBoundaries {
    /// The offset of each scalar's start, then the text's length, in the unit.
    private var starts: [Int] = []
    /// Each scalar's index, then `endIndex`.
    private var indices: [String.Index] = []

    init(_ text: String, unit: OffsetUnit) {
        let scalars = text.unicodeScalars
        var offset = 0
        for index in scalars.indices {
            starts.append(offset)
            indices.append(index)
            switch unit {
            case .scalars: offset += 1
            case .bytes: offset += UTF8.width(scalars[index])
            case .utf16: offset += UTF16.width(scalars[index])
            }
        }
        starts.append(offset)
        indices.append(text.endIndex)
    }

    /// The scalar-aligned range of `offsets`: the start rounded down, the end rounded up to a scalar boundary.
    func range(_ offsets: Range<Int>) -> Range<String.Index> {
        let lower = indices[boundary(atOrBefore: offsets.lowerBound)]
        if offsets.isEmpty { return lower..<lower }
        return lower..<indices[boundary(atOrAfter: offsets.upperBound)]
    }

    /// The last scalar start at or before `offset` (the end past the text).
    private func boundary(atOrBefore offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        guard offset < starts[high] else { return high }
        while low < high { // invariant: starts[low] <= offset < starts[high + 1]
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The first scalar start at or after `offset` (the end past the text).
    private func boundary(atOrAfter offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        guard offset < starts[high] else { return high }
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] >= offset { high = middle } else { low = middle + 1 }
        }
        return low
    }
}

/// How long encodings are cut: the file's `truncation` section.
public struct TruncationParameters: Sendable, Equatable {
    /// Which sequence loses tokens: `.longestFirst` cuts the longer of a pair first (both end up about
    /// half of the length when both are long), `.onlyFirst` / `.onlySecond` cut only that sequence.
    /// Raw values as tokenizer.json spells them.
    public enum Strategy: String, Sendable, CaseIterable {
        case longestFirst = "LongestFirst", onlyFirst = "OnlyFirst", onlySecond = "OnlySecond"

        /// From the file's spelling (`LongestFirst`) or the Python API's (`longest_first`).
        public init?(name: String) {
            let folded = name.replacingOccurrences(of: "_", with: "").lowercased()
            guard let match = Strategy.allCases.first(where: { $0.rawValue.lowercased() == folded }) else { return nil }
            self = match
        }
    }
    /// Which end is cut: `.right` keeps the start of the text, `.left` keeps its end.
    public enum Direction: String, Sendable { case left = "Left", right = "Right" }

    /// The maximum number of tokens, special tokens included.
    public var maximumLength: Int
    /// How many tokens each overflowing part repeats from the part before it.
    public var stride: Int
    /// Which sequence of a pair is cut.
    public var strategy: Strategy
    /// Which end is cut.
    public var direction: Direction

    /// Truncation parameters (the reference's defaults: longest first, right, no stride).
    ///
    /// ```swift
    /// try tokenizer.setTruncation(TruncationParameters(maximumLength: 384, stride: 128, strategy: .onlySecond))
    /// ```
    public init(maximumLength: Int, stride: Int = 0, strategy: Strategy = .longestFirst, direction: Direction = .right) {
        self.maximumLength = maximumLength
        self.stride = stride
        self.strategy = strategy
        self.direction = direction
    }

    init(json: JSONValue) throws {
        maximumLength = try json.optional("max_length")?.nonNegativeInt() ?? 512
        stride = try json.optional("stride")?.nonNegativeInt() ?? 0
        if let value = json.optional("strategy") {
            guard let s = Strategy(name: try value.string()) else {
                throw value.error("unknown truncation strategy (expected LongestFirst, OnlyFirst or OnlySecond)")
            }
            strategy = s
        } else {
            strategy = .longestFirst
        }
        if let value = json.optional("direction") {
            guard let d = Direction(rawValue: try value.string()) else { throw value.error("unknown direction (expected Left or Right)") }
            direction = d
        } else {
            direction = .right
        }
        guard maximumLength >= 0, stride >= 0 else { throw json.error("max_length and stride must not be negative") }
    }
}

extension TruncationParameters {
    /// Truncates one sequence or a pair so that together they fit `maximumLength` (the reference's
    /// `truncate_encodings`); what is cut goes to `overflowing`.
    /// - Throws: `TokenizerError.impossibleTruncation` when `onlySecond` is asked of a single sequence, when
    ///   the sequence to cut is too short to lose enough tokens, or when `stride` is not less than the
    ///   length a part keeps (the reference raises an error or panics in these cases).
    func truncate(_ first: inout Encoding, _ second: inout Encoding?) throws {
        if maximumLength == 0 {
            try first.truncate(to: 0, stride: stride, direction: direction)
            try second?.truncate(to: 0, stride: stride, direction: direction)
            return
        }
        let total = first.count + (second?.count ?? 0)
        guard total > maximumLength else { return }
        let toRemove = total - maximumLength
        switch strategy {
        case .longestFirst:
            guard var other = second else {
                try first.truncate(to: maximumLength, stride: stride, direction: direction)
                return
            }
            // The shorter sequence keeps its length when the longer one can absorb the whole cut;
            // otherwise both get half of maximumLength (the second one the odd token).
            var short = min(first.count, other.count)
            var long: Int
            if short > maximumLength {
                long = short
            } else {
                long = max(short, maximumLength - short)
            }
            if short + long > maximumLength {
                short = maximumLength / 2
                long = short + maximumLength % 2
            }
            let (firstLength, secondLength) = first.count > other.count ? (long, short) : (short, long)
            try first.truncate(to: firstLength, stride: stride, direction: direction)
            try other.truncate(to: secondLength, stride: stride, direction: direction)
            second = other
        case .onlyFirst:
            guard first.count > toRemove else {
                throw TokenizerError.impossibleTruncation(
                    "the first sequence (\(first.count) tokens) is too short to lose the \(toRemove) tokens that max_length \(maximumLength) requires")
            }
            try first.truncate(to: first.count - toRemove, stride: stride, direction: direction)
        case .onlySecond:
            guard var other = second else {
                throw TokenizerError.impossibleTruncation("strategy only_second needs a pair of sequences, but only one was given")
            }
            guard other.count > toRemove else {
                throw TokenizerError.impossibleTruncation(
                    "the second sequence (\(other.count) tokens) is too short to lose the \(toRemove) tokens that max_length \(maximumLength) requires")
            }
            try other.truncate(to: other.count - toRemove, stride: stride, direction: direction)
            second = other
        }
    }
}

extension Encoding {
    /// Cuts the encoding to `maximumLength` tokens; what is cut becomes `overflowing` parts of at most
    /// `maximumLength` tokens that each repeat the last `stride` tokens of the part before (the
    /// reference's `truncate`). With `.left`, the kept part is the end of the encoding and the parts
    /// walk towards the start.
    /// - Throws: `TokenizerError.impossibleTruncation` when `stride >= maximumLength > 0`.
    mutating func truncate(to maximumLength: Int, stride: Int, direction: TruncationParameters.Direction) throws {
        let length = count
        guard maximumLength < length else { return }
        if maximumLength == 0 {
            let whole = self
            self = Encoding()
            overflowing = [whole]
            return
        }
        guard stride < maximumLength else {
            throw TokenizerError.impossibleTruncation(
                "stride \(stride) must be less than the \(maximumLength) tokens each part keeps (max_length minus the special tokens)")
        }
        let step = maximumLength - stride
        var parts: [Range<Int>] = []
        switch direction {
        case .right:
            var start = 0
            while true {
                let stop = min(start + maximumLength, length)
                parts.append(start..<stop)
                if stop == length { break }
                start += step
            }
        case .left:
            var stop = length
            while true {
                let start = max(stop - maximumLength, 0)
                parts.append(start..<stop)
                if start == 0 { break }
                stop -= step
            }
        }
        var result = slice(parts[0])
        result.overflowing = parts.dropFirst().map(slice)
        self = result
    }
}

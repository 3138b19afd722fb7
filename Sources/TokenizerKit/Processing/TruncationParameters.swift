/// How long encodings are cut: the file's `truncation` section.
public struct TruncationParameters: Sendable, Equatable {
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
    public enum Direction: String, Sendable { case left = "Left", right = "Right" }

    public var maximumLength: Int
    public var stride: Int
    public var strategy: Strategy
    public var direction: Direction

    public init(maximumLength: Int, stride: Int = 0, strategy: Strategy = .longestFirst, direction: Direction = .right) {
        self.maximumLength = maximumLength
        self.stride = stride
        self.strategy = strategy
        self.direction = direction
    }

    init(json: JSONValue) throws {
        maximumLength = try json.int("max_length") ?? 512
        stride = try json.int("stride") ?? 0
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

/// How encodings are padded: the file's `padding` section.
public struct PaddingParameters: Sendable, Equatable {
    public enum Strategy: Sendable, Equatable {
        /// Pad to the longest encoding of the batch (a single text: to its own length).
        case batchLongest
        case fixed(Int)
    }
    public enum Direction: String, Sendable { case left = "Left", right = "Right" }

    public var strategy: Strategy
    public var direction: Direction
    public var padToMultipleOf: Int?
    public var padID: UInt32
    public var padTypeID: UInt32
    public var padToken: String

    public init(strategy: Strategy = .batchLongest, direction: Direction = .right, padToMultipleOf: Int? = nil,
                padID: UInt32 = 0, padTypeID: UInt32 = 0, padToken: String = "[PAD]") {
        self.strategy = strategy
        self.direction = direction
        self.padToMultipleOf = padToMultipleOf
        self.padID = padID
        self.padTypeID = padTypeID
        self.padToken = padToken
    }

    init(json: JSONValue) throws {
        if let value = json.optional("strategy") {
            if value.kind == .string {
                guard try value.string() == "BatchLongest" else { throw value.error("unknown padding strategy") }
                strategy = .batchLongest
            } else if let fixed = value["Fixed"] {
                strategy = .fixed(try fixed.int())
            } else {
                throw value.error("expected \"BatchLongest\" or {\"Fixed\": n}")
            }
        } else {
            strategy = .batchLongest
        }
        if let value = json.optional("direction") {
            guard let d = Direction(rawValue: try value.string()) else { throw value.error("unknown direction (expected Left or Right)") }
            direction = d
        } else {
            direction = .right
        }
        padToMultipleOf = try json.int("pad_to_multiple_of")
        padID = try json.optional("pad_id")?.uint32() ?? 0
        padTypeID = try json.optional("pad_type_id")?.uint32() ?? 0
        padToken = try json.string("pad_token") ?? "[PAD]"
    }

    /// The length to pad to, given the longest encoding of the batch.
    func targetLength(longest: Int) -> Int {
        var target: Int
        switch strategy {
        case .batchLongest: target = longest
        case let .fixed(n): target = n
        }
        if let multiple = padToMultipleOf, multiple > 0, target % multiple != 0 {
            target += multiple - target % multiple
        }
        return target
    }

    /// Pads one encoding as if it were the whole batch.
    func pad(_ encoding: inout Encoding) {
        pad(&encoding, to: targetLength(longest: encoding.count))
    }

    func pad(_ encoding: inout Encoding, to target: Int) {
        for i in encoding.overflowing.indices { pad(&encoding.overflowing[i], to: target) }
        guard encoding.count < target else { return }
        let n = target - encoding.count
        var padding = Encoding()
        for _ in 0..<n {
            padding.append(id: padID, token: padToken, offsets: 0..<0, typeID: padTypeID, wordID: nil,
                           sequenceID: nil, special: true, attention: 0)
        }
        let overflowing = encoding.overflowing
        encoding.overflowing = []
        if direction == .left {
            padding.append(contentsOf: encoding)
            encoding = padding
        } else {
            encoding.append(contentsOf: padding)
        }
        encoding.overflowing = overflowing
    }
}

extension TruncationParameters {
    /// Truncates one sequence or a pair so that together they fit `maximumLength` (the reference's
    /// `truncate_encodings`). A strategy that cannot apply (only_second without a pair, a sequence too
    /// short to remove enough) leaves the encodings as they are.
    func truncate(_ first: inout Encoding, _ second: inout Encoding?) {
        if maximumLength == 0 {
            first.truncate(to: 0, stride: stride, direction: direction)
            second?.truncate(to: 0, stride: stride, direction: direction)
            return
        }
        let total = first.count + (second?.count ?? 0)
        guard total > maximumLength else { return }
        let toRemove = total - maximumLength
        switch strategy {
        case .longestFirst:
            if var other = second {
                var n1 = first.count
                var n2 = other.count
                let swapped = n1 > n2
                if swapped { swap(&n1, &n2) }
                n2 = n1 > maximumLength ? n1 : max(n1, maximumLength - n1)
                if n1 + n2 > maximumLength {
                    n1 = maximumLength / 2
                    n2 = n1 + maximumLength % 2
                }
                if swapped { swap(&n1, &n2) }
                first.truncate(to: n1, stride: stride, direction: direction)
                other.truncate(to: n2, stride: stride, direction: direction)
                second = other
            } else {
                first.truncate(to: total - toRemove, stride: stride, direction: direction)
            }
        case .onlyFirst:
            if first.count > toRemove { first.truncate(to: first.count - toRemove, stride: stride, direction: direction) }
        case .onlySecond:
            if var other = second, other.count > toRemove {
                other.truncate(to: other.count - toRemove, stride: stride, direction: direction)
                second = other
            }
        }
    }
}

extension Encoding {
    /// Cuts the encoding to `maximumLength` tokens; what is cut becomes `overflowing` parts that overlap
    /// by `stride` tokens (the reference's `truncate`).
    mutating func truncate(to maximumLength: Int, stride: Int, direction: TruncationParameters.Direction) {
        let length = count
        guard maximumLength < length else { return }
        if maximumLength == 0 {
            let whole = self
            self = Encoding()
            overflowing = [whole]
            return
        }
        let step = max(maximumLength - stride, 1)
        var parts: [Range<Int>] = []
        switch direction {
        case .right:
            var start = 0
            while start < length {
                let stop = min(start + maximumLength, length)
                parts.append(start..<stop)
                if stop == length { break }
                start += step
            }
        case .left:
            var stop = length
            while stop > 0 {
                let start = max(stop - maximumLength, 0)
                parts.append(start..<stop)
                if start == 0 { break }
                stop -= step
            }
        }
        func part(_ r: Range<Int>) -> Encoding {
            Encoding(ids: Array(ids[r]), typeIDs: Array(typeIDs[r]), tokens: Array(tokens[r]), offsets: Array(offsets[r]),
                     specialTokensMask: Array(specialTokensMask[r]), attentionMask: Array(attentionMask[r]),
                     wordIDs: Array(wordIDs[r]), sequenceIDs: Array(sequenceIDs[r]))
        }
        var result = part(parts[0])
        result.overflowing = parts.dropFirst().map(part)
        self = result
    }
}

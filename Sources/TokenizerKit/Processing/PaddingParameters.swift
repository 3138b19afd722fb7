/// How encodings are padded: the file's `padding` section.
public struct PaddingParameters: Sendable, Equatable {
    /// How long padded encodings are.
    public enum Strategy: Sendable, Equatable {
        /// Pad to the longest encoding of the batch (a single text: to its own length).
        case batchLongest
        /// Pad to this many tokens (longer encodings are left as they are).
        case fixed(Int)
    }
    /// Which side the padding goes on; raw values as tokenizer.json spells them.
    public enum Direction: String, Sendable { case left = "Left", right = "Right" }

    /// The length to pad to.
    public var strategy: Strategy
    /// Padding before the tokens (`.left`) or after them (`.right`).
    public var direction: Direction
    /// When set (and positive), the length is rounded up to a multiple of it.
    public var padToMultipleOf: Int?
    /// The id of the padding token.
    public var padID: UInt32
    /// The type id of padding tokens.
    public var padTypeID: UInt32
    /// The token string of padding tokens.
    public var padToken: String

    /// Padding parameters with the reference's defaults (batch-longest, right, id 0, `[PAD]`).
    ///
    /// ```swift
    /// tokenizer.padding = PaddingParameters(strategy: .fixed(128), padID: 0, padToken: "[PAD]")
    /// ```

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
                strategy = .fixed(try fixed.nonNegativeInt())
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
        padToMultipleOf = try json.optional("pad_to_multiple_of")?.nonNegativeInt()
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

    /// Pads `encoding` and each of its overflowing parts to `target` tokens (the reference's `pad`):
    /// padding tokens have attention 0, special mask 1, no word, offsets 0..<0.
    func pad(_ encoding: inout Encoding, to target: Int) {
        for i in encoding.overflowing.indices { pad(&encoding.overflowing[i], to: target) }
        guard encoding.count < target else { return }
        let n = target - encoding.count
        var padding = Encoding()
        padding.reserveCapacity(target)
        for _ in 0..<n {
            padding.append(id: padID, token: padToken, offsets: 0..<0, typeID: padTypeID, wordID: nil,
                           special: true, attention: 0)
        }
        if direction == .left {
            padding.appendTokens(of: encoding)
            padding.overflowing = encoding.overflowing
            encoding = padding
        } else {
            encoding.appendTokens(of: padding)
        }
    }
}

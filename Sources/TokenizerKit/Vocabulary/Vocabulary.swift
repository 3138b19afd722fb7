/// A model's vocabulary: token bytes ↔ id, keyed on exact bytes.
struct Vocabulary: Sendable {
    private(set) var ids: ByteStringTable
    /// Token bytes per id (ids may have gaps: those hold nil).
    private(set) var tokens: [[UInt8]?]

    init(capacity: Int = 16) {
        ids = ByteStringTable(capacity: capacity)
        tokens = []
    }

    /// Adds or replaces a token. A later entry for the same bytes wins, as in a JSON map read into a hash map.
    mutating func insert(_ token: [UInt8], id: UInt32) {
        if let old = ids.value(for: token), Int(old) < tokens.count, tokens[Int(old)] == token {
            tokens[Int(old)] = nil
        }
        ids.set(id, for: token)
        if Int(id) >= tokens.count {
            tokens.append(contentsOf: repeatElement(nil, count: Int(id) + 1 - tokens.count))
        }
        tokens[Int(id)] = token
    }

    @inline(__always)
    func id(for token: UnsafeBufferPointer<UInt8>) -> UInt32? { ids.value(for: token) }

    func id(for token: [UInt8]) -> UInt32? { ids.value(for: token) }

    func token(for id: UInt32) -> [UInt8]? {
        Int(id) < tokens.count ? tokens[Int(id)] : nil
    }

    /// The number of distinct tokens.
    var count: Int { ids.count }
}

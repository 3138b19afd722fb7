/// A model's vocabulary: token bytes ↔ id, keyed on exact bytes.
///
/// Ids index an array, except ids far beyond the number of tokens (tokenizer.json may give a token any
/// 32-bit id: the reference loads `{"a": 4294967295}`), which go to a dictionary, so memory stays linear in
/// the number of tokens whatever the ids.
struct Vocabulary: Sendable {
    private(set) var ids: ByteStringTable
    /// Token bytes per id below `denseLimit` (ids may have gaps: those hold nil).
    private(set) var tokens: [[UInt8]?]
    /// Token bytes of the ids not below `denseLimit` (empty for every real vocabulary).
    private(set) var outlyingTokens: [UInt32: [UInt8]] = [:]
    /// Ids below this index `tokens`: twice the expected number of tokens, plus room for small vocabularies.
    private var denseLimit: Int

    init(capacity: Int = 16) {
        ids = ByteStringTable(capacity: capacity)
        tokens = []
        denseLimit = 2 * max(capacity, 16) + 1024
    }

    /// Adds or replaces a token. A later entry for the same bytes wins, as in a JSON map read into a hash map.
    mutating func insert(_ token: [UInt8], id: UInt32) {
        if let old = ids.value(for: token) {
            if Int(old) < tokens.count, tokens[Int(old)] == token { tokens[Int(old)] = nil }
            if outlyingTokens[old] == token { outlyingTokens[old] = nil }
        }
        ids.set(id, for: token)
        denseLimit = max(denseLimit, 2 * ids.count + 1024)
        guard Int(id) < denseLimit else {
            outlyingTokens[id] = token
            return
        }
        if Int(id) >= tokens.count {
            tokens.append(contentsOf: repeatElement(nil, count: Int(id) + 1 - tokens.count))
        }
        tokens[Int(id)] = token
    }

    @inline(__always)
    func id(for token: UnsafeBufferPointer<UInt8>) -> UInt32? { ids.value(for: token) }

    func id(for token: [UInt8]) -> UInt32? { ids.value(for: token) }

    func token(for id: UInt32) -> [UInt8]? {
        // An id stored as outlying stays there when `denseLimit` (and then `tokens`) grows past it later.
        if Int(id) < tokens.count, let token = tokens[Int(id)] { return token }
        return outlyingTokens.isEmpty ? nil : outlyingTokens[id]
    }

    /// The number of distinct tokens.
    var count: Int { ids.count }
}

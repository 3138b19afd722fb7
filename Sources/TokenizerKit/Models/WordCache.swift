/// A worker's cache of words already tokenized: word bytes → its tokens.
///
/// Natural text repeats a small set of words, so most words are found here and skip the model entirely.
/// Keys live in one arena and tokens in one flat array; when the cache reaches its capacity it is
/// cleared and refills with what is frequent now (cheaper than LRU bookkeeping on every hit).
struct WordCache {
    static let capacity = 1 << 18

    private var table = ByteStringTable(capacity: 1024)
    private var tokens: [ModelToken] = []
    private var ranges: [(start: Int32, count: Int32)] = []

    @inline(__always)
    func lookup(_ word: UnsafeBufferPointer<UInt8>) -> ArraySlice<ModelToken>? {
        guard let entry = table.value(for: word) else { return nil }
        let range = ranges[Int(entry)]
        return tokens[Int(range.start)..<Int(range.start + range.count)]
    }

    mutating func insert(_ word: UnsafeBufferPointer<UInt8>, _ value: ArraySlice<ModelToken>) {
        if ranges.count >= WordCache.capacity {
            table = ByteStringTable(capacity: 1024)
            tokens.removeAll(keepingCapacity: true)
            ranges.removeAll(keepingCapacity: true)
        }
        ranges.append((Int32(tokens.count), Int32(value.count)))
        tokens.append(contentsOf: value)
        table.set(UInt32(ranges.count - 1), for: word)
    }
}

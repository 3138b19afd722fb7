/// Byte-pair encoding: a word starts as one symbol per character and adjacent symbols merge by rank.
///
/// Every option of the reference is honoured: `dropout`, `unk_token`, `continuing_subword_prefix`,
/// `end_of_word_suffix`, `fuse_unk`, `byte_fallback`, `ignore_merges`.
struct BPEModel: Sendable {
    let vocabulary: Vocabulary
    let merges: MergeTable
    let dropout: Double?
    let unknownToken: [UInt8]?
    let continuingSubwordPrefix: [UInt8]?
    let endOfWordSuffix: [UInt8]?
    let fuseUnknown: Bool
    let byteFallback: Bool
    let ignoreMerges: Bool
    /// The id of each `<0xNN>` token, or UInt32.max (for `byte_fallback`).
    let byteFallbackIDs: [UInt32]
    /// For one-byte characters (ASCII) with neither prefix nor suffix: the id of that character, or UInt32.max.
    let asciiIDs: [UInt32]

    /// Decodes `model` of type BPE.
    init(json: JSONValue) throws {
        var vocabulary = Vocabulary(capacity: json["vocab"]?.count ?? 16)
        try json.required("vocab").forEachEntry { key, value in
            vocabulary.insert(key, id: try value.uint32())
        }
        self.vocabulary = vocabulary
        dropout = try json.double("dropout")
        if let dropout, !(0...1).contains(dropout) {
            throw json.at("dropout").error("dropout must be between 0 and 1")
        }
        unknownToken = try json.optional("unk_token")?.stringBytes()
        continuingSubwordPrefix = try json.optional("continuing_subword_prefix")?.stringBytes()
        endOfWordSuffix = try json.optional("end_of_word_suffix")?.stringBytes()
        fuseUnknown = try json.bool("fuse_unk") ?? false
        byteFallback = try json.bool("byte_fallback") ?? false
        ignoreMerges = try json.bool("ignore_merges") ?? false

        let mergesJSON = try json.required("merges")
        var merges = MergeTable(capacity: mergesJSON.count)
        let prefixLength = continuingSubwordPrefix?.count ?? 0
        var rank: UInt32 = 0
        // Scratch buffers reused for every merge (o200k has 446k of them): no array per string.
        var left: [UInt8] = []
        var right: [UInt8] = []
        var merged: [UInt8] = []
        let document = mergesJSON.document
        try mergesJSON.forEachElement { entry in
            left.removeAll(keepingCapacity: true)
            right.removeAll(keepingCapacity: true)
            switch entry.kind {
            case .string:
                // Legacy form "a b": exactly one space; "#version" lines are skipped.
                let line = try entry.stringBytes()
                if line.starts(with: Array("#version".utf8)) { return }
                let parts = line.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw entry.error("a merge written as a string must be two tokens separated by one space (merge \(rank + 1))")
                }
                left += parts[0]
                right += parts[1]
            case .array:
                guard entry.count == 2 else { throw entry.error("a merge must be a pair of tokens") }
                let first = entry.index + 1
                let second = document.next(after: first)
                guard document.nodes[first].kind == .string, document.nodes[second].kind == .string else {
                    // Not two strings: the checked accessors name what is wrong, and where.
                    let pair = try entry.arrayElements()
                    _ = try pair[0].stringBytes()
                    _ = try pair[1].stringBytes()
                    return
                }
                document.appendStringBytes(at: first, to: &left)
                document.appendStringBytes(at: second, to: &right)
            default:
                throw entry.error("a merge must be a string \"a b\" or a pair [\"a\", \"b\"]")
            }
            guard let leftID = left.withUnsafeBufferPointer({ vocabulary.id(for: $0) }) else {
                throw entry.error("merge token `\(String(validUTF8: left))` is not in the vocabulary")
            }
            guard let rightID = right.withUnsafeBufferPointer({ vocabulary.id(for: $0) }) else {
                throw entry.error("merge token `\(String(validUTF8: right))` is not in the vocabulary")
            }
            guard right.count >= prefixLength else {
                throw entry.error("merge token `\(String(validUTF8: right))` is shorter than continuing_subword_prefix")
            }
            merged.removeAll(keepingCapacity: true)
            merged += left
            merged += right[prefixLength...]
            guard let mergedID = merged.withUnsafeBufferPointer({ vocabulary.id(for: $0) }) else {
                throw entry.error("merge result `\(String(validUTF8: merged))` is not in the vocabulary")
            }
            merges.set(left: leftID, right: rightID, rank: rank, merged: mergedID)
            rank += 1
        }
        self.merges = merges

        byteFallbackIDs = byteFallback ? ByteFallbackTokens.ids(lookup: vocabulary.id(for:))
            : [UInt32](repeating: .max, count: 256)
        var ascii = [UInt32](repeating: .max, count: 128)
        for b in 0..<128 { ascii[b] = vocabulary.id(for: [UInt8(b)]) ?? .max }
        asciiIDs = ascii
    }

    var usesCache: Bool { (dropout ?? 0) == 0 }

    /// Tokenizes one word (its normalized UTF-8 bytes), appending tokens with offsets relative to the word.
    ///
    /// A character outside the vocabulary while `unk_token` is set but missing from the vocabulary sets
    /// `failure` (the reference fails the whole encode); without `unk_token` the character is dropped.
    func tokenize(_ word: UnsafeBufferPointer<UInt8>, scratch: inout BPEScratch, into output: inout [ModelToken],
                  failure: inout TokenizerError?) {
        if word.isEmpty { return }
        if ignoreMerges, let id = vocabulary.id(for: word) {
            output.append(ModelToken(id: id, start: 0, end: Int32(word.count)))
            return
        }
        if usesCache, word.count < BPEScratch.maximumCachedWordLength,
           let cached = scratch.cache.lookup(word) {
            output.append(contentsOf: cached)
            return
        }
        var symbols = scratch.symbols
        symbols.removeAll()
        if !splitIntoSymbols(word, into: &symbols) {
            failure = .missingUnknownToken(model: "BPE", token: unknownToken.map { String(validUTF8: $0) })
            scratch.symbols = symbols
            return
        }
        if let dropout, dropout > 0 {
            if symbols.ids.count > 1 { mergeWithHeap(&symbols, dropout: dropout) }
        } else {
            merge(&symbols)
        }
        let first = output.count
        for i in 0..<symbols.ids.count {
            output.append(ModelToken(id: symbols.ids[i], start: symbols.starts[i], end: symbols.ends[i]))
        }
        if usesCache, word.count < BPEScratch.maximumCachedWordLength {
            scratch.cache.insert(word, output[first...])
        }
        scratch.symbols = symbols
    }

    /// The initial symbols of a word: one per character (with prefix/suffix), unknowns per the options.
    /// Returns false when a character needs the unknown token but `unk_token` is not in the vocabulary.
    private func splitIntoSymbols(_ word: UnsafeBufferPointer<UInt8>, into symbols: inout BPESymbols) -> Bool {
        var position: Int32 = 0
        var pendingUnknown: (id: UInt32, length: Int32)? = nil
        let unknownID = unknownToken.flatMap { vocabulary.id(for: $0) }
        var key: [UInt8] = []
        func add(_ id: UInt32, _ length: Int32) {
            symbols.append(id: id, start: position, end: position + length)
            position += length
        }
        var i = 0
        while i < word.count {
            let length = UTF8Scalar.length(lead: word[i])
            let isFirst = i == 0
            let isLast = i + length >= word.count
            var id: UInt32? = nil
            let plain = (isFirst || continuingSubwordPrefix == nil) && (!isLast || endOfWordSuffix == nil)
            if plain {
                if length == 1 {
                    let a = asciiIDs[Int(word[i])]
                    id = a == .max ? nil : a
                } else {
                    id = vocabulary.id(for: UnsafeBufferPointer(rebasing: word[i..<(i + length)]))
                }
            } else {
                key.removeAll(keepingCapacity: true)
                if !isFirst, let prefix = continuingSubwordPrefix { key.append(contentsOf: prefix) }
                key.append(contentsOf: word[i..<(i + length)])
                if isLast, let suffix = endOfWordSuffix { key.append(contentsOf: suffix) }
                id = vocabulary.id(for: key)
            }
            if let id {
                if let pending = pendingUnknown {
                    add(pending.id, pending.length)
                    pendingUnknown = nil
                }
                add(id, Int32(length))
            } else {
                var fellBack = false
                if byteFallback {
                    // Every byte of the (prefixed/suffixed) character needs its <0xNN> token.
                    var bytes: [UInt8] = []
                    if !plain { bytes = key } else { bytes = Array(word[i..<(i + length)]) }
                    if bytes.allSatisfy({ byteFallbackIDs[Int($0)] != .max }) {
                        // As in the reference, a pending unknown is not flushed first.
                        for b in bytes { add(byteFallbackIDs[Int(b)], 1) }
                        fellBack = true
                    }
                }
                if !fellBack, unknownToken != nil, unknownID == nil { return false }
                if !fellBack, let unknownID {
                    if let pending = pendingUnknown {
                        if fuseUnknown {
                            pendingUnknown = (pending.id, pending.length + Int32(length))
                        } else {
                            add(pending.id, pending.length)
                            pendingUnknown = (unknownID, Int32(length))
                        }
                    } else {
                        pendingUnknown = (unknownID, Int32(length))
                    }
                }
                // Without an unknown token the character is dropped, and — as in the reference, whose
                // offsets are running sums of symbol lengths — the offsets after it shift left.
            }
            i += length
        }
        if let pending = pendingUnknown { add(pending.id, pending.length) }
        return true
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

/// A worker's mutable state for BPE: the word cache and the merge loop's scratch arrays.
struct BPEScratch {
    static let maximumCachedWordLength = 256
    var cache = WordCache()
    var symbols = BPESymbols()
}

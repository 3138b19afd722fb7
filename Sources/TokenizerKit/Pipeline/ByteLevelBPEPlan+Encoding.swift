import Foundation

/// The byte-level fast path for whole encodings (ids, token strings, offsets, word ids), the path of
/// `encode(_:)` and `encode(batch:)` when the pipeline is one `ByteLevelBPEPlan` reproduces.
///
/// What the general path does for such a pipeline, and what this reproduces without building it: every
/// byte of a word is mapped to its byte-level character, each mapped byte aligned to the whole original
/// character it comes from; a token covering mapped bytes `s..<e` has the offsets
/// `alignment[s].start ..< alignment[e-1].end`, i.e. from the start of the character holding its first
/// raw byte to the end of the character holding its last. The word cache keeps each token's span in raw
/// bytes of the word, so a cached word needs no mapping at all; token strings come from a table built once
/// per tokenizer.
///
/// Performance notes (cl100k, 1 MB of English, one thread, callgrind): the general path spent 607 M
/// instructions on `encode(batch:)`, mostly on per-byte alignments, byte-level mapping, validating every
/// token string and reference counting; see the commit that added this file for the figures after.
extension ByteLevelBPEPlan {
    /// One sequence (added tokens found first, then the words of the pieces between them) as an
    /// `Encoding`, exactly as `Tokenizer.encodeSequence`'s general path builds it.
    func encodeSequence(_ text: UnsafeBufferPointer<UInt8>, addedVocabulary: AddedVocabulary, typeID: UInt32,
                        unit: OffsetUnit, workspace: inout EncodingWorkspace) throws -> Encoding {
        // Tokens are collected as (id, word, byte span) in the workspace, then the encoding's seven arrays
        // are built column by column: appending to seven arrays per token cost more than the cache lookup.
        var encoding = workspace.plannedTokens
        workspace.plannedTokens = []
        encoding.removeAll(keepingCapacity: true)
        let converter = OffsetConverter(text: text, unit: unit)
        if workspace.includesTokenStrings && workspace.tokenStrings == nil {
            workspace.tokenStrings = tokenStrings.table(for: bpe)
        }
        let strings = workspace.includesTokenStrings ? workspace.tokenStrings : nil
        var wordIndex = 0
        var context = SequenceContext(text: text, typeID: typeID, converter: converter, strings: strings)
        var walk = AddedVocabulary.PieceWalk(.rawThenNormalized) // no normalizer: raw text is normalized text
        while let piece = addedVocabulary.nextPiece(in: text, walk: &walk) {
            if let id = piece.id {
                appendAddedToken(id, range: piece.range, context: context, wordIndex: &wordIndex, to: &encoding)
                continue
            }
            appendTokens(of: piece.range, context: &context, wordIndex: &wordIndex, workspace: &workspace, to: &encoding)
            if workspace.model.failure != nil { break }
        }
        workspace.plannedTokens = encoding
        try workspace.throwModelFailure()
        return Self.encoding(of: encoding, context: context)
    }

    /// The encoding of the collected tokens.
    ///
    /// Columns are built with `map` over the buffer (specialized, inlined array construction):
    /// `Array(unsafeUninitializedCapacity:)` went through the runtime's unspecialized allocation, about
    /// 650 instructions per array (callgrind, cl100k, `encode(batch:)` on 1 MB of English: 64 M).
    private static func encoding(of planned: [PlannedToken], context: SequenceContext) -> Encoding {
        let n = planned.count
        return planned.withUnsafeBufferPointer { planned in
            let tokens: [String]
            if let strings = context.strings {
                tokens = planned.map { t in
                    t.isInput ? String(validUTF8: context.text[Int(t.start)..<Int(t.end)]) : strings.string(for: t.id)
                }
            } else {
                tokens = Array(repeating: "", count: n)
            }
            return Encoding(
                ids: planned.map(\.id),
                typeIDs: Array(repeating: context.typeID, count: n),
                tokens: tokens,
                offsets: planned.map { context.converter.convert(Int($0.start)..<Int($0.end)) },
                specialTokensMask: Array(repeating: 0, count: n),
                attentionMask: Array(repeating: 1, count: n),
                wordIDs: planned.map { Int($0.word) })
        }
    }

    /// What every token of one sequence shares.
    struct SequenceContext {
        let text: UnsafeBufferPointer<UInt8>
        let typeID: UInt32
        let converter: OffsetConverter
        /// Not retained: the workspace holds the table for as long as this sequence is encoded, and a
        /// retain here would be one more reference count per text that every worker thread shares.
        unowned(unsafe) let strings: TokenStrings?
    }

    private func appendAddedToken(_ id: UInt32, range: Range<Int>, context: SequenceContext, wordIndex: inout Int,
                                  to encoding: inout [PlannedToken]) {
        guard !range.isEmpty else { return }
        encoding.append(PlannedToken(id: id, word: Int32(wordIndex), start: Int32(range.lowerBound),
                                     end: Int32(range.upperBound), isInput: true))
        wordIndex += 1
    }

    /// The words of `text[range]` (a piece between added tokens), each with its tokens.
    private func appendTokens(of range: Range<Int>, context: inout SequenceContext, wordIndex: inout Int,
                              workspace: inout EncodingWorkspace, to encoding: inout [PlannedToken]) {
        guard !range.isEmpty else { return }
        let piece = UnsafeBufferPointer(rebasing: context.text[range])
        var matches = workspace.ranges
        workspace.ranges = []
        matches.removeAll(keepingCapacity: true)
        pattern.appendMatches(in: piece, to: &matches)
        var previous = 0
        for match in matches {
            if previous < match.lowerBound {
                appendWord((range.lowerBound + previous)..<(range.lowerBound + match.lowerBound), context: context,
                           wordIndex: &wordIndex, workspace: &workspace, to: &encoding)
            }
            if !match.isEmpty {
                appendWord((range.lowerBound + match.lowerBound)..<(range.lowerBound + match.upperBound), context: context,
                           wordIndex: &wordIndex, workspace: &workspace, to: &encoding)
            }
            previous = match.upperBound
            if workspace.model.failure != nil { break }
        }
        if previous < piece.count, workspace.model.failure == nil {
            appendWord((range.lowerBound + previous)..<range.upperBound, context: context, wordIndex: &wordIndex,
                       workspace: &workspace, to: &encoding)
        }
        workspace.ranges = matches
    }

    /// One word: its tokens from the word cache (or the model, then cached), with offsets and strings.
    @inline(__always)
    private func appendWord(_ range: Range<Int>, context: SequenceContext, wordIndex: inout Int,
                            workspace: inout EncodingWorkspace, to encoding: inout [PlannedToken]) {
        let word = UnsafeBufferPointer(rebasing: context.text[range])
        let cacheable = word.count < EncodingWorkspace.maximumCachedWordLength
        let text = context.text
        // Short frequent words first, from the hot-word cache (the ids path's, which also keeps spans):
        // callgrind, cl100k, `encode(batch:)` on 1 MB of English, 122 M → see the commit.
        let hot = workspace.hotWords.forEachToken(of: word, readable: text.baseAddress! + text.count) { id, start, end in
            encoding.append(Self.plannedToken(id: id, start: start, end: end, of: range, text: text, word: wordIndex))
        }
        if hot {
            wordIndex += 1
            return
        }
        if cacheable, let cached = workspace.rawWordCache.lookup(word) {
            workspace.hotWords.insert(word, cached)
            appendTokens(cached, of: range, context: context, wordIndex: wordIndex, to: &encoding)
        } else {
            var tokens = workspace.modelTokens
            workspace.modelTokens = []
            tokens.removeAll(keepingCapacity: true)
            tokenizeWord(word, workspace: &workspace, into: &tokens)
            if workspace.model.failure == nil {
                appendTokens(tokens[...], of: range, context: context, wordIndex: wordIndex, to: &encoding)
                if cacheable { workspace.rawWordCache.insert(word, tokens[...]) }
                workspace.hotWords.insert(word, tokens[...])
            }
            workspace.modelTokens = tokens
        }
        wordIndex += 1
    }

    @inline(__always)
    private func appendTokens(_ tokens: ArraySlice<ModelToken>, of range: Range<Int>, context: SequenceContext,
                              wordIndex: Int, to encoding: inout [PlannedToken]) {
        for token in tokens {
            encoding.append(Self.plannedToken(id: token.id, start: Int(token.start), end: Int(token.end), of: range,
                                              text: context.text, word: wordIndex))
        }
    }

    /// A token covering bytes `start..<end` of the word at `range`, its span widened to whole characters
    /// of the text (the alignment of a mapped byte is its character's range).
    @inline(__always)
    private static func plannedToken(id: UInt32, start: Int, end: Int, of range: Range<Int>,
                                     text: UnsafeBufferPointer<UInt8>, word: Int) -> PlannedToken {
        var start = range.lowerBound + start
        var end = range.lowerBound + end
        while start > range.lowerBound && text[start] & 0xC0 == 0x80 { start -= 1 }
        while end < range.upperBound && text[end] & 0xC0 == 0x80 { end += 1 }
        return PlannedToken(id: id, word: Int32(word), start: Int32(start), end: Int32(end), isInput: false)
    }
}

extension ByteLevelBPEPlan {
    /// Runs the model on a word missing from the word cache: maps its bytes to byte-level characters,
    /// merges, and appends the tokens with their spans in raw bytes of the word. Both fast paths (ids and
    /// whole encodings) cache what this gives, in the same cache.
    func tokenizeWord(_ word: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace, into output: inout [ModelToken]) {
        if let rawByteIDs {
            // One symbol per raw byte (its character's id), merged as the model merges: what the model does
            // on the mapped word when every byte's character is in the vocabulary, without building the
            // mapped word, looking each character up, or converting spans back (callgrind, cl100k, 2 MB of
            // multilingual text: splitIntoSymbols + appendMapped were 10% of the instructions).
            if bpe.ignoreMerges {
                // `ignore_merges`: a word that is a token is that token, merges or not.
                var mapped = workspace.mappedWord
                workspace.mappedWord = []
                mapped.removeAll(keepingCapacity: true)
                ByteLevelAlphabet.appendMapped(word, to: &mapped)
                let whole = bpe.vocabulary.id(for: mapped)
                workspace.mappedWord = mapped
                if let whole {
                    output.append(ModelToken(id: whole, start: 0, end: Int32(word.count)))
                    return
                }
            }
            var symbols = workspace.model.bpe.symbols
            workspace.model.bpe.symbols = BPESymbols()
            symbols.removeAll()
            for i in 0..<word.count {
                symbols.append(id: rawByteIDs[Int(word[i])], start: Int32(i), end: Int32(i + 1))
            }
            bpe.merge(&symbols)
            for i in 0..<symbols.ids.count {
                output.append(ModelToken(id: symbols.ids[i], start: symbols.starts[i], end: symbols.ends[i]))
            }
            workspace.model.bpe.symbols = symbols
            return
        }
        var mapped = workspace.mappedWord
        workspace.mappedWord = []
        mapped.removeAll(keepingCapacity: true)
        ByteLevelAlphabet.appendMapped(word, to: &mapped)
        let first = output.count
        mapped.withUnsafeBufferPointer {
            bpe.tokenize($0, scratch: &workspace.model.bpe, into: &output, failure: &workspace.model.failure, caching: false)
        }
        workspace.mappedWord = mapped
        // A word the model cannot encode is not cached: the caller throws the failure.
        if workspace.model.failure != nil { return }
        // Spans in mapped bytes → spans in raw bytes: raw byte i is 1 or 2 mapped bytes.
        if mapped.count != word.count {
            let table = ByteLevelAlphabet.encoded
            var raw = 0
            var mappedPosition: Int32 = 0
            for t in first..<output.count {
                let target = output[t].start
                while mappedPosition < target {
                    mappedPosition += Int32(table[Int(word[raw])].count)
                    raw += 1
                }
                output[t].start = Int32(raw)
                let endTarget = output[t].end
                var r = raw
                var m = mappedPosition
                while m < endTarget {
                    m += Int32(table[Int(word[r])].count)
                    r += 1
                }
                output[t].end = Int32(r)
            }
        }
    }
}

/// One token of a whole encoding, before the encoding's arrays are built: its id, its word, its byte
/// span in the text, and whether its string is that span (added tokens) or the vocabulary's.
struct PlannedToken {
    var id: UInt32
    var word: Int32
    var start: Int32
    var end: Int32
    var isInput: Bool
}

/// The string of every token of a vocabulary, built once per tokenizer when a caller first wants token
/// strings (building it at load would cost every load the time, 10 ms for o200k, whether or not strings
/// are used). Read without locks once built: the array is immutable.
final class TokenStrings: Sendable {
    private let strings: [String]
    /// The strings of ids far beyond the vocabulary's size (`Vocabulary.outlyingTokens`), usually none.
    private let outlyingStrings: [UInt32: String]

    init(_ bpe: BPEModel) {
        let tokens = bpe.vocabulary.tokens
        var strings = [String](repeating: "", count: tokens.count)
        for id in tokens.indices {
            if let bytes = tokens[id] { strings[id] = String(validUTF8: bytes) }
        }
        self.strings = strings
        outlyingStrings = bpe.vocabulary.outlyingTokens.mapValues { String(validUTF8: $0) }
    }

    @inline(__always)
    func string(for id: UInt32) -> String {
        let i = Int(id)
        return i < strings.count ? strings[i] : outlyingStrings[id] ?? ""
    }
}

/// Where a plan keeps its `TokenStrings` once built; the lock is taken once per sequence.
final class TokenStringsSlot: @unchecked Sendable {
    private var built: TokenStrings?
    private let lock = NSLock()

    func table(for bpe: BPEModel) -> TokenStrings {
        lock.lock()
        defer { lock.unlock() }
        if let built { return built }
        let table = TokenStrings(bpe)
        built = table
        return table
    }
}

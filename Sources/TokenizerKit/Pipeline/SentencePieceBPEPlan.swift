import Foundation

/// A fast path for SentencePiece-style BPE — normalizer `Prepend("▁")` + `Replace(" " → "▁")`, no
/// pre-tokenizer, BPE (llama, phi-3-mini, mistral…) — that produces the ids the general pipeline produces.
///
/// The general pipeline hands each piece between added tokens to BPE as one word (there is no
/// pre-tokenizer), so a line is one long word: no word cache, a heap merge over hundreds of symbols.
/// Here the piece is cut into words before every "▁" that follows a character other than "▁" (runs of
/// "▁" stay with the word after them), and each word is encoded on its own, through the word caches.
///
/// Why that is exact: BPE on a concatenation equals the concatenation of BPE on the parts when no merge
/// can make a token across a cut. A token across a cut would hold the character before the cut (not
/// "▁", or a `<0xNN>` / unknown token ending in ">" or in the unknown token's last character) followed by
/// "▁"; `init` checks that no vocabulary token has "▁" after another character and that the unknown
/// token does not end in "▁", so no such merge exists. The initial symbols split the same way too: every
/// part but the first starts with "▁", which `init` requires to be in the vocabulary, so an unknown
/// character before a cut is flushed there and `fuse_unk` never fuses across it. Merging picks the
/// lowest-ranked (then leftmost) pair; restricted to one part that is the part's own choice, and merges
/// in one part never change the pairs of another.
///
/// Words are found and cached on the raw bytes: a space and a literal "▁" both normalize to "▁" (both
/// count as "▁" for the cut), and a cache key K always stands for BPE(K with spaces as "▁"), so raw and
/// normalized keys can share the caches. The `Prepend` marker is a space put before the first word of
/// a piece (`Prepend("▁")` then `Replace` equals `Replace` on " " + text). Only a word never seen before
/// is normalized and handed to the BPE model.
///
/// Added tokens with `normalized: true` are matched, as the reference does, on the normalized piece
/// against their normalized content (for llama "▁<s>": the marker is part of the pattern). A piece that
/// may hold one (it contains the first byte of a pattern's first character other than "▁", see
/// `NormalizedTokenTriggers`) is normalized whole and split as the general path splits it; its words
/// are then keyed on normalized bytes.
///
/// Performance notes (llama, 3 MB of English, `tok encode --format ids`, one thread, callgrind): 3,923 M
/// instructions before this plan, a third of them in the heap merge of whole lines; 1,321 M with it
/// (530k words, 54k distinct). What is left is per word (cache lookups, appending ids, ~180
/// instructions) and per cache miss (splitting into symbols and merging, ~3,700).
final class SentencePieceBPEPlan: Sendable {
    let bpe: BPEModel
    /// Whether the normalizer puts "▁" before a non-empty piece.
    let prepends: Bool

    static let marker: [UInt8] = [0xE2, 0x96, 0x81] // "▁"

    /// The plan for a tokenizer, when its pipeline is one this path reproduces exactly.
    init?(normalizer: AnyNormalizer?, preTokenizer: AnyPreTokenizer?, model: AnyModel) {
        guard preTokenizer == nil, let normalizer, case let .bpe(bpe) = model, bpe.usesCache, !bpe.ignoreMerges,
              bpe.continuingSubwordPrefix == nil, bpe.endOfWordSuffix == nil else { return nil }
        guard let prepends = Self.prependsMarker(normalizer) else { return nil }
        guard bpe.vocabulary.id(for: Self.marker) != nil else { return nil }
        if let unknown = bpe.unknownToken, unknown.count >= 3, Array(unknown.suffix(3)) == Self.marker { return nil }
        for (_, token) in bpe.vocabulary.outlyingTokens where Self.hasMarkerAfterOtherCharacter(token) { return nil }
        for id in 0..<bpe.vocabulary.tokens.count {
            if let token = bpe.vocabulary.tokens[id], Self.hasMarkerAfterOtherCharacter(token) { return nil }
        }
        self.bpe = bpe
        self.prepends = prepends
    }

    /// True for `Replace(" " → "▁")` alone (false) or with `Prepend("▁")` in either order (true); nil otherwise.
    private static func prependsMarker(_ normalizer: AnyNormalizer) -> Bool? {
        func isSpaceToMarker(_ n: AnyNormalizer) -> Bool {
            guard case let .replace(replace) = n, case let .literal(needle) = replace.pattern else { return false }
            return needle == [0x20] && replace.content == [0x2581]
        }
        func isMarkerPrefix(_ n: AnyNormalizer) -> Bool {
            guard case let .prepend(prepend) = n else { return false }
            return prepend.prefix == [0x2581]
        }
        switch normalizer {
        case .replace:
            return isSpaceToMarker(normalizer) ? false : nil
        case let .sequence(steps) where steps.count == 1:
            return isSpaceToMarker(steps[0]) ? false : nil
        case let .sequence(steps) where steps.count == 2:
            // Prepend then Replace, or Replace then Prepend: the same text, and the same emptiness test.
            if (isMarkerPrefix(steps[0]) && isSpaceToMarker(steps[1])) || (isSpaceToMarker(steps[0]) && isMarkerPrefix(steps[1])) {
                return true
            }
            return nil
        default:
            return nil
        }
    }

    /// Whether `token` holds "▁" right after a character that is not "▁".
    static func hasMarkerAfterOtherCharacter(_ token: [UInt8]) -> Bool {
        func markerAt(_ i: Int) -> Bool {
            i >= 0 && i + 3 <= token.count && token[i] == 0xE2 && token[i + 1] == 0x96 && token[i + 2] == 0x81
        }
        for i in token.indices.dropFirst() where markerAt(i) && !markerAt(i - 3) { return true }
        return false
    }

    /// Appends the normalized form of a piece (`Prepend` when it is not empty, spaces as "▁") to `output`.
    func appendNormalized(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        guard !text.isEmpty else { return }
        if prepends { output.append(contentsOf: Self.marker) }
        Self.appendReplacingSpaces(text, to: &output)
    }

    @inline(__always)
    static func appendReplacingSpaces(_ text: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        for b in text {
            if b == 0x20 {
                output.append(0xE2); output.append(0x96); output.append(0x81)
            } else {
                output.append(b)
            }
        }
    }

    /// The words of `text`: cut before every " " or "▁" that follows another character.
    @inline(__always)
    static func appendWords(of text: UnsafeBufferPointer<UInt8>, to words: inout [Range<Int>]) {
        let n = text.count
        var start = 0
        var i = 0
        var inMarkers = true // no cut at 0
        while i < n {
            let b = text[i]
            if b == 0x20 {
                if !inMarkers { words.append(start..<i); start = i }
                inMarkers = true
                i += 1
            } else if b == 0xE2, i + 2 < n, text[i + 1] == 0x96, text[i + 2] == 0x81 {
                if !inMarkers { words.append(start..<i); start = i }
                inMarkers = true
                i += 3
            } else {
                inMarkers = false
                i += 1
            }
        }
        if start < n { words.append(start..<n) }
    }

    /// Appends the ids of `text` (raw bytes of a piece between added tokens, or a normalized part of one
    /// when `prepending` is false and it holds no spaces) to `ids`.
    func appendIDs(of text: UnsafeBufferPointer<UInt8>, prepending: Bool, workspace: inout EncodingWorkspace,
                   to ids: inout [UInt32]) {
        guard !text.isEmpty else { return }
        // Scratch buffers are taken out of the workspace (left empty) while in use, see ByteLevelBPEPlan.
        var words = workspace.ranges
        workspace.ranges = []
        words.removeAll(keepingCapacity: true)
        Self.appendWords(of: text, to: &words)
        workspace.hotWords.prefetch(words, in: text)
        let readable = text.baseAddress! + text.count
        var first = true
        for word in words {
            if first && prepending {
                // The Prepend marker: a space before the first word (a space normalizes to "▁" too).
                var key = workspace.prefixedWord
                workspace.prefixedWord = []
                key.removeAll(keepingCapacity: true)
                key.append(0x20)
                key.append(contentsOf: UnsafeBufferPointer(rebasing: text[word]))
                key.withUnsafeBufferPointer {
                    appendWord($0, readable: $0.baseAddress! + $0.count, workspace: &workspace, to: &ids)
                }
                workspace.prefixedWord = key
            } else {
                appendWord(UnsafeBufferPointer(rebasing: text[word]), readable: readable, workspace: &workspace, to: &ids)
            }
            first = false
        }
        workspace.ranges = words
    }

    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                            workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        workspace.appendIDs(ofWord: word, readable: readable, to: &ids) { word, workspace, tokens in
            // A word never seen: spaces as "▁", then the model.
            var normalized = workspace.mappedWord
            workspace.mappedWord = []
            normalized.removeAll(keepingCapacity: true)
            Self.appendReplacingSpaces(word, to: &normalized)
            normalized.withUnsafeBufferPointer {
                bpe.tokenize($0, scratch: &workspace.model.bpe, into: &tokens, failure: &workspace.model.failure, caching: false)
            }
            workspace.mappedWord = normalized
        }
    }
}

/// Which raw pieces may hold an added token matched on normalized text (`normalized: true`), for
/// `SentencePieceBPEPlan`: a normalized pattern can only occur where the raw piece holds its first
/// character other than "▁" (normalization only turns spaces into "▁" and puts "▁" in front), so a piece
/// without the first byte of any such character cannot hold one.
struct NormalizedTokenTriggers: Sendable {
    /// Every piece may hold one (a pattern made only of "▁").
    private var always = false
    /// The only trigger byte, when there is one (found with `memchr`).
    private var single: UInt8? = nil
    private var table = [Bool](repeating: false, count: 256)
    private var isEmpty = true

    init() {}

    init(patterns: [[UInt8]]) {
        var bytes = Set<UInt8>()
        for pattern in patterns {
            var i = 0
            while i + 3 <= pattern.count, Array(pattern[i..<(i + 3)]) == SentencePieceBPEPlan.marker { i += 3 }
            if i >= pattern.count {
                always = true
            } else {
                bytes.insert(pattern[i])
            }
        }
        for b in bytes { table[Int(b)] = true }
        if bytes.count == 1 { single = bytes.first }
        isEmpty = bytes.isEmpty && !always
    }

    /// Whether `text` (raw) may hold a normalized added token.
    func mayMatch(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        if isEmpty || text.isEmpty { return false }
        if always { return true }
        if let single { return memchr(text.baseAddress!, Int32(single), text.count) != nil }
        return table.withUnsafeBufferPointer { table in text.contains { table[Int($0)] } }
    }
}

extension Tokenizer {
    /// The ids of a piece between raw added tokens through `sentencePiecePlan`, with the added tokens matched
    /// on normalized text that it holds.
    func appendSentencePieceIDs(of piece: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace,
                                to ids: inout [UInt32]) {
        // The plan is reached through `self` each time: a local binding would retain it, on a reference
        // count that every worker thread shares.
        guard normalizedTokenTriggers.mayMatch(piece) else {
            sentencePiecePlan.unsafelyUnwrapped.appendIDs(of: piece, prepending: sentencePiecePlan.unsafelyUnwrapped.prepends,
                                                          workspace: &workspace, to: &ids)
            return
        }
        // It may hold a normalized added token: normalize the piece whole and split it as `split` does.
        var normalized = workspace.normalizedPiece
        workspace.normalizedPiece = []
        normalized.removeAll(keepingCapacity: true)
        sentencePiecePlan.unsafelyUnwrapped.appendNormalized(piece, to: &normalized)
        normalized.withUnsafeBufferPointer { normalized in
            var walk = AddedVocabulary.PieceWalk(.normalized)
            while let part = addedVocabulary.nextPiece(in: normalized, walk: &walk) {
                if let id = part.id {
                    ids.append(id)
                    continue
                }
                sentencePiecePlan.unsafelyUnwrapped.appendIDs(of: UnsafeBufferPointer(rebasing: normalized[part.range]),
                                                              prepending: false, workspace: &workspace, to: &ids)
            }
        }
        workspace.normalizedPiece = normalized
    }
}

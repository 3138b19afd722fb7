/// The general pipeline (normalizer → pre-tokenizer → model) on one segment of text, ids only: what the
/// fast plans hand over when a segment holds something their tables do not cover (non-ASCII text).
///
/// A plan cuts segments only where the normalizer and the pre-tokenizer cannot see across the cut
/// (each plan says why for its pipeline), so the segment's ids equal the ids the whole text would give
/// there.
struct GeneralSegment: Sendable {
    let normalizer: AnyNormalizer?
    let preTokenizer: AnyPreTokenizer?
    let model: AnyModel

    /// Appends the ids of `text[start...]` (the rest of a piece, from the start of a segment the caches
    /// lack) through the general pipeline in one pass, and caches each of its segments that holds a
    /// non-ASCII byte. `isCut(j)` tells whether byte `j` of `text` is a separator where segments may be
    /// cut; a word never crosses one, so the original offset of a word's first byte names its segment.
    ///
    /// One pass over the rest rather than one per segment: on text that is mostly non-ASCII, the general
    /// pipeline's fixed cost per call (buffers, one normalizer pass per step) outweighed the cache's gain.
    func appendIDs(ofRestOf text: UnsafeBufferPointer<UInt8>, from start: Int, isCut: (Int) -> Bool,
                   workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        let n = text.count
        guard start < n else { return }
        var words = workspace.words
        workspace.words = PreTokenizedString()
        words.removeAll()
        var normalized = NormalizedString(original: UnsafeBufferPointer(rebasing: text[start...]), at: start)
        if let normalizer { normalizer.normalize(&normalized) }
        words.append(normalized)
        if let preTokenizer { preTokenizer.preTokenize(&words, scratch: &workspace.ranges) }
        var tokens = workspace.modelTokens
        workspace.modelTokens = []
        @inline(__always) func nextCut(from j: Int) -> Int {
            var j = j
            while j < n && !isCut(j) { j += 1 }
            return j
        }
        var segmentStart = start
        var segmentEnd = nextCut(from: start)
        var segmentFirstID = ids.count
        words.bytes.withUnsafeBufferPointer { bytes in
            for split in words.splits {
                let origin = Int(words.alignments[split.range.lowerBound].start)
                while origin >= segmentEnd {
                    cache(UnsafeBufferPointer(rebasing: text[segmentStart..<segmentEnd]), ids: ids[segmentFirstID...], workspace: &workspace)
                    segmentStart = segmentEnd + 1
                    segmentEnd = nextCut(from: segmentStart)
                    segmentFirstID = ids.count
                }
                tokens.removeAll(keepingCapacity: true)
                model.tokenize(UnsafeBufferPointer(rebasing: bytes[split.range]), scratch: &workspace.model, into: &tokens)
                if workspace.model.failure != nil { return }
                for token in tokens { ids.append(token.id) }
            }
            cache(UnsafeBufferPointer(rebasing: text[segmentStart..<segmentEnd]), ids: ids[segmentFirstID...], workspace: &workspace)
        }
        workspace.modelTokens = tokens
        workspace.words = words
    }

    /// Caches the ids of one segment of `appendIDs(ofRestOf:…)` when it holds a non-ASCII byte.
    private func cache(_ segment: UnsafeBufferPointer<UInt8>, ids: ArraySlice<UInt32>, workspace: inout EncodingWorkspace) {
        guard segment.count < EncodingWorkspace.maximumCachedWordLength, segment.contains(where: { $0 >= 0x80 }) else { return }
        var tokens = workspace.segmentTokens
        workspace.segmentTokens = []
        tokens.removeAll(keepingCapacity: true)
        for id in ids { tokens.append(ModelToken(id: id, start: 0, end: 0)) }
        workspace.rawWordCache.insert(segment, tokens[...])
        workspace.hotWords.insert(segment, tokens[...])
        workspace.segmentTokens = tokens
    }

    /// The normalized bytes of `text` (run through the real normalizer), for building a plan's tables.
    func normalized(_ text: [UInt8]) -> [UInt8] {
        var string = text.withUnsafeBufferPointer { NormalizedString(original: $0, at: 0) }
        if let normalizer { normalizer.normalize(&string) }
        return string.bytes
    }
}

extension GeneralSegment {
    /// The scan of a piece between added tokens that the ASCII plans (WordPiece, Unigram) share, by the
    /// classes of `ASCIIClass.tables`: a run of word bytes goes to `appendWord`, a punctuation byte to
    /// `appendPunctuation` (a word of its own; not called when `classes` has no punctuation), a separator
    /// ends a word and, where `isCut` allows, a segment. A non-ASCII byte sends its whole segment (up to the
    /// next cut) to the segment cache, or on a miss the rest of the piece to the general pipeline; the ids
    /// that the segment's ASCII words had added are dropped first. Stops early when the model fails
    /// (`workspace.model.failure`).
    ///
    /// The closures get a word and the end of the readable buffer it lies in (`text`'s end).
    @inline(__always)
    func appendIDs(scanning text: UnsafeBufferPointer<UInt8>, classes: UnsafeBufferPointer<UInt8>, isCut: (Int) -> Bool,
                   workspace: inout EncodingWorkspace, to ids: inout [UInt32],
                   appendWord: (UnsafeBufferPointer<UInt8>, UnsafePointer<UInt8>, inout EncodingWorkspace, inout [UInt32]) -> Void,
                   appendPunctuation: (Int, inout EncodingWorkspace, inout [UInt32]) -> Void) {
        let n = text.count
        guard n > 0 else { return }
        let readable = text.baseAddress! + n
        @inline(__always) func isSegmentCut(_ j: Int) -> Bool { classes[Int(text[j])] == ASCIIClass.separator.rawValue && isCut(j) }
        // Where the current segment starts (after the last cut), and how many ids it has added.
        var segmentStart = 0
        var segmentMark = ids.count
        var wordStart = -1
        var i = 0
        while i < n {
            let kind = classes[Int(text[i])]
            if kind == ASCIIClass.word.rawValue {
                if wordStart < 0 { wordStart = i }
                i += 1
                continue
            }
            if wordStart >= 0 {
                appendWord(UnsafeBufferPointer(rebasing: text[wordStart..<i]), readable, &workspace, &ids)
                if workspace.model.failure != nil { return }
                wordStart = -1
            }
            if kind == ASCIIClass.separator.rawValue {
                if isCut(i) {
                    segmentStart = i + 1
                    segmentMark = ids.count
                }
                i += 1
            } else if kind == ASCIIClass.punctuation.rawValue {
                appendPunctuation(i, &workspace, &ids)
                if workspace.model.failure != nil { return }
                i += 1
            } else {
                ids.removeSubrange(segmentMark...)
                var end = i + 1
                while end < n && !isSegmentCut(end) { end += 1 }
                if !workspace.appendCachedIDs(ofWord: UnsafeBufferPointer(rebasing: text[segmentStart..<end]), readable: readable,
                                              to: &ids) {
                    appendIDs(ofRestOf: text, from: segmentStart, isCut: isSegmentCut, workspace: &workspace, to: &ids)
                    return
                }
                i = end
            }
        }
        if wordStart >= 0 {
            appendWord(UnsafeBufferPointer(rebasing: text[wordStart..<n]), readable, &workspace, &ids)
        }
    }
}

/// What a plan's table says about one byte of raw text.
enum ASCIIClass: UInt8 {
    /// Part of a word; its normalized byte is in the plan's map (`removed` there: the normalizer drops it).
    case word
    /// Normalized into whitespace: ends a word and is dropped.
    case separator
    /// Normalized into punctuation that is a word of its own.
    case punctuation
    /// Not ASCII: the segment goes to the general pipeline.
    case other
}

extension ASCIIClass {
    /// The map's value for a byte the normalizer removes.
    static let removed: UInt8 = 0xFF

    /// Classifies each ASCII byte by what the real normalizer makes of it alone: `map[b]` is its
    /// normalized byte (or `removed`), `classes[b]` its class (256 entries: bytes ≥ 0x80 are `other`).
    /// Nil when some byte normalizes into more than one byte or into non-ASCII (no plan then).
    static func tables(_ pipeline: GeneralSegment, isolatesPunctuation: Bool) -> (map: [UInt8], classes: [UInt8])? {
        var map = [UInt8](repeating: removed, count: 128)
        var classes = [UInt8](repeating: ASCIIClass.other.rawValue, count: 256)
        for b in 0..<128 {
            let normalized = pipeline.normalized([UInt8(b)])
            guard normalized.count <= 1 else { return nil }
            guard let c = normalized.first else {
                classes[b] = ASCIIClass.word.rawValue
                continue
            }
            guard c < 0x80 else { return nil }
            map[b] = c
            if UnicodeProperties.isWhitespace(UInt32(c)) {
                classes[b] = ASCIIClass.separator.rawValue
            } else if isolatesPunctuation && UnicodeProperties.isPunctuation(UInt32(c)) {
                classes[b] = ASCIIClass.punctuation.rawValue
            } else {
                classes[b] = ASCIIClass.word.rawValue
            }
        }
        return (map, classes)
    }
}

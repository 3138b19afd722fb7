/// A fast path for the commonest pipeline — no normalizer, a GPT-2-family split into words, ByteLevel,
/// BPE — that produces the ids the general pipeline produces, without its general machinery.
///
/// Performance notes (cl100k, 30 MB of English, one thread): the general path spends its time on
/// per-text buffers, on rewriting every byte into its byte-level character with an alignment, and on
/// hash lookups whose tables (2 MB for 100k tokens) miss the cache. Here words go straight from the
/// scanner to a word cache keyed on the raw bytes (byte-level mapping is a bijection, so raw bytes are
/// as good a key as mapped ones), and only a word never seen before is mapped and handed to the BPE
/// model. Words are Zipf-distributed, so the cache answers almost every word.
///
/// A final class rather than a struct: a struct this size is copied (every array and table it holds
/// retained and released) each time a caller binds it, and those reference counts are shared by every
/// worker thread; with one object there is one count to touch per call (perf, cl100k, 2 threads: 7.7% of
/// the samples in swift_retain/swift_release before).
final class ByteLevelBPEPlan: Sendable {
    let bpe: BPEModel
    /// How words are found: the hand-written scanner or ICU regex of the split.
    let pattern: SplitPattern
    /// Token strings for whole encodings, built when first wanted.
    let tokenStrings = TokenStringsSlot()
    /// For each raw byte, the id of its byte-level character, when every one of the 256 is in the vocabulary
    /// and the model merges plain symbols (no subword prefix or suffix): a word missing from the caches
    /// then starts as one symbol per raw byte, with no per-character lookups.
    let rawByteIDs: [UInt32]?

    /// The plan for a tokenizer, when its pipeline is one this path reproduces exactly.
    init?(normalizer: AnyNormalizer?, preTokenizer: AnyPreTokenizer?, model: AnyModel) {
        guard normalizer == nil, case let .bpe(bpe) = model, bpe.usesCache else { return nil }
        guard let preTokenizer else { return nil }
        switch preTokenizer {
        case let .byteLevel(level):
            guard level.useRegex, !level.addPrefixSpace else { return nil }
            pattern = level.pattern
        case let .sequence(steps):
            guard steps.count == 2, case let .split(split) = steps[0], case let .byteLevel(level) = steps[1],
                  split.behavior == .isolated, !split.invert, !level.useRegex, !level.addPrefixSpace else { return nil }
            pattern = split.pattern
        default:
            return nil
        }
        self.bpe = bpe
        var ids: [UInt32] = []
        for b in 0..<256 {
            var mapped: [UInt8] = []
            ByteLevelAlphabet.appendMapped(CollectionOfOne(UInt8(b)), to: &mapped)
            guard let id = bpe.vocabulary.id(for: mapped) else { break }
            ids.append(id)
        }
        // `ignore_merges` (cl100k, o200k) only adds a whole-word lookup before merging, which
        // `tokenizeWord` does on the mapped word.
        let plain = bpe.continuingSubwordPrefix == nil && bpe.endOfWordSuffix == nil
        rawByteIDs = plain && ids.count == 256 ? ids : nil
    }

    /// Appends the ids of the words of `text` (a piece between added tokens) to `ids`.
    func appendIDs(of text: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        guard !text.isEmpty else { return }
        // Scratch buffers are taken out of the workspace (left empty) while in use: a copy would share the
        // buffer, and the first write would reallocate it, once per text.
        var matches = workspace.ranges
        workspace.ranges = []
        matches.removeAll(keepingCapacity: true)
        pattern.appendMatches(in: text, to: &matches)
        let readable = text.baseAddress! + text.count
        var previous = 0
        for match in matches {
            if previous < match.lowerBound {
                appendWord(UnsafeBufferPointer(rebasing: text[previous..<match.lowerBound]), readable: readable, workspace: &workspace, to: &ids)
            }
            if !match.isEmpty {
                appendWord(UnsafeBufferPointer(rebasing: text[match]), readable: readable, workspace: &workspace, to: &ids)
            }
            previous = match.upperBound
        }
        if previous < text.count {
            appendWord(UnsafeBufferPointer(rebasing: text[previous...]), readable: readable, workspace: &workspace, to: &ids)
        }
        workspace.ranges = matches
    }

    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                            workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        workspace.appendIDs(ofWord: word, readable: readable, to: &ids) { word, workspace, tokens in
            tokenizeWord(word, workspace: &workspace, into: &tokens)
        }
    }
}

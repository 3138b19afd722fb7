/// A fast path for T5's pipeline — Precompiled, Sequence[WhitespaceSplit, Metaspace(prepend always)],
/// Unigram — that produces the ids the general pipeline produces, without normalizing into a buffer
/// with alignments and rewriting every word for Metaspace.
///
/// The Precompiled normalizer replaces grapheme clusters, and between two ASCII bytes there is always a
/// cluster boundary but in CR LF; so on ASCII text it works byte by byte, and at load each ASCII byte is
/// run alone through the real normalizer into a table (refused when a byte becomes more than one byte
/// or non-ASCII, or when CR LF, normalized as one cluster, is not whitespace as CR and LF are). A word
/// is a run of bytes between separators (bytes normalized into whitespace): WhitespaceSplit cuts there,
/// and Metaspace prepends its replacement to every word (`always`), so a word's tokens are Unigram's
/// tokens of `▁` + its normalized bytes, looked up in a word cache keyed on its raw bytes.
///
/// A non-ASCII byte sends its segment to a cache of segments, or on a miss the rest of the piece to the
/// general pipeline. Segments
/// are cut only at separators where no grapheme cluster can cross: a control byte (tab, LF, CR, FF) is
/// a cluster of its own, a space only between ASCII bytes (a combining mark after it, or a prepended
/// mark before it, joins it).
///
/// Performance notes (t5-small, callgrind, one thread): 3 MB of English 5,452 M → 1,074 M instructions
/// (of which ~150 M is loading: the piece trie and the JSON); the general path rewrote every word for
/// Metaspace into a new buffer with alignments. Misses go to Unigram's Viterbi (91 M).
///
/// A final class for the reason `ByteLevelBPEPlan` gives (one reference count, not one per array).
final class MetaspaceUnigramPlan: Sendable {
    let unigram: UnigramModel
    let general: GeneralSegment
    /// Per ASCII byte: its normalized byte, or `ASCIIClass.removed`.
    private let map: [UInt8]
    /// Per byte (256): an `ASCIIClass` raw value (word, separator or other).
    private let classes: [UInt8]
    /// The UTF-8 of Metaspace's replacement, which starts every word.
    private let prefix: [UInt8]

    /// The plan for a tokenizer, when its pipeline is one this path reproduces exactly.
    init?(normalizer: AnyNormalizer?, preTokenizer: AnyPreTokenizer?, model: AnyModel) {
        guard case .precompiled? = normalizer, case let .sequence(steps)? = preTokenizer, steps.count == 2,
              case .whitespaceSplit = steps[0], case let .metaspace(metaspace) = steps[1],
              metaspace.prependScheme == .always, case let .unigram(unigram) = model else { return nil }
        let general = GeneralSegment(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
        guard let (map, classes) = ASCIIClass.tables(general, isolatesPunctuation: false) else { return nil }
        let separator = ASCIIClass.separator.rawValue
        // CR LF is one cluster: it must be whitespace, as CR and LF alone are.
        let crlf = general.normalized([0x0D, 0x0A])
        guard classes[0x0D] == separator, classes[0x0A] == separator, !crlf.isEmpty,
              crlf.allSatisfy({ $0 < 0x80 && UnicodeProperties.isWhitespace(UInt32($0)) }) else { return nil }
        // The table must be what the normalizer does on ASCII text: check the words of every byte in context.
        var all: [UInt8] = (1..<128).map { UInt8($0) } + Array("a\r\nB\u{7F}Z\t\r x".utf8)
        all += all.reversed()
        func words(_ bytes: [UInt8]) -> [[UInt8]] {
            bytes.split(whereSeparator: { $0 < 0x80 && UnicodeProperties.isWhitespace(UInt32($0)) }).map(Array.init)
        }
        guard words(general.normalized(all)) == words(all.compactMap({ map[Int($0)] == ASCIIClass.removed ? nil : map[Int($0)] })) else {
            return nil
        }
        var prefix: [UInt8] = []
        UTF8Scalar.append(metaspace.replacement, to: &prefix)
        // A replacement that is ASCII could be a word byte, which Metaspace would split on.
        guard prefix.count > 1 else { return nil }
        self.unigram = unigram
        self.general = general
        self.map = map
        self.classes = classes
        self.prefix = prefix
    }

    /// Appends the ids of `text` (a piece between added tokens) to `ids`. Stops early with
    /// `workspace.model.failure` set when a word cannot be encoded.
    func appendIDs(of text: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        let n = text.count
        classes.withUnsafeBufferPointer { classes in
            /// A separator at `j` where the segments may be cut (see the type's notes).
            @inline(__always)
            func isCut(_ j: Int) -> Bool {
                let b = text[j]
                if b < 0x20 || b == 0x7F { return true }
                return (j == 0 || text[j - 1] < 0x80) && (j + 1 == n || text[j + 1] < 0x80)
            }
            // The classes have no punctuation (WhitespaceSplit keeps it in the word).
            general.appendIDs(scanning: text, classes: classes, isCut: isCut, workspace: &workspace, to: &ids,
                              appendWord: { word, readable, workspace, ids in
                                  appendWord(word, readable: readable, workspace: &workspace, to: &ids)
                              },
                              appendPunctuation: { _, _, _ in })
        }
    }

    /// One word of raw ASCII bytes (none a separator): from the caches, else normalized through the
    /// table, prefixed with the replacement and cut by Unigram.
    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                            workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        workspace.appendIDs(ofWord: word, readable: readable, to: &ids) { word, workspace, tokens in
            var mapped = workspace.mappedWord
            workspace.mappedWord = []
            mapped.removeAll(keepingCapacity: true)
            mapped.append(contentsOf: prefix)
            for b in word {
                let m = map[Int(b)]
                if m != ASCIIClass.removed { mapped.append(m) }
            }
            // Only removed bytes: no word at all (WhitespaceSplit drops an empty one).
            if mapped.count > prefix.count {
                mapped.withUnsafeBufferPointer {
                    unigram.tokenize($0, scratch: &workspace.model.unigram, into: &tokens, failure: &workspace.model.failure)
                }
            }
            workspace.mappedWord = mapped
        }
    }
}

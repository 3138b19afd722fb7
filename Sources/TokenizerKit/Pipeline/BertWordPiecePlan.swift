/// A fast path for BERT's pipeline — BertNormalizer, BertPreTokenizer, WordPiece — that produces the
/// ids the general pipeline produces, without normalizing into a buffer with alignments.
///
/// On ASCII the BertNormalizer works byte by byte with no context (control characters removed,
/// whitespace made a space, A–Z lowercased, nothing else applies), so at load each ASCII byte is run
/// alone through the real normalizer into a table. A word is then a run of bytes between separators
/// (bytes normalized into whitespace) and punctuation (each its own word, as BertPreTokenizer isolates
/// it), looked up in a word cache keyed on its raw bytes; only a word never seen is normalized through
/// the table and handed to WordPiece. A non-ASCII byte sends its segment (between the separators around
/// it) to a cache of segments, or on a miss the rest of the piece to the general pipeline: every step of the BertNormalizer is per scalar (NFD's reordering only
/// moves combining marks among themselves, never across a space), and BertPreTokenizer removes the
/// whitespace a separator becomes, so no word and no normalization crosses a separator.
///
/// Performance notes (bert-base-uncased, 3 MB of English, one thread, callgrind): the general path
/// spent 1,986 M instructions — most of them writing normalized bytes and alignments, and on the
/// pre-tokenizer's range lists; this path spends 616 M. On 2 MB of multilingual text, sending each
/// non-ASCII segment to the general pipeline on its own was slower in time than the general path
/// (its fixed cost per call), hence one general pass over the rest of the piece on a cache miss.
///
/// A final class for the reason `ByteLevelBPEPlan` gives (one reference count, not one per array).
final class BertWordPiecePlan: Sendable {
    let wordPiece: WordPieceModel
    let general: GeneralSegment
    /// Per ASCII byte: its normalized byte, or `ASCIIClass.removed`.
    private let map: [UInt8]
    /// Per byte (256): an `ASCIIClass` raw value.
    private let classes: [UInt8]
    /// Per ASCII byte of class punctuation: its one token's id, or `UInt32.max` when that is not one id
    /// (then it goes through the word path like any word).
    private let punctuationIDs: [UInt32]

    /// The plan for a tokenizer, when its pipeline is one this path reproduces exactly.
    init?(normalizer: AnyNormalizer?, preTokenizer: AnyPreTokenizer?, model: AnyModel) {
        guard case .bert? = normalizer, case .bert? = preTokenizer, case let .wordPiece(wordPiece) = model else { return nil }
        let general = GeneralSegment(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
        guard let (map, classes) = ASCIIClass.tables(general, isolatesPunctuation: true) else { return nil }
        // The table must be what the normalizer does on any ASCII text: check it on every byte in
        // context (and CR LF, a pair other normalizers treat as one).
        var all: [UInt8] = (0..<128).map { UInt8($0) } + Array("a\r\nB\u{7F}Z\t\r".utf8)
        all += all.reversed()
        guard general.normalized(all) == all.compactMap({ map[Int($0)] == ASCIIClass.removed ? nil : map[Int($0)] }) else {
            return nil
        }
        var punctuationIDs = [UInt32](repeating: .max, count: 128)
        for b in 0..<128 where classes[b] == ASCIIClass.punctuation.rawValue {
            var tokens: [ModelToken] = []
            var failure: TokenizerError? = nil
            [map[b]].withUnsafeBufferPointer { wordPiece.tokenize($0, into: &tokens, failure: &failure) }
            if failure == nil && tokens.count == 1 { punctuationIDs[b] = tokens[0].id }
        }
        self.wordPiece = wordPiece
        self.general = general
        self.map = map
        self.classes = classes
        self.punctuationIDs = punctuationIDs
    }

    /// Appends the ids of `text` (a piece between added tokens) to `ids`. Stops early with
    /// `workspace.model.failure` set when a word cannot be encoded.
    func appendIDs(of text: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        classes.withUnsafeBufferPointer { classes in
            // Every separator is a cut: BertPreTokenizer removes it, and no normalization crosses it.
            general.appendIDs(scanning: text, classes: classes, isCut: { _ in true }, workspace: &workspace, to: &ids,
                              appendWord: { word, readable, workspace, ids in
                                  appendWord(word, readable: readable, workspace: &workspace, to: &ids)
                              },
                              appendPunctuation: { i, workspace, ids in
                                  let id = punctuationIDs[Int(text[i])]
                                  if id != .max {
                                      ids.append(id)
                                  } else {
                                      appendWord(UnsafeBufferPointer(rebasing: text[i..<(i + 1)]), readable: text.baseAddress! + text.count,
                                                 workspace: &workspace, to: &ids)
                                  }
                              })
        }
    }

    /// One word of raw ASCII bytes (none a separator or punctuation): from the caches, else normalized
    /// through the table and cut by WordPiece.
    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, readable: UnsafePointer<UInt8>,
                            workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        workspace.appendIDs(ofWord: word, readable: readable, to: &ids) { word, workspace, tokens in
            var mapped = workspace.mappedWord
            workspace.mappedWord = []
            mapped.removeAll(keepingCapacity: true)
            for b in word {
                let m = map[Int(b)]
                if m != ASCIIClass.removed { mapped.append(m) }
            }
            mapped.withUnsafeBufferPointer {
                wordPiece.tokenize($0, into: &tokens, failure: &workspace.model.failure)
            }
            workspace.mappedWord = mapped
        }
    }
}

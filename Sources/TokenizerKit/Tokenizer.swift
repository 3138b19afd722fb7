import Foundation

/// A tokenizer loaded from a Hugging Face `tokenizer.json`: added tokens → normalizer → pre-tokenizer →
/// model → post-processor, and a decoder for the way back.
///
/// ```swift
/// let tokenizer = try Tokenizer(contentsOfFile: "tokenizer.json")
/// let encoding = try tokenizer.encode("Hello world")
/// print(encoding.ids, encoding.tokens, encoding.offsets)
/// let text = try tokenizer.decode(encoding.ids)
/// ```
///
/// A `Tokenizer` is immutable and `Sendable`: share one between threads freely. Each call allocates its
/// own scratch state; `encode(_:addingSpecialTokens:using:)` lets a worker reuse one (with its word cache).
public struct Tokenizer: Sendable {
    let normalizer: AnyNormalizer?
    let preTokenizer: AnyPreTokenizer?
    let model: AnyModel
    let postProcessor: AnyPostProcessor?
    let decoder: AnyTokenDecoder?
    var addedVocabulary: AddedVocabulary
    /// How every `encode` truncates: the file's `truncation` section when loaded, changed or removed with
    /// `setTruncation(_:)`.
    public private(set) var truncation: TruncationParameters?
    /// How every `encode` pads (`encode(batch:)` pads across the batch): the file's `padding` section
    /// when loaded; set it to change or remove padding.
    public var padding: PaddingParameters?
    /// The fast path for ids, when the pipeline allows it.
    let byteLevelPlan: ByteLevelBPEPlan?
    /// The fast path for ids of SentencePiece-style BPE (llama), when the pipeline allows it.
    let sentencePiecePlan: SentencePieceBPEPlan?
    /// For `sentencePiecePlan`: which raw pieces may hold an added token matched on normalized text
    /// (kept in step with the added tokens by `addTokens`).
    var normalizedTokenTriggers = NormalizedTokenTriggers()
    /// The fast path for ids of BERT's pipeline (BertNormalizer, BertPreTokenizer, WordPiece).
    let wordPiecePlan: BertWordPiecePlan?
    /// The fast path for ids of T5's pipeline (Precompiled, WhitespaceSplit + Metaspace, Unigram).
    let unigramPlan: MetaspaceUnigramPlan?
    /// Names this loaded pipeline (normalizer, pre-tokenizer, model, all immutable): an
    /// `EncodingWorkspace` keeps word caches for one pipeline at a time and clears them when another one
    /// uses it.
    let pipelineID = PipelineID.next()
    /// False only in tests, to compare the fast plans with the general path they reproduce.
    var usesFastPlans = true
    /// The tokenizer.json this was loaded from, for saving its components back unchanged.
    let sourceJSON: [UInt8]
    /// What `decode` does after the decoder for a tokenizer loaded from a model folder (transformers'
    /// clean-up and class rules); nil for a bare tokenizer.json.
    var decodedTextRules: DecodedTextRules? = nil
    /// For a tokenizer loaded from a tiktoken or tekken file: the format and what was inferred from it.
    public internal(set) var sourceFormat: TokenizerSourceFormat? = nil
    /// For a tokenizer built from another format's components: how to write it as a tokenizer.json.
    var formatConversion: FormatConversion? = nil
    /// For a tokenizer loaded from a SentencePiece `.model` file: the model that encodes and decodes
    /// (normalizer and segmentation as `sentencepiece` runs them); `model` then only holds its vocabulary.
    var sentencePieceModel: SentencePieceModel? = nil

    /// Loads a tokenizer file, recognised by its content: a tokenizer.json, or any other format
    /// `loading(contentsOfFileOrDirectory:)` reads (tiktoken, tekken.json, SentencePiece, …) with what it infers.
    public init(contentsOfFile path: String) throws {
        let bytes = try Self.readFile(path)
        if Self.kind(ofFile: bytes) == .tokenizerJSON {
            try self.init(json: bytes, source: path)
        } else {
            self = try Tokenizer.loading(contentsOfFileOrDirectory: path)
        }
    }

    /// Loads a tokenizer from the bytes of a tokenizer.json; `source` names it in error messages.
    public init(json bytes: [UInt8], source: String = "tokenizer.json") throws {
        sourceJSON = bytes
        let document = try JSONDocument(parsing: bytes, source: source)
        let root = document.root
        guard root.kind == .object else { throw root.error("a tokenizer.json must be a JSON object") }
        do {
            if let version = try root.string("version"), version != "1.0" {
                throw root.at("version").error("unsupported version `\(version)` (expected \"1.0\")")
            }
            normalizer = try root.optional("normalizer").map(AnyNormalizer.init(json:))
            preTokenizer = try root.optional("pre_tokenizer").map(AnyPreTokenizer.init(json:))
            model = try AnyModel(json: root.required("model"))
            postProcessor = try root.optional("post_processor").map(AnyPostProcessor.init(json:))
            decoder = try root.optional("decoder").map(AnyTokenDecoder.init(json:))
            truncation = try root.optional("truncation").map(TruncationParameters.init(json:))
            padding = try root.optional("padding").map(PaddingParameters.init(json:))

            byteLevelPlan = ByteLevelBPEPlan(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
            sentencePiecePlan = SentencePieceBPEPlan(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
            wordPiecePlan = BertWordPiecePlan(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
            unigramPlan = MetaspaceUnigramPlan(normalizer: normalizer, preTokenizer: preTokenizer, model: model)
            let added = AddedVocabulary()
            var tokens: [AddedToken] = []
            if let list = root.optional("added_tokens") {
                for entry in try list.arrayElements() {
                    // The id must be a 32-bit id, as the reference requires, though the token is then added
                    // again as the reference does on load (its id comes from the vocabulary or the next free one).
                    _ = try entry.required("id").uint32()
                    tokens.append(AddedToken(
                        content: try entry.required("content").string(),
                        singleWord: try entry.bool("single_word") ?? false,
                        leftStrip: try entry.bool("lstrip") ?? false,
                        rightStrip: try entry.bool("rstrip") ?? false,
                        normalized: try entry.bool("normalized") ?? true,
                        special: try entry.bool("special") ?? false))
                }
            }
            addedVocabulary = added
            // As the reference does on load: tokens added again in file order.
            addTokens(tokens)
        } catch let error as TokenizerError {
            // Name the file in configuration errors too.
            if case let .invalidConfiguration(path, message) = error {
                throw TokenizerError.invalidConfiguration(path: "\(source): \(path)", message: message)
            }
            throw error
        }
    }

    /// The bytes of the file at `path`, for every loader that reads one.
    /// - Throws: `TokenizerError.unreadableFile` saying whether the file is missing or cannot be read.
    static func readFile(_ path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied or not a regular file" : "no such file"
            throw TokenizerError.unreadableFile(path: path, reason: reason)
        }
        return [UInt8](data)
    }

    /// Sets (or, with nil, removes) the truncation every `encode` applies, as the reference's
    /// `enable_truncation` / `no_truncation`.
    ///
    /// ```swift
    /// try tokenizer.setTruncation(TruncationParameters(maximumLength: 128, stride: 16, strategy: .onlySecond))
    /// ```
    /// - Throws: `TokenizerError.impossibleTruncation` when the length left for a single text once the
    ///   post-processor's special tokens are counted is smaller than the special tokens themselves or not
    ///   more than `stride` (the reference refuses the same stride).
    public mutating func setTruncation(_ parameters: TruncationParameters?) throws {
        if let parameters {
            let added = postProcessor?.addedTokenCount(isPair: false) ?? 0
            guard parameters.maximumLength >= added else {
                throw TokenizerError.impossibleTruncation(
                    "max_length \(parameters.maximumLength) is less than the \(added) special tokens the post-processor adds")
            }
            guard parameters.maximumLength - added >= parameters.stride else {
                throw TokenizerError.impossibleTruncation(
                    "stride \(parameters.stride) is greater than the \(parameters.maximumLength - added) tokens left by max_length \(parameters.maximumLength) after \(added) special tokens")
            }
        }
        truncation = parameters
    }

    // MARK: Vocabulary

    /// The id of the model's unknown token (`unk_token` / `unk_id`), when it has one in its vocabulary.
    public var unknownTokenID: UInt32? { model.unknownTokenID }

    /// The number of tokens: the model's vocabulary plus the added tokens it does not already hold.
    public var vocabularySize: Int {
        var size = model.vocabularySize
        for (id, _) in addedVocabulary.tokens where model.token(for: id) == nil { size += 1 }
        return size
    }

    /// The id of a token (added tokens first, then the model's vocabulary).
    public func id(forToken token: String) -> UInt32? {
        let bytes = Array(token.utf8)
        return addedVocabulary.id(for: bytes) ?? model.id(for: bytes)
    }

    /// The token for an id (added tokens first, then the model's vocabulary).
    public func token(forID id: UInt32) -> String? {
        if let token = addedVocabulary.tokens[id] { return token.content }
        return model.token(for: id).map { String(validUTF8: $0) }
    }

    /// The added tokens, by id.
    public var addedTokens: [UInt32: AddedToken] { addedVocabulary.tokens }

    // MARK: Encoding

    /// Encodes one text (or a pair), with offsets in Unicode scalars (or in `unit`).
    ///
    /// ```swift
    /// let encoding = try tokenizer.encode("naïve café", offsets: .utf16) // offsets as NSString counts them
    /// ```
    public func encode(_ text: String, pair: String? = nil, addingSpecialTokens: Bool = true,
                       offsets unit: OffsetUnit = .scalars) throws -> Encoding {
        var workspace = EncodingWorkspace()
        return try encode(text, pair: pair, addingSpecialTokens: addingSpecialTokens, offsets: unit, using: &workspace)
    }

    /// Encodes with a caller-owned workspace (its word cache survives between calls).
    public func encode(_ text: String, pair: String? = nil, addingSpecialTokens: Bool = true,
                       offsets unit: OffsetUnit = .scalars, using workspace: inout EncodingWorkspace) throws -> Encoding {
        var text = text
        let first = try text.withUTF8 { try encodeSequence($0, typeID: 0, unit: unit, workspace: &workspace) }
        var second: Encoding? = nil
        if var pair {
            second = try pair.withUTF8 { try encodeSequence($0, typeID: 1, unit: unit, workspace: &workspace) }
        }
        var result = try postProcess(first, pair: second, addingSpecialTokens: addingSpecialTokens)
        if unit != .scalars { result.setOffsetUnit(unit) }
        return result
    }

    /// Encodes UTF-8 bytes known to be valid.
    public func encode(utf8 bytes: UnsafeBufferPointer<UInt8>, addingSpecialTokens: Bool = true,
                       offsets unit: OffsetUnit = .scalars, using workspace: inout EncodingWorkspace) throws -> Encoding {
        let first = try encodeSequence(bytes, typeID: 0, unit: unit, workspace: &workspace)
        var result = try postProcess(first, pair: nil, addingSpecialTokens: addingSpecialTokens)
        if unit != .scalars { result.setOffsetUnit(unit) }
        return result
    }

    /// How a fast plan's text is walked for added tokens, or nil when no fast plan reproduces the pipeline.
    private var planMatching: AddedVocabulary.PieceMatching? {
        if byteLevelPlan != nil { return .rawThenNormalized } // no normalizer: raw text is normalized text
        if sentencePiecePlan != nil { return .raw } // normalized tokens: see appendSentencePieceIDs
        if (wordPiecePlan != nil || unigramPlan != nil) && !addedVocabulary.hasNormalizedTokens { return .raw }
        return nil
    }

    /// The ids of one run of text between added tokens, through the fast plan. Each plan is reached
    /// through `self`: a local binding would retain it, on a reference count that every worker thread shares.
    @inline(__always)
    private func appendPlannedIDs(of piece: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace,
                                  to ids: inout [UInt32]) {
        if byteLevelPlan != nil {
            byteLevelPlan.unsafelyUnwrapped.appendIDs(of: piece, workspace: &workspace, to: &ids)
        } else if sentencePiecePlan != nil {
            appendSentencePieceIDs(of: piece, workspace: &workspace, to: &ids)
        } else if wordPiecePlan != nil {
            wordPiecePlan.unsafelyUnwrapped.appendIDs(of: piece, workspace: &workspace, to: &ids)
        } else {
            unigramPlan.unsafelyUnwrapped.appendIDs(of: piece, workspace: &workspace, to: &ids)
        }
    }

    /// Encodes UTF-8 text known to be valid into ids only, appended to `ids`: the same ids as
    /// `encode(...).ids`, without building token strings, offsets or an `Encoding` (the path of
    /// `tok encode --format ids|bin`).
    public func encodeIDs(utf8 text: UnsafeBufferPointer<UInt8>, addingSpecialTokens: Bool = true,
                          using workspace: inout EncodingWorkspace, into ids: inout [UInt32]) throws {
        workspace.holdCaches(of: pipelineID)
        if sentencePieceModel != nil && truncation == nil && padding == nil {
            appendSentencePieceIDs(text, workspace: &workspace, to: &ids)
            return
        }
        let wrap: (prefix: [UInt32], suffix: [UInt32])?
        if truncation != nil || padding != nil {
            wrap = nil
        } else if let postProcessor {
            wrap = postProcessor.singleSequenceWrap(addSpecialTokens: addingSpecialTokens)
        } else {
            wrap = ([], [])
        }
        guard let wrap else {
            let includes = workspace.includesTokenStrings
            workspace.includesTokenStrings = true // offsets trimming and truncation need them
            ids += try encode(utf8: text, addingSpecialTokens: addingSpecialTokens, offsets: .bytes, using: &workspace).ids
            workspace.includesTokenStrings = includes
            return
        }
        ids += wrap.prefix
        if let matching = planMatching {
            // Added tokens first, as `split` finds them; each run of text between them through the plan.
            var walk = AddedVocabulary.PieceWalk(matching)
            while let piece = addedVocabulary.nextPiece(in: text, walk: &walk) {
                if let id = piece.id {
                    ids.append(id)
                    continue
                }
                appendPlannedIDs(of: UnsafeBufferPointer(rebasing: text[piece.range]), workspace: &workspace, to: &ids)
                if workspace.model.failure != nil { break }
            }
            try workspace.throwModelFailure()
            ids += wrap.suffix
            return
        }
        // Scratch taken out of the workspace while in use, so that reusing it never copies it.
        var words = workspace.words
        workspace.words = PreTokenizedString()
        words.removeAll()
        split(text, into: &words)
        if let preTokenizer { preTokenizer.preTokenize(&words, scratch: &workspace.ranges) }
        var modelTokens = workspace.modelTokens
        workspace.modelTokens = []
        words.bytes.withUnsafeBufferPointer { bytes in
            for split in words.splits {
                if split.isAddedToken {
                    ids.append(UInt32(split.addedTokenID))
                    continue
                }
                modelTokens.removeAll(keepingCapacity: true)
                model.tokenize(UnsafeBufferPointer(rebasing: bytes[split.range]), scratch: &workspace.model, into: &modelTokens)
                if workspace.model.failure != nil { break }
                for token in modelTokens { ids.append(token.id) }
            }
        }
        workspace.modelTokens = modelTokens
        workspace.words = words
        try workspace.throwModelFailure()
        ids += wrap.suffix
    }

    /// One sequence through added tokens, normalizer, pre-tokenizer and model.
    func encodeSequence(_ text: UnsafeBufferPointer<UInt8>, typeID: UInt32, unit: OffsetUnit,
                        workspace: inout EncodingWorkspace) throws -> Encoding {
        workspace.holdCaches(of: pipelineID)
        if sentencePieceModel != nil {
            return encodeSentencePieceSequence(text, typeID: typeID, unit: unit, workspace: &workspace)
        }
        if byteLevelPlan != nil && usesFastPlans {
            // Reached through `self`: a local binding would retain the plan on a count all workers share.
            return try byteLevelPlan.unsafelyUnwrapped.encodeSequence(text, addedVocabulary: addedVocabulary, typeID: typeID,
                                                                      unit: unit, workspace: &workspace)
        }
        // Scratch taken out of the workspace while in use, so that reusing it never copies it.
        var words = workspace.words
        workspace.words = PreTokenizedString()
        words.removeAll()
        split(text, into: &words)
        if let preTokenizer { preTokenizer.preTokenize(&words, scratch: &workspace.ranges) }

        var encoding = Encoding()
        encoding.reserveCapacity(words.splits.count + words.bytes.count / 4)
        let converter = OffsetConverter(text: text, unit: unit)
        var modelTokens = workspace.modelTokens
        workspace.modelTokens = []
        words.bytes.withUnsafeBufferPointer { bytes in
            for (index, split) in words.splits.enumerated() {
                let range = split.range
                if split.isAddedToken {
                    let original = Int(words.alignments[range.lowerBound].start)..<Int(words.alignments[range.upperBound - 1].end)
                    encoding.append(id: UInt32(split.addedTokenID), token: String(validUTF8: bytes[range]),
                                    offsets: converter.convert(original), typeID: typeID, wordID: index,
                                    special: false)
                    continue
                }
                modelTokens.removeAll(keepingCapacity: true)
                model.tokenize(UnsafeBufferPointer(rebasing: bytes[range]), scratch: &workspace.model, into: &modelTokens)
                if workspace.model.failure != nil { break }
                for token in modelTokens {
                    let start = range.lowerBound + Int(token.start)
                    let end = range.lowerBound + Int(token.end)
                    let original = start < end
                        ? Int(words.alignments[start].start)..<Int(words.alignments[end - 1].end)
                        : Int(token.start)..<Int(token.end)
                    let text: String
                    if !workspace.includesTokenStrings {
                        text = ""
                    } else if token.textIsInput {
                        text = String(validUTF8: bytes[start..<end])
                    } else {
                        text = model.token(for: token.id).map { String(validUTF8: $0) } ?? ""
                    }
                    encoding.append(id: token.id, token: text, offsets: converter.convert(original),
                                    typeID: typeID, wordID: index, special: false)
                }
            }
        }
        workspace.modelTokens = modelTokens
        workspace.words = words
        try workspace.throwModelFailure()
        return encoding
    }

    /// Finds added tokens and normalizes the rest, filling `words` with one split per piece.
    func split(_ text: UnsafeBufferPointer<UInt8>, into words: inout PreTokenizedString) {
        let pieces = addedVocabulary.hasRawTokens
            ? addedVocabulary.findMatches(in: text, normalized: false)
            : (text.isEmpty ? [] : [(id: UInt32?.none, range: 0..<text.count)])
        for piece in pieces {
            let slice = UnsafeBufferPointer(rebasing: text[piece.range])
            if let id = piece.id {
                words.appendOriginal(slice, at: piece.range.lowerBound, addedTokenID: Int32(id))
                continue
            }
            guard let normalizer else {
                if addedVocabulary.hasNormalizedTokens {
                    // Normalized-matched tokens on text that no normalizer changes.
                    for match in addedVocabulary.findMatches(in: slice, normalized: true) {
                        words.appendOriginal(UnsafeBufferPointer(rebasing: slice[match.range]), at: piece.range.lowerBound + match.range.lowerBound,
                                             addedTokenID: match.id.map { Int32($0) } ?? -1)
                    }
                } else {
                    words.appendOriginal(slice, at: piece.range.lowerBound)
                }
                continue
            }
            let original = NormalizedString(original: slice, at: piece.range.lowerBound)
            var normalized = original
            normalizer.normalize(&normalized)
            guard addedVocabulary.hasNormalizedTokens else {
                words.append(normalized)
                continue
            }
            let matches = normalized.bytes.withUnsafeBufferPointer {
                addedVocabulary.findMatches(in: $0, normalized: true)
            }
            for match in matches {
                let slice = NormalizedString(bytes: Array(normalized.bytes[match.range]),
                                             alignments: Array(normalized.alignments[match.range]),
                                             originalRange: normalized.originalRange)
                words.append(slice, addedTokenID: match.id.map { Int32($0) } ?? -1)
            }
        }
    }

    /// Post-processing as the reference orders it: truncation (leaving room for the special tokens the
    /// post-processor will add), the post-processor (or the plain concatenation of a pair), padding.
    func postProcess(_ encoding: consuming Encoding, pair: Encoding?, addingSpecialTokens: Bool) throws -> Encoding {
        // One sequence with nothing to add, cut, trim or pad: the general path below returns the encoding
        // itself, with sequence 0 recorded over it and type ids 0 (callgrind, cl100k, `encode(batch:)` on
        // 1 MB of English: postProcess took 74 M instructions on its arrays of one encoding).
        // Without a post-processor it returns the encoding as it is.
        if pair == nil, truncation == nil, padding == nil, encoding.overflowing.isEmpty,
           postProcessor?.isIdentityOnOneSequence ?? true {
            guard postProcessor != nil else { return encoding }
            encoding.setSequenceID(0)
            if encoding.typeIDs.contains(where: { $0 != 0 }) { encoding.typeIDs = Array(repeating: 0, count: encoding.count) }
            return encoding
        }
        var pair = pair
        if var truncation {
            let added = addingSpecialTokens ? (postProcessor?.addedTokenCount(isPair: pair != nil) ?? 0) : 0
            if added > 0 {
                // The reference subtracts without a check here (and silently skips truncation when the
                // result wraps around); a length that cannot hold the special tokens is an error here.
                guard truncation.maximumLength >= added else {
                    throw TokenizerError.impossibleTruncation(
                        "max_length \(truncation.maximumLength) is less than the \(added) special tokens the post-processor adds")
                }
                truncation.maximumLength -= added
            }
            try truncation.truncate(&encoding, &pair)
        }
        var encodings = [copy encoding]
        if let pair { encodings.append(pair) }
        var result: Encoding
        if let postProcessor {
            for i in encodings.indices {
                encodings[i].setSequenceID(i)
                for j in encodings[i].overflowing.indices { encodings[i].overflowing[j].setSequenceID(i) }
                if encodings[i].typeIDs.contains(where: { $0 != UInt32(i) }) {
                    encodings[i].typeIDs = Array(repeating: UInt32(i), count: encodings[i].count)
                }
            }
            result = Encoding.merging(postProcessor.process(encodings, addSpecialTokens: addingSpecialTokens))
        } else if encodings.count == 1 {
            result = encoding
        } else {
            for i in encodings.indices { encodings[i].setSequenceID(i) }
            result = Encoding.merging(encodings)
        }
        if let padding { padding.pad(&result) }
        return result
    }

    // MARK: Decoding

    /// Decodes ids into text. Special tokens are skipped when `skippingSpecialTokens` is true.
    /// - Throws: `TokenizerError.unknownID` for an id that is neither in the vocabulary nor an added token.
    public func decode(_ ids: [UInt32], skippingSpecialTokens: Bool = true) throws -> String {
        if let decodedTextRules {
            let ids = decodedTextRules.idsToDecode(ids, skippingSpecialTokens: skippingSpecialTokens)
            return decodedTextRules.apply(to: try decodeTokens(ids, skippingSpecialTokens: skippingSpecialTokens))
        }
        return try decodeTokens(ids, skippingSpecialTokens: skippingSpecialTokens)
    }

    /// Ids → tokens → the decoder chain.
    private func decodeTokens(_ ids: [UInt32], skippingSpecialTokens: Bool) throws -> String {
        if sentencePieceModel != nil { return try decodeSentencePiece(ids, skippingSpecialTokens: skippingSpecialTokens) }
        var tokens: [String] = []
        tokens.reserveCapacity(ids.count)
        for id in ids {
            let bytes: [UInt8]
            if let added = addedVocabulary.decodingBytes(for: id) {
                bytes = added
            } else if let token = model.token(for: id) {
                bytes = token
            } else {
                throw TokenizerError.unknownID(id)
            }
            if skippingSpecialTokens && addedVocabulary.isSpecial(bytes) { continue }
            tokens.append(String(validUTF8: bytes))
        }
        if let decoder {
            // A Replace decoder's regex reports a search failure as an encode's would (see `ICURegex.takeFailure`).
            ICURegex.discardPendingFailure()
            let text = decoder.decode(tokens)
            if ICURegex.hasPendingFailure, let failure = ICURegex.takeFailure() { throw failure }
            return text
        }
        return tokens.joined(separator: " ")
    }
}

/// The unit offsets are reported in.
///
/// ```swift
/// let text = "👋 héllo"
/// try tokenizer.encode(text).offsets                  // scalars: "👋" is 1
/// try tokenizer.encode(text, offsets: .bytes).offsets // UTF-8: "👋" is 4
/// try tokenizer.encode(text, offsets: .utf16).offsets // UTF-16: "👋" is 2, as NSString and NSRange count
/// ```
public enum OffsetUnit: Sendable, Hashable {
    /// Unicode scalars (code points), as the reference's Python package reports them.
    case scalars
    /// UTF-8 bytes, as the reference's Rust core reports them.
    case bytes
    /// UTF-16 code units: what `NSString`, `NSRange` and AppKit/UIKit text APIs take
    /// (`NSRange(encoding.offsets[i])`). Tokens that share one character share its whole range here too.
    case utf16
}

/// A worker's reusable scratch state: buffers and the model's word cache. Not shared between threads.
///
/// One workspace may serve several tokenizers in turn: its word caches belong to the last tokenizer that
/// used it, and are emptied when another one does (so alternating tokenizers costs cache refills, never
/// wrong ids).
public struct EncodingWorkspace {
    /// When false, `Encoding.tokens` stays empty (and ByteLevel offset trimming is skipped): for callers
    /// that only need ids, this saves building one `String` per token.
    public var includesTokenStrings = true
    /// A reusable id buffer for callers.
    public var idBuffer: [UInt32] = []
    var words = PreTokenizedString()
    var ranges: [Range<Int>] = []
    var modelTokens: [ModelToken] = []
    var model = ModelScratch()
    /// The byte-level fast path's cache, keyed on raw (unmapped) word bytes, and its scratch word.
    var rawWordCache = WordCache()
    var hotWords = HotWordCache()
    var mappedWord: [UInt8] = []
    /// The SentencePiece fast path's scratch: a normalized piece, a first word with its `Prepend` marker.
    var normalizedPiece: [UInt8] = []
    var prefixedWord: [UInt8] = []
    /// The fast plans' scratch for the tokens of a segment they cache.
    var segmentTokens: [ModelToken] = []
    /// The byte-level plan's token strings, once a whole encoding has wanted them.
    var tokenStrings: TokenStrings?
    /// The byte-level plan's tokens of one sequence, before its encoding is built.
    var plannedTokens: [PlannedToken] = []
    /// A SentencePiece model's scratch (and BPE word cache).
    var sentencePiece = SentencePieceModel.Scratch()
    /// The pipeline whose results the caches hold.
    private var cachesOwner = PipelineID.none

    /// A fresh workspace with empty caches.
    public init() {}

    /// Empties the word caches unless they hold results of `pipeline` already.
    @inline(__always)
    mutating func holdCaches(of pipeline: PipelineID) {
        // A regex failure left by a search outside any encode (a decoder's Replace, training) is not this encode's.
        ICURegex.discardPendingFailure()
        guard cachesOwner != pipeline else { return }
        if cachesOwner != .none {
            model = ModelScratch()
            rawWordCache = WordCache()
            hotWords = HotWordCache()
            tokenStrings = nil
            sentencePiece = SentencePieceModel.Scratch()
        }
        cachesOwner = pipeline
    }

    /// Throws (and clears) the failure the model recorded for the last word, or a regular expression's
    /// search failure (`ICURegex.takeFailure()`) in the normalizer or pre-tokenizer, if any.
    mutating func throwModelFailure() throws {
        if ICURegex.hasPendingFailure, let failure = ICURegex.takeFailure() {
            model.failure = nil
            throw failure
        }
        if let failure = model.failure {
            model.failure = nil
            throw failure
        }
    }
}

/// A number naming one loaded tokenizer pipeline, unique in the process.
struct PipelineID: Hashable, Sendable {
    private let value: UInt64

    static let none = PipelineID(value: 0)
    nonisolated(unsafe) private static var last: UInt64 = 0
    private static let lock = NSLock()

    /// A number no other pipeline has.
    static func next() -> PipelineID {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return PipelineID(value: last)
    }
}

/// Converts byte offsets of one text into scalar offsets, exactly as the reference does, or into UTF-16
/// offsets.
struct OffsetConverter {
    /// For each byte, the index of the scalar (or the first UTF-16 unit of the scalar) containing it; empty
    /// when the text is ASCII (or bytes are wanted).
    private let scalarIndex: [Int32]
    private let length: Int
    /// For UTF-16 offsets: the text's length in UTF-16 units; -1 for scalar offsets.
    private let utf16Length: Int

    init(text: UnsafeBufferPointer<UInt8>, unit: OffsetUnit) {
        length = text.count
        guard unit != .bytes else { scalarIndex = []; utf16Length = -1; return }
        var ascii = true
        for b in text where b >= 0x80 { ascii = false; break }
        if ascii { scalarIndex = []; utf16Length = -1; return }
        var map = [Int32](repeating: 0, count: text.count)
        if unit == .utf16 {
            // A scalar of 4 UTF-8 bytes is a surrogate pair (2 units); every other scalar is 1 unit.
            var unit: Int32 = 0
            var i = 0
            while i < text.count {
                let lead = text[i]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                for j in i..<min(i + width, text.count) { map[j] = unit }
                unit += width == 4 ? 2 : 1
                i += width
            }
            scalarIndex = map
            utf16Length = Int(unit)
            return
        }
        utf16Length = -1
        var scalar: Int32 = -1
        for i in 0..<text.count {
            if text[i] & 0xC0 != 0x80 { scalar += 1 }
            map[i] = scalar
        }
        scalarIndex = map
    }

    @inline(__always)
    func convert(_ range: Range<Int>) -> Range<Int> {
        if scalarIndex.isEmpty { return range }
        if utf16Length >= 0 {
            // Byte positions at or past the end are the end; no reference to follow here.
            let start = range.lowerBound < length ? Int(scalarIndex[range.lowerBound]) : utf16Length
            let end = range.upperBound < length ? Int(scalarIndex[range.upperBound]) : utf16Length
            return start..<max(start, end)
        }
        guard range.lowerBound < length else { return range } // the reference leaves such offsets as bytes
        let start = Int(scalarIndex[range.lowerBound])
        let end: Int
        if range.upperBound < length {
            end = Int(scalarIndex[range.upperBound])
        } else {
            end = range.upperBound > 0 ? Int(scalarIndex[range.upperBound - 1]) + 1 : start + 1
        }
        return start..<max(start, end)
    }
}

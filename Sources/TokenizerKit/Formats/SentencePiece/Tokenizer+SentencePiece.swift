import Foundation

extension Tokenizer {
    /// Loads a SentencePiece model file (`tokenizer.model`, `spiece.model`, `*.spm`) and encodes exactly
    /// as the `sentencepiece` package's `SentencePieceProcessor.encode(text)` (no BOS or EOS) does;
    /// `decode` is its `decode(ids)`.
    ///
    /// ```swift
    /// let llama = try Tokenizer(sentencePieceFile: "llama2/tokenizer.model")
    /// try llama.encode("Hello world").ids    // [15043, 3186]
    /// ```
    ///
    /// The model is read from its protobuf by hand (Unigram, BPE, WORD and CHAR models; the normalizer's
    /// precompiled charsmap, user-defined symbols, byte fallback, the denormalizer). Control pieces
    /// (`<s>`, `</s>`) are never matched in text; user-defined pieces are.
    ///
    /// - Throws: `TokenizerError.invalidVocabularyFile` naming the protobuf field at fault
    ///   (`ModelProto.pieces[12].score: truncated fixed32 at byte 4711`).
    public init(sentencePieceFile path: String) throws {
        try self.init(sentencePiece: Self.readFile(path), source: path)
    }

    /// Loads a SentencePiece model from the bytes of its `.model` file; `source` names it in errors.
    public init(sentencePiece bytes: [UInt8], source: String = "SentencePiece model") throws {
        let proto: SentencePieceModelProto
        let model: SentencePieceModel
        do {
            proto = try SentencePieceModelProto(parsing: bytes)
            model = try SentencePieceModel(proto: proto)
        } catch {
            throw TokenizerError.invalidVocabularyFile(path: source, format: "SentencePiece model", line: 0,
                                                       message: "\(error.path): \(error.message)")
        }
        // The vocabulary for id(forToken:) and token(forID:): reserved pieces win, as in `PieceToId`.
        var vocabulary = Vocabulary(capacity: proto.pieces.count)
        for (id, piece) in proto.pieces.enumerated() where [.normal, .userDefined, .unused].contains(piece.type) {
            vocabulary.insert(piece.piece, id: UInt32(id))
        }
        for (id, piece) in proto.pieces.enumerated() where ![.normal, .userDefined, .unused].contains(piece.type) {
            vocabulary.insert(piece.piece, id: UInt32(id))
        }
        let unknown = proto.pieces[Int(model.unknownID)].piece
        self.init(preTokenizer: nil,
                  model: .wordLevel(WordLevelModel(vocabulary: vocabulary, unknownToken: unknown, unknownID: model.unknownID)),
                  decoder: nil)
        sentencePieceModel = model
        // Control pieces are special tokens known by id only: sentencepiece never finds them in text.
        addedVocabulary.add(proto.pieces.enumerated().filter { $0.element.type == .control }.map {
            (token: AddedToken(content: String(decoding: $0.element.piece, as: UTF8.self), normalized: false, special: true), id: UInt32($0.offset))
        })
        addedVocabulary.matchesInText = false
        let conversion = SentencePieceConversion(proto: proto)
        formatConversion = FormatConversion(json: { conversion.json() }, differences: conversion.differences)
        sourceFormat = TokenizerSourceFormat(format: "sentencepiece", encoding: "\(proto.trainerSpec.modelType.name) model",
                                             pattern: "", patternSource: "", specialTokensSource: "",
                                             details: Self.sentencePieceDetails(proto))
    }

    /// What `tok info` shows of a SentencePiece model.
    private static func sentencePieceDetails(_ proto: SentencePieceModelProto) -> [String] {
        let n = proto.normalizerSpec
        let t = proto.trainerSpec
        var counts: [SentencePieceModelProto.PieceType: Int] = [:]
        for piece in proto.pieces { counts[piece.type, default: 0] += 1 }
        func count(_ type: SentencePieceModelProto.PieceType) -> Int { counts[type] ?? 0 }
        var lines = [
            "model type:     \(t.modelType.name)",
            "normalizer:     \(n.name.map { "\($0), " } ?? "")\(n.precompiledCharsmap.isEmpty ? "no charsmap" : "charsmap \(n.precompiledCharsmap.count) bytes"), add_dummy_prefix \(n.addDummyPrefix), remove_extra_whitespaces \(n.removeExtraWhitespaces), escape_whitespaces \(n.escapeWhitespaces)",
            "options:        byte_fallback \(t.byteFallback), treat_whitespace_as_suffix \(t.treatWhitespaceAsSuffix)",
            "pieces:         \(proto.pieces.count) (normal \(count(.normal)), user-defined \(count(.userDefined)), control \(count(.control)), byte \(count(.byte)), unused \(count(.unused)), unknown \(count(.unknown)))",
        ]
        if let d = proto.denormalizerSpec, !d.precompiledCharsmap.isEmpty {
            lines.append("denormalizer:   charsmap \(d.precompiledCharsmap.count) bytes")
        }
        let userDefined = proto.pieces.filter { $0.type == .userDefined }.prefix(8).map { String(decoding: $0.piece, as: UTF8.self).debugDescription }
        if !userDefined.isEmpty { lines.append("user-defined:   \(userDefined.joined(separator: " "))\(count(.userDefined) > 8 ? " …" : "")") }
        let control = proto.pieces.filter { $0.type == .control }.prefix(8).map { String(decoding: $0.piece, as: UTF8.self).debugDescription }
        if !control.isEmpty { lines.append("control:        \(control.joined(separator: " "))\(count(.control) > 8 ? " …" : "") (never matched in text)") }
        return lines
    }

    /// One sequence through the SentencePiece model: added tokens (if any were added) split out first.
    func encodeSentencePieceSequence(_ text: UnsafeBufferPointer<UInt8>, typeID: UInt32, unit: OffsetUnit,
                                     workspace: inout EncodingWorkspace) -> Encoding {
        let model = sentencePieceModel.unsafelyUnwrapped
        var encoding = Encoding()
        encoding.reserveCapacity(text.count / 3 + 4)
        let converter = OffsetConverter(text: text, unit: unit)
        var tokens = workspace.modelTokens
        workspace.modelTokens = []
        for (index, piece) in addedTokenPieces(text).enumerated() {
            if let id = piece.id {
                encoding.append(id: id, token: addedVocabulary.tokens[id]?.content ?? "", offsets: converter.convert(piece.range),
                                typeID: typeID, wordID: index, special: addedVocabulary.tokens[id]?.special ?? false)
                continue
            }
            tokens.removeAll(keepingCapacity: true)
            model.encode(UnsafeBufferPointer(rebasing: text[piece.range]), scratch: &workspace.sentencePiece, into: &tokens)
            let base = piece.range.lowerBound
            for token in tokens {
                let range = (base + Int(token.start))..<(base + Int(token.end))
                let string: String
                if !workspace.includesTokenStrings {
                    string = ""
                } else if token.textIsInput {
                    string = String(validUTF8: text[range])
                } else {
                    string = String(validUTF8: model.pieces[Int(token.id)])
                }
                encoding.append(id: token.id, token: string, offsets: converter.convert(range), typeID: typeID,
                                wordID: index, special: model.types[Int(token.id)] == .control)
            }
        }
        workspace.modelTokens = tokens
        return encoding
    }

    /// The ids of one text through the SentencePiece model.
    func appendSentencePieceIDs(_ text: UnsafeBufferPointer<UInt8>, workspace: inout EncodingWorkspace, to ids: inout [UInt32]) {
        var tokens = workspace.modelTokens
        workspace.modelTokens = []
        let pieces = !addedVocabulary.hasRawTokens && !addedVocabulary.hasNormalizedTokens ? (text.isEmpty ? [] : [(id: UInt32?.none, range: 0..<text.count)]) : addedTokenPieces(text)
        for piece in pieces {
            if let id = piece.id {
                ids.append(id)
                continue
            }
            tokens.removeAll(keepingCapacity: true)
            sentencePieceModel.unsafelyUnwrapped.encode(UnsafeBufferPointer(rebasing: text[piece.range]),
                                                        scratch: &workspace.sentencePiece, into: &tokens)
            for token in tokens { ids.append(token.id) }
        }
        workspace.modelTokens = tokens
    }

    /// Added tokens (a model folder's) matched on the raw text, whether marked normalized or not: the
    /// SentencePiece normalizer runs inside the model, after them.
    private func addedTokenPieces(_ text: UnsafeBufferPointer<UInt8>) -> [(id: UInt32?, range: Range<Int>)] {
        let raw = addedVocabulary.hasRawTokens
            ? addedVocabulary.findMatches(in: text, normalized: false)
            : (text.isEmpty ? [] : [(id: UInt32?.none, range: 0..<text.count)])
        guard addedVocabulary.hasNormalizedTokens else { return raw }
        var result: [(id: UInt32?, range: Range<Int>)] = []
        for piece in raw {
            guard piece.id == nil else { result.append(piece); continue }
            for match in addedVocabulary.findMatches(in: UnsafeBufferPointer(rebasing: text[piece.range]), normalized: true) {
                result.append((match.id, (piece.range.lowerBound + match.range.lowerBound)..<(piece.range.lowerBound + match.range.upperBound)))
            }
        }
        return result
    }

    /// Decodes ids as `SentencePieceProcessor.decode`; added tokens outside the model decode to their text.
    func decodeSentencePiece(_ ids: [UInt32], skippingSpecialTokens: Bool) throws -> String {
        let model = sentencePieceModel.unsafelyUnwrapped
        var items: [SentencePieceModel.DecodedItem] = []
        items.reserveCapacity(ids.count)
        for id in ids {
            if let added = addedVocabulary.tokens[id], Int(id) >= model.pieces.count || model.pieces[Int(id)] != Array(added.content.utf8) {
                if skippingSpecialTokens && added.special { continue }
                items.append(.literal(addedVocabulary.decodingBytes(for: id) ?? Array(added.content.utf8)))
            } else if Int(id) < model.pieces.count {
                items.append(.piece(id))
            } else {
                throw TokenizerError.unknownID(id)
            }
        }
        return String(decoding: model.decode(items), as: UTF8.self)
    }
}

extension WordLevelModel {
    init(vocabulary: Vocabulary, unknownToken: [UInt8], unknownID: UInt32?) {
        self.vocabulary = vocabulary
        self.unknownToken = unknownToken
        self.unknownID = unknownID
    }
}

/// A SentencePiece model as `SentencePieceProcessor` runs it: normalizer, segmentation (Unigram, BPE,
/// WORD or CHAR), then `PopulateSentencePieceText` (runs of unknown pieces merged into one, or
/// spelled as `<0xXX>` byte pieces with byte fallback); and `Decode` on the way back.
///
/// ```swift
/// let model = try SentencePieceModel(proto: SentencePieceModelProto(parsing: bytes))
/// var scratch = SentencePieceModel.Scratch(), tokens: [ModelToken] = []
/// model.encode(text, scratch: &scratch, into: &tokens)   // ids with byte ranges of `text`
/// ```
struct SentencePieceModel: Sendable {
    /// The file's model, as read (for `tok info` and conversion to tokenizer.json).
    let proto: SentencePieceModelProto
    let modelType: SentencePieceModelProto.ModelType
    let pieces: [[UInt8]]
    let types: [SentencePieceModelProto.PieceType]
    let normalizer: SentencePieceNormalizer
    /// Applied to decoded text when the model has a denormalizer charsmap.
    let denormalizer: SentencePieceNormalizer?
    let unknownID: UInt32
    let byteFallback: Bool
    /// The id of `<0xXX>` for each byte (with byte fallback).
    let byteIDs: [UInt32]
    let unknownSurface: [UInt8]
    /// Decoding strips the dummy prefix's `▁` from the first piece when either is set.
    let addDummyPrefix: Bool
    let removeExtraWhitespaces: Bool
    private let unigram: SentencePieceUnigram?
    private let bpe: SentencePieceBPE?
    /// WORD and CHAR models: pieces by bytes (reserved pieces first).
    private let lookup: SentencePieceBPE?

    /// Builds the model as `SentencePieceProcessor::Load` does, refusing what it refuses.
    init(proto: SentencePieceModelProto) throws(ProtobufReader.Failure) {
        func fail(_ message: String) -> ProtobufReader.Failure { ProtobufReader.Failure(path: "ModelProto", message: message) }
        self.proto = proto
        modelType = proto.trainerSpec.modelType
        pieces = proto.pieces.map(\.piece)
        types = proto.pieces.map(\.type)
        guard !pieces.isEmpty else { throw fail("no pieces are loaded") }
        var normal: Set<[UInt8]> = [], reserved: Set<[UInt8]> = []
        var unknown: Int? = nil
        var byteIDs = [UInt32](repeating: .max, count: 256)
        var userDefined: [[UInt8]] = []
        for (i, piece) in proto.pieces.enumerated() {
            guard !piece.piece.isEmpty else { throw ProtobufReader.Failure(path: "ModelProto.pieces[\(i)].piece", message: "piece must not be empty") }
            let isNormal = piece.type == .normal || piece.type == .userDefined || piece.type == .unused
            guard (isNormal ? normal.insert(piece.piece) : reserved.insert(piece.piece)).inserted else {
                throw ProtobufReader.Failure(path: "ModelProto.pieces[\(i)].piece", message: "\(String(decoding: piece.piece, as: UTF8.self).debugDescription) is already defined")
            }
            switch piece.type {
            case .userDefined: userDefined.append(piece.piece)
            case .unknown:
                guard unknown == nil else { throw ProtobufReader.Failure(path: "ModelProto.pieces[\(i)]", message: "unk is already defined") }
                unknown = i
            case .byte:
                guard proto.trainerSpec.byteFallback else {
                    throw ProtobufReader.Failure(path: "ModelProto.pieces[\(i)]", message: "byte piece \(String(decoding: piece.piece, as: UTF8.self)) is found although `byte_fallback` is false")
                }
                guard let byte = Self.byte(ofPiece: piece.piece) else {
                    throw ProtobufReader.Failure(path: "ModelProto.pieces[\(i)]", message: "byte piece \(String(decoding: piece.piece, as: UTF8.self)) is invalid")
                }
                byteIDs[Int(byte)] = UInt32(i)
            default: break
            }
        }
        guard let unknown else { throw fail("unk is not defined (no piece of type UNKNOWN)") }
        if proto.trainerSpec.byteFallback && byteIDs.contains(.max) {
            throw fail("there are not 256 byte pieces although `byte_fallback` is true")
        }
        unknownID = UInt32(unknown)
        byteFallback = proto.trainerSpec.byteFallback
        self.byteIDs = byteIDs
        unknownSurface = proto.trainerSpec.unknownSurface
        addDummyPrefix = proto.normalizerSpec.addDummyPrefix
        removeExtraWhitespaces = proto.normalizerSpec.removeExtraWhitespaces
        do {
            normalizer = try SentencePieceNormalizer(spec: proto.normalizerSpec,
                                                     treatWhitespaceAsSuffix: proto.trainerSpec.treatWhitespaceAsSuffix,
                                                     userDefinedSymbols: userDefined)
        } catch {
            throw ProtobufReader.Failure(path: "ModelProto.normalizer_spec.\(error.path)", message: error.message)
        }
        if let spec = proto.denormalizerSpec, !spec.precompiledCharsmap.isEmpty {
            do {
                denormalizer = try SentencePieceNormalizer(spec: spec, treatWhitespaceAsSuffix: false, userDefinedSymbols: [])
            } catch {
                throw ProtobufReader.Failure(path: "ModelProto.denormalizer_spec.\(error.path)", message: error.message)
            }
        } else {
            denormalizer = nil
        }
        switch modelType {
        case .unigram:
            unigram = SentencePieceUnigram(pieces: proto.pieces, unknownID: unknownID)
            bpe = nil
            lookup = nil
        case .bpe:
            unigram = nil
            bpe = SentencePieceBPE(pieces: proto.pieces, unknownID: unknownID,
                                   treatWhitespaceAsSuffix: proto.trainerSpec.treatWhitespaceAsSuffix)
            lookup = nil
        case .word, .character:
            unigram = nil
            bpe = nil
            lookup = SentencePieceBPE(pieces: proto.pieces, unknownID: unknownID, treatWhitespaceAsSuffix: true)
        }
        treatWhitespaceAsSuffix = proto.trainerSpec.treatWhitespaceAsSuffix
        allowWhitespaceOnlyPieces = proto.trainerSpec.allowWhitespaceOnlyPieces
    }

    let treatWhitespaceAsSuffix: Bool
    let allowWhitespaceOnlyPieces: Bool

    /// `<0xXX>` → XX (upper-case hex, as `ByteToPiece` writes it).
    static func byte(ofPiece piece: [UInt8]) -> UInt8? {
        guard piece.count == 6, piece[0] == UInt8(ascii: "<"), piece[1] == UInt8(ascii: "0"), piece[2] == UInt8(ascii: "x"),
              piece[5] == UInt8(ascii: ">") else { return nil }
        func hex(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        guard let high = hex(piece[3]), let low = hex(piece[4]) else { return nil }
        return high << 4 | low
    }

    /// A worker's scratch state (and BPE word cache).
    struct Scratch {
        var normalized: [UInt8] = []
        var map: [Int32] = []
        var segments: [ModelToken] = []
        var unigram = SentencePieceUnigram.Scratch()
        var bpe = SentencePieceBPE.Scratch()
    }

    /// Encodes `text` as `SentencePieceProcessor::Encode`: appends each id with its byte range in
    /// `text` (`textIsInput` marks merged unknown pieces, whose token text is the original text).
    func encode(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch, into output: inout [ModelToken]) {
        var normalized = scratch.normalized
        var map = scratch.map
        var segments = scratch.segments
        scratch.normalized = []
        scratch.map = []
        scratch.segments = []
        defer {
            scratch.normalized = normalized
            scratch.map = map
            scratch.segments = segments
        }
        normalizer.normalize(text, into: &normalized, map: &map)
        segments.removeAll(keepingCapacity: true)
        normalized.withUnsafeBufferPointer { normalizedText in
            switch modelType {
            case .unigram: unigram.unsafelyUnwrapped.segment(normalizedText, scratch: &scratch.unigram, into: &segments)
            case .bpe: bpe.unsafelyUnwrapped.segment(normalizedText, scratch: &scratch.bpe, into: &segments)
            case .character:
                var i = 0
                while i < normalizedText.count {
                    let lead = normalizedText[i]
                    let length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, normalizedText.count - i)
                    let id = lookup.unsafelyUnwrapped.id(for: UnsafeBufferPointer(rebasing: normalizedText[i..<(i + length)]))
                    segments.append(ModelToken(id: id, start: Int32(i), end: Int32(i + length)))
                    i += length
                }
            case .word:
                for word in Self.splitIntoWords(normalizedText, suffix: treatWhitespaceAsSuffix,
                                                allowWhitespaceOnly: allowWhitespaceOnlyPieces) {
                    let id = lookup.unsafelyUnwrapped.id(for: UnsafeBufferPointer(rebasing: normalizedText[word]))
                    segments.append(ModelToken(id: id, start: Int32(word.lowerBound), end: Int32(word.upperBound)))
                }
            }
        }
        // PopulateSentencePieceText.
        var previousIsUnknown = false
        for segment in segments {
            let begin = Int(segment.start), end = Int(segment.end)
            let id = segment.id
            let isUnknown = id == unknownID
            let type = types[Int(id)]
            if type == .control {
                output.append(ModelToken(id: id, start: map[begin], end: map[begin]))
            } else if isUnknown && byteFallback {
                for i in begin..<end {
                    let last = i == end - 1
                    output.append(ModelToken(id: byteIDs[Int(normalized[i])], start: map[begin], end: last ? map[end] : map[begin]))
                }
            } else if isUnknown && previousIsUnknown, let last = output.indices.last {
                output[last].end = map[end]
            } else {
                output.append(ModelToken(id: id, start: map[begin], end: map[end], textIsInput: isUnknown))
            }
            previousIsUnknown = isUnknown
        }
    }

    /// `SplitIntoWords` (model_interface.cc): byte ranges of the words of a normalized text.
    static func splitIntoWords(_ text: UnsafeBufferPointer<UInt8>, suffix: Bool, allowWhitespaceOnly: Bool) -> [Range<Int>] {
        var result: [Range<Int>] = []
        var begin = 0
        let end = text.count
        var inWhitespace = false
        func isSpace(_ i: Int, _ length: Int) -> Bool {
            length == 3 && text[i] == 0xE2 && text[i + 1] == 0x96 && text[i + 2] == 0x81
        }
        if suffix {
            if begin < end { result.append(begin..<begin) }
            while begin < end {
                let lead = text[begin]
                let length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, end - begin)
                let space = isSpace(begin, length)
                if space {
                    inWhitespace = true
                } else if inWhitespace {
                    if allowWhitespaceOnly { result.append(begin..<begin) }
                    inWhitespace = false
                }
                result[result.count - 1] = result[result.count - 1].lowerBound..<(begin + length)
                begin += length
                if begin < end && space && !allowWhitespaceOnly { result.append(begin..<begin) }
            }
        } else {
            while begin < end {
                let lead = text[begin]
                let length = min(lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4, end - begin)
                let space = isSpace(begin, length)
                if begin == 0 || (space && (!inWhitespace || !allowWhitespaceOnly)) {
                    result.append(begin..<begin)
                    inWhitespace = true
                }
                if inWhitespace && !space { inWhitespace = false }
                result[result.count - 1] = result[result.count - 1].lowerBound..<(begin + length)
                begin += length
            }
        }
        return result
    }

    // MARK: Decoding

    /// One item to decode: a piece of the model, or literal text (an added token outside the model).
    enum DecodedItem {
        case piece(UInt32)
        case literal([UInt8])
    }

    /// Decodes as `SentencePieceProcessor::Decode`: control pieces vanish, the unknown piece is
    /// `unk_surface`, `▁` is a space (the first piece's leading one dropped for the dummy prefix), byte pieces
    /// are assembled into UTF-8 with U+FFFD for each invalid byte; then the denormalizer.
    func decode(_ items: [DecodedItem]) -> [UInt8] {
        var text: [UInt8] = []
        var bytes: [UInt8] = []
        func flushBytes() {
            guard !bytes.isEmpty else { return }
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let rest = UnsafeBufferPointer(rebasing: buffer[offset...])
                    let length = SentencePieceNormalizer.validCharacterLength(rest, at: 0)
                    if length == 0 {
                        text += [0xEF, 0xBF, 0xBD]
                        offset += 1
                    } else {
                        text += buffer[offset..<(offset + length)]
                        offset += length
                    }
                }
            }
            bytes.removeAll(keepingCapacity: true)
        }
        var isBOSWhitespace = true
        var bosWhitespaceSeen = false
        let space = SentencePieceNormalizer.spaceSymbol
        for item in items {
            let piece: [UInt8]
            var id: UInt32? = nil
            switch item {
            case let .piece(pieceID):
                if types[Int(pieceID)] == .byte {
                    bytes.append(Self.byte(ofPiece: pieces[Int(pieceID)]) ?? 0)
                    continue
                }
                piece = pieces[Int(pieceID)]
                id = pieceID
            case let .literal(content):
                piece = content
            }
            flushBytes()
            if bosWhitespaceSeen || !text.isEmpty { isBOSWhitespace = false }
            if let id, types[Int(id)] == .control {
                bosWhitespaceSeen = false
                continue
            }
            if let id, types[Int(id)] == .unknown {
                text += unknownSurface
                bosWhitespaceSeen = false
                continue
            }
            var start = 0
            var hasBOSWhitespace = false
            if isBOSWhitespace && (addDummyPrefix || removeExtraWhitespaces) {
                if piece.starts(with: space) {
                    start = 3
                    hasBOSWhitespace = true
                }
                if removeExtraWhitespaces { hasBOSWhitespace = false }
            }
            var i = start
            while i < piece.count {
                if i + 3 <= piece.count && piece[i] == 0xE2 && piece[i + 1] == 0x96 && piece[i + 2] == 0x81 {
                    text.append(0x20)
                    i += 3
                } else {
                    text.append(piece[i])
                    i += 1
                }
            }
            bosWhitespaceSeen = hasBOSWhitespace
        }
        flushBytes()
        if let denormalizer {
            var output: [UInt8] = []
            var map: [Int32] = []
            text.withUnsafeBufferPointer { denormalizer.normalize($0, into: &output, map: &map) }
            return output
        }
        return text
    }
}

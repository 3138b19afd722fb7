/// SentencePiece's `ModelProto` (src/sentencepiece_model.proto), the fields that encoding and decoding
/// read, with protobuf 2's defaults for absent fields.
///
/// ```swift
/// let proto = try SentencePieceModelProto(parsing: bytes)
/// proto.trainerSpec.modelType   // .unigram unless the file says otherwise
/// ```
struct SentencePieceModelProto: Sendable {
    /// `ModelProto.SentencePiece.Type`.
    enum PieceType: Int32, Sendable {
        case normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    /// `ModelProto.SentencePiece`.
    struct Piece: Sendable {
        var piece: [UInt8] = []
        var score: Float = 0
        var type: PieceType = .normal
    }

    /// `TrainerSpec.ModelType`.
    enum ModelType: Int32, Sendable {
        case unigram = 1, bpe = 2, word = 3, character = 4

        var name: String {
            switch self {
            case .unigram: "Unigram"
            case .bpe: "BPE"
            case .word: "WORD"
            case .character: "CHAR"
            }
        }
    }

    /// `TrainerSpec`: what the model needs of it.
    struct TrainerSpec: Sendable {
        var modelType: ModelType = .unigram
        var vocabularySize: Int32 = 8000
        var treatWhitespaceAsSuffix = false
        var allowWhitespaceOnlyPieces = false
        var splitDigits = false
        var byteFallback = false
        var unknownID: Int32 = 0
        var bosID: Int32 = 1
        var eosID: Int32 = 2
        var padID: Int32 = -1
        var unknownPiece: [UInt8] = Array("<unk>".utf8)
        var bosPiece: [UInt8] = Array("<s>".utf8)
        var eosPiece: [UInt8] = Array("</s>".utf8)
        var padPiece: [UInt8] = Array("<pad>".utf8)
        /// What `decode` writes for the unknown piece (`unk_surface`, default " ⁇ ").
        var unknownSurface: [UInt8] = Array(" \u{2047} ".utf8)
    }

    /// `NormalizerSpec` (also the denormalizer's).
    struct NormalizerSpec: Sendable {
        var name: String? = nil
        var precompiledCharsmap: [UInt8] = []
        var addDummyPrefix = true
        var removeExtraWhitespaces = true
        var escapeWhitespaces = true
    }

    var pieces: [Piece] = []
    var trainerSpec = TrainerSpec()
    var normalizerSpec = NormalizerSpec()
    var denormalizerSpec: NormalizerSpec? = nil

    /// Parses a serialized `ModelProto`.
    /// - Throws: `ProtobufReader.Failure` naming the field path and byte offset.
    init(parsing bytes: [UInt8]) throws(ProtobufReader.Failure) {
        var reader = ProtobufReader(bytes, path: "ModelProto")
        while let field = try reader.nextField() {
            switch field.number {
            case 1:
                var message = try reader.message(field, name: "pieces[\(pieces.count)]")
                pieces.append(try Self.piece(&message))
            case 2:
                var message = try reader.message(field, name: "trainer_spec")
                try Self.merge(&trainerSpec, from: &message)
            case 3:
                var message = try reader.message(field, name: "normalizer_spec")
                try Self.merge(&normalizerSpec, from: &message)
            case 5:
                var message = try reader.message(field, name: "denormalizer_spec")
                var spec = denormalizerSpec ?? NormalizerSpec()
                try Self.merge(&spec, from: &message)
                denormalizerSpec = spec
            default:
                try reader.skip(field)
            }
        }
    }

    private static func piece(_ reader: inout ProtobufReader) throws(ProtobufReader.Failure) -> Piece {
        var piece = Piece()
        while let field = try reader.nextField() {
            switch field.number {
            case 1: piece.piece = try reader.bytes(field, name: "piece")
            case 2: piece.score = try reader.float(field, name: "score")
            case 3:
                // protobuf 2 keeps an unknown enum value as an unknown field: the type stays as it was.
                if let type = PieceType(rawValue: try reader.int32(field, name: "type")) { piece.type = type }
            default: try reader.skip(field)
            }
        }
        return piece
    }

    private static func merge(_ spec: inout TrainerSpec, from reader: inout ProtobufReader) throws(ProtobufReader.Failure) {
        while let field = try reader.nextField() {
            switch field.number {
            case 3:
                if let type = ModelType(rawValue: try reader.int32(field, name: "model_type")) { spec.modelType = type }
            case 4: spec.vocabularySize = try reader.int32(field, name: "vocab_size")
            case 24: spec.treatWhitespaceAsSuffix = try reader.bool(field, name: "treat_whitespace_as_suffix")
            case 25: spec.splitDigits = try reader.bool(field, name: "split_digits")
            case 26: spec.allowWhitespaceOnlyPieces = try reader.bool(field, name: "allow_whitespace_only_pieces")
            case 35: spec.byteFallback = try reader.bool(field, name: "byte_fallback")
            case 40: spec.unknownID = try reader.int32(field, name: "unk_id")
            case 41: spec.bosID = try reader.int32(field, name: "bos_id")
            case 42: spec.eosID = try reader.int32(field, name: "eos_id")
            case 43: spec.padID = try reader.int32(field, name: "pad_id")
            case 44: spec.unknownSurface = try reader.bytes(field, name: "unk_surface")
            case 45: spec.unknownPiece = try reader.bytes(field, name: "unk_piece")
            case 46: spec.bosPiece = try reader.bytes(field, name: "bos_piece")
            case 47: spec.eosPiece = try reader.bytes(field, name: "eos_piece")
            case 48: spec.padPiece = try reader.bytes(field, name: "pad_piece")
            default: try reader.skip(field)
            }
        }
    }

    private static func merge(_ spec: inout NormalizerSpec, from reader: inout ProtobufReader) throws(ProtobufReader.Failure) {
        while let field = try reader.nextField() {
            switch field.number {
            case 1: spec.name = String(decoding: try reader.bytes(field, name: "name"), as: UTF8.self)
            case 2: spec.precompiledCharsmap = try reader.bytes(field, name: "precompiled_charsmap")
            case 3: spec.addDummyPrefix = try reader.bool(field, name: "add_dummy_prefix")
            case 4: spec.removeExtraWhitespaces = try reader.bool(field, name: "remove_extra_whitespaces")
            case 5: spec.escapeWhitespaces = try reader.bool(field, name: "escape_whitespaces")
            default: try reader.skip(field)
            }
        }
    }

    /// Whether `bytes` look like a serialized `ModelProto` by content: the first field is `pieces`
    /// (field 1, length-delimited) and holds a message whose own first field is `piece` (field 1,
    /// length-delimited), both within the file.
    static func looksLikeModel(_ bytes: [UInt8]) -> Bool {
        var reader = ProtobufReader(bytes, path: "ModelProto")
        guard let field = try? reader.nextField(), field.number == 1, field.wireType == .lengthDelimited,
              var piece = try? reader.message(field, name: "pieces[0]"),
              let inner = try? piece.nextField(), inner.number == 1, inner.wireType == .lengthDelimited,
              (try? piece.lengthDelimited(inner, name: "piece")) != nil else { return false }
        return true
    }
}

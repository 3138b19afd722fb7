/// A reader of the protocol buffers wire format, enough for SentencePiece's `ModelProto`: varints,
/// length-delimited fields, fixed32 and fixed64, and skipping of fields it does not know (groups
/// included), as protobuf's own parser skips them.
///
/// ```swift
/// var reader = ProtobufReader(bytes, path: "ModelProto")
/// while let field = try reader.nextField() {
///     switch field.number {
///     case 1: var piece = try reader.message(field, name: "pieces[\(index)]") …
///     default: try reader.skip(field)
///     }
/// }
/// ```
///
/// Every error names the field path and the byte offset in the whole file
/// (`ModelProto.pieces[12].score: truncated fixed32 at byte 4711`); nothing traps on malformed input.
struct ProtobufReader {
    enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5

        var name: String {
            switch self {
            case .varint: "varint"
            case .fixed64: "fixed64"
            case .lengthDelimited: "length-delimited"
            case .startGroup: "start group"
            case .endGroup: "end group"
            case .fixed32: "fixed32"
            }
        }
    }

    /// A field's key, where its value starts.
    struct Field {
        var number: UInt64
        var wireType: WireType
        /// The offset of the key.
        var offset: Int
    }

    /// What went wrong, where: `path` names the message or field (`ModelProto.pieces[12].score`).
    struct Failure: Error {
        var path: String
        var message: String
    }

    let bytes: [UInt8]
    /// The path of the message being read (`ModelProto`, `ModelProto.trainer_spec`).
    let path: String
    private(set) var position: Int
    let end: Int

    init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
        position = 0
        end = bytes.count
    }

    private init(bytes: [UInt8], path: String, range: Range<Int>) {
        self.bytes = bytes
        self.path = path
        position = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { position >= end }

    /// The next field's key, or nil at the end of the message.
    mutating func nextField() throws(Failure) -> Field? {
        guard position < end else { return nil }
        let offset = position
        let key = try varint(named: nil)
        guard let wireType = WireType(rawValue: UInt8(key & 7)) else {
            throw Failure(path: path, message: "invalid wire type \(key & 7) at byte \(offset)")
        }
        let number = key >> 3
        guard number > 0 else { throw Failure(path: path, message: "invalid field number 0 at byte \(offset)") }
        return Field(number: number, wireType: wireType, offset: offset)
    }

    private func fail(_ name: String?, _ message: String) -> Failure {
        Failure(path: name.map { "\(path).\($0)" } ?? path, message: message)
    }

    private func expect(_ field: Field, _ wireType: WireType, _ name: String) throws(Failure) {
        guard field.wireType == wireType else {
            throw fail(name, "wire type \(field.wireType.rawValue) (\(field.wireType.name)) where \(wireType.rawValue) (\(wireType.name)) is expected, at byte \(field.offset)")
        }
    }

    private mutating func varint(named name: String?) throws(Failure) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < end else { throw fail(name, "truncated varint at byte \(start)") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw fail(name, "malformed varint (more than 10 bytes) at byte \(start)") }
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift += 7
        }
    }

    /// A varint field (int32, uint64, bool, enum).
    mutating func varint(_ field: Field, name: String) throws(Failure) -> UInt64 {
        try expect(field, .varint, name)
        return try varint(named: name)
    }

    /// An int32 field: the low 32 bits of its varint, as protobuf reads it.
    mutating func int32(_ field: Field, name: String) throws(Failure) -> Int32 {
        Int32(truncatingIfNeeded: try varint(field, name: name))
    }

    mutating func bool(_ field: Field, name: String) throws(Failure) -> Bool {
        try varint(field, name: name) != 0
    }

    /// A float field (fixed32).
    mutating func float(_ field: Field, name: String) throws(Failure) -> Float {
        try expect(field, .fixed32, name)
        guard end - position >= 4 else { throw fail(name, "truncated fixed32 at byte \(position)") }
        var bits: UInt32 = 0
        for k in 0..<4 { bits |= UInt32(bytes[position + k]) << (8 * UInt32(k)) }
        position += 4
        return Float(bitPattern: bits)
    }

    /// The byte range of a length-delimited field's value.
    mutating func lengthDelimited(_ field: Field, name: String) throws(Failure) -> Range<Int> {
        try expect(field, .lengthDelimited, name)
        let start = position
        let length = try varint(named: name)
        guard length <= UInt64(end - position) else {
            throw fail(name, "truncated: a length of \(length) bytes at byte \(start), \(end - position) left")
        }
        let range = position..<(position + Int(length))
        position = range.upperBound
        return range
    }

    /// A string or bytes field (protobuf 2 does not check strings for UTF-8).
    mutating func bytes(_ field: Field, name: String) throws(Failure) -> [UInt8] {
        Array(bytes[try lengthDelimited(field, name: name)])
    }

    /// A reader over an embedded message, named `path.name`.
    mutating func message(_ field: Field, name: String) throws(Failure) -> ProtobufReader {
        let range = try lengthDelimited(field, name: name)
        return ProtobufReader(bytes: bytes, path: "\(path).\(name)", range: range)
    }

    /// Skips a field this reader does not know.
    mutating func skip(_ field: Field) throws(Failure) {
        let name = "field \(field.number)"
        switch field.wireType {
        case .varint: _ = try varint(named: name)
        case .fixed64, .fixed32:
            let size = field.wireType == .fixed64 ? 8 : 4
            guard end - position >= size else { throw fail(name, "truncated \(field.wireType.name) at byte \(position)") }
            position += size
        case .lengthDelimited: _ = try lengthDelimited(field, name: name)
        case .startGroup:
            while true {
                guard let inner = try nextField() else {
                    throw fail(name, "group opened at byte \(field.offset) is never closed")
                }
                if inner.wireType == .endGroup {
                    guard inner.number == field.number else {
                        throw fail(name, "group \(field.number) closed as \(inner.number) at byte \(inner.offset)")
                    }
                    return
                }
                try skip(inner)
            }
        case .endGroup:
            throw fail(name, "unexpected end of group at byte \(field.offset)")
        }
    }
}

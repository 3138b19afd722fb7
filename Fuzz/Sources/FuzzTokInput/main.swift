import CFuzzGzip
import FuzzSupport

// `tok encode` reads its inputs with executable-internal types: this target compiles the same files
// (links to Sources/tok: ByteSource, RecordReader, MappedFileRegion, JSONLineField, CommandFailure; CZlib's
// shim is linked into Fuzz/Sources/CZlib).

let keys = [JSONLineField(key: "text"), JSONLineField(key: "content"), JSONLineField(key: "é\u{0}\"")]
let separators: [[UInt8]] = [[0x0A], [0x0A, 0x0A], Array("<|doc|>".utf8), [0x0D, 0x0A]]
let chunkSizes = [16, 61, 4096, 1 << 20]

/// Writes the input (after the first byte) to a file, plain or gzip-compressed, and reads it back as
/// `tok encode` does: ByteSource (gzip detected by its magic bytes), RecordReader in chunks (read or
/// mapped, cut on record boundaries, in groups of records), RecordSplitter, and for JSON Lines modes
/// JSONLineField on every record. The first byte picks: bits 0-1 the key (3 = plain text), bit 2 gzip,
/// bit 3 mapping, bits 4-5 the separator, bits 6-7 the chunk size (groups of 3 records for odd sizes).
///
/// Checked on every input: the chunks put together are the file's bytes (decompressed), each chunk starts
/// on the line its predecessors' newlines say, every chunk but the last ends with the separator, and the
/// records of the chunks are the records of the whole.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let mode = data[0]
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let keyIndex = Int(mode & 3)
    let gzip = mode & 4 != 0
    let mapping = mode & 8 != 0
    let separator = separators[Int(mode >> 4) & 3]
    let chunkSize = chunkSizes[Int(mode >> 6)]
    let recordsPerGroup = chunkSize == 61 ? 3 : 1

    let path = FuzzSupport.scratchFile("input", gzip ? [] : body)
    if gzip {
        precondition(fuzz_gzip_write(path, body, Int64(body.count)) == 0, "cannot write the gzip input")
    }
    var chunks: [[UInt8]] = []
    do {
        let source = try ByteSource(path: path)
        defer { source.close() }
        let reader = RecordReader(source: source, separator: separator, chunkSize: chunkSize,
                                  recordsPerGroup: recordsPerGroup, mapping: mapping)
        var line = 1
        while let chunk = try reader.next() {
            let bytes = chunk.bytes.withUnsafeBufferPointer { Array($0) }
            precondition(chunk.firstLine == line, "chunk starts at line \(chunk.firstLine), expected \(line)")
            line += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            chunks.append(bytes)
        }
    } catch is CommandFailure {
        // A plain input that starts with the gzip magic but is not gzip: refused with a message.
        precondition(!gzip, "a gzip input written by zlib was refused")
        return 0
    } catch {
        preconditionFailure("unexpected error \(error)")
    }

    // A plain body that happens to start with 1f 8b is read as gzip: nothing to compare it with.
    let isGzipMagic = !gzip && body.count >= 2 && body[0] == 0x1F && body[1] == 0x8B
    if !isGzipMagic {
        precondition(Array(chunks.joined()) == body, "the chunks are not the input")
    }
    for chunk in chunks.dropLast() where !chunk.isEmpty {
        precondition(chunk.count >= separator.count && Array(chunk.suffix(separator.count)) == separator,
                      "a chunk before the last does not end with the separator")
    }
    let splitter = RecordSplitter(separator: separator)
    var records: [[UInt8]] = []
    var text: [UInt8] = []
    for chunk in chunks {
        chunk.withUnsafeBufferPointer { buffer in
            splitter.forEachRecord(in: buffer) { range in
                let record = UnsafeBufferPointer(rebasing: buffer[range])
                records.append(Array(record))
                if keyIndex < keys.count {
                    text.removeAll(keepingCapacity: true)
                    _ = try? keys[keyIndex].extract(from: record, into: &text)
                }
            }
        }
    }
    if !isGzipMagic {
        var whole: [[UInt8]] = []
        body.withUnsafeBufferPointer { buffer in
            splitter.forEachRecord(in: buffer) { whole.append(Array(buffer[$0])) }
        }
        precondition(records == whole, "the records of the chunks are not the records of the input")
    }
    return 0
}

runFuzzer(fuzzOne)

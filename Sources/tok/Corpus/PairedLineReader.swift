import Foundation

/// The same lines of two inputs side by side: line i of `first` pairs with line i of `second`.
struct PairedChunk: Sendable {
    /// Whole lines of the first input (the sequences).
    let first: InputChunk
    /// As many whole lines of the second input (the second sequences of the pairs), from the same line on.
    let second: InputChunk
    /// The lines in each side.
    let lineCount: Int
}

/// Two inputs whose line counts differ, found when one of them ends before the other.
struct PairedLineCountMismatch: Error, CustomStringConvertible {
    let firstName: String
    let firstLines: Int
    let secondName: String
    let secondLines: Int

    var description: String { "--pairs \(secondName) has \(secondLines) lines but \(firstName) has \(firstLines)" }
}

/// Reads two inputs in step (`tok encode --pairs`), each in chunks of whole lines from its own
/// `RecordReader`, and hands out the same number of lines of both, so that memory stays bounded whatever
/// the inputs' sizes.
///
/// Each side keeps at most one chunk it has read and not yet handed out; every call hands out as many lines
/// as the shorter of the two holds (parts of a chunk share its bytes, nothing is copied). With
/// `linesPerGroup` > 1 every chunk but an input's last holds a multiple of that many lines, and so does
/// every `PairedChunk` but the last: batches of lines counted from an input's first line never straddle two.
final class PairedLineReader {
    /// One input: its reader, and the part of its last chunk not handed out yet.
    private struct Side {
        let reader: RecordReader
        let name: String
        var pending: InputChunk? = nil
        var pendingLines = 0
        var linesHandedOut = 0
        var ended = false

        /// Reads the next chunk unless one is pending or the input has ended.
        mutating func fill() throws {
            guard pending == nil && !ended else { return }
            guard let chunk = try reader.next() else {
                ended = true
                return
            }
            pending = chunk
            pendingLines = chunk.bytes.withUnsafeBufferPointer(PairedLineReader.countLines)
        }

        /// The first `count` pending lines; the rest stays pending.
        mutating func take(_ count: Int) -> InputChunk {
            let chunk = pending!
            linesHandedOut += count
            pendingLines -= count
            if pendingLines == 0 {
                pending = nil
                return chunk
            }
            let cut = chunk.bytes.withUnsafeBufferPointer { PairedLineReader.end(ofLines: count, in: $0) }
            pending = InputChunk(source: chunk.source, bytes: chunk.bytes[cut..<chunk.bytes.count],
                                 firstLine: chunk.firstLine + count, consumedOnDisk: chunk.consumedOnDisk)
            return InputChunk(source: chunk.source, bytes: chunk.bytes[0..<cut], firstLine: chunk.firstLine,
                              consumedOnDisk: chunk.consumedOnDisk)
        }

        /// Every line of the input: those handed out, those pending, and the rest (read to the end and counted).
        mutating func totalLines() throws -> Int {
            var total = linesHandedOut + pendingLines
            while let chunk = try reader.next() { total += chunk.bytes.withUnsafeBufferPointer(PairedLineReader.countLines) }
            return total
        }
    }

    private var first: Side
    private var second: Side

    /// - Parameters:
    ///   - chunkSize: about how many bytes each side reads at a time (`--chunk-bytes`).
    ///   - linesPerGroup: the batch size when padding to a batch's longest, else 1.
    init(first: ByteSource, second: ByteSource, chunkSize: Int, linesPerGroup: Int) {
        func reader(_ source: ByteSource) -> RecordReader {
            RecordReader(source: source, separator: [0x0A], chunkSize: chunkSize, recordsPerGroup: linesPerGroup, mapping: true)
        }
        self.first = Side(reader: reader(first), name: first.name)
        self.second = Side(reader: reader(second), name: second.name)
    }

    /// The next lines of both inputs, nil once both have ended; throws `PairedLineCountMismatch` when one
    /// ends before the other.
    func next() throws -> PairedChunk? {
        try first.fill()
        try second.fill()
        switch (first.pending != nil, second.pending != nil) {
        case (false, false):
            return nil
        case (true, true):
            let count = min(first.pendingLines, second.pendingLines)
            return PairedChunk(first: first.take(count), second: second.take(count), lineCount: count)
        default:
            throw PairedLineCountMismatch(firstName: first.name, firstLines: try first.totalLines(),
                                          secondName: second.name, secondLines: try second.totalLines())
        }
    }

    /// The lines of a chunk of whole lines: its "\n"s, plus a last line without one (only at an input's end).
    static func countLines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let newlines = RecordReader.countNewlines(bytes)
        return bytes.last.map { $0 == 0x0A ? newlines : newlines + 1 } ?? 0
    }

    /// The offset just past the `count`th "\n" of `bytes` (the end of `bytes` when it has fewer).
    static func end(ofLines count: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = 0
        for _ in 0..<count {
            guard offset < bytes.count,
                  let newline = memchr(bytes.baseAddress! + offset, 0x0A, bytes.count - offset) else { return bytes.count }
            offset = bytes.baseAddress!.distance(to: newline.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return offset
    }
}

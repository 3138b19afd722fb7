import Foundation

/// A piece of one input holding whole records (documents), cut so that a worker can encode it alone.
struct InputChunk: Sendable {
    /// The input's name, for messages.
    let source: String
    /// Whole records, each followed by the separator except possibly the input's last one.
    let bytes: [UInt8]
    /// The 1-based line number of the first byte in its input.
    let firstLine: Int
    /// How much of the input (bytes on disk) is consumed once this chunk is done, for progress.
    let consumedOnDisk: Int
}

/// The records of a chunk: the ranges between separators (found left to right, as one pass over the
/// whole input would find them). A separator at the very end does not start another record.
struct RecordSplitter: Sendable {
    let separator: [UInt8]

    func forEachRecord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) throws -> Void) rethrows {
        var start = 0
        var i = 0
        let n = bytes.count
        let first = separator[0]
        let length = separator.count
        while i < n {
            guard let p = memchr(bytes.baseAddress! + i, Int32(first), n - i) else { break }
            let at = bytes.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if length == 1 || (at + length <= n && memcmp(bytes.baseAddress! + at, separator, length) == 0) {
                try body(start..<at)
                start = at + length
                i = start
            } else {
                i = at + 1
            }
        }
        if start < n { try body(start..<n) }
    }
}

/// Reads an input in chunks of about `chunkSize` bytes that end on a record boundary (a record longer than
/// that makes its chunk longer). With `recordsPerGroup` > 1, every chunk but the last holds a multiple of
/// that many records (so that batches of records never straddle chunks).
final class RecordReader {
    private let source: ByteSource
    private let separator: [UInt8]
    private let chunkSize: Int
    private let recordsPerGroup: Int
    private var buffer: [UInt8] = []
    private var endOfInput = false
    private var nextLine = 1

    init(source: ByteSource, separator: [UInt8], chunkSize: Int = 1 << 20, recordsPerGroup: Int = 1) {
        precondition(!separator.isEmpty)
        self.source = source
        self.separator = separator
        self.chunkSize = chunkSize
        self.recordsPerGroup = max(1, recordsPerGroup)
    }

    /// The next chunk, or nil at the end of the input.
    func next() throws -> InputChunk? {
        var target = chunkSize
        while true {
            while !endOfInput && buffer.count < target {
                try fill(upTo: target)
            }
            if let cut = cutPoint() {
                let chunkBytes = Array(buffer[..<cut])
                buffer.removeSubrange(..<cut)
                return emit(chunkBytes)
            }
            if endOfInput {
                guard !buffer.isEmpty else { return nil }
                let chunkBytes = buffer
                buffer = []
                return emit(chunkBytes)
            }
            target *= 2 // one record longer than the chunk: read on
        }
    }

    private func emit(_ bytes: [UInt8]) -> InputChunk {
        let chunk = InputChunk(source: source.name, bytes: bytes, firstLine: nextLine,
                               consumedOnDisk: source.consumedOnDisk)
        nextLine += bytes.withUnsafeBufferPointer(Self.countNewlines)
        return chunk
    }

    private func fill(upTo target: Int) throws {
        let want = max(target - buffer.count, 64 * 1024)
        let oldCount = buffer.count
        buffer.reserveCapacity(oldCount + want)
        var got = 0
        buffer.append(contentsOf: repeatElement(0, count: want))
        got = try buffer.withUnsafeMutableBufferPointer { all in
            try source.read(into: UnsafeMutableBufferPointer(rebasing: all[oldCount...]))
        }
        buffer.removeSubrange((oldCount + got)...)
        if got == 0 { endOfInput = true }
    }

    /// Where the chunk ends: after the last separator that closes a whole group of records.
    private func cutPoint() -> Int? {
        buffer.withUnsafeBufferPointer { bytes -> Int? in
            if recordsPerGroup == 1 && separator.count == 1 {
                let byte = separator[0]
                var i = bytes.count - 1
                while i >= 0 && bytes[i] != byte { i -= 1 }
                return i >= 0 ? i + 1 : nil
            }
            var records = 0
            var cut: Int? = nil
            RecordSplitter(separator: separator).forEachRecord(in: bytes) { range in
                // Only records closed by a separator count; the open tail may continue in the next read.
                guard range.upperBound < bytes.count else { return }
                records += 1
                if records % recordsPerGroup == 0 { cut = range.upperBound + separator.count }
            }
            return cut
        }
    }

    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        var i = 0
        while i < bytes.count {
            guard let p = memchr(bytes.baseAddress! + i, 0x0A, bytes.count - i) else { break }
            count += 1
            i = bytes.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return count
    }
}

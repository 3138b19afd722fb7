import Foundation

/// A piece of one input holding whole records (documents), cut so that a worker can encode it alone.
struct InputChunk: Sendable {
    /// The input's name, for messages.
    let source: String
    /// Whole records, each followed by the separator except possibly the input's last one.
    let bytes: ChunkBytes
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
        var position = 0
        while let record = nextRecord(in: bytes, from: &position) { try body(record) }
    }

    /// The record starting at `position` (nil once `position` is at the end), with `position` moved past
    /// the separator that ends it. An empty record lies between two adjacent separators; none follows a
    /// separator at the very end.
    @inline(__always)
    func nextRecord(in bytes: UnsafeBufferPointer<UInt8>, from position: inout Int) -> Range<Int>? {
        let n = bytes.count
        let start = position
        guard start < n else { return nil }
        let first = separator[0]
        let length = separator.count
        var i = start
        while i < n {
            guard let p = memchr(bytes.baseAddress! + i, Int32(first), n - i) else { break }
            let at = bytes.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
            if length == 1 || (at + length <= n && memcmp(bytes.baseAddress! + at, separator, length) == 0) {
                position = at + length
                return start..<at
            }
            i = at + 1
        }
        position = n
        return start..<n
    }
}

/// Line numbers of positions in a chunk, counted only as far as asked (for messages, and for the
/// documents of padded batches).
struct LineCounter {
    let bytes: UnsafeBufferPointer<UInt8>
    private var countedUpTo = 0
    private var line: Int

    init(bytes: UnsafeBufferPointer<UInt8>, firstLine: Int) {
        self.bytes = bytes
        line = firstLine
    }

    /// The line of the byte at `offset` (offsets asked in increasing order).
    mutating func line(at offset: Int) -> Int {
        line += RecordReader.countNewlines(UnsafeBufferPointer(rebasing: bytes[countedUpTo..<offset]))
        countedUpTo = offset
        return line
    }
}

/// Reads an input in chunks of about `chunkSize` bytes that end on a record boundary (a record longer than
/// that makes its chunk longer). With `recordsPerGroup` > 1, every chunk but the last holds a multiple of
/// that many records (so that batches of records never straddle chunks). With `mapping`, a regular file is
/// mapped a chunk at a time instead of read.
final class RecordReader {
    private let source: ByteSource
    private let separator: [UInt8]
    private let chunkSize: Int
    private let recordsPerGroup: Int
    /// Bytes read after the last chunk's cut: the start of its next record.
    private var carry: [UInt8] = []
    private var endOfInput = false
    private var nextLine = 1
    /// For a mapped file: its size, and where the next chunk starts.
    private var mappedSize: Int?
    private var mappedOffset = 0

    init(source: ByteSource, separator: [UInt8], chunkSize: Int = 1 << 20, recordsPerGroup: Int = 1, mapping: Bool = false) {
        precondition(!separator.isEmpty)
        self.source = source
        self.separator = separator
        self.chunkSize = chunkSize
        self.recordsPerGroup = max(1, recordsPerGroup)
        mappedSize = mapping ? source.mappableSize : nil
    }

    /// The next chunk, or nil at the end of the input.
    ///
    /// Performance notes: this runs on the one reader thread, beside the workers. The input is read
    /// straight into the chunk's own array (no zero-filling, no second copy), and only the open record
    /// after the cut is copied, to start the next chunk.
    func next() throws -> InputChunk? {
        if let mappedSize { return try nextMapped(size: mappedSize) }
        var target = chunkSize
        while true {
            var bytes = try read(upTo: target)
            if let cut = bytes.withUnsafeBufferPointer(cutPoint) {
                carry = Array(bytes[cut...])
                bytes.removeSubrange(cut...)
                return emit(ChunkBytes(bytes), consumedOnDisk: source.consumedOnDisk)
            }
            if endOfInput {
                carry = []
                return bytes.isEmpty ? nil : emit(ChunkBytes(bytes), consumedOnDisk: source.consumedOnDisk)
            }
            // One record longer than the chunk: keep it all and read on.
            carry = bytes
            target = 2 * max(target, bytes.count)
        }
    }

    /// The next chunk of a mapped file: mapped as far as the chunk size, cut, and the rest left for the
    /// next chunk (whose mapping starts at the page the cut is in).
    private func nextMapped(size: Int) throws -> InputChunk? {
        guard mappedOffset < size else { return nil }
        var length = min(chunkSize, size - mappedOffset)
        while true {
            let region: MappedFileRegion
            do {
                region = try source.map(offset: mappedOffset, length: length)
            } catch where mappedOffset == 0 {
                // Some files cannot be mapped (those of sysfs, say): read them instead.
                mappedSize = nil
                return try next()
            }
            let atEnd = mappedOffset + length == size
            if let cut = atEnd ? length : cutPoint(region.bytes) {
                let chunk = emit(ChunkBytes(region, range: 0..<cut), consumedOnDisk: mappedOffset + cut)
                mappedOffset += cut
                return chunk
            }
            // One record longer than the chunk: map more.
            length = min(2 * length, size - mappedOffset)
        }
    }

    private func emit(_ bytes: ChunkBytes, consumedOnDisk: Int) -> InputChunk {
        let chunk = InputChunk(source: source.name, bytes: bytes, firstLine: nextLine, consumedOnDisk: consumedOnDisk)
        nextLine += bytes.withUnsafeBufferPointer(Self.countNewlines)
        return chunk
    }

    /// The carried bytes followed by what the input gives, up to `target` bytes in all (fewer at its end).
    private func read(upTo target: Int) throws -> [UInt8] {
        let capacity = max(target, carry.count + 64 * 1024)
        return try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = carry.withUnsafeBufferPointer { carried in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(carried))
                return carried.count
            }
            while count < target && !endOfInput {
                let got = try source.read(into: UnsafeMutableBufferPointer(rebasing: buffer[count..<capacity]))
                if got == 0 { endOfInput = true }
                count += got
            }
        }
    }

    /// Where the chunk ends: after the last separator that closes a whole group of records.
    private func cutPoint(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
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

    /// The number of "\n" bytes, eight at a time: a byte of `x ^ 0x0A0A…` is zero exactly where `x` has a
    /// newline, and `~(((v & 0x7F…) + 0x7F…) | v | 0x7F…)` keeps the top bit of exactly the zero bytes.
    static func countNewlines(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        // Sixteen bytes per step: lane-wise compares summed in byte lanes, widened every 255 steps before
        // a lane could wrap (callgrind, 10 MB of English: the 8-byte SWAR loop before it took 4
        // instructions per byte).
        let n = bytes.count
        guard let base = bytes.baseAddress else { return 0 }
        let newline = SIMD16<UInt8>(repeating: 0x0A)
        let one = SIMD16<UInt8>(repeating: 1)
        var count = 0
        var i = 0
        while i + 16 <= n {
            var lanes = SIMD16<UInt8>()
            var steps = 0
            while steps < 255 && i + 16 <= n {
                let block = UnsafeRawPointer(base + i).loadUnaligned(as: SIMD16<UInt8>.self)
                lanes &+= one.replacing(with: 0, where: block .!= newline)
                i += 16
                steps += 1
            }
            count += Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while i < n {
            if base[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }
}

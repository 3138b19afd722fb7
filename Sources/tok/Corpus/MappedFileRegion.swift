#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of part of a file, unmapped when the last chunk using it is gone.
///
/// Reading a regular file through `read(2)` copies every byte from the page cache into a fresh buffer
/// (on the one reader thread: `_copy_to_iter` was 3% of all samples, cl100k, 60 MB); a mapping hands the
/// workers the page cache itself. Mappings are made one chunk at a time, so memory stays bounded however
/// large the file is.
final class MappedFileRegion: @unchecked Sendable {
    /// The mapped bytes of the file from `offset` on (the mapping itself starts at the page below it).
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapping: UnsafeMutableRawPointer
    private let mappingLength: Int

    /// Maps `length` bytes of the open file `descriptor` from `offset`; throws with `name` for messages.
    init(descriptor: Int32, offset: Int, length: Int, name: String) throws {
        precondition(length > 0)
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset / page * page
        mappingLength = offset - start + length
        guard let mapped = mmap(nil, mappingLength, PROT_READ, MAP_PRIVATE, descriptor, off_t(start)),
              mapped != MAP_FAILED else {
            throw CommandFailure("\(name): cannot map: \(String(cString: strerror(errno)))")
        }
        mapping = mapped
        // Read once, front to back: ask for read-ahead.
        _ = madvise(mapped, mappingLength, MADV_SEQUENTIAL)
        bytes = UnsafeBufferPointer(start: mapped.advanced(by: offset - start).assumingMemoryBound(to: UInt8.self),
                                    count: length)
    }

    deinit { munmap(mapping, mappingLength) }
}

/// The bytes of a chunk: an array of their own (inputs read in pieces) or a part of a file mapping.
struct ChunkBytes: Sendable {
    private let storage: [UInt8]
    private let region: MappedFileRegion?
    private let range: Range<Int>

    init(_ array: [UInt8]) {
        storage = array
        region = nil
        range = 0..<array.count
    }

    /// The bytes at `range` of a mapped region (kept mapped while this value lives).
    init(_ region: MappedFileRegion, range: Range<Int>) {
        storage = []
        self.region = region
        self.range = range
    }

    private init(storage: [UInt8], region: MappedFileRegion?, range: Range<Int>) {
        self.storage = storage
        self.region = region
        self.range = range
    }

    var count: Int { range.count }

    /// The bytes at `part` (offsets into these bytes), sharing their storage or mapping: no copy.
    subscript(part: Range<Int>) -> ChunkBytes {
        precondition(part.lowerBound >= 0 && part.upperBound <= range.count)
        return ChunkBytes(storage: storage, region: region,
                          range: (range.lowerBound + part.lowerBound)..<(range.lowerBound + part.upperBound))
    }

    func withUnsafeBufferPointer<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let region { return try body(UnsafeBufferPointer(rebasing: region.bytes[range])) }
        return try storage.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// The bytes as an array (a copy when they are mapped or a part of a larger array).
    var array: [UInt8] { region == nil && range == storage.indices ? storage : withUnsafeBufferPointer { Array($0) } }
}

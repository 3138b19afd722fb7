#if canImport(CZlib)
import CZlib
#else
import CFuzzZlib  // the same shim, as the fuzz package (Fuzz/Package.swift) names it
#endif
import Foundation

#if canImport(Glibc)
import Glibc
/// The C library's `read` and `close` (named through their module: the type below has its own `read`/`close`).
private let systemRead = Glibc.read
private let systemClose = Glibc.close
#elseif canImport(Darwin)
import Darwin
private let systemRead = Darwin.read
private let systemClose = Darwin.close
#endif

/// The bytes of one input, read in pieces: a file, standard input, or either one gzip-compressed
/// (recognised by its magic bytes, whatever the name), decompressed by zlib on the way.
final class ByteSource {
    /// How the input is named in messages.
    let name: String
    /// The size on disk when known (regular files), for progress.
    let sizeOnDisk: Int?
    private let descriptor: Int32
    private var gzip: UnsafeMutableRawPointer?
    /// Bytes read ahead to look for the gzip magic, returned by the first reads.
    private var pending: [UInt8] = []
    private var plainOffset = 0
    private var closed = false

    /// - Parameter detectingGzip: look for the gzip magic (text inputs); false reads the bytes as they are.
    init(path: String, detectingGzip: Bool = true) throws {
        if path == "-" {
            name = "<stdin>"
            descriptor = dup(STDIN_FILENO)
            sizeOnDisk = nil
        } else {
            name = path
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw CommandFailure("\(path): cannot open: \(String(cString: strerror(errno)))") }
            var info = stat()
            if fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                _ = systemClose(descriptor)
                throw CommandFailure("\(path): is a directory")
            }
            sizeOnDisk = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        }
        // Peek at two bytes: 1f 8b starts a gzip stream.
        var head = [UInt8](repeating: 0, count: 2)
        var got = 0
        while got < 2 {
            let n = head.withUnsafeMutableBytes { systemRead(descriptor, $0.baseAddress! + got, 2 - got) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw CommandFailure("\(name): cannot read: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            got += n
        }
        pending = Array(head[0..<got])
        if detectingGzip && pending == [0x1F, 0x8B] {
            // zlib must see the stream from its start: rewind a file, or hand over the peeked bytes.
            if lseek(descriptor, 0, SEEK_SET) == 0 {
                pending = []
                gzip = czlib_open_fd(descriptor)
            } else {
                throw CommandFailure("\(name): gzip input must be a file, not a pipe (decompress it with `gunzip -c` first)")
            }
            guard gzip != nil else { throw CommandFailure("\(name): cannot open as gzip") }
        }
    }

    deinit { close() }

    /// The size of a file that can be mapped (a regular file, not gzip-compressed, nothing read yet beyond
    /// the peek); nil for pipes, standard input and gzip, and for files that say they are empty (those of
    /// /proc say so and yet have bytes to read).
    var mappableSize: Int? {
        guard gzip == nil, plainOffset == 0, let sizeOnDisk, sizeOnDisk > 0 else { return nil }
        return sizeOnDisk
    }

    /// Maps `length` bytes from `offset` (of a file with a `mappableSize`).
    func map(offset: Int, length: Int) throws -> MappedFileRegion {
        try MappedFileRegion(descriptor: descriptor, offset: offset, length: length, name: name)
    }

    /// Input consumed so far, in bytes on disk (compressed bytes for gzip), for progress.
    var consumedOnDisk: Int {
        if let gzip { return Int(czlib_compressed_offset(gzip)) }
        return plainOffset
    }

    /// Reads up to `buffer.count` bytes; 0 at the end.
    func read(into buffer: UnsafeMutableBufferPointer<UInt8>) throws -> Int {
        if !pending.isEmpty {
            let n = min(pending.count, buffer.count)
            for i in 0..<n { buffer[i] = pending[i] }
            pending.removeFirst(n)
            plainOffset += n
            return n
        }
        if let gzip {
            let n = czlib_read(gzip, buffer.baseAddress!, UInt32(min(buffer.count, Int(Int32.max))))
            guard n >= 0 else { throw CommandFailure("\(name): corrupt gzip data: \(String(cString: czlib_error(gzip)))") }
            return Int(n)
        }
        while true {
            let n = systemRead(descriptor, buffer.baseAddress!, buffer.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw CommandFailure("\(name): cannot read: \(String(cString: strerror(errno)))") }
            plainOffset += n
            return n
        }
    }

    func close() {
        guard !closed else { return }
        closed = true
        if let gzip { czlib_close(gzip) } else { _ = systemClose(descriptor) }
    }
}

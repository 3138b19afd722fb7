import Foundation
import TokenizerKit

/// The lines of the inputs: UTF-8 text split on "\n" only ("\r" stays part of a line). A final line
/// without "\n" counts; a final "\n" does not start another line.
struct InputFile {
    let name: String
    let data: [UInt8]
    /// Start offsets of every line, plus one past the end of the last line's terminator position.
    let lineStarts: [Int]
    let lineEnds: [Int]

    var lineCount: Int { lineStarts.count }

    static func read(_ path: String) throws -> InputFile {
        let data: [UInt8]
        if path == "-" {
            data = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        } else {
            try requireFile(path)
            // FileHandle rather than FileManager.contents: devices and pipes (/dev/null, <(…)) read too.
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw CommandFailure("\(path): cannot read (permission denied?)")
            }
            defer { try? handle.close() }
            do {
                data = [UInt8](try handle.readToEnd() ?? Data())
            } catch {
                throw CommandFailure("\(path): cannot read: \(error.localizedDescription)")
            }
        }
        return try InputFile(name: path == "-" ? "<stdin>" : path, data: data)
    }

    /// Fails with "PATH: no such file" or "PATH: is a directory" unless `path` names a file.
    static func requireFile(_ path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure("\(path): is a directory") }
    }

    init(name: String, data: [UInt8]) throws {
        self.name = name
        self.data = data
        var starts: [Int] = []
        var ends: [Int] = []
        starts.reserveCapacity(data.count / 40 + 1)
        ends.reserveCapacity(data.count / 40 + 1)
        var start = 0
        data.withUnsafeBufferPointer { buffer in
            var i = 0
            while i < buffer.count {
                if buffer[i] == 0x0A {
                    starts.append(start)
                    ends.append(i)
                    start = i + 1
                }
                i += 1
            }
        }
        if start < data.count {
            starts.append(start)
            ends.append(data.count)
        }
        lineStarts = starts
        lineEnds = ends
        // Validate UTF-8 up front: nothing partial is written for a file that turns out to be bad.
        try data.withUnsafeBufferPointer { buffer in
            if let bad = InputFile.firstInvalidUTF8(buffer) {
                var line = 1
                for i in 0..<bad where buffer[i] == 0x0A { line += 1 }
                throw CommandFailure("\(name):\(line): invalid UTF-8")
            }
        }
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            // Eight ASCII bytes at a time (callgrind, 10 MB of English: 10 → 2 instructions per byte).
            while i + 8 <= n, UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var length = 0
            var minimum: UInt32 = 0
            var value: UInt32 = 0
            switch c {
            case 0xC2...0xDF: length = 2; minimum = 0x80; value = UInt32(c & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; value = UInt32(c & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; value = UInt32(c & 0x07)
            default: return i
            }
            if i + length > n { return i }
            for k in 1..<length {
                let d = b[i + k]
                if d & 0xC0 != 0x80 { return i }
                value = value << 6 | UInt32(d & 0x3F)
            }
            if value < minimum || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) { return i }
            i += length
        }
        return nil
    }
}

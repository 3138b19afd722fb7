import Foundation
import TokenizerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file or standard input read as it arrives: each `nextChunk` returns what one `read(2)` gives, so a
/// pipe's bytes are seen as soon as the writer sends them, not when it closes the pipe.
final class IDReader {
    let name: String
    private let descriptor: Int32
    private let ownsDescriptor: Bool

    init(path: String) throws {
        if path == "-" {
            name = "<stdin>"
            descriptor = STDIN_FILENO
            ownsDescriptor = false
            return
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("\(path): no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure("\(path): is a directory") }
        let opened = open(path, O_RDONLY)
        guard opened >= 0 else { throw CommandFailure("\(path): cannot read: \(String(cString: strerror(errno)))") }
        name = path
        descriptor = opened
        ownsDescriptor = true
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
    }

    /// Fills the start of `buffer` with the next bytes; returns how many (0 at the end of the input).
    func nextChunk(into buffer: inout [UInt8]) throws -> Int {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw CommandFailure("\(name): cannot read: \(String(cString: strerror(errno)))")
        }
    }
}

/// `tok decode --stream`: ids separated by whitespace or newlines go one by one through a `DecodeStream`;
/// the text each completes is written and flushed before the next read.
struct StreamingIDDecoder {
    private let tokenizer: Tokenizer
    private let skippingSpecialTokens: Bool
    private let sink: OutputSink
    private var stream: DecodeStream
    /// The ids that completed the last piece written, and those fed since: what the stream still holds
    /// back is `decode(lastGroup + pending)` beyond `decode(lastGroup)` (the stream's own window).
    private var lastGroup: [UInt32] = []
    private var pending: [UInt32] = []

    /// The longest text an id can take (UInt32.max has 10 digits); anything longer is not an id.
    private static let longestIDText = 10

    init(tokenizer: Tokenizer, skippingSpecialTokens: Bool, sink: OutputSink) {
        self.tokenizer = tokenizer
        self.skippingSpecialTokens = skippingSpecialTokens
        self.sink = sink
        stream = tokenizer.decodeStream(skippingSpecialTokens: skippingSpecialTokens)
    }

    /// Decodes every id of `reader` as it arrives. Lines and items (ids within a line) count from 1 for
    /// each input, in error messages.
    mutating func decode(_ reader: IDReader) throws {
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var item: [UInt8] = []
        var line = 1
        var itemNumber = 0
        var out: [UInt8] = []
        do {
            while true {
                let count = try reader.nextChunk(into: &buffer)
                if count == 0 { break }
                for byte in buffer[..<count] {
                    switch byte {
                    case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D:
                        if !item.isEmpty {
                            itemNumber += 1
                            try feed(item, at: reader.name, line: line, item: itemNumber, into: &out)
                            item.removeAll(keepingCapacity: true)
                        }
                        if byte == 0x0A {
                            line += 1
                            itemNumber = 0
                        }
                    default:
                        item.append(byte)
                        if item.count > StreamingIDDecoder.longestIDText {
                            let text = String(decoding: item, as: UTF8.self)
                            throw CommandFailure("\(reader.name):\(line): `\(text)…` (item \(itemNumber + 1)) is not a token id")
                        }
                    }
                }
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
                try sink.flush()
            }
            if !item.isEmpty {
                try feed(item, at: reader.name, line: line, item: itemNumber + 1, into: &out)
            }
        } catch {
            // The text of the ids before the bad one is still written, as it would have been in a pipe.
            try? sink.write(out)
            throw error
        }
        try sink.write(out)
        try sink.flush()
    }

    private mutating func feed(_ item: [UInt8], at name: String, line: Int, item number: Int, into out: inout [UInt8]) throws {
        let text = String(decoding: item, as: UTF8.self)
        guard item.allSatisfy({ (0x30...0x39).contains($0) }), let id = UInt32(text) else {
            throw CommandFailure("\(name):\(line): `\(text)` (item \(number)) is not a token id")
        }
        let piece: String?
        do {
            piece = try stream.step(id)
        } catch {
            throw CommandFailure("\(name):\(line): item \(number): \(fail(error).description)")
        }
        pending.append(id)
        if let piece {
            out.append(contentsOf: piece.utf8)
            swap(&lastGroup, &pending)
            pending.removeAll(keepingCapacity: true)
        }
    }

    /// At the end of all inputs: writes what the stream still holds back (ids that end inside a character),
    /// as decoding all the ids at once gives it.
    mutating func finish() throws {
        guard !pending.isEmpty else { return }
        let whole = Array(try tokenizer.decode(lastGroup + pending, skippingSpecialTokens: skippingSpecialTokens).utf8)
        let written = Array(try tokenizer.decode(lastGroup, skippingSpecialTokens: skippingSpecialTokens).utf8)
        guard whole.starts(with: written) else {
            throw CommandFailure("end of input: the last \(pending.count) ids change text already written")
        }
        try sink.write(Array(whole[written.count...]))
        try sink.flush()
        pending.removeAll()
    }
}

import Foundation
import TokenizerKit

/// Turns the chunks of lines `RecordReader` reads into the `TextChunk`s a `WordCounter` counts for
/// `tok train`: the lines themselves (each, newline included, one sequence), or with `--jsonl-key` the string
/// of each JSON line, with `--on-invalid-utf8` applied.
///
/// Under `error` a chunk is passed on unchecked: the counter checks every sequence anyway and stops on the
/// first invalid one with its file and line, which `tok train` reports as `InvalidUTF8Policy.failure`. Under
/// `replace` and `skip` each chunk is checked here first (one pass of `InputFile.firstInvalidUTF8`); a chunk
/// with an invalid line is rebuilt, and one that loses a line is cut in two around it, so that every
/// `TextChunk` still starts on its true line.
struct TrainingChunker {
    let field: JSONLineField?
    let invalidUTF8: InvalidUTF8Policy

    /// Lines left out (`skip`) and lines repaired (`replace`) so far.
    private(set) var skippedLines = 0
    private(set) var replacedLines = 0

    init(jsonlKey: String?, invalidUTF8: InvalidUTF8Policy) {
        field = jsonlKey.map(JSONLineField.init(key:))
        self.invalidUTF8 = invalidUTF8
    }

    /// The sequences of `chunk`, in order.
    /// - Throws: `CommandFailure` naming the file and line of a JSON line that is not an object with the key's
    ///   string.
    mutating func textChunks(_ chunk: InputChunk) throws -> [TextChunk] {
        if let field { return try jsonlChunks(chunk, field: field) }
        if invalidUTF8 == .error { return [TextChunk(lines: chunk.bytes.array, source: chunk.source, firstLine: chunk.firstLine)] }
        return chunk.bytes.withUnsafeBufferPointer { lineChunks($0, source: chunk.source, firstLine: chunk.firstLine) }
    }

    /// Plain lines under `replace` or `skip` (never called under `error`): the valid runs of lines are copied
    /// as they are (a valid chunk whole), each invalid line repaired or left out.
    private mutating func lineChunks(_ bytes: UnsafeBufferPointer<UInt8>, source: String, firstLine: Int) -> [TextChunk] {
        guard var bad = InputFile.firstInvalidUTF8(bytes) else {
            return [TextChunk(lines: Array(bytes), source: source, firstLine: firstLine)]
        }
        var chunks: [TextChunk] = []
        var lines: [UInt8] = []
        var linesStart = firstLine
        var position = 0
        var line = firstLine
        while true {
            // The invalid line: from after the "\n" before `bad` to after the "\n" after it.
            var lineStart = bad
            while lineStart > position && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
            var lineEnd = bad
            while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
            lineEnd = min(lineEnd + 1, bytes.count)
            let valid = UnsafeBufferPointer(rebasing: bytes[position..<lineStart])
            lines.append(contentsOf: valid)
            line += RecordReader.countNewlines(valid)
            let invalid = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            if invalidUTF8 == .skip {
                if !lines.isEmpty { chunks.append(TextChunk(lines: lines, source: source, firstLine: linesStart)) }
                lines = []
                linesStart = line + 1
                skippedLines += 1
            } else {
                // The line's "\n" ends any invalid sequence before it, so it is kept as it is.
                lines.append(contentsOf: InvalidUTF8Policy.repaired(invalid).utf8)
                replacedLines += 1
            }
            line += 1
            position = lineEnd
            guard let next = InputFile.firstInvalidUTF8(UnsafeBufferPointer(rebasing: bytes[position...])) else { break }
            bad = position + next
        }
        lines.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[position...]))
        if !lines.isEmpty { chunks.append(TextChunk(lines: lines, source: source, firstLine: linesStart)) }
        return chunks
    }

    /// JSON lines: each line's field is one sequence (a blank line an empty one, so that sequence i stays on
    /// line `firstLine + i`); under `replace` an invalid field is repaired, under `skip` it is left out and
    /// the chunk cut around its line.
    private mutating func jsonlChunks(_ chunk: InputChunk, field: JSONLineField) throws -> [TextChunk] {
        var chunks: [TextChunk] = []
        var text: [UInt8] = []
        var records: [Range<Int>] = []
        var recordsStart = chunk.firstLine
        var line = chunk.firstLine
        try chunk.bytes.withUnsafeBufferPointer { bytes in
            try RecordSplitter(separator: [0x0A]).forEachRecord(in: bytes) { range in
                defer { line += 1 }
                let record = UnsafeBufferPointer(rebasing: bytes[range])
                let start = text.count
                if !record.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    do {
                        try field.extract(from: record, into: &text)
                    } catch let failure as JSONLineField.Failure {
                        throw CommandFailure("\(chunk.source):\(line): \(failure.message)")
                    }
                }
                if invalidUTF8 != .error,
                   text.withUnsafeBufferPointer({ InputFile.firstInvalidUTF8(UnsafeBufferPointer(rebasing: $0[start...])) }) != nil {
                    if invalidUTF8 == .skip {
                        text.removeSubrange(start...)
                        if !records.isEmpty {
                            chunks.append(TextChunk(bytes: text, records: records, source: chunk.source, firstLine: recordsStart))
                        }
                        text = []
                        records = []
                        recordsStart = line + 1
                        skippedLines += 1
                        return
                    }
                    let repaired = text.withUnsafeBufferPointer { InvalidUTF8Policy.repaired(UnsafeBufferPointer(rebasing: $0[start...])) }
                    text.replaceSubrange(start..., with: repaired.utf8)
                    replacedLines += 1
                }
                records.append(start..<text.count)
            }
        }
        if !records.isEmpty { chunks.append(TextChunk(bytes: text, records: records, source: chunk.source, firstLine: recordsStart)) }
        return chunks
    }
}

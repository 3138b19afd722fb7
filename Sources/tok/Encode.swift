import ArgumentParser
import Dispatch
import Foundation
import TokenizerKit

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode text, one example per line, into token ids.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case ids, jsonl, bin }
    enum OffsetsUnit: String, ExpressibleByArgument, CaseIterable { case chars, bytes }

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @Option(help: "Output format: ids (space-separated ids per line), jsonl (one JSON object per line), bin (little-endian ids).")
    var format: Format = .ids

    @Option(help: "Fields for --format jsonl, comma-separated: \(EncodingField.allCases.map(\.rawValue).joined(separator: ",")).")
    var fields: String = "ids,tokens,offsets"

    @Flag(help: "Add the special tokens of the post-processor (e.g. <s> … </s>).")
    var addSpecialTokens = false

    @Option(help: "A second file whose lines are the second sequences of pairs (line i pairs with line i).")
    var pairs: String?

    @Option(help: "Worker threads (default: all cores).")
    var threads: Int?

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    @Option(help: "Offsets in Unicode scalars (chars, as the reference's Python package) or UTF-8 bytes.")
    var offsets: OffsetsUnit = .chars

    @Option(help: "With --format bin: append this token after every document.")
    var appendEos: String?

    @OptionGroup(title: "Truncation and padding (they replace the tokenizer file's own settings)")
    var lengthOptions: LengthOptions

    @Argument(help: "Input files (UTF-8, one example per line); none or - reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        _ = try parsedFields()
        if appendEos != nil && format != .bin { throw ValidationError("--append-eos goes with --format bin") }
    }

    func parsedFields() throws -> [EncodingField] {
        try fields.split(separator: ",").map { name in
            guard let field = EncodingField(rawValue: String(name)) else {
                throw ValidationError("unknown field `\(name)` (known: \(EncodingField.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return field
        }
    }

    func run() throws {
        do {
            try execute()
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("tok encode: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }

    private func execute() throws {
        var tokenizer = try tokenizerOptions.load()
        try lengthOptions.apply(to: &tokenizer)
        let fields = try parsedFields()
        let workerCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        var eosID: UInt32? = nil
        if let appendEos {
            guard let id = tokenizer.id(forToken: appendEos) else { throw CommandFailure("--append-eos: `\(appendEos)` is not a token of this vocabulary") }
            eosID = id
        }
        let pairFile = try pairs.map(InputFile.read)
        let sink = try OutputSink(path: output)
        var committed = false
        defer { if !committed { sink.abandon() } }
        let writer = EncodedLineWriter(tokenizer: tokenizer, format: format, fields: fields,
                                       addSpecialTokens: addSpecialTokens, byteOffsets: offsets == .bytes,
                                       eosID: eosID, batchSize: lengthOptions.paddingBatchSize)
        // Truncation and padding cut and extend every array of an encoding, token strings included.
        let needsTokenStrings = tokenizer.truncation != nil || tokenizer.padding != nil
            || (format == .jsonl && (fields.contains(.tokens) || fields.contains(.offsets)))
        var workspaces = (0..<workerCount).map { _ -> EncodingWorkspace in
            var w = EncodingWorkspace()
            w.includesTokenStrings = needsTokenStrings
            return w
        }
        for path in (inputs.isEmpty ? ["-"] : inputs) {
            let file = try InputFile.read(path)
            if let pairFile, pairFile.lineCount != file.lineCount {
                throw CommandFailure("--pairs \(pairFile.name) has \(pairFile.lineCount) lines but \(file.name) has \(file.lineCount)")
            }
            try writer.encode(file, pairs: pairFile, workers: &workspaces, into: sink)
        }
        try sink.commit()
        committed = true
    }
}

/// The fields `--format jsonl` can write.
enum EncodingField: String, CaseIterable {
    case ids, tokens, offsets
    case typeIDs = "type_ids"
    case specialTokensMask = "special_tokens_mask"
    case attentionMask = "attention_mask"
    case wordIDs = "word_ids"
    case decoded
    /// The parts truncation cut off, each an object with the same fields (`--format jsonl` only).
    case overflowing
}

/// Encodes the lines of a file in parallel blocks and writes them in input order.
///
/// With `batchSize` (`--padding longest`), the lines of each file are cut into batches of `batchSize`
/// consecutive lines counted from its first line, and each batch is encoded as one `encode(batch:)`, so
/// padding depends on the batch alone, never on `--threads` or on where a block ends.
struct EncodedLineWriter: Sendable {
    let tokenizer: Tokenizer
    let format: Encode.Format
    let fields: [EncodingField]
    let addSpecialTokens: Bool
    let byteOffsets: Bool
    let eosID: UInt32?
    let batchSize: Int?

    /// Lines per block: large enough to keep every core busy, small enough to bound memory.
    static let blockLines = 16_384

    func encode(_ file: InputFile, pairs: InputFile?, workers: inout [EncodingWorkspace], into sink: OutputSink) throws {
        let total = file.lineCount
        let batch = batchSize ?? 1
        // Whole batches per block, so that blocks never split a batch.
        let blockLines = max(1, EncodedLineWriter.blockLines / batch) * batch
        var blockStart = 0
        let workerCount = workers.count
        let bytesPerID = tokenizer.vocabularySize <= 65536 ? 2 : 4
        while blockStart < total {
            let blockEnd = min(blockStart + blockLines, total)
            // Work is split by batches (by lines without batching).
            let units = (blockEnd - blockStart + batch - 1) / batch
            let chunks = min(workerCount, units)
            var outputs = [[UInt8]](repeating: [], count: chunks)
            var failures = [Error?](repeating: nil, count: chunks)
            let base = blockStart
            outputs.withUnsafeMutableBufferPointer { outputBuffer in
                workers.withUnsafeMutableBufferPointer { workerBuffer in
                  failures.withUnsafeMutableBufferPointer { failureBuffer in
                    nonisolated(unsafe) let out = outputBuffer
                    nonisolated(unsafe) let ws = workerBuffer
                    nonisolated(unsafe) let failed = failureBuffer
                    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                        let lo = base + units * chunk / chunks * batch
                        let hi = min(base + units * (chunk + 1) / chunks * batch, blockEnd)
                        var bytes: [UInt8] = []
                        bytes.reserveCapacity((hi - lo) * 64)
                        if batchSize != nil {
                            var start = lo
                            while start < hi {
                                let end = min(start + batch, hi)
                                do {
                                    try encodeBatch(start..<end, of: file, pairs: pairs, into: &bytes, bytesPerID: bytesPerID)
                                } catch {
                                    failed[chunk] = error
                                    break
                                }
                                start = end
                            }
                        } else {
                            for line in lo..<hi {
                                do {
                                    try encodeLine(line, of: file, pairs: pairs, workspace: &ws[chunk], into: &bytes, bytesPerID: bytesPerID)
                                } catch {
                                    failed[chunk] = CommandFailure("\(file.name):\(line + 1): \(error)")
                                    break
                                }
                            }
                        }
                        out[chunk] = bytes
                    }
                  }
                }
            }
            // The first failing line (in input order) stops the run; nothing after it is written.
            for (chunk, bytes) in outputs.enumerated() {
                if let failure = failures[chunk] {
                    try sink.write(bytes)
                    throw failure
                }
                try sink.write(bytes)
            }
            blockStart = blockEnd
        }
    }

    /// Encodes one batch of lines as the reference's `encode_batch` does (padding to the batch's longest).
    private func encodeBatch(_ lines: Range<Int>, of file: InputFile, pairs: InputFile?,
                             into out: inout [UInt8], bytesPerID: Int) throws {
        let texts = lines.map { file.text(ofLine: $0) }
        let seconds: [String?]? = pairs.map { pairs in lines.map { pairs.text(ofLine: $0) } }
        let encodings: [Encoding]
        do {
            encodings = try tokenizer.encode(batch: texts, pairs: seconds, addingSpecialTokens: addSpecialTokens,
                                             offsets: byteOffsets ? .bytes : .scalars, threads: 1)
        } catch {
            // The batch reports no line: find the first one that fails on its own.
            var alone = tokenizer
            alone.padding = nil
            var workspace = EncodingWorkspace()
            for (k, line) in lines.enumerated() {
                do {
                    _ = try alone.encode(texts[k], pair: seconds?[k], addingSpecialTokens: addSpecialTokens,
                                         offsets: byteOffsets ? .bytes : .scalars, using: &workspace)
                } catch {
                    throw CommandFailure("\(file.name):\(line + 1): \(error)")
                }
            }
            throw CommandFailure("\(file.name):\(lines.lowerBound + 1)-\(lines.upperBound): \(error)")
        }
        for encoding in encodings { write(encoding, into: &out, bytesPerID: bytesPerID) }
    }

    private func encodeLine(_ line: Int, of file: InputFile, pairs: InputFile?, workspace: inout EncodingWorkspace,
                            into out: inout [UInt8], bytesPerID: Int) throws {
        if pairs == nil && format != .jsonl {
            var ids = workspace.idBuffer
            ids.removeAll(keepingCapacity: true)
            try file.data.withUnsafeBufferPointer { data in
                let text = UnsafeBufferPointer(rebasing: data[file.lineStarts[line]..<file.lineEnds[line]])
                try tokenizer.encodeIDs(utf8: text, addingSpecialTokens: addSpecialTokens, using: &workspace, into: &ids)
            }
            writeIDs(ids, into: &out, bytesPerID: bytesPerID)
            workspace.idBuffer = ids
            return
        }
        let encoding: Encoding = try file.data.withUnsafeBufferPointer { data in
            let text = UnsafeBufferPointer(rebasing: data[file.lineStarts[line]..<file.lineEnds[line]])
            if let pairs {
                return try tokenizer.encode(String(decoding: text, as: UTF8.self), pair: pairs.text(ofLine: line),
                                            addingSpecialTokens: addSpecialTokens,
                                            offsets: byteOffsets ? .bytes : .scalars, using: &workspace)
            }
            return try tokenizer.encode(utf8: text, addingSpecialTokens: addSpecialTokens,
                                    offsets: byteOffsets ? .bytes : .scalars, using: &workspace)
        }
        write(encoding, into: &out, bytesPerID: bytesPerID)
    }

    /// Writes one encoding: its ids (`ids`, `bin`: the main part only) or one JSON object per line.
    private func write(_ encoding: Encoding, into out: inout [UInt8], bytesPerID: Int) {
        switch format {
        case .ids, .bin:
            writeIDs(encoding.ids, into: &out, bytesPerID: bytesPerID)
        case .jsonl:
            appendJSONObject(encoding, to: &out)
            out.append(0x0A)
        }
    }

    /// The selected fields of `encoding` as one JSON object; `overflowing` holds objects of the same fields.
    private func appendJSONObject(_ encoding: Encoding, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (k, field) in fields.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONText.appendString(field.rawValue, to: &out)
            out.append(UInt8(ascii: ":"))
            switch field {
            case .ids: JSONText.appendIntegers(encoding.ids.lazy.map { Int($0) }, to: &out)
            case .typeIDs: JSONText.appendIntegers(encoding.typeIDs.lazy.map { Int($0) }, to: &out)
            case .specialTokensMask: JSONText.appendIntegers(encoding.specialTokensMask.lazy.map { Int($0) }, to: &out)
            case .attentionMask: JSONText.appendIntegers(encoding.attentionMask.lazy.map { Int($0) }, to: &out)
            case .tokens:
                out.append(UInt8(ascii: "["))
                for (i, token) in encoding.tokens.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    JSONText.appendString(token, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            case .offsets:
                out.append(UInt8(ascii: "["))
                for (i, range) in encoding.offsets.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    out.append(UInt8(ascii: "["))
                    JSONText.appendInteger(range.lowerBound, to: &out)
                    out.append(UInt8(ascii: ","))
                    JSONText.appendInteger(range.upperBound, to: &out)
                    out.append(UInt8(ascii: "]"))
                }
                out.append(UInt8(ascii: "]"))
            case .wordIDs:
                out.append(UInt8(ascii: "["))
                for (i, word) in encoding.wordIDs.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    if let word { JSONText.appendInteger(word, to: &out) } else { out.append(contentsOf: Array("null".utf8)) }
                }
                out.append(UInt8(ascii: "]"))
            case .decoded:
                let text = (try? tokenizer.decode(encoding.ids, skippingSpecialTokens: true)) ?? ""
                JSONText.appendString(text, to: &out)
            case .overflowing:
                out.append(UInt8(ascii: "["))
                for (i, part) in encoding.overflowing.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    appendJSONObject(part, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    private func writeIDs(_ ids: [UInt32], into out: inout [UInt8], bytesPerID: Int) {
        if format == .bin {
            for id in ids { appendLittleEndian(id, bytes: bytesPerID, to: &out) }
            if let eosID { appendLittleEndian(eosID, bytes: bytesPerID, to: &out) }
            return
        }
        var first = true
        for id in ids {
            if !first { out.append(0x20) }
            first = false
            JSONText.appendInteger(Int(id), to: &out)
        }
        out.append(0x0A)
    }

    private func appendLittleEndian(_ id: UInt32, bytes: Int, to out: inout [UInt8]) {
        out.append(UInt8(truncatingIfNeeded: id))
        out.append(UInt8(truncatingIfNeeded: id >> 8))
        if bytes == 4 {
            out.append(UInt8(truncatingIfNeeded: id >> 16))
            out.append(UInt8(truncatingIfNeeded: id >> 24))
        }
    }
}

/// Minimal JSON writing: strings escaped so that any JSON reader gets the exact text back.
enum JSONText {
    static func appendString(_ string: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in string.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value == 0 { out.append(0x30); return }
        var v = value
        if v < 0 { out.append(UInt8(ascii: "-")); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[n] = UInt8(0x30 + v % 10); v /= 10; n += 1 }
            while n > 0 { n -= 1; out.append(d[n]) }
        }
    }

    static func appendIntegers(_ values: some Sequence<Int>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var first = true
        for v in values {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            appendInteger(v, to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}

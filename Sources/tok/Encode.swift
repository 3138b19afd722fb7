import ArgumentParser
import Dispatch
import Foundation
import TokenizerKit

struct Encode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Encode text, one example per line, into token ids.",
        discussion: """
        Inputs (files, directories: every file below them in path order, - for standard input; .gz or any \
        gzip data is decompressed) are streamed in chunks and encoded on every core; the output is the same \
        for any --threads. --format bin writes little-endian ids (uint16 when the vocabulary has at most \
        65536 ids, else uint32) and, with -o FILE, FILE.idx (uint64 document end offsets, in tokens) and \
        FILE.json (dtype, counts, tokenizer); --format megatron writes Megatron-LM's PREFIX.bin and PREFIX.idx. \
        Output to a file appears only when the whole run succeeds.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case ids, jsonl, bin, megatron }
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

    @Option(help: "With --format bin or megatron: append this token after every document.")
    var appendEos: String?

    @Option(help: "With --format bin or megatron: put this token before every document.")
    var prependBos: String?

    @Option(help: "JSONL input: the document is the string under this key of each line's object (other keys are ignored).")
    var jsonlKey: String?

    @Option(help: "Documents are separated by this string instead of one per line (\\n, \\t and \\\\ are unescaped), e.g. \"\\n\\n\".")
    var docSeparator: String?

    @Option(help: "A document that is not valid UTF-8: error (stop with its file and line), replace (with U+FFFD), or skip.")
    var onInvalidUtf8: InvalidUTF8Policy = .error

    @Option(help: "Encode only shard INDEX of COUNT (0-based): a contiguous slice of the input file list; `tok merge` joins the shards.")
    var shard: String?

    @Flag(help: "No progress line and no summary on standard error.")
    var quiet = false

    @Option(help: "Write the run's statistics (documents, bytes, tokens, unknown tokens, time, throughput) as JSON here.")
    var statsJson: String?

    @Option(help: .hidden)
    var chunkBytes: Int = 1 << 20

    @OptionGroup(title: "Truncation and padding (they replace the tokenizer file's own settings)")
    var lengthOptions: LengthOptions

    @Argument(help: "Input files (UTF-8, one example per line); none or - reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        _ = try parsedFields()
        if appendEos != nil && format != .bin && format != .megatron { throw ValidationError("--append-eos goes with --format bin or megatron") }
        if prependBos != nil && format != .bin && format != .megatron { throw ValidationError("--prepend-bos goes with --format bin or megatron") }
        if jsonlKey != nil && docSeparator != nil { throw ValidationError("--jsonl-key and --doc-separator exclude each other") }
        if let docSeparator, Encode.unescape(docSeparator).isEmpty { throw ValidationError("--doc-separator must not be empty") }
        if let shard, ShardSelection(argument: shard) == nil {
            throw ValidationError("--shard takes INDEX/COUNT with 0 <= INDEX < COUNT, e.g. 0/8")
        }
        if chunkBytes < 1 { throw ValidationError("--chunk-bytes must be at least 1") }
        if pairs != nil {
            if jsonlKey != nil || docSeparator != nil || shard != nil || format == .megatron || prependBos != nil {
                throw ValidationError("--pairs reads two plain text files line by line; it does not go with --jsonl-key, --doc-separator, --shard, --prepend-bos or --format megatron")
            }
            // The --pairs file is read again for every input, and standard input can be read only once.
            if pairs == "-" && !(inputs.count == 1 && inputs[0] != "-") {
                throw ValidationError("--pairs - reads standard input: give exactly one input file beside it")
            }
        }
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

    /// `\n`, `\t`, `\r` and `\\` in a command-line string.
    static func unescape(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var escaped = false
        for b in text.utf8 {
            if escaped {
                switch b {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                default: out.append(b)
                }
                escaped = false
            } else if b == UInt8(ascii: "\\") {
                escaped = true
            } else {
                out.append(b)
            }
        }
        if escaped { out.append(UInt8(ascii: "\\")) }
        return out
    }

    private func execute() throws {
        var tokenizer = try tokenizerOptions.load()
        try lengthOptions.apply(to: &tokenizer)
        let fields = try parsedFields()
        let workerCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
        func tokenID(_ token: String?, _ option: String) throws -> UInt32? {
            guard let token else { return nil }
            guard let id = tokenizer.id(forToken: token) else { throw CommandFailure("\(option): `\(token)` is not a token of this vocabulary") }
            return id
        }
        let eosID = try tokenID(appendEos, "--append-eos")
        let bosID = try tokenID(prependBos, "--prepend-bos")
        guard let pairs else {
            try encodeCorpus(tokenizer: tokenizer, fields: fields, threads: workerCount, bosID: bosID, eosID: eosID)
            return
        }
        try encodePairs(pairs, tokenizer: tokenizer, fields: fields, threads: workerCount, eosID: eosID)
    }
}

extension Encode {
    /// The streaming path: every input cut into chunks of documents, encoded on `threads` workers, written
    /// in order (see `CorpusRun`).
    fileprivate func encodeCorpus(tokenizer: Tokenizer, fields: [EncodingField], threads: Int,
                                  bosID: UInt32?, eosID: UInt32?) throws {
        var files = try InputFiles.expand(inputs)
        if let shard, let selection = ShardSelection(argument: shard) {
            files = InputFiles.shard(files, index: selection.index, count: selection.count)
        }
        let records: RecordFormat
        if let jsonlKey {
            records = .jsonl(key: jsonlKey)
        } else if let docSeparator {
            records = .separated(Encode.unescape(docSeparator))
        } else {
            records = .lines
        }
        let lineWriter = EncodedLineWriter(tokenizer: tokenizer, format: format == .jsonl ? .jsonl : .ids, fields: fields,
                                           addSpecialTokens: addSpecialTokens, byteOffsets: offsets == .bytes,
                                           eosID: nil, batchSize: lengthOptions.paddingBatchSize, invalidUTF8: onInvalidUtf8)
        let width = DatasetFiles.bytesPerID(vocabularySize: tokenizer.vocabularySize)
        let binary = format == .bin || format == .megatron
        let encoder = ChunkEncoder(
            tokenizer: tokenizer, records: records, invalidUTF8: onInvalidUtf8, addSpecialTokens: addSpecialTokens,
            idsOnly: format != .jsonl, binaryWidth: binary ? width : nil, bosID: bosID, eosID: eosID,
            batchSize: lengthOptions.paddingBatchSize,
            writeJSONLine: { encoding, out in
                lineWriter.appendJSONObject(encoding, to: &out)
                out.append(0x0A)
            },
            unknownID: tokenizer.unknownTokenID, offsets: offsets == .bytes ? .bytes : .scalars,
            decimalIDs: IDBytes.DecimalTable(count: format == .ids ? tokenizer.vocabularySize : 0))
        let output: CorpusRun.Output
        switch format {
        case .ids: output = .ids
        case .jsonl: output = .jsonl
        case .bin: output = .bin
        case .megatron: output = .megatron
        }
        let run = CorpusRun(tokenizer: tokenizer, tokenizerName: tokenizerOptions.tokenizer ?? "built-in default",
                            inputs: files, output: output, outputPath: self.output,
                            encoder: encoder, threads: threads, chunkBytes: chunkBytes, showProgress: !quiet,
                            statisticsPath: statsJson, printSummary: !quiet)
        _ = try run.run()
    }

    /// The `--pairs` path: line i of each input paired with line i of the file `pairs`, both read in step
    /// in chunks of whole lines (`PairedLineReader`), encoded on `threads` workers, written in order; the
    /// output file appears only when every input had as many lines as `pairs`.
    fileprivate func encodePairs(_ pairs: String, tokenizer: Tokenizer, fields: [EncodingField], threads: Int,
                                 eosID: UInt32?) throws {
        let sink = try OutputSink(path: output)
        var committed = false
        defer { if !committed { sink.abandon() } }
        let writer = EncodedLineWriter(tokenizer: tokenizer, format: format, fields: fields,
                                       addSpecialTokens: addSpecialTokens, byteOffsets: offsets == .bytes,
                                       eosID: eosID, batchSize: lengthOptions.paddingBatchSize, invalidUTF8: onInvalidUtf8)
        // Truncation and padding cut and extend every array of an encoding, token strings included.
        let needsTokenStrings = tokenizer.truncation != nil || tokenizer.padding != nil
            || (format == .jsonl && (fields.contains(.tokens) || fields.contains(.offsets)))
        func open(_ path: String) throws -> ByteSource {
            if path != "-" { try InputFile.requireFile(path) }
            return try ByteSource(path: path)
        }
        // Every input is paired with the --pairs file from its first line on.
        let inputs = self.inputs.isEmpty ? ["-"] : self.inputs
        var nextInput = 0
        var reader: PairedLineReader? = nil
        let chunkBytes = self.chunkBytes
        let linesPerGroup = lengthOptions.paddingBatchSize ?? 1
        let produce: () throws -> PairedChunk? = {
            while true {
                if let chunk = try reader?.next() { return chunk }
                guard nextInput < inputs.count else { return nil }
                let second = try open(pairs)
                reader = PairedLineReader(first: try open(inputs[nextInput]), second: second,
                                          chunkSize: chunkBytes, linesPerGroup: linesPerGroup)
                nextInput += 1
            }
        }
        let pipeline = OrderedPipeline<PairedChunk, EncodedChunk, EncodingWorkspace>(window: 2 * threads + 2)
        try pipeline.run(
            threads: threads,
            states: (0..<threads).map { _ in
                var workspace = EncodingWorkspace()
                workspace.includesTokenStrings = needsTokenStrings
                return workspace
            },
            produce: produce,
            transform: { chunk, workspace in writer.encode(chunk, workspace: &workspace) },
            consume: { chunk in
                try sink.write(chunk.bytes)
                if let failure = chunk.failure { throw failure }
            })
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

/// Encodes pairs of lines (`tok encode --pairs`) a `PairedChunk` at a time, on one worker (the `transform`
/// of the pipeline), into the bytes of `--format` ids, jsonl or bin; also writes the JSON objects of the
/// streaming path's `--format jsonl`.
///
/// With `batchSize` (`--padding longest`), the lines of each input are cut into batches of `batchSize`
/// consecutive lines counted from its first line, and each batch is encoded as one `encode(batch:)`, so
/// padding depends on the batch alone, never on `--threads` or on where a chunk ends (`PairedLineReader`
/// hands out whole batches).
struct EncodedLineWriter: Sendable {
    let tokenizer: Tokenizer
    let format: Encode.Format
    let fields: [EncodingField]
    let addSpecialTokens: Bool
    let byteOffsets: Bool
    let eosID: UInt32?
    let batchSize: Int?
    /// What a pair with a line that is not valid UTF-8 (on either side) gets: an error, its invalid
    /// sequences replaced with U+FFFD, or left out.
    let invalidUTF8: InvalidUTF8Policy

    /// One line of each input, with its 1-based line number (the same in both).
    private struct LinePair {
        let text: String
        let pair: String
        let line: Int
    }

    /// The chunk's pairs encoded in order. The first line that is not valid UTF-8 or fails to encode stops
    /// the chunk: `failure` names its input and line, and `bytes` holds the output of the lines before it.
    func encode(_ chunk: PairedChunk, workspace: inout EncodingWorkspace) -> EncodedChunk {
        var result = EncodedChunk()
        result.consumedOnDisk = chunk.first.consumedOnDisk
        let bytesPerID = DatasetFiles.bytesPerID(vocabularySize: tokenizer.vocabularySize)
        let lines = RecordSplitter(separator: [0x0A])
        var secondRanges: [Range<Int>] = []
        secondRanges.reserveCapacity(chunk.lineCount)
        var batch: [LinePair] = []
        chunk.second.bytes.withUnsafeBufferPointer { second in
            lines.forEachRecord(in: second) { secondRanges.append($0) }
            chunk.first.bytes.withUnsafeBufferPointer { first in
                var index = 0
                lines.forEachRecord(in: first) { range in
                    defer { index += 1 }
                    guard result.failure == nil else { return }
                    let text = UnsafeBufferPointer(rebasing: first[range])
                    let pair = UnsafeBufferPointer(rebasing: second[secondRanges[index]])
                    let line = chunk.first.firstLine + index
                    if InputFile.firstInvalidUTF8(text) != nil || InputFile.firstInvalidUTF8(pair) != nil {
                        switch invalidUTF8 {
                        case .error:
                            let input = InputFile.firstInvalidUTF8(text) != nil ? chunk.first : chunk.second
                            result.failure = InvalidUTF8Policy.failure(source: input.source, line: input.firstLine + index)
                            return
                        case .skip:
                            result.statistics.skippedDocuments += 1
                            return
                        case .replace:
                            // String(decoding:) below replaces each invalid sequence with U+FFFD.
                            result.statistics.replacedDocuments += 1
                        }
                    }
                    let item = LinePair(text: String(decoding: text, as: UTF8.self),
                                        pair: String(decoding: pair, as: UTF8.self), line: line)
                    if let batchSize {
                        batch.append(item)
                        if batch.count == batchSize { encodeBatch(&batch, source: chunk.first.source, into: &result, bytesPerID: bytesPerID) }
                        return
                    }
                    do {
                        let encoding = try tokenizer.encode(item.text, pair: item.pair, addingSpecialTokens: addSpecialTokens,
                                                            offsets: byteOffsets ? .bytes : .scalars, using: &workspace)
                        write(encoding, into: &result.bytes, bytesPerID: bytesPerID)
                    } catch {
                        result.failure = CommandFailure("\(chunk.first.source):\(line): \(error)")
                    }
                }
            }
        }
        if result.failure == nil && !batch.isEmpty { encodeBatch(&batch, source: chunk.first.source, into: &result, bytesPerID: bytesPerID) }
        return result
    }

    /// Encodes one batch of pairs as the reference's `encode_batch` does (padding to the batch's longest),
    /// and empties it.
    private func encodeBatch(_ batch: inout [LinePair], source: String, into result: inout EncodedChunk, bytesPerID: Int) {
        defer { batch.removeAll(keepingCapacity: true) }
        let encodings: [Encoding]
        do {
            encodings = try tokenizer.encode(batch: batch.map(\.text), pairs: batch.map(\.pair), addingSpecialTokens: addSpecialTokens,
                                             offsets: byteOffsets ? .bytes : .scalars, threads: 1)
        } catch {
            // The batch reports no line: find the first one that fails on its own.
            var alone = tokenizer
            alone.padding = nil
            var workspace = EncodingWorkspace()
            for item in batch {
                do {
                    _ = try alone.encode(item.text, pair: item.pair, addingSpecialTokens: addSpecialTokens,
                                         offsets: byteOffsets ? .bytes : .scalars, using: &workspace)
                } catch {
                    result.failure = CommandFailure("\(source):\(item.line): \(error)")
                    return
                }
            }
            result.failure = CommandFailure("\(source):\(batch[0].line)-\(batch[batch.count - 1].line): \(error)")
            return
        }
        for encoding in encodings { write(encoding, into: &result.bytes, bytesPerID: bytesPerID) }
    }

    /// Writes one encoding: its ids (`ids`, `bin`: the main part only) or one JSON object per line.
    private func write(_ encoding: Encoding, into out: inout [UInt8], bytesPerID: Int) {
        switch format {
        case .ids, .bin, .megatron:
            writeIDs(encoding.ids, into: &out, bytesPerID: bytesPerID)
        case .jsonl:
            appendJSONObject(encoding, to: &out)
            out.append(0x0A)
        }
    }

    /// The selected fields of `encoding` as one JSON object; `overflowing` holds objects of the same fields.
    func appendJSONObject(_ encoding: Encoding, to out: inout [UInt8]) {
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
            IDBytes.appendLittleEndian(ids, bytesPerID: bytesPerID, to: &out)
            if let eosID { IDBytes.appendLittleEndian([eosID], bytesPerID: bytesPerID, to: &out) }
            return
        }
        IDBytes.appendLine(ids, to: &out)
    }
}

/// How `tok encode` writes ids: a text line of space-separated ids, or little-endian binary.
///
/// Performance notes: appending byte by byte checks the array's capacity and uniqueness for every byte
/// (digits and appends were 10% of `tok encode --format ids` on cl100k); both writers fill a scratch buffer
/// through a pointer and append it in one copy.
enum IDBytes {
    /// "00" "01" … "99": two digits at a time.
    private static let digitPairs: [UInt8] = {
        var pairs: [UInt8] = []
        for value in 0..<100 {
            pairs.append(UInt8(0x30 + value / 10))
            pairs.append(UInt8(0x30 + value % 10))
        }
        return pairs
    }()

    /// Every id below a vocabulary's size as it is written after a separator: a space and its digits
    /// (bytes 0–6, little-endian) and that length (byte 7), for ids of up to six digits.
    ///
    /// Performance: one load, one unaligned store and an add per id, where `writeDecimal` divided by 100
    /// per digit pair (callgrind, cl100k, 10 MB of English: `appendLine` 199 M → see the commit).
    final class DecimalTable: Sendable {
        fileprivate let entries: [UInt64]

        init(count: Int) {
            // From two tables of a thousand: an id is its thousands' digits then its last three, zero-padded
            // (built at every start: 200,000 ids for o200k; dividing each id by 10 per digit cost 21 M
            // instructions there).
            var short = [UInt64](repeating: 0, count: 1000)   // digits of 0...999, first digit in the low byte
            var shortLength = [UInt64](repeating: 0, count: 1000)
            var padded = [UInt64](repeating: 0, count: 1000)  // the three digits of 000...999
            for i in 0..<1000 {
                let (a, b, c) = (UInt64(i / 100), UInt64(i / 10 % 10), UInt64(i % 10))
                padded[i] = (0x30 + a) | (0x30 + b) << 8 | (0x30 + c) << 16
                if i >= 100 {
                    short[i] = padded[i]; shortLength[i] = 3
                } else if i >= 10 {
                    short[i] = (0x30 + b) | (0x30 + c) << 8; shortLength[i] = 2
                } else {
                    short[i] = 0x30 + c; shortLength[i] = 1
                }
            }
            let n = min(count, 1_000_000)
            entries = [UInt64](unsafeUninitializedCapacity: n) { buffer, initialized in
                for id in 0..<n {
                    let high = id / 1000
                    let low = id % 1000
                    if high == 0 {
                        buffer[id] = 0x20 | short[low] << 8 | (shortLength[low] + 1) << 56
                    } else {
                        let length = shortLength[high]
                        buffer[id] = 0x20 | short[high] << 8 | padded[low] << (8 * (length + 1)) | (length + 4) << 56
                    }
                }
                initialized = n
            }
        }
    }

    /// The ids separated by single spaces, then "\n", through `table` when there is one.
    static func appendLine(_ ids: [UInt32], table: DecimalTable, to out: inout [UInt8]) {
        // A space and at most six digits per id in one 8-byte store (the last one's two spare bytes
        // need room), a leading space dropped at the end, and "\n".
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ids.count * 11 + 9) { scratch in
            table.entries.withUnsafeBufferPointer { entries in
                let base = UnsafeMutableRawPointer(scratch.baseAddress!)
                var at = 0
                for id in ids {
                    let i = Int(id)
                    if i < entries.count {
                        let entry = entries[i]
                        base.storeBytes(of: entry & 0x00FF_FFFF_FFFF_FFFF, toByteOffset: at, as: UInt64.self)
                        at &+= Int(truncatingIfNeeded: entry >> 56)
                    } else {
                        scratch[at] = 0x20
                        at = digitPairs.withUnsafeBufferPointer { writeDecimal(id, into: scratch, at: at + 1, pairs: $0) }
                    }
                }
                scratch[at] = 0x0A
                out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[(ids.isEmpty ? 0 : 1)...at]))
            }
        }
    }

    /// The ids separated by single spaces, then "\n".
    static func appendLine(_ ids: [UInt32], to out: inout [UInt8]) {
        // At most 10 digits and a separator per id.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ids.count * 11 + 1) { scratch in
            digitPairs.withUnsafeBufferPointer { pairs in
                var at = 0
                for (index, id) in ids.enumerated() {
                    if index > 0 {
                        scratch[at] = 0x20
                        at += 1
                    }
                    at = writeDecimal(id, into: scratch, at: at, pairs: pairs)
                }
                scratch[at] = 0x0A
                out.append(contentsOf: UnsafeBufferPointer(rebasing: scratch[...at]))
            }
        }
    }

    /// Writes `value` in decimal at `at`; returns the index after it.
    @inline(__always)
    private static func writeDecimal(_ value: UInt32, into buffer: UnsafeMutableBufferPointer<UInt8>, at: Int,
                                     pairs: UnsafeBufferPointer<UInt8>) -> Int {
        var digits = 1
        var bound: UInt32 = 10
        while digits < 10 && value >= bound {
            digits += 1
            bound &*= 10
        }
        var v = value
        var end = at + digits
        while v >= 100 {
            let pair = Int(v % 100) * 2
            v /= 100
            buffer[end - 1] = pairs[pair + 1]
            buffer[end - 2] = pairs[pair]
            end -= 2
        }
        if v >= 10 {
            buffer[end - 1] = pairs[Int(v) * 2 + 1]
            buffer[end - 2] = pairs[Int(v) * 2]
        } else {
            buffer[end - 1] = UInt8(0x30 + v)
        }
        return at + digits
    }

    /// Each id in `bytesPerID` (2 or 4) little-endian bytes.
    static func appendLittleEndian(_ ids: [UInt32], bytesPerID: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: ids.count * bytesPerID) { scratch in
            var at = 0
            for id in ids {
                scratch[at] = UInt8(truncatingIfNeeded: id)
                scratch[at + 1] = UInt8(truncatingIfNeeded: id >> 8)
                if bytesPerID == 4 {
                    scratch[at + 2] = UInt8(truncatingIfNeeded: id >> 16)
                    scratch[at + 3] = UInt8(truncatingIfNeeded: id >> 24)
                }
                at += bytesPerID
            }
            out.append(contentsOf: UnsafeBufferPointer(scratch))
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

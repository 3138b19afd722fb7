import Foundation
import TokenizerKit

/// How an input is cut into documents.
enum RecordFormat: Sendable, Equatable {
    /// One document per line (split on "\n" only).
    case lines
    /// Documents separated by a string (`--doc-separator`); may span lines.
    case separated([UInt8])
    /// JSON Lines: one object per line, the document is the string under `key` (`--jsonl-key`).
    case jsonl(key: String)

    var separator: [UInt8] {
        if case let .separated(bytes) = self { return bytes }
        return [0x0A]
    }
}

/// The encoded form of one chunk, ready to be written in order.
struct EncodedChunk: Sendable {
    /// The main output's bytes for the chunk's documents.
    var bytes: [UInt8] = []
    /// Tokens per document (for the `.idx` files).
    var documentLengths: [UInt32] = []
    var statistics = EncodingStatistics()
    /// The first failing document; `bytes` holds the output of the documents before it.
    var failure: CommandFailure?
    /// Input consumed once this chunk is written (bytes on disk), and which input it belongs to.
    var consumedOnDisk = 0
    var inputIndex = 0
}

/// Encodes the documents of one chunk on one worker (the `transform` of the pipeline).
struct ChunkEncoder: @unchecked Sendable {
    let tokenizer: Tokenizer
    let records: RecordFormat
    let invalidUTF8: InvalidUTF8Policy
    let addSpecialTokens: Bool
    /// Whether the output is ids (`ids`, `bin`, `megatron`) — the fast path — or full encodings (`jsonl`).
    let idsOnly: Bool
    /// With `bin`/`megatron`: ids written little-endian at this width; else ids as text lines.
    let binaryWidth: Int?
    let bosID: UInt32?
    let eosID: UInt32?
    /// Documents per `encode(batch:)` call when padding to the batch's longest (`--padding longest`).
    let batchSize: Int?
    /// Writes one encoding as a JSON line (`--format jsonl`).
    let writeJSONLine: (Encoding, inout [UInt8]) -> Void
    let unknownID: UInt32?
    /// Offsets unit of `--format jsonl`.
    let offsets: OffsetUnit
    /// Ids as text, for `--format ids`.
    let decimalIDs: IDBytes.DecimalTable

    func encode(_ chunk: InputChunk, inputIndex: Int, workspace: inout EncodingWorkspace) -> EncodedChunk {
        var result = EncodedChunk()
        result.consumedOnDisk = chunk.consumedOnDisk
        result.inputIndex = inputIndex
        result.bytes.reserveCapacity(idsOnly ? chunk.bytes.count / 2 : chunk.bytes.count * 4)
        let splitter = RecordSplitter(separator: records.separator)
        let jsonField: JSONLineField? = { if case let .jsonl(key) = records { return JSONLineField(key: key) }; return nil }()
        var text: [UInt8] = []
        var pendingBatch: [(text: String, line: Int)] = []
        // A plain loop with the state passed inout: closures and local functions capturing `result` made
        // it a heap box with a dynamic exclusivity check on every access (callgrind, cl100k, 10 MB of
        // English: swift_beginAccess and its access set, 50 M instructions).
        chunk.bytes.withUnsafeBufferPointer { bytes in
            var lines = LineCounter(bytes: bytes, firstLine: chunk.firstLine)
            var position = 0
            while result.failure == nil, let range = splitter.nextRecord(in: bytes, from: &position) {
                let record = UnsafeBufferPointer(rebasing: bytes[range])
                guard let jsonField else {
                    encodeChecked(record, at: range.lowerBound, isJSONField: false, source: chunk.source, lines: &lines,
                                  into: &result, pending: &pendingBatch, workspace: &workspace)
                    continue
                }
                // JSONL: blank lines between records are allowed and skipped.
                if record.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
                text.removeAll(keepingCapacity: true)
                do {
                    try jsonField.extract(from: record, into: &text)
                } catch let failure as JSONLineField.Failure {
                    result.failure = CommandFailure("\(chunk.source):\(lines.line(at: range.lowerBound)): \(failure.message)")
                    break
                } catch {
                    result.failure = CommandFailure("\(chunk.source):\(lines.line(at: range.lowerBound)): \(error)")
                    break
                }
                text.withUnsafeBufferPointer {
                    encodeChecked($0, at: range.lowerBound, isJSONField: true, source: chunk.source, lines: &lines,
                                  into: &result, pending: &pendingBatch, workspace: &workspace)
                }
            }
            if result.failure == nil && !pendingBatch.isEmpty { flushBatch(&pendingBatch, source: chunk.source, into: &result) }
        }
        return result
    }

    /// One document (the record at `recordStart`, or its JSON field): checked for UTF-8 as
    /// `--on-invalid-utf8` says, then encoded.
    private func encodeChecked(_ document: UnsafeBufferPointer<UInt8>, at recordStart: Int, isJSONField: Bool,
                               source: String, lines: inout LineCounter, into result: inout EncodedChunk,
                               pending: inout [(text: String, line: Int)], workspace: inout EncodingWorkspace) {
        guard let bad = InputFile.firstInvalidUTF8(document) else {
            encodeDocument(document, source: source, lines: &lines, at: recordStart, into: &result, pending: &pending,
                           workspace: &workspace)
            return
        }
        switch invalidUTF8 {
        case .error:
            let at = isJSONField ? recordStart : recordStart + bad
            result.failure = InvalidUTF8Policy.failure(source: source, line: lines.line(at: at))
        case .skip:
            result.statistics.skippedDocuments += 1
        case .replace:
            result.statistics.replacedDocuments += 1
            var repaired = InvalidUTF8Policy.repaired(document)
            repaired.withUTF8 {
                encodeDocument($0, source: source, lines: &lines, at: recordStart, into: &result, pending: &pending,
                               workspace: &workspace)
            }
        }
    }

    private func encodeDocument(_ document: UnsafeBufferPointer<UInt8>, source: String, lines: inout LineCounter,
                                at recordStart: Int, into result: inout EncodedChunk,
                                pending: inout [(text: String, line: Int)], workspace: inout EncodingWorkspace) {
        result.statistics.documents += 1
        result.statistics.bytes += document.count
        if let batchSize {
            pending.append((String(decoding: document, as: UTF8.self), lines.line(at: recordStart)))
            if pending.count == batchSize { flushBatch(&pending, source: source, into: &result) }
            return
        }
        if idsOnly {
            // Taken out of the workspace (left empty), so that `ids` owns its buffer alone and reuses it:
            // a copy would share it, and the first append would reallocate it, once per document.
            var ids = workspace.idBuffer
            workspace.idBuffer = []
            ids.removeAll(keepingCapacity: true)
            if let bosID { ids.append(bosID) }
            do {
                try tokenizer.encodeIDs(utf8: document, addingSpecialTokens: addSpecialTokens, using: &workspace, into: &ids)
            } catch {
                result.failure = CommandFailure("\(source):\(lines.line(at: recordStart)): \(error)")
                workspace.idBuffer = ids
                return
            }
            if let eosID { ids.append(eosID) }
            append(ids: ids, into: &result)
            workspace.idBuffer = ids
            return
        }
        do {
            let encoding = try tokenizer.encode(utf8: document, addingSpecialTokens: addSpecialTokens,
                                                offsets: offsets, using: &workspace)
            countUnknown(encoding.ids, into: &result)
            result.statistics.tokens += encoding.ids.count
            writeJSONLine(encoding, &result.bytes)
        } catch {
            result.failure = CommandFailure("\(source):\(lines.line(at: recordStart)): \(error)")
        }
    }

    private func flushBatch(_ pending: inout [(text: String, line: Int)], source: String, into result: inout EncodedChunk) {
        defer { pending.removeAll(keepingCapacity: true) }
        let encodings: [Encoding]
        do {
            encodings = try tokenizer.encode(batch: pending.map(\.text), addingSpecialTokens: addSpecialTokens,
                                             offsets: offsets, threads: 1)
        } catch {
            // Find the document that fails on its own, for its line.
            var alone = tokenizer
            alone.padding = nil
            for item in pending {
                do { _ = try alone.encode(item.text, addingSpecialTokens: addSpecialTokens) } catch {
                    result.failure = CommandFailure("\(source):\(item.line): \(error)")
                    return
                }
            }
            result.failure = CommandFailure("\(source):\(pending[0].line): \(error)")
            return
        }
        for encoding in encodings {
            if idsOnly {
                var ids = encoding.ids
                if let bosID { ids.insert(bosID, at: 0) }
                if let eosID { ids.append(eosID) }
                append(ids: ids, into: &result)
            } else {
                countUnknown(encoding.ids, into: &result)
                result.statistics.tokens += encoding.ids.count
                writeJSONLine(encoding, &result.bytes)
            }
        }
    }

    private func append(ids: [UInt32], into result: inout EncodedChunk) {
        countUnknown(ids, into: &result)
        result.statistics.tokens += ids.count
        if let width = binaryWidth {
            result.documentLengths.append(UInt32(ids.count))
            IDBytes.appendLittleEndian(ids, bytesPerID: width, to: &result.bytes)
        } else {
            IDBytes.appendLine(ids, table: decimalIDs, to: &result.bytes)
        }
    }

    @inline(__always)
    private func countUnknown(_ ids: [UInt32], into result: inout EncodedChunk) {
        guard let unknownID else { return }
        for id in ids where id == unknownID { result.statistics.unknownTokens += 1 }
    }
}


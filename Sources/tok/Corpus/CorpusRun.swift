import Foundation
import TokenizerKit

/// One `tok encode` run over a corpus: inputs streamed in chunks, encoded on every core, written in input
/// order to the output (and, for `bin` and `megatron`, its index and sidecar), with progress and statistics.
struct CorpusRun {
    enum Output: Sendable, Equatable { case ids, jsonl, bin, megatron }

    let tokenizer: Tokenizer
    let tokenizerName: String
    let inputs: [String]
    let output: Output
    let outputPath: String?
    let encoder: ChunkEncoder
    let threads: Int
    let chunkBytes: Int
    let showProgress: Bool
    let statisticsPath: String?
    let printSummary: Bool

    /// Runs to the end; every output file is committed only when everything succeeded.
    func run() throws -> EncodingStatistics {
        let started = Date()
        let width = DatasetFiles.bytesPerID(vocabularySize: tokenizer.vocabularySize)
        // The outputs: the main file, plus the index (and sidecar) of the binary formats.
        let mainPath: String?
        var indexSink: OutputSink? = nil
        var sidecarPath: String? = nil
        switch output {
        case .ids, .jsonl:
            mainPath = outputPath
        case .bin:
            mainPath = outputPath
            // The index and sidecar go beside a file; a pipe or standard output gets the ids alone.
            if let outputPath, outputPath != "-", OutputSink.isRegularFilePath(outputPath) {
                indexSink = try OutputSink(path: outputPath + ".idx")
                sidecarPath = outputPath + ".json"
            }
        case .megatron:
            guard let outputPath, outputPath != "-" else { throw CommandFailure("--format megatron needs -o PREFIX (it writes PREFIX.bin and PREFIX.idx)") }
            let paths = DatasetFiles.megatronPaths(output: outputPath)
            mainPath = paths.bin
            indexSink = try OutputSink(path: paths.idx)
        }
        let sink = try OutputSink(path: mainPath)
        let sidecarSink = try sidecarPath.map { try OutputSink(path: $0) }
        var committed = false
        defer {
            if !committed {
                sink.abandon()
                indexSink?.abandon()
                sidecarSink?.abandon()
            }
        }

        // Reading: every input in order, each cut into chunks.
        let sources = inputs
        var totalOnDisk: Int? = 0
        for path in sources {
            if path == "-" { totalOnDisk = nil; break }
            if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int {
                totalOnDisk = totalOnDisk.map { $0 + size }
            } else {
                totalOnDisk = nil
            }
        }
        var nextInput = 0
        var reader: RecordReader? = nil
        var currentSource: ByteSource? = nil
        let groupSize = encoder.batchSize ?? 1
        let separator = encoder.records.separator
        let produce: () throws -> (chunk: InputChunk, input: Int)? = {
            while true {
                if let r = reader, let chunk = try r.next() { return (chunk, nextInput - 1) }
                currentSource?.close()
                guard nextInput < sources.count else { return nil }
                let source = try ByteSource(path: sources[nextInput])
                currentSource = source
                reader = RecordReader(source: source, separator: separator, chunkSize: chunkBytes, recordsPerGroup: groupSize,
                                      mapping: true)
                nextInput += 1
            }
        }

        // Writing: in order, with running totals for the index and the progress line.
        var statistics = EncodingStatistics()
        statistics.threads = threads
        statistics.inputs = sources.count
        let progress = ProgressDisplay(enabled: showProgress, totalBytesOnDisk: totalOnDisk)
        var finishedOnDisk = 0
        var currentInput = 0
        var tokenEnd: UInt64 = 0
        var megatronSizes: [UInt32] = []
        let consume: (EncodedChunk) throws -> Void = { chunk in
            try sink.write(chunk.bytes)
            if output == .bin, let indexSink {
                var ends: [UInt8] = []
                ends.reserveCapacity(chunk.documentLengths.count * 8)
                for length in chunk.documentLengths {
                    tokenEnd += UInt64(length)
                    DatasetFiles.appendLittleEndian(tokenEnd, to: &ends)
                }
                try indexSink.write(ends)
            } else if output == .megatron {
                megatronSizes += chunk.documentLengths
            }
            statistics.add(chunk.statistics)
            if let failure = chunk.failure { throw failure }
            if chunk.inputIndex != currentInput {
                finishedOnDisk += sizeOnDisk(sources[currentInput])
                currentInput = chunk.inputIndex
            }
            progress.update(doneOnDisk: finishedOnDisk + chunk.consumedOnDisk, statistics: statistics)
        }

        let pipeline = OrderedPipeline<(chunk: InputChunk, input: Int), EncodedChunk, EncodingWorkspace>(window: 2 * threads + 2)
        let encoder = self.encoder
        try pipeline.run(
            threads: threads,
            states: (0..<threads).map { _ in
                var workspace = EncodingWorkspace()
                workspace.includesTokenStrings = !encoder.idsOnly || tokenizer.truncation != nil || tokenizer.padding != nil
                return workspace
            },
            produce: produce,
            transform: { item, workspace in encoder.encode(item.chunk, inputIndex: item.input, workspace: &workspace) },
            consume: consume)
        currentSource?.close()
        progress.finish()

        if output == .megatron, let indexSink {
            try indexSink.write(DatasetFiles.megatronIndex(sizes: megatronSizes, bytesPerID: width))
        }
        if let sidecarSink {
            let sidecar = DatasetFiles.Sidecar(dtype: DatasetFiles.dtypeName(bytesPerID: width), tokens: statistics.tokens,
                                               documents: statistics.documents,
                                               vocabularySize: tokenizer.vocabularySize, tokenizer: tokenizerName,
                                               bos: encoder.bosID, eos: encoder.eosID)
            try sidecarSink.write(sidecar.encoded())
        }
        try sink.commit()
        try indexSink?.commit()
        try sidecarSink?.commit()
        committed = true
        statistics.seconds = Date().timeIntervalSince(started)
        if let statisticsPath {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let statsSink = try OutputSink(path: statisticsPath)
            do {
                try statsSink.write(Array(try encoder.encode(statistics)) + [0x0A])
                try statsSink.commit()
            } catch {
                statsSink.abandon()
                throw error
            }
        }
        if printSummary { FileHandle.standardError.write(Data((statistics.summary + "\n").utf8)) }
        return statistics
    }

    private func sizeOnDisk(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }
}

extension EncodingStatistics {
    mutating func add(_ other: EncodingStatistics) {
        documents += other.documents
        bytes += other.bytes
        tokens += other.tokens
        unknownTokens += other.unknownTokens
        skippedDocuments += other.skippedDocuments
        replacedDocuments += other.replacedDocuments
    }
}

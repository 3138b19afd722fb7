import ArgumentParser
import Foundation

/// `tok merge`: joins the outputs of several `tok encode` runs (the shards of a job array) into one, as if
/// one run had encoded all their inputs in order.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Concatenate tok encode outputs (shards) into one dataset.",
        discussion: """
        Inputs are joined in the order given. The kind is recognised from the files: a Megatron dataset \
        (P.bin with P.idx), a --format bin output (OUT with OUT.idx and OUT.json: ids concatenated, \
        document ends shifted, counts summed; dtype, tokenizer and BOS/EOS must agree), or text \
        (--format ids or jsonl: concatenated).
        """)

    @Option(name: [.short, .customLong("output")], help: "The merged output (for Megatron: P.bin or the prefix P).")
    var output: String

    @Argument(help: "Outputs of tok encode, in order.")
    var inputs: [String]

    enum Kind: Equatable { case megatron, bin, text }

    func validate() throws {
        if inputs.isEmpty { throw ValidationError("give at least one input") }
    }

    func run() throws {
        do {
            try execute()
        } catch {
            FileHandle.standardError.write(Data("tok merge: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }

    static func kind(of path: String) -> Kind {
        let megatron = DatasetFiles.megatronPaths(output: path)
        if let handle = FileHandle(forReadingAtPath: megatron.idx) {
            defer { try? handle.close() }
            if let head = try? handle.read(upToCount: 9), [UInt8](head) == DatasetFiles.megatronMagic { return .megatron }
        }
        if FileManager.default.fileExists(atPath: path + ".json") && FileManager.default.fileExists(atPath: path + ".idx") {
            return .bin
        }
        return .text
    }

    private func execute() throws {
        let kinds = inputs.map(Merge.kind(of:))
        guard let kind = kinds.first, kinds.allSatisfy({ $0 == kind }) else {
            let described = zip(inputs, kinds).map { "\($0) (\($1))" }.joined(separator: ", ")
            throw CommandFailure("the inputs are not all of one kind: \(described)")
        }
        switch kind {
        case .text:
            let sink = try OutputSink(path: output)
            var committed = false
            defer { if !committed { sink.abandon() } }
            for input in inputs { try Merge.copy(input, to: sink) }
            try sink.commit()
            committed = true
        case .bin:
            try mergeBin()
        case .megatron:
            try mergeMegatron()
        }
    }

    private func mergeBin() throws {
        let sidecars = try inputs.map { try DatasetFiles.Sidecar.read($0 + ".json") }
        var merged = sidecars[0]
        for (input, sidecar) in zip(inputs, sidecars).dropFirst() {
            guard sidecar.dtype == merged.dtype, sidecar.tokenizer == merged.tokenizer,
                  sidecar.bos == merged.bos, sidecar.eos == merged.eos else {
                throw CommandFailure("\(input).json: dtype, tokenizer or bos/eos differ from \(inputs[0]).json")
            }
            merged.tokens += sidecar.tokens
            merged.documents += sidecar.documents
        }
        let data = try OutputSink(path: output)
        let index = try OutputSink(path: output + ".idx")
        let side = try OutputSink(path: output + ".json")
        var committed = false
        defer { if !committed { data.abandon(); index.abandon(); side.abandon() } }
        var shift: UInt64 = 0
        for (input, sidecar) in zip(inputs, sidecars) {
            try Merge.copy(input, to: data)
            let ends = try Merge.contents(of: input + ".idx")
            guard ends.count == sidecar.documents * 8 else {
                throw CommandFailure("\(input).idx: \(ends.count / 8) documents, its .json says \(sidecar.documents)")
            }
            var shifted: [UInt8] = []
            shifted.reserveCapacity(ends.count)
            for i in stride(from: 0, to: ends.count, by: 8) {
                let end = ends[i..<(i + 8)].reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                DatasetFiles.appendLittleEndian(end + shift, to: &shifted)
            }
            try index.write(shifted)
            shift += UInt64(sidecar.tokens)
        }
        try side.write(merged.encoded())
        try data.commit(); try index.commit(); try side.commit()
        committed = true
    }

    private func mergeMegatron() throws {
        let target = DatasetFiles.megatronPaths(output: output)
        var sizes: [UInt32] = []
        var width: Int? = nil
        let data = try OutputSink(path: target.bin)
        let index = try OutputSink(path: target.idx)
        var committed = false
        defer { if !committed { data.abandon(); index.abandon() } }
        for input in inputs {
            let paths = DatasetFiles.megatronPaths(output: input)
            let read = try DatasetFiles.readMegatronIndex(try Merge.contents(of: paths.idx), name: paths.idx)
            if let width, width != read.bytesPerID {
                throw CommandFailure("\(paths.idx): dtype differs from \(DatasetFiles.megatronPaths(output: inputs[0]).idx)")
            }
            width = read.bytesPerID
            sizes += read.sizes
            try Merge.copy(paths.bin, to: data)
        }
        try index.write(DatasetFiles.megatronIndex(sizes: sizes, bytesPerID: width ?? 2))
        try data.commit(); try index.commit()
        committed = true
    }

    static func contents(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("\(path): cannot read") }
        return [UInt8](data)
    }

    /// Streams a file into the sink in 4 MB blocks.
    static func copy(_ path: String, to sink: OutputSink) throws {
        let source = try ByteSource(path: path, detectingGzip: false)
        defer { source.close() }
        var buffer = [UInt8](repeating: 0, count: 4 << 20)
        while true {
            let n = try buffer.withUnsafeMutableBufferPointer { try source.read(into: $0) }
            if n == 0 { break }
            try sink.write(Array(buffer[0..<n]))
        }
    }
}

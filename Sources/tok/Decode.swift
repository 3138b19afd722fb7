import ArgumentParser
import Foundation
import TokenizerKit

struct Decode: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Decode lines of space-separated ids back into text.",
        discussion: """
            With --stream, the input is one stream of ids (separated by spaces, tabs or newlines, as a model \
            generates them: `model | tok decode --stream`): every id is decoded as soon as the separator after \
            it arrives, and each newly completed piece of text is written and flushed at once. Text that ends \
            inside a character waits for the ids that complete it; at the end of the input whatever is still \
            held back is written as one-shot decoding would write it. Nothing is added between pieces or at the \
            end (no newline), so the output is exactly the decoding of all the ids at once.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, jsonl }

    @OptionGroup var tokenizerOptions: TokenizerOptions

    @Flag(help: "Leave out special tokens.")
    var skipSpecialTokens = false

    @Option(help: "text: one decoded line per input line; jsonl: one JSON string per line (exact even when the text holds newlines).")
    var format: Format = .text

    @Flag(help: "Decode the ids of all inputs as one stream, writing text as soon as it is complete (see below).")
    var stream = false

    @Option(name: [.short, .customLong("output")], help: "Write here instead of standard output.")
    var output: String?

    @Argument(help: "Files of ids, one sequence per line; none or - reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        if stream && format != .text { throw ValidationError("--stream writes plain text; it does not go with --format \(format.rawValue)") }
    }

    func run() throws {
        do {
            let tokenizer = try tokenizerOptions.load()
            let sink = try OutputSink(path: output)
            var committed = false
            defer { if !committed { sink.abandon() } }
            if stream {
                var decoder = StreamingIDDecoder(tokenizer: tokenizer, skippingSpecialTokens: skipSpecialTokens, sink: sink)
                for path in (inputs.isEmpty ? ["-"] : inputs) { try decoder.decode(IDReader(path: path)) }
                try decoder.finish()
                try sink.commit()
                committed = true
                return
            }
            for path in (inputs.isEmpty ? ["-"] : inputs) {
                let file = try InputFile.read(path)
                var out: [UInt8] = []
                for line in 0..<file.lineCount {
                    let text = String(decoding: file.data[file.lineStarts[line]..<file.lineEnds[line]], as: UTF8.self)
                    var ids: [UInt32] = []
                    for (k, field) in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).enumerated() {
                        guard let id = UInt32(field) else {
                            throw CommandFailure("\(file.name):\(line + 1): `\(field)` (item \(k + 1)) is not a token id")
                        }
                        ids.append(id)
                    }
                    let decoded: String
                    do {
                        decoded = try tokenizer.decode(ids, skippingSpecialTokens: skipSpecialTokens)
                    } catch let error as TokenizerError {
                        throw CommandFailure("\(file.name):\(line + 1): \(error.description)")
                    }
                    if format == .jsonl {
                        JSONText.appendString(decoded, to: &out)
                    } else {
                        out.append(contentsOf: decoded.utf8)
                    }
                    out.append(0x0A)
                    if out.count > 1 << 20 { try sink.write(out); out.removeAll(keepingCapacity: true) }
                }
                try sink.write(out)
            }
            try sink.commit()
            committed = true
        } catch {
            FileHandle.standardError.write(Data("tok decode: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a tokenizer: its components, vocabulary size and added tokens.")

    @OptionGroup var tokenizerOptions: TokenizerOptions

    func run() throws {
        do {
            let tokenizer = try tokenizerOptions.load()
            print(tokenizer.summary)
        } catch {
            FileHandle.standardError.write(Data("tok info: \(fail(error).description)\n".utf8))
            throw ExitCode.failure
        }
    }
}

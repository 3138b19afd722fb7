// In-process benchmarks of the library, for the figures `tok` cannot give.
//
//   swift build -c release --package-path Benchmarks
//   Benchmarks/.build/release/TokenizerBenchmarks lines TOKENIZER.json CORPUS.txt [RUNS]
//       one thread, `encode(_:addingSpecialTokens:using:)` per line, ids only, warm and cold word cache;
//       prints load time, MB/s and tokens/s (median of RUNS, default 3).
//   Benchmarks/.build/release/TokenizerBenchmarks batch TOKENIZER.json CORPUS.txt [THREADS]
//       `encode(batch:)` on every line of CORPUS (split on "\n"), full `Encoding`s (ids, tokens, offsets,
//       masks, word ids), no special tokens, THREADS workers (default: all cores); prints one JSON line
//       {"load": s, "encode": s, "tokens": n} with the times measured around the two calls (what
//       peer_table.py's library section reads).
//
// Compare figures only within one run: the machine is shared and noisy.
import Foundation
import TokenizerKit

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(2)
}

func readLines(_ path: String) -> (lines: [String], bytes: Int) {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    // Split on the byte 0x0A, as the Python peers' `str.split('\n')` does: splitting the `String` on the
    // Character "\n" would keep every "\r\n" (one grapheme) inside its line.
    let bytes = [UInt8](data)
    var lines: [String] = []
    var start = 0
    for (i, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
        lines.append(String(decoding: bytes[start..<i], as: UTF8.self))
        start = i + 1
    }
    if start < bytes.count { lines.append(String(decoding: bytes[start...], as: UTF8.self)) }
    return (lines, data.count)
}

/// One thread, one line at a time, ids only.
func benchmarkLines(tokenizerPath: String, corpusPath: String, runs: Int) throws {
    var tokenizer: Tokenizer? = nil
    let loadTimes = try (0..<runs).map { _ in try seconds { tokenizer = try Tokenizer(contentsOfFile: tokenizerPath) } }
    print(String(format: "load: %.1f ms (median of %d)", loadTimes.sorted()[runs / 2] * 1000, runs))
    let (lines, byteCount) = readLines(corpusPath)
    let megabytes = Double(byteCount) / 1e6
    for warm in [false, true] {
        var workspace = EncodingWorkspace()
        workspace.includesTokenStrings = false
        if warm { for line in lines { _ = try tokenizer!.encode(line, addingSpecialTokens: false, using: &workspace) } }
        var tokens = 0
        let times = try (0..<runs).map { _ in
            try seconds {
                if !warm { workspace = EncodingWorkspace(); workspace.includesTokenStrings = false }
                tokens = 0
                for line in lines { tokens += try tokenizer!.encode(line, addingSpecialTokens: false, using: &workspace).count }
            }
        }
        let median = times.sorted()[runs / 2]
        print(String(format: "encode (%@ cache): %.1f MB/s, %.2f M tokens/s, %d tokens", warm ? "warm" : "cold",
                     megabytes / median, Double(tokens) / median / 1e6, tokens))
    }
}

/// `encode(batch:)` with full encodings, as a library user calls it.
func benchmarkBatch(tokenizerPath: String, corpusPath: String, threads: Int?) throws {
    var tokenizer: Tokenizer? = nil
    let load = try seconds { tokenizer = try Tokenizer(contentsOfFile: tokenizerPath) }
    let (lines, _) = readLines(corpusPath)
    var encodings: [Encoding] = []
    let encode = try seconds { encodings = try tokenizer!.encode(batch: lines, addingSpecialTokens: false, threads: threads) }
    let tokens = encodings.reduce(0) { $0 + $1.count }
    print("{\"load\": \(load), \"encode\": \(encode), \"tokens\": \(tokens)}")
}

let arguments = CommandLine.arguments
let usage = "usage: TokenizerBenchmarks lines TOKENIZER.json CORPUS.txt [RUNS] | batch TOKENIZER.json CORPUS.txt [THREADS]"
guard arguments.count >= 4 else { fail(usage) }
switch arguments[1] {
case "lines":
    try benchmarkLines(tokenizerPath: arguments[2], corpusPath: arguments[3], runs: arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3)
case "batch":
    try benchmarkBatch(tokenizerPath: arguments[2], corpusPath: arguments[3], threads: arguments.count > 4 ? Int(arguments[4]) : nil)
default:
    fail(usage)
}

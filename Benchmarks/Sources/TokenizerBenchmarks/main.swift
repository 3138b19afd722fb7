// Throughput and load-time benchmarks for TokenizerKit, one thread, in-process.
//
//   swift run -c release --package-path Benchmarks TokenizerBenchmarks TOKENIZER.json CORPUS.txt [RUNS]
//
// Prints load time, and encode MB/s and tokens/s (median of RUNS, default 3) with a warm word cache
// and with a fresh one. Compare figures only within one run: the machine is shared and noisy.
import Foundation
import TokenizerKit

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: TokenizerBenchmarks TOKENIZER.json CORPUS.txt [RUNS]\n".utf8))
    exit(2)
}
let runs = arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

var tokenizer: Tokenizer? = nil
let loadTimes = try (0..<runs).map { _ in try seconds { tokenizer = try Tokenizer(contentsOfFile: arguments[1]) } }
print(String(format: "load: %.1f ms (median of %d)", loadTimes.sorted()[runs / 2] * 1000, runs))

let data = FileManager.default.contents(atPath: arguments[2]) ?? Data()
let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
let megabytes = Double(data.count) / 1e6
for warm in [false, true] {
    var workspace = EncodingWorkspace()
    workspace.includesTokenStrings = false
    if warm { for line in lines { _ = tokenizer!.encode(line, addingSpecialTokens: false, using: &workspace) } }
    var tokens = 0
    let times = (0..<runs).map { _ in
        seconds {
            if !warm { workspace = EncodingWorkspace(); workspace.includesTokenStrings = false }
            tokens = 0
            for line in lines { tokens += tokenizer!.encode(line, addingSpecialTokens: false, using: &workspace).count }
        }
    }
    let median = times.sorted()[runs / 2]
    print(String(format: "encode (%@ cache): %.1f MB/s, %.2f M tokens/s, %d tokens", warm ? "warm" : "cold",
                 megabytes / median, Double(tokens) / median / 1e6, tokens))
}

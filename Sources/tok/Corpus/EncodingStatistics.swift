import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `tok encode` run did: counted as chunks are written, summarized on standard error at the end and
/// written as JSON with `--stats-json`.
struct EncodingStatistics: Codable {
    var documents = 0
    /// UTF-8 bytes of text encoded (after JSONL extraction).
    var bytes = 0
    var tokens = 0
    var unknownTokens = 0
    /// Documents left out by `--on-invalid-utf8 skip`; documents repaired by `replace`.
    var skippedDocuments = 0
    var replacedDocuments = 0
    var seconds = 0.0
    var threads = 0
    var inputs = 0

    enum CodingKeys: String, CodingKey {
        case documents, bytes, tokens, seconds, threads, inputs
        case unknownTokens = "unknown_tokens"
        case skippedDocuments = "skipped_documents"
        case replacedDocuments = "replaced_documents"
        case bytesPerToken = "bytes_per_token"
        case megabytesPerSecond = "mb_per_second"
        case tokensPerSecond = "tokens_per_second"
    }

    var bytesPerToken: Double { tokens == 0 ? 0 : Double(bytes) / Double(tokens) }
    var megabytesPerSecond: Double { seconds == 0 ? 0 : Double(bytes) / 1e6 / seconds }
    var tokensPerSecond: Double { seconds == 0 ? 0 : Double(tokens) / seconds }

    init() {}

    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        documents = try c.decode(Int.self, forKey: .documents)
        bytes = try c.decode(Int.self, forKey: .bytes)
        tokens = try c.decode(Int.self, forKey: .tokens)
        unknownTokens = try c.decode(Int.self, forKey: .unknownTokens)
        skippedDocuments = try c.decode(Int.self, forKey: .skippedDocuments)
        replacedDocuments = try c.decode(Int.self, forKey: .replacedDocuments)
        seconds = try c.decode(Double.self, forKey: .seconds)
        threads = try c.decode(Int.self, forKey: .threads)
        inputs = try c.decode(Int.self, forKey: .inputs)
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(documents, forKey: .documents)
        try c.encode(bytes, forKey: .bytes)
        try c.encode(tokens, forKey: .tokens)
        try c.encode(unknownTokens, forKey: .unknownTokens)
        try c.encode(skippedDocuments, forKey: .skippedDocuments)
        try c.encode(replacedDocuments, forKey: .replacedDocuments)
        try c.encode(seconds, forKey: .seconds)
        try c.encode(threads, forKey: .threads)
        try c.encode(inputs, forKey: .inputs)
        try c.encode(bytesPerToken, forKey: .bytesPerToken)
        try c.encode(megabytesPerSecond, forKey: .megabytesPerSecond)
        try c.encode(tokensPerSecond, forKey: .tokensPerSecond)
    }

    /// The end-of-run summary.
    var summary: String {
        var text = String(format: "tok encode: %d documents, %.1f MB, %d tokens (%.2f bytes/token), %d unknown tokens",
                          documents, Double(bytes) / 1e6, tokens, bytesPerToken, unknownTokens)
        text += InvalidUTF8Policy.summaryNote(skipped: skippedDocuments, replaced: replacedDocuments)
        text += String(format: " in %.2f s: %.1f MB/s, %.0f tokens/s, %d threads", seconds, megabytesPerSecond,
                       tokensPerSecond, threads)
        return text
    }
}

/// A one-line progress display on standard error, redrawn at most five times a second: bytes done,
/// MB/s, tokens/s and, when the total is known, percent and time left. Silent unless standard error is a
/// terminal.
final class ProgressDisplay {
    private let enabled: Bool
    private let totalBytesOnDisk: Int?
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drewSomething = false

    init(enabled: Bool, totalBytesOnDisk: Int?) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
        self.totalBytesOnDisk = totalBytesOnDisk
    }

    func update(doneOnDisk: Int, statistics: EncodingStatistics) {
        guard enabled else { return }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let elapsed = max(now.timeIntervalSince(start), 1e-6)
        let rate = Double(doneOnDisk) / elapsed
        var line = String(format: "%.1f MB, %.1f MB/s, %.2fM tokens/s", Double(doneOnDisk) / 1e6, rate / 1e6,
                          Double(statistics.tokens) / elapsed / 1e6)
        if let total = totalBytesOnDisk, total > 0 {
            let fraction = min(1, Double(doneOnDisk) / Double(total))
            let width = 30
            let filled = Int(fraction * Double(width))
            let left = rate > 0 ? Double(total - doneOnDisk) / rate : 0
            line = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
                + String(format: "%3.0f%% ", fraction * 100) + line + String(format: ", ETA %.0f s", left)
        }
        FileHandle.standardError.write(Data(("\r" + line + "\u{1B}[K").utf8))
        drewSomething = true
    }

    /// Clears the line before the summary.
    func finish() {
        guard enabled, drewSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

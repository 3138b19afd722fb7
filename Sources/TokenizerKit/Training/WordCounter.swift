import Foundation

/// The words of a corpus exactly as a trainer sees them — each sequence through the tokenizer's added
/// tokens, normalizer and pre-tokenizer — with how often each occurs.
///
/// ```swift
/// let counts = try tokenizer.countWords(files: ["corpus.txt"])
/// print(counts.distinctWords, counts.totalWords)
/// ```
public struct WordCounts: Sendable {
    var table: WordCountTable
    /// Words counted, repeats included.
    public internal(set) var totalWords: UInt64 = 0
    /// Sequences (lines or documents) read.
    public internal(set) var sequences: Int = 0
    /// Bytes of text read.
    public internal(set) var bytes: Int = 0

    /// The number of distinct words.
    public var distinctWords: Int { table.count }

    /// How often `word` (as the pre-tokenizer produced it) occurs.
    public func count(of word: String) -> UInt64 { table.count(of: Array(word.utf8)) }

    /// Every distinct word and its count, in first-seen order. Each word is its own array: this is the
    /// handy form (for the Unigram trainer, and tests), not the compact one trainers work on.
    public var words: [(word: [UInt8], count: UInt64)] {
        var result: [(word: [UInt8], count: UInt64)] = []
        result.reserveCapacity(table.count)
        table.forEach { word, count in result.append((Array(word), count)) }
        return result
    }
}

/// A piece of input text for a `WordCounter`: whole sequences in one buffer.
public struct TextChunk: Sendable {
    /// The text.
    public var bytes: [UInt8]
    /// The sequences: nil means lines — each ends after a `\n`, which stays part of it, as the reference's
    /// `train_from_files` reads files (`\r` too stays) — else these ranges of `bytes`, one per sequence.
    public var records: [Range<Int>]?
    /// The input's name, for messages.
    public var source: String
    /// The 1-based line of the first sequence (with `records`, sequence i is on line `firstLine + i`).
    public var firstLine: Int

    /// Newline-terminated lines (the last may lack its `\n`); each line, newline included, is one sequence.
    public init(lines bytes: [UInt8], source: String, firstLine: Int = 1) {
        self.bytes = bytes
        records = nil
        self.source = source
        self.firstLine = firstLine
    }

    /// Sequences given as ranges of `bytes` (documents taken out of JSON Lines, say), one per line of input.
    public init(bytes: [UInt8], records: [Range<Int>], source: String, firstLine: Int = 1) {
        self.bytes = bytes
        self.records = records
        self.source = source
        self.firstLine = firstLine
    }

    /// Each text is one sequence.
    public init(texts: [String], source: String = "<texts>", firstLine: Int = 1) {
        var bytes: [UInt8] = []
        var records: [Range<Int>] = []
        for text in texts {
            let start = bytes.count
            bytes.append(contentsOf: text.utf8)
            records.append(start..<bytes.count)
        }
        self.init(bytes: bytes, records: records, source: source, firstLine: firstLine)
    }
}

/// Counts the words of text chunks on several threads, each with its own table, merged at the end.
///
/// Feed it batches of chunks with `count(_:)` (each batch is spread over the threads), then take the
/// result with `finish()`. Memory is the per-thread tables: proportional to the distinct words, never
/// to the size of the corpus.
///
/// Performance notes (2 cores): the general path runs the tokenizer's own `split` and pre-tokenizer per
/// sequence. For the byte-level pipelines (no normalizer; ByteLevel with its regex, or a Split followed
/// by ByteLevel without one) words are counted on their raw bytes straight from the scanner and mapped
/// to byte-level characters once per distinct word at the end — the mapping is a bijection, so the
/// counts are the same, and it skips rewriting every byte of the corpus with an alignment.
public final class WordCounter: @unchecked Sendable {
    private let tokenizer: Tokenizer
    private let workers: [CountingWorker]
    private let rawPattern: SplitPattern?
    private var merged: WordCounts?

    /// A counter for `tokenizer`'s pipeline on `threads` threads (default: all cores).
    public init(tokenizer: Tokenizer, threads: Int? = nil) {
        self.tokenizer = tokenizer
        let count = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        workers = (0..<count).map { _ in CountingWorker() }
        rawPattern = Self.byteLevelPattern(tokenizer)
    }

    /// The number of threads.
    public var threads: Int { workers.count }

    /// The scanner of a byte-level pipeline whose words can be counted raw, or nil.
    static func byteLevelPattern(_ tokenizer: Tokenizer) -> SplitPattern? {
        guard tokenizer.normalizer == nil, let preTokenizer = tokenizer.preTokenizer else { return nil }
        switch preTokenizer {
        case let .byteLevel(level):
            guard level.useRegex, !level.addPrefixSpace else { return nil }
            return level.pattern
        case let .sequence(steps):
            guard steps.count == 2, case let .split(split) = steps[0], case let .byteLevel(level) = steps[1],
                  split.behavior == .isolated, !split.invert, !level.useRegex, !level.addPrefixSpace else { return nil }
            return split.pattern
        default:
            return nil
        }
    }

    /// Counts the words of `chunks`, spread over the threads (chunk i goes to thread i mod threads).
    /// - Throws: `TokenizerError.invalidUTF8` for a sequence that is not valid UTF-8 (the first such in
    ///   `chunks`, naming its source and line; the counts are then incomplete), `.unsupported` after `finish()`.
    public func count(_ chunks: [TextChunk]) throws {
        guard merged == nil else { throw TokenizerError.unsupported("WordCounter: count(_:) after finish()") }
        guard !chunks.isEmpty else { return }
        let workers = self.workers
        let tokenizer = self.tokenizer
        let pattern = rawPattern
        let lanes = min(workers.count, chunks.count)
        DispatchQueue.concurrentPerform(iterations: lanes) { lane in
            let worker = workers[lane]
            var index = lane
            while index < chunks.count {
                worker.count(chunks[index], index: index, tokenizer: tokenizer, rawPattern: pattern)
                index += lanes
            }
        }
        var first: (index: Int, error: TokenizerError)? = nil
        for worker in workers {
            if let failure = worker.failure, first.map({ failure.index < $0.index }) ?? true { first = failure }
            worker.failure = nil
        }
        if let first { throw first.error }
    }

    /// Merges the threads' counts. Call once, after the last `count(_:)`.
    public func finish() -> WordCounts {
        if let merged { return merged }
        var capacity = 0
        for worker in workers { capacity = max(capacity, worker.table.count + worker.rawTable.count) }
        var result = WordCounts(table: WordCountTable(capacity: capacity))
        var mapped: [UInt8] = []
        for worker in workers {
            result.table.add(contentsOf: worker.table)
            worker.table = WordCountTable(capacity: 0)
            worker.rawTable.forEach { word, count in
                mapped.removeAll(keepingCapacity: true)
                ByteLevelAlphabet.appendMapped(word, to: &mapped)
                result.table.add(mapped, amount: count)
            }
            worker.rawTable = WordCountTable(capacity: 0)
            result.totalWords += worker.totalWords
            result.sequences += worker.sequences
            result.bytes += worker.bytes
        }
        merged = result
        return result
    }
}

/// One thread's counting state; only ever used by one thread at a time.
final class CountingWorker: @unchecked Sendable {
    var state = CountingState()
    var failure: (index: Int, error: TokenizerError)?

    var table: WordCountTable {
        get { state.table }
        set { state.table = newValue }
    }
    var rawTable: WordCountTable {
        get { state.rawTable }
        set { state.rawTable = newValue }
    }
    var totalWords: UInt64 { state.totalWords }
    var sequences: Int { state.sequences }
    var bytes: Int { state.bytes }

    func count(_ chunk: TextChunk, index: Int, tokenizer: Tokenizer, rawPattern: SplitPattern?) {
        guard failure == nil else { return }
        // The state moves into a local for the chunk: updated through the class instance, every counter
        // increment would be a dynamic exclusivity check on memory that neighbouring workers' instances
        // may share cache lines with.
        var local = state
        state = CountingState()
        if let error = local.count(chunk, tokenizer: tokenizer, rawPattern: rawPattern) {
            failure = (index, error)
        }
        state = local
    }
}

/// The tables and scratch buffers of one counting thread.
struct CountingState {
    var table = WordCountTable()
    /// Raw (unmapped) words of a byte-level pipeline.
    var rawTable = WordCountTable()
    var words = PreTokenizedString()
    var ranges: [Range<Int>] = []
    var totalWords: UInt64 = 0
    var sequences = 0
    var bytes = 0

    /// Counts the words of every sequence of `chunk`; the error of the first invalid one (not UTF-8, or a
    /// `Split` / `Replace` regex past its step budget), if any.
    mutating func count(_ chunk: TextChunk, tokenizer: Tokenizer, rawPattern: SplitPattern?) -> TokenizerError? {
        // A regex failure left on this thread by a search outside this count (a decoder's Replace) is not ours.
        ICURegex.discardPendingFailure()
        return chunk.bytes.withUnsafeBufferPointer { all -> TokenizerError? in
            var line = chunk.firstLine
            func one(_ range: Range<Int>) -> TokenizerError? {
                let text = UnsafeBufferPointer(rebasing: all[range])
                if UTF8Validation.firstInvalidByte(in: text) != nil {
                    return .invalidUTF8(source: chunk.source, line: line)
                }
                sequences += 1
                bytes += text.count
                if let rawPattern {
                    countByteLevel(text, tokenizer: tokenizer, pattern: rawPattern)
                } else {
                    countGeneral(text, tokenizer: tokenizer)
                }
                // A regex search that failed stopped early: the line's words are incomplete, so training stops.
                if ICURegex.hasPendingFailure, let failure = ICURegex.takeFailure() {
                    return .inInput(source: chunk.source, line: line, underlying: failure)
                }
                return nil
            }
            if let records = chunk.records {
                for range in records {
                    if let error = one(range) { return error }
                    line += 1
                }
                return nil
            }
            var start = 0
            let n = all.count
            while start < n {
                var end = n
                if let p = memchr(all.baseAddress! + start, 0x0A, n - start) {
                    end = all.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self)) + 1
                }
                if let error = one(start..<end) { return error }
                line += 1
                start = end
            }
            return nil
        }
    }

    /// Added tokens, normalizer and pre-tokenizer, exactly as encoding runs them.
    private mutating func countGeneral(_ text: UnsafeBufferPointer<UInt8>, tokenizer: Tokenizer) {
        words.removeAll()
        tokenizer.split(text, into: &words)
        if let preTokenizer = tokenizer.preTokenizer { preTokenizer.preTokenize(&words, scratch: &ranges) }
        words.bytes.withUnsafeBufferPointer { bytes in
            for split in words.splits {
                table.add(UnsafeBufferPointer(rebasing: bytes[split.range]))
            }
        }
        totalWords += UInt64(words.splits.count)
    }

    /// The byte-level path: added tokens (counted as they are), then the scanner's pieces counted raw.
    private mutating func countByteLevel(_ text: UnsafeBufferPointer<UInt8>, tokenizer: Tokenizer, pattern: SplitPattern) {
        let added = tokenizer.addedVocabulary
        if added.isEmpty {
            scan(text, pattern: pattern)
            return
        }
        for piece in added.findMatches(in: text, normalized: false) {
            let slice = UnsafeBufferPointer(rebasing: text[piece.range])
            if piece.id != nil {
                table.add(slice)
                totalWords += 1
                continue
            }
            for inner in added.findMatches(in: slice, normalized: true) {
                let part = UnsafeBufferPointer(rebasing: slice[inner.range])
                if inner.id != nil {
                    table.add(part)
                    totalWords += 1
                } else {
                    scan(part, pattern: pattern)
                }
            }
        }
    }

    /// Every match of the scanner and every gap between matches is a word (the Isolated split).
    private mutating func scan(_ text: UnsafeBufferPointer<UInt8>, pattern: SplitPattern) {
        guard !text.isEmpty else { return }
        ranges.removeAll(keepingCapacity: true)
        pattern.appendMatches(in: text, to: &ranges)
        var previous = 0
        for match in ranges {
            if previous < match.lowerBound {
                rawTable.add(UnsafeBufferPointer(rebasing: text[previous..<match.lowerBound]))
                totalWords += 1
            }
            if !match.isEmpty {
                rawTable.add(UnsafeBufferPointer(rebasing: text[match]))
                totalWords += 1
            }
            previous = match.upperBound
        }
        if previous < text.count {
            rawTable.add(UnsafeBufferPointer(rebasing: text[previous...]))
            totalWords += 1
        }
    }
}

/// UTF-8 validity, as Rust's `str::from_utf8` judges it (no surrogates, no overlong forms, nothing
/// above U+10FFFF).
enum UTF8Validation {
    /// The offset of the first byte that makes `bytes` invalid UTF-8, or nil when it is valid.
    static func firstInvalidByte(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            // Eight ASCII bytes at a time.
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            }
            guard i < n else { break }
            let b0 = base[i]
            if b0 < 0x80 { i += 1; continue }
            @inline(__always) func continuation(_ k: Int) -> Bool { i + k < n && base[i + k] & 0xC0 == 0x80 }
            switch b0 {
            case 0xC2...0xDF:
                guard continuation(1) else { return i }
                i += 2
            case 0xE0...0xEF:
                guard continuation(1), continuation(2) else { return i }
                let b1 = base[i + 1]
                if b0 == 0xE0 && b1 < 0xA0 { return i }
                if b0 == 0xED && b1 > 0x9F { return i }
                i += 3
            case 0xF0...0xF4:
                guard continuation(1), continuation(2), continuation(3) else { return i }
                let b1 = base[i + 1]
                if b0 == 0xF0 && b1 < 0x90 { return i }
                if b0 == 0xF4 && b1 > 0x8F { return i }
                i += 4
            default:
                return i
            }
        }
        return nil
    }
}

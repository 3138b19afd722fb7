import ArgumentParser
import Foundation
import TokenizerKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension TrainingPreset: ExpressibleByArgument {}
extension TrainingPreset.Model: ExpressibleByArgument {}

struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a vocabulary on text and write a tokenizer.json the reference library loads.",
        discussion: """
            The pipeline comes from --preset (gpt2: byte-level BPE; bert: BertNormalizer, BertPreTokenizer, \
            WordPiece, [CLS]/[SEP] template; sentencepiece-bpe: NFKC and Metaspace; sentencepiece-unigram: Nmt, NFKC, spaces collapsed, Metaspace; \
            whitespace: the Whitespace pre-tokenizer alone), or from an existing tokenizer.json with -t (its \
            normalizer, pre-tokenizer, post-processor and decoder are kept, its model is replaced, its special \
            tokens are trained again unless --special-tokens says otherwise, and the ids its post-processor \
            names are looked up again in the trained vocabulary). Without \
            either, --model picks the preset: bpe → gpt2, wordpiece → bert, wordlevel → whitespace, \
            unigram → sentencepiece-unigram.

            Inputs are read like `tok encode` reads them: files, directories, - for standard input, gzip by \
            its magic bytes; every line (its newline included, as the reference's train_from_files reads \
            files) is one sequence, or with --jsonl-key the string under that key of each JSON line. The \
            sequences go through the pipeline's added tokens, normalizer and pre-tokenizer; words are counted \
            on all cores. BPE merges equal the reference trainer's for the same corpus and settings. A line \
            (or JSONL string) that is not valid UTF-8 stops the run with its file and line, unless \
            --on-invalid-utf8 says to replace its invalid sequences with U+FFFD or to skip it.

            On a terminal a progress line shows the counting and the merging; a summary goes to standard \
            error. The output file is written only when training succeeds.
            """)

    @Option(help: "The model to train: \(TrainingPreset.Model.allCases.map(\.rawValue).joined(separator: ", ")) (default: the preset's).")
    var model: TrainingPreset.Model?

    @Option(help: "The pipeline: \(TrainingPreset.allCases.map(\.rawValue).joined(separator: ", ")).")
    var preset: TrainingPreset?

    @Option(name: [.customShort("t"), .customLong("tokenizer")], help: "Train the pipeline of this tokenizer.json instead of a preset (its model is replaced).")
    var base: String?

    @Option(help: "The vocabulary size to reach, special tokens and alphabet included.")
    var vocabSize: Int

    @Option(help: "The least number of occurrences for a merge (BPE, WordPiece) or a word (WordLevel).")
    var minFrequency: UInt64 = 0

    @Option(help: "Special tokens, comma-separated; they get the first ids (default: the preset's, e.g. <|endoftext|> for gpt2, or with -t the base's special tokens; \"\" for none).")
    var specialTokens: String?

    @Option(help: "Keep at most this many characters in the initial alphabet (BPE, WordPiece; default: the preset's).")
    var limitAlphabet: Int?

    @Option(help: "Characters always in the initial alphabet, given as one string (BPE, WordPiece; a byte-level pipeline — gpt2, or -t with a ByteLevel pre-tokenizer — always has the 256 byte-level characters).")
    var initialAlphabet: String?

    @Option(help: "Prefix of subwords that continue a word (BPE; WordPiece: default ##).")
    var continuingSubwordPrefix: String?

    @Option(help: "Suffix of subwords that end a word (BPE, WordPiece).")
    var endOfWordSuffix: String?

    @Option(help: "No token longer than this many characters (BPE).")
    var maxTokenLength: Int?

    @Option(help: "JSONL input: the sequence is the string under this key of each line's object.")
    var jsonlKey: String?

    @Option(help: "A line (or --jsonl-key string) that is not valid UTF-8: error (stop with its file and line), replace (each invalid sequence with U+FFFD), or skip.")
    var onInvalidUtf8: InvalidUTF8Policy = .error

    @Option(help: "Threads for counting words (default: all cores).")
    var threads: Int?

    @Flag(help: "No progress line and no summary on standard error.")
    var quiet = false

    @Option(name: [.short, .customLong("output")], help: "The tokenizer.json to write.")
    var output: String

    @Argument(help: "Text files, directories or - (standard input); none reads standard input.")
    var inputs: [String] = []

    func validate() throws {
        if preset != nil && base != nil { throw ValidationError("--preset and -t/--tokenizer exclude each other") }
        if vocabSize < 0 { throw ValidationError("--vocab-size must not be negative") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if let limitAlphabet, limitAlphabet < 0 { throw ValidationError("--limit-alphabet must not be negative") }
        if let maxTokenLength, maxTokenLength < 1 { throw ValidationError("--max-token-length must be at least 1") }
    }

    func run() throws {
        do {
            try train()
        } catch {
            throw fail(error)
        }
    }

    private func train() throws {
        let started = Date()
        // The pipeline.
        let chosenPreset: TrainingPreset?
        var tokenizer: Tokenizer
        let modelKind: TrainingPreset.Model
        if let base {
            tokenizer = try Tokenizer(contentsOfFile: base)
            modelKind = model ?? tokenizer.modelKind
            chosenPreset = nil
        } else {
            let p = preset ?? TrainingPreset.defaultPreset(for: model ?? .bpe)
            modelKind = model ?? p.defaultModel
            tokenizer = try p.untrainedTokenizer(model: modelKind)
            chosenPreset = p
        }
        // With -t, the base's special tokens (in id order) are the default special tokens.
        let baseSpecials = tokenizer.addedTokens.sorted { $0.key < $1.key }.filter { $0.value.special }.map { $0.value.content }
        let trainer = try makeTrainer(modelKind, preset: chosenPreset, baseSpecials: baseSpecials,
                                      byteLevel: chosenPreset == nil && tokenizer.hasByteLevelPreTokenizer)

        // Counting.
        let files = try InputFiles.expand(inputs)
        let progress = TrainingProgressLine(enabled: !quiet)
        var chunker = TrainingChunker(jsonlKey: jsonlKey, invalidUTF8: onInvalidUtf8)
        let counts = try countWords(files: files, tokenizer: tokenizer, chunker: &chunker, progress: progress)
        let counted = Date()

        // Training.
        try tokenizer.train(wordCounts: counts, trainer: trainer) { report in progress.show(report) }
        if let chosenPreset {
            tokenizer = try chosenPreset.finished(tokenizer)
        } else {
            tokenizer = try tokenizer.refreshingPostProcessorIDs()
        }
        progress.clear()

        // Writing.
        let sink = try OutputSink(path: output)
        do {
            try sink.write(try tokenizer.jsonData(pretty: true))
            try sink.commit()
        } catch {
            sink.abandon()
            throw error
        }
        let finished = Date()
        if !quiet {
            let summary = String(
                format: "trained %@: %d tokens from %d distinct words (%llu words, %d sequences, %.1f MB)%@ in %.1f s (counting %.1f s, training %.1f s) → %@\n",
                modelKind.rawValue, tokenizer.vocabularySize, counts.distinctWords, counts.totalWords, counts.sequences,
                Double(counts.bytes) / 1e6,
                InvalidUTF8Policy.summaryNote(skipped: chunker.skippedLines, replaced: chunker.replacedLines, unit: "line"),
                finished.timeIntervalSince(started), counted.timeIntervalSince(started),
                finished.timeIntervalSince(counted), output)
            FileHandle.standardError.write(Data(summary.utf8))
        }
    }

    private func makeTrainer(_ kind: TrainingPreset.Model, preset: TrainingPreset?, baseSpecials: [String],
                             byteLevel: Bool) throws -> Trainer {
        let specials: [String]
        if let specialTokens {
            specials = specialTokens.isEmpty ? [] : specialTokens.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            if specials.contains(where: \.isEmpty) { throw CommandFailure("--special-tokens: empty token in \"\(specialTokens)\"") }
        } else {
            specials = preset?.defaultSpecialTokens ?? baseSpecials
        }
        var alphabet = preset?.initialAlphabet ?? (byteLevel ? BPETrainer.byteLevelAlphabet : [])
        if let initialAlphabet { alphabet += initialAlphabet.unicodeScalars }
        let limit = limitAlphabet ?? preset?.defaultAlphabetLimit
        func reject(_ option: String, _ given: Bool) throws {
            if given { throw CommandFailure("\(option) does not apply to --model \(kind.rawValue)") }
        }
        switch kind {
        case .bpe:
            return .bpe(BPETrainer(vocabularySize: vocabSize, minimumFrequency: minFrequency, specialTokens: specials,
                                   alphabetLimit: limit, initialAlphabet: alphabet,
                                   continuingSubwordPrefix: continuingSubwordPrefix, endOfWordSuffix: endOfWordSuffix,
                                   maximumTokenLength: maxTokenLength))
        case .wordPiece:
            try reject("--max-token-length", maxTokenLength != nil)
            return .wordPiece(WordPieceTrainer(vocabularySize: vocabSize, minimumFrequency: minFrequency, specialTokens: specials,
                                               alphabetLimit: limit, initialAlphabet: alphabet,
                                               continuingSubwordPrefix: continuingSubwordPrefix ?? "##",
                                               endOfWordSuffix: endOfWordSuffix))
        case .wordLevel:
            try reject("--limit-alphabet", limitAlphabet != nil)
            try reject("--initial-alphabet", initialAlphabet != nil)
            try reject("--continuing-subword-prefix", continuingSubwordPrefix != nil)
            try reject("--end-of-word-suffix", endOfWordSuffix != nil)
            try reject("--max-token-length", maxTokenLength != nil)
            return .wordLevel(WordLevelTrainer(vocabularySize: vocabSize, minimumFrequency: minFrequency, specialTokens: specials))
        case .unigram:
            try reject("--limit-alphabet", limitAlphabet != nil)
            try reject("--continuing-subword-prefix", continuingSubwordPrefix != nil)
            try reject("--end-of-word-suffix", endOfWordSuffix != nil)
            try reject("--min-frequency", minFrequency != 0)
            let unknown = preset?.unknownToken ?? (specials.contains("<unk>") ? "<unk>" : nil)
            return .unigram(UnigramTrainer(vocabularySize: vocabSize, specialTokens: specials, initialAlphabet: Set(alphabet),
                                           unknownToken: unknown, maximumPieceLength: maxTokenLength ?? 16))
        }
    }

    /// Reads every input in ~1 MB chunks of whole lines on this thread, makes them sequences with `chunker`,
    /// and counts a batch of chunks (two per thread) at a time on all threads.
    /// - Throws: `InvalidUTF8Policy.failure` for the first line that is not valid UTF-8 under `error`, and
    ///   the reader's, the chunker's and the counter's errors.
    private func countWords(files: [String], tokenizer: Tokenizer, chunker: inout TrainingChunker,
                            progress: TrainingProgressLine) throws -> WordCounts {
        let counter = WordCounter(tokenizer: tokenizer, threads: threads)
        func count(_ batch: [TextChunk]) throws {
            do {
                try counter.count(batch)
            } catch let TokenizerError.invalidUTF8(source, line) {
                throw InvalidUTF8Policy.failure(source: source, line: line)
            }
        }
        var batch: [TextChunk] = []
        var chunksRead = 0
        var totalOnDisk = 0
        var sizesKnown = true
        for file in files where file != "-" {
            if let size = (try? FileManager.default.attributesOfItem(atPath: file))?[.size] as? Int { totalOnDisk += size } else { sizesKnown = false }
        }
        if files.contains("-") { sizesKnown = false }
        var doneOnDisk = 0
        for file in files {
            let source = try ByteSource(path: file)
            defer { source.close() }
            let reader = RecordReader(source: source, separator: [0x0A])
            let before = doneOnDisk
            while let chunk = try reader.next() {
                // A chunk cut around skipped lines gives several; the batch is still two chunks read per thread.
                batch += try chunker.textChunks(chunk)
                chunksRead += 1
                doneOnDisk = before + chunk.consumedOnDisk
                if chunksRead % (counter.threads * 2) == 0 {
                    try count(batch)
                    batch.removeAll(keepingCapacity: true)
                    progress.showCounting(doneOnDisk: doneOnDisk, total: sizesKnown ? totalOnDisk : nil)
                }
            }
        }
        try count(batch)
        progress.showCounting(doneOnDisk: doneOnDisk, total: sizesKnown ? totalOnDisk : nil)
        return counter.finish()
    }
}

/// The progress line on a terminal: counting (MB read, rate, share of the input), then merging
/// (vocabulary size reached of the target). Throttled to five redraws a second.
final class TrainingProgressLine: @unchecked Sendable {
    private let enabled: Bool
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var drewSomething = false

    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    private func draw(_ text: String, force: Bool = false) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard force || now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
        drewSomething = true
    }

    private static func bar(_ fraction: Double) -> String {
        let width = 30
        let filled = Int(min(1, max(0, fraction)) * Double(width))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
    }

    func showCounting(doneOnDisk: Int, total: Int?) {
        let elapsed = max(Date().timeIntervalSince(start), 1e-6)
        var line = String(format: "counting: %.1f MB, %.1f MB/s", Double(doneOnDisk) / 1e6, Double(doneOnDisk) / elapsed / 1e6)
        if let total, total > 0 {
            let fraction = Double(doneOnDisk) / Double(total)
            line = Self.bar(fraction) + String(format: " %3.0f%% ", fraction * 100) + line
        }
        draw(line)
    }

    func show(_ report: TrainingProgress) {
        var line = report.total == 0 && report.completed == 0 ? "\(report.stage)…" : "\(report.stage): \(report.completed)"
        if report.total > 0 {
            line = Self.bar(Double(report.completed) / Double(report.total)) + " " + line + " / \(report.total)"
        }
        draw(line)
    }

    func clear() {
        guard enabled, drewSomething else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

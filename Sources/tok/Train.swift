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
            on all cores. BPE merges equal the reference trainer's for the same corpus and settings.

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
        let counts = try countWords(files: files, tokenizer: tokenizer, progress: progress)
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
                format: "trained %@: %d tokens from %d distinct words (%llu words, %d sequences, %.1f MB) in %.1f s (counting %.1f s, training %.1f s) → %@\n",
                modelKind.rawValue, tokenizer.vocabularySize, counts.distinctWords, counts.totalWords, counts.sequences,
                Double(counts.bytes) / 1e6, finished.timeIntervalSince(started), counted.timeIntervalSince(started),
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

    /// Reads every input in ~1 MB chunks of whole lines on this thread and counts a batch of chunks
    /// (two per thread) at a time on all threads.
    private func countWords(files: [String], tokenizer: Tokenizer, progress: TrainingProgressLine) throws -> WordCounts {
        let counter = WordCounter(tokenizer: tokenizer, threads: threads)
        let field = jsonlKey.map(JSONLineField.init(key:))
        var batch: [TextChunk] = []
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
                batch.append(try textChunk(chunk, field: field))
                doneOnDisk = before + chunk.consumedOnDisk
                if batch.count >= counter.threads * 2 {
                    try counter.count(batch)
                    batch.removeAll(keepingCapacity: true)
                    progress.showCounting(doneOnDisk: doneOnDisk, total: sizesKnown ? totalOnDisk : nil)
                }
            }
        }
        try counter.count(batch)
        progress.showCounting(doneOnDisk: doneOnDisk, total: sizesKnown ? totalOnDisk : nil)
        return counter.finish()
    }

    /// A chunk of lines as the counter takes it: the lines themselves, or the JSONL field of each.
    private func textChunk(_ chunk: InputChunk, field: JSONLineField?) throws -> TextChunk {
        guard let field else { return TextChunk(lines: chunk.bytes.array, source: chunk.source, firstLine: chunk.firstLine) }
        var text: [UInt8] = []
        var records: [Range<Int>] = []
        var line = chunk.firstLine
        try chunk.bytes.withUnsafeBufferPointer { bytes in
            try RecordSplitter(separator: [0x0A]).forEachRecord(in: bytes) { range in
                defer { line += 1 }
                let record = UnsafeBufferPointer(rebasing: bytes[range])
                let start = text.count
                // A blank line is an empty sequence (no words), so that record i stays on line firstLine + i.
                if !record.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    do {
                        try field.extract(from: record, into: &text)
                    } catch let failure as JSONLineField.Failure {
                        throw CommandFailure("\(chunk.source):\(line): \(failure.message)")
                    }
                }
                records.append(start..<text.count)
            }
        }
        return TextChunk(bytes: text, records: records, source: chunk.source, firstLine: chunk.firstLine)
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

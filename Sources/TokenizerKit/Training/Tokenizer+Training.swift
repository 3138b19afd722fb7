import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A vocabulary trainer, one case per model. Training replaces the tokenizer's model with the trained
/// one and keeps the rest of its pipeline.
///
/// ```swift
/// var tokenizer = try Tokenizer(contentsOfFile: "pipeline.json")   // normalizer, pre-tokenizer, …
/// try tokenizer.train(files: ["a.txt", "b.txt"], trainer: .bpe(BPETrainer(vocabularySize: 32_000)))
/// try tokenizer.write(toFile: "tokenizer.json")
/// ```
public enum Trainer: Sendable {
    case bpe(BPETrainer)
    case wordPiece(WordPieceTrainer)
    case wordLevel(WordLevelTrainer)
    case unigram(UnigramTrainer)

    /// Runs the trainer on counted words. `existingModel` is the `model` section being replaced (options a
    /// trainer does not set, such as `unk_token`, carry over from it when it is of the same type).
    func train(_ words: WordCounts, existingModel: JSONValue?, progress: TrainingProgressHandler?) throws -> TrainedModel {
        switch self {
        case let .bpe(trainer): try trainer.train(words, existingModel: existingModel, progress: progress)
        case let .wordPiece(trainer): try trainer.train(words, existingModel: existingModel, progress: progress)
        case let .wordLevel(trainer): try trainer.train(words, existingModel: existingModel, progress: progress)
        case let .unigram(trainer): try trainer.train(words: words.words, progress: progress)
        }
    }
}

extension Tokenizer {
    /// Trains the model on text files, as the reference's `Tokenizer.train(files, trainer)`: every line
    /// of every file (its `\n` included) is one sequence, which goes through the added tokens, the
    /// normalizer and the pre-tokenizer; the trainer learns from the resulting words. The model is then
    /// replaced by the trained one and the trainer's special tokens are added as special tokens.
    ///
    /// - Parameters:
    ///   - threads: threads for counting words (default: all cores).
    ///   - progress: hears `counting` (bytes read of the files' total) and the trainer's stages.
    /// - Throws: `TokenizerError.unreadableFile`, `.invalidUTF8` (with file and line), or the trainer's error.
    public mutating func train(files: [String], trainer: Trainer, threads: Int? = nil,
                               progress: TrainingProgressHandler? = nil) throws {
        let counts = try countWords(files: files, threads: threads, progress: progress)
        try train(wordCounts: counts, trainer: trainer, progress: progress)
    }

    /// Trains the model on texts held in memory, each one sequence (the reference's `train_from_iterator`).
    public mutating func train(texts: [String], trainer: Trainer, threads: Int? = nil,
                               progress: TrainingProgressHandler? = nil) throws {
        let counts = try countWords(texts: texts, threads: threads)
        try train(wordCounts: counts, trainer: trainer, progress: progress)
    }

    /// Trains the model on words already counted (by `countWords` or a `WordCounter` on this tokenizer).
    public mutating func train(wordCounts: WordCounts, trainer: Trainer, progress: TrainingProgressHandler? = nil) throws {
        if let sourceFormat {
            throw TokenizerError.unsupported("a tokenizer loaded from a \(sourceFormat.format) file cannot be trained")
        }
        let document = try JSONDocument(parsing: sourceJSON, source: "tokenizer")
        let trained = try trainer.train(wordCounts, existingModel: document.root["model"], progress: progress)
        self = try replacingComponents(["model": trained.modelJSON])
        addTokens(trained.specialTokens)
    }

    /// The words of text files as a trainer sees them (see `train(files:trainer:threads:progress:)`).
    public func countWords(files: [String], threads: Int? = nil, progress: TrainingProgressHandler? = nil) throws -> WordCounts {
        let counter = WordCounter(tokenizer: self, threads: threads)
        var total = 0
        for file in files {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else {
                throw TokenizerError.unreadableFile(path: file, reason: FileManager.default.fileExists(atPath: file) ? "cannot read" : "no such file")
            }
            total += (attributes[.size] as? Int) ?? 0
        }
        var done = 0
        var batch: [TextChunk] = []
        let batchSize = counter.threads * 2
        for file in files {
            let reader = try LineChunkReader(path: file)
            defer { reader.close() }
            while let chunk = try reader.next() {
                done += chunk.bytes.count
                batch.append(chunk)
                if batch.count == batchSize {
                    try counter.count(batch)
                    batch.removeAll(keepingCapacity: true)
                    progress?(TrainingProgress(stage: "counting", completed: done, total: total))
                }
            }
        }
        try counter.count(batch)
        progress?(TrainingProgress(stage: "counting", completed: done, total: total))
        return counter.finish()
    }

    /// The words of in-memory texts (each one sequence) as a trainer sees them.
    public func countWords(texts: [String], threads: Int? = nil) throws -> WordCounts {
        let counter = WordCounter(tokenizer: self, threads: threads)
        var chunks: [TextChunk] = []
        var start = 0
        var size = 0
        for (i, text) in texts.enumerated() {
            size += text.utf8.count
            if size >= 1 << 20 || i == texts.count - 1 {
                chunks.append(TextChunk(texts: Array(texts[start...i]), source: "<texts>", firstLine: start + 1))
                start = i + 1
                size = 0
            }
        }
        try counter.count(chunks)
        return counter.finish()
    }

    /// This tokenizer with some top-level sections of its tokenizer.json replaced (`model`,
    /// `post_processor`, …; JSON text, `null` to remove one), rebuilt through the loader — so the result is
    /// exactly what loading its saved file gives. Added tokens, truncation and padding are kept.
    func replacingComponents(_ replacements: [String: [UInt8]]) throws -> Tokenizer {
        let current = try jsonData(pretty: false)
        let document = try JSONDocument(parsing: current, source: "tokenizer")
        var parsed: [String: JSONDocument] = [:]
        for (key, text) in replacements { parsed[key] = try JSONDocument(parsing: text, source: key) }
        var w = JSONWriter(pretty: false)
        w.object { w in
            document.root.forEachEntry { key, value in
                let name = String(validUTF8: key)
                if let replacement = parsed[name] {
                    w.member(name) { $0.value(replacement.root) }
                } else {
                    w.member(name) { $0.value(value) }
                }
            }
        }
        return try Tokenizer(json: w.bytes, source: "trained tokenizer")
    }
}

/// Reads a text file in chunks of about 1 MB that end after a `\n` (a longer line makes a longer chunk).
final class LineChunkReader {
    private let path: String
    private let descriptor: Int32
    private var carry: [UInt8] = []
    private var line = 1
    private var atEnd = false
    private var closed = false

    init(path: String) throws {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw TokenizerError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit { close() }

    func close() {
        guard !closed else { return }
        closed = true
        #if canImport(Glibc)
        _ = Glibc.close(descriptor)
        #else
        _ = Darwin.close(descriptor)
        #endif
    }

    func next(size: Int = 1 << 20) throws -> TextChunk? {
        while !atEnd {
            var buffer = carry
            let old = buffer.count
            buffer.append(contentsOf: repeatElement(0, count: size))
            let got = buffer.withUnsafeMutableBytes { raw -> Int in
                while true {
                    let n = read(descriptor, raw.baseAddress! + old, size)
                    if n < 0 && errno == EINTR { continue }
                    return n
                }
            }
            guard got >= 0 else {
                throw TokenizerError.unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            buffer.removeLast(size - got)
            if got == 0 {
                atEnd = true
                carry = []
                return buffer.isEmpty ? nil : emit(buffer)
            }
            guard let cut = buffer.lastIndex(of: 0x0A) else {
                carry = buffer // one line longer than the chunk: read on
                continue
            }
            carry = Array(buffer[(cut + 1)...])
            buffer.removeLast(buffer.count - cut - 1)
            return emit(buffer)
        }
        return nil
    }

    private func emit(_ bytes: [UInt8]) -> TextChunk {
        let chunk = TextChunk(lines: bytes, source: path, firstLine: line)
        line += bytes.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return chunk
    }
}

extension Tokenizer {
    /// The kind of model the tokenizer has (what `Trainer` case retrains it in place).
    public var modelKind: TrainingPreset.Model {
        switch model {
        case .bpe: .bpe
        case .wordPiece: .wordPiece
        case .wordLevel: .wordLevel
        case .unigram: .unigram
        }
    }
}

extension Tokenizer {
    /// This tokenizer with the ids in its post-processor (TemplateProcessing's `special_tokens`,
    /// BertProcessing's and RobertaProcessing's `sep`/`cls`, inside a Sequence too) looked up again by
    /// their tokens — after training, the ids a base tokenizer's post-processor names are the old
    /// vocabulary's. The reference's trainers leave them as they were; its ready-made tokenizers set the
    /// post-processor after training, as this does.
    /// - Throws: `TokenizerError.invalidConfiguration` naming a token the vocabulary lacks.
    public func refreshingPostProcessorIDs() throws -> Tokenizer {
        let document = try JSONDocument(parsing: sourceJSON, source: "tokenizer")
        guard let processor = document.root.optional("post_processor") else { return self }
        var w = JSONWriter(pretty: false)
        try writeRefreshed(processor, to: &w)
        return try replacingComponents(["post_processor": w.bytes])
    }

    private func refreshedID(_ token: JSONValue) throws -> UInt32 {
        let text = try token.string()
        guard let id = id(forToken: text) else {
            throw token.error("the post-processor's token `\(text)` is not in the trained vocabulary (add it to the special tokens)")
        }
        return id
    }

    private func writeRefreshed(_ value: JSONValue, to w: inout JSONWriter) throws {
        let type = value.typeName
        var failure: Error? = nil
        w.object { w in
            value.forEachEntry { key, member in
                let name = String(validUTF8: key)
                w.member(name) { w in
                    do {
                        switch (type, name) {
                        case ("TemplateProcessing", "special_tokens"):
                            try w.objectRewriting(member) { w, token in
                                w.object { w in
                                    token.forEachEntry { key, field in
                                        let fieldName = String(validUTF8: key)
                                        w.member(fieldName) { w in
                                            guard fieldName == "ids", let tokens = token["tokens"], let list = try? tokens.arrayElements() else {
                                                return w.value(field)
                                            }
                                            w.array { w in
                                                for t in list {
                                                    do {
                                                        let id = try refreshedID(t)
                                                        w.element { $0.number(Int(id)) }
                                                    } catch { failure = failure ?? error }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        case ("BertProcessing", "sep"), ("BertProcessing", "cls"), ("RobertaProcessing", "sep"), ("RobertaProcessing", "cls"):
                            let pair = try member.arrayElements()
                            guard pair.count == 2 else { throw member.error("expected [token, id]") }
                            let id = try refreshedID(pair[0])
                            w.array { w in
                                w.element { $0.value(pair[0]) }
                                w.element { $0.number(Int(id)) }
                            }
                        case ("Sequence", "processors"):
                            let steps = try member.arrayElements()
                            var inner: [[UInt8]] = []
                            for step in steps {
                                var sw = JSONWriter(pretty: false)
                                try writeRefreshed(step, to: &sw)
                                inner.append(sw.bytes)
                            }
                            let documents = try inner.map { try JSONDocument(parsing: $0, source: "post_processor") }
                            w.array { w in for d in documents { w.element { $0.value(d.root) } } }
                        default:
                            w.value(member)
                        }
                    } catch {
                        failure = failure ?? error
                        w.null()
                    }
                }
            }
        }
        if let failure { throw failure }
    }
}

extension JSONWriter {
    /// Re-emits an object, each member's value written by `body`.
    mutating func objectRewriting(_ value: JSONValue, _ body: (inout JSONWriter, JSONValue) throws -> Void) throws {
        var failure: Error? = nil
        object { w in
            value.forEachEntry { key, member in
                w.member(String(validUTF8: key)) { w in
                    do { try body(&w, member) } catch { failure = failure ?? error; w.null() }
                }
            }
        }
        if let failure { throw failure }
    }
}

extension Tokenizer {
    /// Whether the pre-tokenizer maps text to byte-level characters (ByteLevel, alone or in a Sequence):
    /// such a pipeline's BPE wants `BPETrainer.byteLevelAlphabet` as its initial alphabet.
    public var hasByteLevelPreTokenizer: Bool {
        func check(_ p: AnyPreTokenizer) -> Bool {
            switch p {
            case .byteLevel: true
            case let .sequence(steps): steps.contains(where: check)
            default: false
            }
        }
        return preTokenizer.map(check) ?? false
    }
}

import Foundation

/// What a tokenizer loaded from another format than tokenizer.json was recognised as, for `tok info`.
public struct TokenizerSourceFormat: Sendable, Equatable {
    /// "tiktoken", "tekken", "sentencepiece", "vocab.txt (BERT WordPiece)" or "vocab.json + merges.txt (GPT-2 byte-level BPE)".
    public var format: String
    /// The encoding the content was recognised as (`cl100k_base`, `llama3`, …), or nil.
    public var encoding: String?
    /// The pre-tokenizer regex, and where it came from.
    public var pattern: String
    public var patternSource: String
    /// Where the special tokens came from.
    public var specialTokensSource: String
    /// What else was read or inferred, one line each (a SentencePiece model's type and normalizer settings,
    /// `lowercase: true (BertTokenizer default)`).
    public var details: [String] = []
}

/// How a tiktoken file's text is split, when the file itself does not say.
public enum TiktokenPattern: Sendable, Equatable {
    /// One of the names of `TiktokenPattern.names` (`cl100k_base`, `o200k_base`, `gpt2`, `llama3`, `kimi_k2`, …).
    case named(String)
    /// A regular expression, as tiktoken's `pat_str` spells it.
    case regex(String)

    /// The names `named` accepts.
    public static var names: [String] { TiktokenEncoding.namedPatterns.map(\.name) }

    /// `NAME` when it is one of `names`, otherwise a regex (what `tok --pattern` takes).
    public init(nameOrRegex value: String) {
        self = TiktokenEncoding.namedPatterns.contains { $0.name == value } ? .named(value) : .regex(value)
    }
}

/// The special tokens of a tiktoken file.
public enum TiktokenSpecialTokens: Sendable, Equatable {
    /// The recognised encoding's (none for an unrecognised file).
    case inferred
    /// None: `encode` then works as tiktoken's `encode_ordinary`.
    case none
    /// These tokens with these ids.
    case tokens([String: UInt32])
}

extension Tokenizer {
    /// Loads a tiktoken BPE file (`BASE64 RANK` per line: `cl100k_base.tiktoken`, Llama 3's or Kimi K2's
    /// `tiktoken.model`) and encodes exactly as the `tiktoken` package's `Encoding.encode(text,
    /// allowed_special="all")` does (with `specialTokens: .none`, as `encode_ordinary`).
    ///
    /// ```swift
    /// let cl100k = try Tokenizer(tiktokenFile: "cl100k_base.tiktoken")          // recognised by its ranks
    /// let custom = try Tokenizer(tiktokenFile: "mine.tiktoken", pattern: .named("o200k_base"),
    ///                            specialTokens: .tokens(["<|end|>": 50000]))
    /// ```
    ///
    /// The encodings tiktoken names (r50k_base/gpt2, p50k_base, cl100k_base, o200k_base), Whisper's
    /// multilingual file, Llama 3's and Kimi K2's are recognised by their rank count and a few known
    /// ranks, and get the pattern and special tokens their own code gives them (for Llama 3 and Kimi K2, a
    /// `tokenizer_config.json` beside the file — or `NAME.tokenizer_config.json` beside `NAME.tiktoken` —
    /// names the reserved special tokens). Another file needs `pattern`.
    ///
    /// - Throws: `TokenizerError.invalidVocabularyFile` naming the line that is not `BASE64 RANK`, or
    ///   `.unsupported` when the file is not recognised and no pattern is given.
    public init(tiktokenFile path: String, pattern: TiktokenPattern? = nil,
                specialTokens: TiktokenSpecialTokens = .inferred) throws {
        try self.init(tiktoken: Self.readFile(path), source: path, pattern: pattern, specialTokens: specialTokens,
                      configuration: Self.configurationBeside(tiktokenFile: path))
    }

    /// Loads a tiktoken BPE file from its bytes; `source` names it in errors. `configuration`, the bytes of
    /// a `tokenizer_config.json`, names reserved special tokens of a recognised Llama 3 or Kimi K2 file.
    public init(tiktoken bytes: [UInt8], source: String = "tiktoken file", pattern: TiktokenPattern? = nil,
                specialTokens: TiktokenSpecialTokens = .inferred, configuration: [UInt8]? = nil) throws {
        let file = try TiktokenRankFile(parsing: bytes, path: source)
        var tokenOfRank: [UInt32: [UInt8]] = [:]
        for encoding in TiktokenEncoding.all where encoding.rankCount == file.count {
            for probe in encoding.probes where tokenOfRank[probe.rank] == nil {
                if let index = file.ranks.firstIndex(of: probe.rank) { tokenOfRank[probe.rank] = file.tokens[index] }
            }
        }
        let known = TiktokenEncoding.all.first { $0.matches(file, tokenOfRank: tokenOfRank) }

        // The pattern.
        let patternSource: String
        let patternText: String
        var icuPattern: String? = nil
        switch pattern {
        case let .named(name)?:
            guard let entry = TiktokenEncoding.namedPatterns.first(where: { $0.name == name }) else {
                throw TokenizerError.unsupported("unknown pattern name `\(name)` (known: \(TiktokenPattern.names.joined(separator: ", ")))")
            }
            patternText = entry.pattern
            patternSource = "named \(name)"
        case let .regex(regex)?:
            patternText = regex
            patternSource = "given"
        case nil:
            guard let known else {
                throw TokenizerError.unsupported(
                    "\(source): a tiktoken rank file with \(file.count) ranks (the last one \(file.ranks.last ?? 0)) that is none of the known encodings (\(TiktokenEncoding.all.map(\.name).joined(separator: ", ")); a truncated copy of one is none of them); give its pattern (tok: --pattern NAME|REGEX, with NAME one of \(TiktokenPattern.names.joined(separator: ", ")))")
            }
            patternText = known.pattern
            icuPattern = known.icuPattern
            patternSource = known.reference
        }

        // The special tokens.
        var specials: [(String, UInt32)] = []
        let specialsSource: String
        switch specialTokens {
        case .none:
            specialsSource = "none (encode_ordinary)"
        case let .tokens(map):
            specials = map.sorted { $0.value < $1.value }.map { ($0.key, $0.value) }
            specialsSource = "given"
        case .inferred:
            if let known {
                specials = known.specialTokens
                var origin = known.reference
                if let range = known.configurableSpecialIDs, let configuration {
                    let named = try Self.addedTokenNames(inConfiguration: configuration, source: "tokenizer_config.json beside \(source)")
                    var index: [UInt32: Int] = [:]
                    for (i, special) in specials.enumerated() { index[special.1] = i }
                    for (id, name) in named where range.contains(id) {
                        if let i = index[id] { specials[i].0 = name }
                    }
                    origin += " + tokenizer_config.json"
                }
                specialsSource = origin
            } else {
                specialsSource = "none (unrecognised file)"
            }
        }
        let rankSet = Set(file.ranks)
        var seenIDs: Set<UInt32> = []
        var seenContents: Set<String> = []
        for (content, id) in specials {
            if rankSet.contains(id) {
                throw TokenizerError.unsupported("\(source): the special token \(content) has id \(id), which is a rank of the file")
            }
            guard !content.isEmpty, seenIDs.insert(id).inserted, seenContents.insert(content).inserted else {
                throw TokenizerError.unsupported("\(source): the special token \(content.debugDescription) (id \(id)) is empty or repeats a content or an id")
            }
        }

        try self.init(byteLevelRanks: file, idOffset: 0, pattern: patternText, icuPattern: icuPattern,
                      source: source, format: "tiktoken rank file")
        addedVocabulary.add(specials.map { (token: AddedToken(content: $0.0, normalized: false, special: true), id: $0.1) })
        // The reference numbers added tokens that are not in the model's vocabulary from the vocabulary's
        // size on, closing gaps (cl100k_base has none at 100256); special tokens whose ids leave a gap go
        // into the model's vocabulary as well, where they keep their ids.
        let sortedSpecials = specials.sorted { $0.1 < $1.1 }
        let firstFree = (file.ranks.max() ?? 0) &+ 1
        let contiguous = sortedSpecials.enumerated().allSatisfy { $0.element.1 == firstFree &+ UInt32($0.offset) }
        let conversion = ByteLevelRanksConversion(ranks: file, idOffset: 0, pattern: patternText,
                                                  vocabularySpecials: contiguous ? [] : sortedSpecials.map { ($0.0, $0.1) })
        formatConversion = FormatConversion(json: { conversion.json() }, differences: [])
        sourceFormat = TokenizerSourceFormat(format: "tiktoken", encoding: known?.name, pattern: patternText,
                                             patternSource: patternSource, specialTokensSource: specialsSource)
    }

    /// The pipeline of a rank file: the pattern's split, byte-level BPE over the ranks (ids shifted by
    /// `idOffset`), the ByteLevel decoder; no added tokens yet.
    init(byteLevelRanks file: TiktokenRankFile, idOffset: UInt32, pattern: String, icuPattern: String?,
         source: String, format: String) throws {
        let splitPattern: SplitPattern
        do {
            let icu = icuPattern ?? (pattern == TiktokenEncoding.kimiPattern ? TiktokenEncoding.kimiICUPattern : pattern)
            splitPattern = .regex(try ICURegex(icu), scanner: PatternScanner(pattern: pattern))
        } catch let error as TokenizerError {
            throw TokenizerError.unsupported("\(source): the pattern cannot be used: \(error.description)")
        }
        let model = BPEModel(tiktoken: file, idOffset: idOffset)
        guard model.vocabulary.count == file.count else {
            // tiktoken fails too ("Encoder and decoder must be of equal length").
            throw TokenizerError.invalidVocabularyFile(
                path: source, format: format, line: 0,
                message: "\(file.count - model.vocabulary.count) token(s) appear twice (\(model.vocabulary.count) distinct tokens for \(file.count) ranks)")
        }
        let preTokenizer = AnyPreTokenizer.sequence([
            .split(SplitPreTokenizer(pattern: splitPattern, behavior: .isolated, invert: false)),
            .byteLevel(ByteLevelPreTokenizer(addPrefixSpace: false, trimOffsets: false)),
        ])
        self.init(preTokenizer: preTokenizer, model: .bpe(model), decoder: .byteLevel)
    }

    /// A tokenizer built from components, with no tokenizer.json behind it (saving it is refused).
    init(preTokenizer: AnyPreTokenizer?, model: AnyModel, decoder: AnyTokenDecoder?) {
        normalizer = nil
        self.preTokenizer = preTokenizer
        self.model = model
        postProcessor = nil
        self.decoder = decoder
        byteLevelPlan = ByteLevelBPEPlan(normalizer: nil, preTokenizer: preTokenizer, model: model)
        sentencePiecePlan = nil
        wordPiecePlan = nil
        unigramPlan = nil
        sourceJSON = []
        addedVocabulary = AddedVocabulary()
    }

    /// The `tokenizer_config.json` for a tiktoken file: `NAME.tokenizer_config.json` beside `NAME.tiktoken`
    /// (or `NAME.model`), else `tokenizer_config.json` in its folder.
    static func configurationBeside(tiktokenFile path: String) -> [UInt8]? {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        let stem = url.deletingPathExtension().lastPathComponent
        for name in ["\(stem).tokenizer_config.json", "tokenizer_config.json"] {
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) { return [UInt8](data) }
        }
        return nil
    }

    /// `added_tokens_decoder`'s id → content of a tokenizer_config.json.
    static func addedTokenNames(inConfiguration bytes: [UInt8], source: String) throws -> [(UInt32, String)] {
        let document = try JSONDocument(parsing: bytes, source: source)
        guard let decoder = document.root["added_tokens_decoder"] else { return [] }
        var result: [(UInt32, String)] = []
        try decoder.forEachEntry { key, value in
            guard let id = UInt32(String(validUTF8: key)) else { throw value.error("an added_tokens_decoder key must be an id") }
            result.append((id, try value.required("content").string()))
        }
        return result
    }

    /// What kind of vocabulary file `bytes` hold, by content.
    enum FileKind { case tokenizerJSON, tekken, tiktoken, sentencePiece, wordPieceVocabulary, byteLevelVocabulary, merges, unknown }

    static func kind(ofFile bytes: [UInt8]) -> FileKind {
        // A SentencePiece ModelProto opens with its first piece (field 1, length-delimited).
        if bytes.first == 0x0A && SentencePieceModelProto.looksLikeModel(bytes) { return .sentencePiece }
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0 // a UTF-8 byte order mark
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        if i < bytes.count && bytes[i] == UInt8(ascii: "{") {
            // tekken.json opens with its "config" (pattern, default_vocab_size, …); tokenizer.json never has one.
            let head = String(decoding: bytes[i..<min(bytes.count, i + 4096)], as: UTF8.self)
            if head.contains("\"default_vocab_size\"") || head.contains("\"num_vocab_tokens\"") { return .tekken }
            // vocab.json maps tokens to ids: its first value is a number, never one of tokenizer.json's.
            if ByteLevelVocabularyFiles.looksLikeVocabularyJSON(bytes, objectStart: i) { return .byteLevelVocabulary }
            return .tokenizerJSON
        }
        if TiktokenRankFile.looksLikeRankFile(bytes) { return .tiktoken }
        if ByteLevelVocabularyFiles.looksLikeMergesFile(bytes) { return .merges }
        return WordPieceVocabularyFile.looksLikeVocabularyFile(bytes) ? .wordPieceVocabulary : .unknown
    }
}

extension BPEModel {
    /// The byte-level BPE of a tiktoken rank file: a token's rank is its id and its merge priority.
    ///
    /// tiktoken merges, in a word, the adjacent pair whose concatenation has the lowest rank (leftmost on a
    /// tie), whatever pair the concatenation was trained from. So the merge table here holds every pair of
    /// tokens whose concatenation is a token — every split point of every token whose two halves are
    /// tokens — with the concatenation's rank; the merge loop then makes exactly tiktoken's choices.
    /// (A tokenizer.json converted from the ranks keeps one pair per token, the one that rebuilds it from
    /// its own bytes; in a longer word another split of the same token can meet first.)
    ///
    /// Performance (release, `tok encode` of nothing, wall time): cl100k_base.tiktoken loads in 0.23 s
    /// against 0.18 s for cl100k's tokenizer.json; perf puts 30% of it in this initializer, mostly the
    /// lookups of the halves of every split (about 600k for cl100k), and the table holds more pairs than the
    /// file has tokens (cl100k: 233,378 pairs for 100,256 tokens). Encoding runs the same plan as a tokenizer.json.
    ///
    /// `idOffset` shifts every id past a block of special tokens (tekken: ids 0..<num_special_tokens);
    /// merge priorities stay the ranks.
    init(tiktoken file: TiktokenRankFile, idOffset: UInt32 = 0) {
        var vocabulary = Vocabulary(capacity: file.count)
        var mappedTokens: [[UInt8]] = []
        mappedTokens.reserveCapacity(file.count)
        for (token, rank) in zip(file.tokens, file.ranks) {
            var mapped: [UInt8] = []
            mapped.reserveCapacity(token.count * 2)
            ByteLevelAlphabet.appendMapped(token, to: &mapped)
            vocabulary.insert(mapped, id: rank + idOffset)
            mappedTokens.append(mapped)
        }
        // Every split of every token into two tokens. The halves are looked up on the mapped token, at the
        // boundaries of its bytes' characters (1 or 2 UTF-8 bytes each).
        var pairs: [(left: UInt32, right: UInt32, merged: UInt32)] = []
        pairs.reserveCapacity(file.count * 3)
        var boundaries: [Int] = []
        for (index, token) in file.tokens.enumerated() where token.count >= 2 {
            let rank = file.ranks[index]
            let mapped = mappedTokens[index]
            boundaries.removeAll(keepingCapacity: true)
            var offset = 0
            for byte in token.dropLast() {
                offset += ByteLevelAlphabet.encoded[Int(byte)].count
                boundaries.append(offset)
            }
            mapped.withUnsafeBufferPointer { buffer in
                for boundary in boundaries {
                    guard let left = vocabulary.id(for: UnsafeBufferPointer(rebasing: buffer[..<boundary])),
                          let right = vocabulary.id(for: UnsafeBufferPointer(rebasing: buffer[boundary...])) else { continue }
                    pairs.append((left, right, rank + idOffset))
                }
            }
        }
        var merges = MergeTable(capacity: pairs.count)
        for pair in pairs { merges.set(left: pair.left, right: pair.right, rank: pair.merged - idOffset, merged: pair.merged) }
        self.init(byteLevelVocabulary: vocabulary, merges: merges)
    }

    /// A plain byte-level BPE with `ignore_merges` (no dropout, unknown token, prefix or suffix).
    init(byteLevelVocabulary vocabulary: Vocabulary, merges: MergeTable) {
        self.vocabulary = vocabulary
        self.merges = merges
        dropout = nil
        unknownToken = nil
        unknownID = nil
        continuingSubwordPrefix = nil
        endOfWordSuffix = nil
        fuseUnknown = false
        byteFallback = false
        ignoreMerges = true
        byteFallbackIDs = [UInt32](repeating: .max, count: 256)
        var ascii = [UInt32](repeating: .max, count: 128)
        for b in 0..<128 { ascii[b] = vocabulary.id(for: [UInt8(b)]) ?? .max }
        asciiIDs = ascii
    }
}

extension SplitPreTokenizer {
    init(pattern: SplitPattern, behavior: SplitDelimiterBehavior, invert: Bool) {
        self.pattern = pattern
        self.behavior = behavior
        self.invert = invert
    }
}

extension ByteLevelPreTokenizer {
    /// ByteLevel without its own regex (`use_regex: false`), after a `Split`.
    init(addPrefixSpace: Bool, trimOffsets: Bool) {
        self.addPrefixSpace = addPrefixSpace
        self.trimOffsets = trimOffsets
        useRegex = false
        pattern = .literal([])
    }
}

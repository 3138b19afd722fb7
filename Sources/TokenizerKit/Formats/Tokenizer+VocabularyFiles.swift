import Foundation

extension Tokenizer {
    /// Loads a BERT `vocab.txt` and encodes exactly as transformers 5.25's `BertTokenizer` built from it
    /// (`BertTokenizer.from_pretrained(folder)`) does.
    ///
    /// ```swift
    /// let bert = try Tokenizer.loading(wordPieceVocabularyFile: "bert-base-uncased/vocab.txt")
    /// let ids = try bert.encode("Hello world").ids    // [101, 7592, 2088, 102]: [CLS] … [SEP]
    /// ```
    ///
    /// A `tokenizer_config.json` (and `special_tokens_map.json`) beside the file sets `do_lower_case`,
    /// `strip_accents`, `tokenize_chinese_chars` and the special tokens; without one, BertTokenizer's
    /// defaults apply (lowercase, `[UNK]` `[SEP]` `[PAD]` `[CLS]` `[MASK]`). The pipeline is the one
    /// BertTokenizer builds: BertNormalizer, BertPreTokenizer, WordPiece (`##`, 100 characters per word), the
    /// WordPiece decoder, and `[CLS] $A [SEP]` (pair: `… $B:1 [SEP]:1`). `sourceFormat` says what was
    /// inferred, and `jsonData()` writes the equivalent tokenizer.json.
    ///
    /// - Throws: `TokenizerError.invalidVocabularyFile` naming a line that is not UTF-8; `ModelFolderError`
    ///   for a configuration beside it that is wrong.
    /// (A factory rather than an initializer, as `loading(contentsOfDirectory:)`.)
    public static func loading(wordPieceVocabularyFile path: String) throws -> Tokenizer {
        let bytes = try readFile(path)
        let files = VocabularyFiles(wordPiece: try WordPieceVocabularyFile(parsing: bytes, path: path), path: path)
        return try files.loadingTokenizer()
    }

    /// Loads GPT-2's `vocab.json` and `merges.txt` and encodes exactly as transformers 5.25's
    /// `GPT2Tokenizer` built from them (`GPT2Tokenizer.from_pretrained(folder)`) does.
    ///
    /// ```swift
    /// let gpt2 = try Tokenizer.loading(byteLevelVocabularyFile: "gpt2/vocab.json")   // merges.txt beside it
    /// let ids = try gpt2.encode("Hello world").ids    // [15496, 995]
    /// ```
    ///
    /// `mergesFile` defaults to the merges.txt beside the vocabulary (`PREFIXmerges.txt` beside
    /// `PREFIXvocab.json`, `STEM.merges.txt` beside `STEM.json`, else `merges.txt`). A `tokenizer_config.json`
    /// beside it sets the special tokens, `add_prefix_space`, `add_bos_token` and `add_eos_token`; without
    /// one, GPT2Tokenizer's defaults apply (`<|endoftext|>` as unknown, beginning and end token, no prefix
    /// space, nothing added around the text). The pipeline: ByteLevel pre-tokenizer, byte-level BPE, the
    /// ByteLevel decoder.
    ///
    /// - Throws: `TokenizerError.invalidVocabularyFile` naming the file and line at fault (a merges line
    ///   that is not two tokens, a merge of tokens missing from vocab.json, text that is not UTF-8, a
    ///   vocab.json that is not an object of ids) or saying that merges.txt is missing.
    public static func loading(byteLevelVocabularyFile path: String, mergesFile: String? = nil) throws -> Tokenizer {
        let bytes = try readFile(path)
        return try VocabularyFiles(byteLevelVocabulary: bytes, path: path, mergesPath: mergesFile).loadingTokenizer()
    }

}

/// The vocabulary files a tokenizer is built from when there is no tokenizer.json: a BERT vocab.txt or
/// GPT-2's vocab.json + merges.txt, as the tokenizer.json transformers' tokenizer class would hold before
/// it sets its pipeline (the model's vocabulary and merges only).
///
/// Performance (release, `tok encode` of nothing, wall time): bert-base-uncased's vocab.txt loads in 0.14 s
/// against 0.03 s for its tokenizer.json, gpt2's vocab.json + merges.txt in 0.31 s against 0.07 s. The
/// document is written here, then read and rewritten by `ModelFolder` for the class's pipeline and once more
/// for its post-processor (the model is built twice); perf spreads the time over JSON reading and writing,
/// vocabulary lookups and allocation. Encoding runs the same plan as a tokenizer.json.
struct VocabularyFiles {
    enum Content {
        case wordPiece(WordPieceVocabularyFile)
        case byteLevel(ByteLevelVocabularyFiles, mergesPath: String)
    }

    var content: Content
    /// The vocabulary file (vocab.txt or vocab.json).
    var path: String

    init(wordPiece file: WordPieceVocabularyFile, path: String) {
        content = .wordPiece(file)
        self.path = path
    }

    /// Reads vocab.json's bytes and the merges.txt at `mergesPath` (by default, the one beside it).
    init(byteLevelVocabulary bytes: [UInt8], path: String, mergesPath: String?) throws {
        guard let mergesPath = mergesPath ?? ByteLevelVocabularyFiles.mergesPath(besideVocabularyFile: path) else {
            throw TokenizerError.invalidVocabularyFile(
                path: path, format: ByteLevelVocabularyFiles.vocabularyFormat, line: 0,
                message: "a vocab.json needs its merges.txt beside it (PREFIXmerges.txt beside PREFIXvocab.json, NAME.merges.txt beside NAME.json, or merges.txt); none found")
        }
        let merges = try Tokenizer.readFile(mergesPath)
        let files = try ByteLevelVocabularyFiles(vocabulary: bytes, vocabularyPath: path, merges: merges, mergesPath: mergesPath)
        content = .byteLevel(files, mergesPath: mergesPath)
        self.path = path
    }

    /// The vocabulary files of a model folder without tokenizer.json: vocab.json with merges.txt, else
    /// vocab.txt, else vocab.json alone (which then fails for want of merges.txt); nil when it has none.
    init?(lookingIn files: FolderFiles) throws {
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: files.path(name)) }
        if exists("vocab.json") && (exists("merges.txt") || !exists("vocab.txt")), let bytes = try files.read("vocab.json") {
            try self.init(byteLevelVocabulary: bytes, path: files.path("vocab.json"), mergesPath: nil)
        } else if let bytes = try files.read("vocab.txt") {
            self.init(wordPiece: try WordPieceVocabularyFile(parsing: bytes, path: files.path("vocab.txt")), path: files.path("vocab.txt"))
        } else {
            return nil
        }
    }

    /// The tokenizer of these files, configured by the files of their folder (see `ModelFolder`).
    func loadingTokenizer() throws -> Tokenizer {
        try ModelFolder(url: URL(fileURLWithPath: path).deletingLastPathComponent(), vocabularyFiles: self).tokenizer
    }

    /// The tokens of a legacy `added_tokens.json` (`{"TOKEN": id}`), as transformers reads them when the
    /// configuration has no `added_tokens_decoder`: special, and not normalized, when the configuration
    /// names the token (`unk_token`, …; not a class default, not `additional_special_tokens`), otherwise
    /// normalized and not special.
    static func legacyAddedTokens(_ bytes: [UInt8], source: String, configuration c: TokenizerConfiguration) throws -> [(id: Int, token: AddedToken)] {
        let root = try JSONDocument(parsing: bytes, source: source).root
        guard root.kind == .object else { throw root.error("expected an object of token → id, found \(root.kind.description)") }
        let named = Set(c.namedTokens.values.compactMap { $0?.content })
        var result: [(id: Int, token: AddedToken)] = []
        try root.forEachEntry { key, value in
            let content = String(validUTF8: key)
            let special = named.contains(content)
            result.append((Int(try value.uint32()), AddedToken(content: content, normalized: !special, special: special)))
        }
        return result
    }

    /// How `tok info` names the format.
    var formatName: String {
        switch content {
        case .wordPiece: "vocab.txt (BERT WordPiece)"
        case .byteLevel: "vocab.json + merges.txt (GPT-2 byte-level BPE)"
        }
    }

    /// The class transformers builds from these files: the one the configuration declares when it is the
    /// class these files belong to, BertTokenizer or GPT2Tokenizer when it declares none.
    /// - Throws: `ModelFolderError.unsupportedTokenizerClass` for another declared class.
    func recipe(declaredClass: String?, folder: String) throws -> TokenizerClassRecipe {
        let expected: TokenizerClassRecipe
        switch content {
        case .wordPiece: expected = .bert
        case .byteLevel: expected = .gpt2
        }
        guard let declaredClass, declaredClass != expected.className else { return expected }
        if expected == .bert && Self.bertPipelineClasses.contains(declaredClass) { return .bert }
        throw ModelFolderError.unsupportedTokenizerClass(
            folder: folder, className: declaredClass,
            reason: "\(URL(fileURLWithPath: path).lastPathComponent) is loaded as \(expected.className) only (no tokenizer.json in the folder)")
    }

    /// transformers 5.25 classes that are BertTokenizer under another name, with its defaults (checked with
    /// AutoTokenizer on a vocab.txt folder; DPR's classes default to cased and are left out).
    static let bertPipelineClasses: Set<String> = ["DistilBertTokenizer", "ConvBertTokenizer", "MobileBertTokenizer", "SqueezeBertTokenizer"]

    /// The tokenizer.json of the model alone: its vocabulary (and merges), no pipeline and no added tokens;
    /// the class's recipe writes the rest.
    var tokenizerJSON: [UInt8] {
        var writer = JSONWriter(pretty: false)
        writer.tokenizerDocument(model: { w in
            w.object { w in
                switch content {
                case let .wordPiece(file):
                    w.member("type") { $0.string("WordPiece") }
                    w.member("vocab") { w in
                        w.object { w in for (token, id) in file.entries { w.member(token) { $0.number(Int(id)) } } }
                    }
                case let .byteLevel(files, _):
                    w.member("type") { $0.string("BPE") }
                    w.member("vocab") { w in
                        w.object { w in for (token, id) in files.vocabulary { w.member(token) { $0.number(Int(id)) } } }
                    }
                    w.member("merges") { w in
                        w.array { w in
                            for (left, right) in files.merges {
                                w.element { w in w.array { w in w.element { $0.string(left) }; w.element { $0.string(right) } } }
                            }
                        }
                    }
                }
            }
        })
        return writer.bytes
    }

    /// What `tok info` says about the loaded tokenizer: the format and what was inferred, and from where.
    func sourceFormat(configuration c: TokenizerConfiguration, configurationFile: String?, declaredClass: String?,
                      recipe: TokenizerClassRecipe, namedTokens: [String: AddedToken?], addsBOS: Bool, addsEOS: Bool) -> TokenizerSourceFormat {
        let given = configurationFile.map { "\(URL(fileURLWithPath: $0).lastPathComponent)" }
        func origin(_ isSet: Bool) -> String { isSet ? (given ?? "configuration") : "\(recipe.className) default" }
        var details: [String] = []
        switch content {
        case let .wordPiece(file):
            var files = "\(path): \(file.lineCount) lines, \(file.entries.count) tokens"
            if file.repeatedLines > 0 {
                files += " (\(file.repeatedLines) \(file.repeatedLines == 1 ? "line repeats a later line's token; its id is" : "lines repeat a later line's token; their ids are") unused)"
            }
            details.append(files)
        case let .byteLevel(files, mergesPath):
            details.append("\(path): \(files.vocabulary.count) tokens")
            details.append("\(mergesPath): \(files.merges.count) merges\(files.hasVersionHeader ? " (after its #version line)" : "")")
        }
        if let declaredClass {
            let pipeline = declaredClass == recipe.className ? "" : ", built as \(recipe.className)"
            details.append("class: \(declaredClass) (tokenizer_class of \(given ?? "the configuration")\(pipeline))")
        } else {
            details.append("class: \(recipe.className) (the folder declares none)")
        }
        switch recipe {
        case .bert:
            let lowercase = c.doLowerCase ?? true
            details.append("lowercase: \(lowercase) (\(origin(c.doLowerCase != nil)))")
            details.append("strip_accents: \(c.stripAccents.map { "\($0)" } ?? "as lowercase") (\(origin(c.stripAccents != nil)))")
            details.append("tokenize_chinese_chars: \(c.tokenizeChineseChars ?? true) (\(origin(c.tokenizeChineseChars != nil)))")
        case .gpt2:
            details.append("add_prefix_space: \(c.addPrefixSpace ?? false) (\(origin(c.addPrefixSpace != nil)))")
            details.append("adds bos: \(addsBOS), eos: \(addsEOS) (\(origin(c.addBOSToken != nil || c.addEOSToken != nil)))")
        default:
            break
        }
        details.append("model_max_length: \(c.modelMaximumLength.map(String.init) ?? "none") (\(origin(c.modelMaximumLength != nil)))")
        let named = TokenizerConfiguration.namedTokenKeys.compactMap { name -> String? in
            guard let token = namedTokens[name] ?? nil else { return nil }
            return "\(name.removingSuffix("_token")) \(token.content)"
        }
        let fromConfiguration = TokenizerConfiguration.namedTokenKeys.contains { c.namedTokens[$0] != nil }
        let specials = "\(named.joined(separator: ", ")) (\(fromConfiguration ? "\(given ?? "configuration") over \(recipe.className)'s defaults" : "\(recipe.className)'s defaults"))"
        return TokenizerSourceFormat(format: formatName, encoding: nil, pattern: "", patternSource: "",
                                     specialTokensSource: specials, details: details)
    }
}
